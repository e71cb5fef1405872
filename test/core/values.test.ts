import { describe, expect, it } from "vitest";
import { buildResourceView, MalformedValue, UnknownValue } from "../../policies";
import { isPulumiUnknown, isTerraformExpression, readBoolean, readPath, normalizeRawValue } from "../../policies/internal";

describe("isTerraformExpression", () => {
  it.each([
    ["${var.x}", true],
    ["${local.y}", true],
    ["${var.on ? true : false}", true],
    ["prefix-${azurerm_redis_cache.a.id}", true],
    ["%{ if var.x }true%{ endif }", true],
    ["$${literal}", false],
    ["%%{literal}", false],
    ["true", false],
    ["{", false],
    ["", false],
  ])("%j -> %s", (text, expected) => {
    expect(isTerraformExpression(text)).toBe(expected);
  });

  it("ignores non-strings", () => {
    expect(isTerraformExpression(true)).toBe(false);
    expect(isTerraformExpression({ "${x}": 1 })).toBe(false);
  });
});

describe("Pulumi wire forms", () => {
  const sentinels = [
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
  ];
  it.each(sentinels)("%s is unknown", (sentinel) => {
    expect(isPulumiUnknown(sentinel)).toBe(true);
    expect(readBoolean(normalizeRawValue(sentinel, "pulumi")).kind).toBe("unknown");
    // The same text is just an odd string to Terraform: fail closed there, not unknown.
    expect(readBoolean(normalizeRawValue(sentinel, "terraform")).kind).toBe("invalid");
  });

  it("unwraps secrets and outputs, and an output without a value is unknown", () => {
    const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
    const output = (value?: unknown) => ({
      "4dabf18193072939515e22adb298388d": "d0e6a833031e9bbcd3f4e8bde6ca49a4",
      ...(value === undefined ? {} : { value }),
    });
    expect(readBoolean(normalizeRawValue(secret(true), "pulumi"))).toEqual({ kind: "boolean", value: true });
    expect(readBoolean(normalizeRawValue(secret(sentinels[1]), "pulumi")).kind).toBe("unknown");
    expect(readBoolean(normalizeRawValue(output(false), "pulumi"))).toEqual({ kind: "boolean", value: false });
    expect(readBoolean(normalizeRawValue(output(), "pulumi")).kind).toBe("unknown");
  });
});

describe("readBoolean", () => {
  it.each([
    [undefined, { kind: "absent" }],
    [null, { kind: "absent" }],
    [true, { kind: "boolean", value: true }],
    ["tRuE", { kind: "boolean", value: true }],
    ["fAlSe", { kind: "boolean", value: false }],
    [0, { kind: "invalid", found: "a number" }],
    ["x".repeat(1024 * 1024), { kind: "invalid", found: "a string that is not a boolean" }],
    [[], { kind: "invalid", found: "an empty list" }],
    [new MalformedValue("odd"), { kind: "invalid", found: "odd" }],
  ])("%j", (value, expected) => {
    expect(readBoolean(value)).toEqual(expected);
  });
});

describe("readPath", () => {
  it("unwraps one-element block lists and refuses ambiguous ones", () => {
    expect(readPath({ block: [{ a: true }] }, "block.a", "terraform")).toBe(true);
    expect(readPath({ block: { a: true } }, "block.a", "terraform")).toBe(true);
    expect(readPath({ block: [] }, "block.a", "terraform")).toBeUndefined();
    expect(readPath({ block: [{ a: true }, { a: false }] }, "block.a", "terraform")).toBeInstanceOf(MalformedValue);
    expect(readPath({ block: "text" }, "block.a", "terraform")).toBeInstanceOf(MalformedValue);
    expect(readPath({ block: "${var.b}" }, "block.a", "terraform")).toBeInstanceOf(UnknownValue);
    expect(readPath(null, "a", "terraform")).toBeUndefined();
    expect(readPath("not an object", "a", "terraform")).toBeInstanceOf(MalformedValue);
  });

  it("reads own properties only, never the prototype's", () => {
    expect(readPath({}, "constructor", "pulumi")).toBeUndefined();
    expect(readPath({}, "__proto__", "pulumi")).toBeUndefined();
    expect(readPath(JSON.parse('{"__proto__": true}'), "__proto__", "pulumi")).toBe(true);
  });

  it("turns a throwing getter into unknown (the SDK's UnknownValueError) or malformed (anything else)", () => {
    class UnknownValueError extends Error {}
    const unknownError = new UnknownValueError("boolean value at .p can't be known during preview");
    const props = Object.defineProperty({}, "p", { enumerable: true, get: () => { throw unknownError; } });
    const value = readPath(props, "p", "pulumi");
    expect(value).toBeInstanceOf(UnknownValue);
    expect((value as UnknownValue).cause).toBe(unknownError);
    const broken = Object.defineProperty({}, "p", { enumerable: true, get: () => { throw new TypeError("boom"); } });
    expect(readPath(broken, "p", "pulumi")).toBeInstanceOf(MalformedValue);
  });

  it("builds a view with every declared source, absent ones included", () => {
    const view = buildResourceView({ kind: "redisCache", settings: { nonSslPortEnabled: ["a", "b"] } }, "n", { b: true }, "terraform");
    expect(view.settings.nonSslPortEnabled).toEqual([
      { property: "a", value: undefined },
      { property: "b", value: true },
    ]);
  });
});
