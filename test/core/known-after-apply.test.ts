import { describe, expect, it } from "vitest";
import { buildResourceView, MalformedValue, redisEntraId, redisNonSslPort, UnknownValue } from "../../policies";
import { applyUnknownMask, ENCRYPTED_PULUMI_SECRET, normalizeRawValue, readPath } from "../../policies/internal";
import { findTerraformBinding } from "../../policies/terraform";

/**
 * How readers hand the core what they know is unknown without a sentinel in the value: a plan's
 * `after_unknown` laid over `after` (applyUnknownMask), and a state export's encrypted secrets.
 */
const WHY = "the plan only knows it after apply";

describe("applyUnknownMask: Terraform's after_unknown over after", () => {
  it.each([
    // [label, after, after_unknown, path, expected reading]
    ["a leaf marked true, absent from after", { name: "c" }, { non_ssl_port_enabled: true }, "non_ssl_port_enabled", "unknown"],
    ["a leaf marked true, present in after (never in real plans)", { non_ssl_port_enabled: false }, { non_ssl_port_enabled: true }, "non_ssl_port_enabled", "unknown"],
    ["a leaf marked false", { non_ssl_port_enabled: true }, { non_ssl_port_enabled: false }, "non_ssl_port_enabled", true],
    ["a whole block marked true", {}, { redis_configuration: true }, "redis_configuration.active_directory_authentication_enabled", "unknown"],
    ["a whole one-element block list marked true", {}, { redis_configuration: [true] }, "redis_configuration.active_directory_authentication_enabled", "unknown"],
    [
      "one attribute of a one-element block list",
      { redis_configuration: [{ maxmemory_policy: "volatile-lru" }] },
      { redis_configuration: [{ active_directory_authentication_enabled: true }] },
      "redis_configuration.active_directory_authentication_enabled",
      "unknown",
    ],
    [
      "another attribute of the block: the one read stays known",
      { redis_configuration: [{ active_directory_authentication_enabled: true }] },
      { redis_configuration: [{ maxclients: true }] },
      "redis_configuration.active_directory_authentication_enabled",
      true,
    ],
    ["an empty mask", { non_ssl_port_enabled: true }, {}, "non_ssl_port_enabled", true],
    ["no mask at all (a delete's after_unknown is false)", { non_ssl_port_enabled: true }, false, "non_ssl_port_enabled", true],
    // Issue 19: a mask Terraform never writes used to mark nothing, so the values read as if known (or absent,
    // and passed on defaults). It is not understood: everything under it fails closed.
    ["a mask that is not a mask", { non_ssl_port_enabled: true }, "true", "non_ssl_port_enabled", "malformed"],
    ["a leaf marked \"true\" (a string)", {}, { non_ssl_port_enabled: "true" }, "non_ssl_port_enabled", "malformed"],
    ["a leaf marked 1", {}, { non_ssl_port_enabled: 1 }, "non_ssl_port_enabled", "malformed"],
    ["a block element marked 1", {}, { redis_configuration: [{ active_directory_authentication_enabled: 1 }] }, "redis_configuration.active_directory_authentication_enabled", "malformed"],
    ["planned values that are not an object stay unreadable under any mask", new MalformedValue("planned values that are not an object"), { id: true }, "non_ssl_port_enabled", "malformed"],
    ["a block absent and unmarked", {}, { other: true }, "redis_configuration.active_directory_authentication_enabled", undefined],
  ])("%s", (_label, after, mask, path, expected) => {
    const value = readPath(applyUnknownMask(after, mask, WHY), path, "resolved");
    if (expected === "unknown") {
      expect(value).toBeInstanceOf(UnknownValue);
      expect((value as UnknownValue).why).toBe(WHY);
    } else if (expected === "malformed") {
      expect(value).toBeInstanceOf(MalformedValue);
    } else {
      expect(value).toBe(expected);
    }
  });

  it("copies only what it marks: the values it was given are untouched and unmarked parts are shared", () => {
    const block = { maxmemory_policy: "volatile-lru" };
    const tags = { env: "prod" };
    const after = { redis_configuration: [block], tags };
    const masked = applyUnknownMask(after, { redis_configuration: [{ active_directory_authentication_enabled: true }], tags: {} }, WHY) as typeof after;
    expect(after).toEqual({ redis_configuration: [{ maxmemory_policy: "volatile-lru" }], tags: { env: "prod" } });
    expect(masked.tags).toBe(tags);
    expect(masked.redis_configuration[0]).not.toBe(block);
    expect(applyUnknownMask(after, { tags: {} }, WHY)).toBe(after);
  });

  it("keeps a key named __proto__ a key", () => {
    const masked = applyUnknownMask({}, JSON.parse('{"__proto__": true}'), WHY) as Record<string, unknown>;
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(masked, "__proto__")).toBe(true);
  });

  it("turns into the rules' unknown verdict, never a pass", () => {
    const binding = findTerraformBinding("azurerm_redis_cache")!;
    const properties = applyUnknownMask({ non_ssl_port_enabled: false }, { non_ssl_port_enabled: true, redis_configuration: true }, WHY);
    const view = buildResourceView(binding, "module.cache[\"eu\"].azurerm_redis_cache.this[0]", properties, "resolved");
    for (const rule of [redisNonSslPort, redisEntraId]) {
      const verdict = rule.evaluate(view);
      expect(verdict).toMatchObject({ status: "unknown", reason: "unknown-value" });
      expect(verdict.message).toContain(WHY);
    }
  });
});

describe("the resolved dialect: a plan's or state's values are not syntax", () => {
  it("reads a string holding ${ as a string, where the configuration dialect sees an expression", () => {
    expect(normalizeRawValue("${var.port}", "resolved")).toBe("${var.port}");
    expect(normalizeRawValue("${var.port}", "terraform")).toBeInstanceOf(UnknownValue);
    // Nor does it know Pulumi's sentinels: a plan never holds one, and a string is a string.
    expect(normalizeRawValue("1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", "resolved")).toBe("1c4a061d-8072-4f0a-a4cb-0ff528b18fe7");
  });
});

describe("Pulumi secrets in the forms a state export holds them", () => {
  const SIG = "4dabf18193072939515e22adb298388d";
  const SECRET = "1b47061264138c4ac30d75fd1eb44270";

  it.each([
    ["on the wire", { [SIG]: SECRET, value: true }, true],
    ["--show-secrets: plaintext JSON text of a boolean", { [SIG]: SECRET, plaintext: "false" }, false],
    ["--show-secrets: plaintext JSON text of a string", { [SIG]: SECRET, plaintext: '"1.2"' }, "1.2"],
    ["--show-secrets: plaintext of an object, read through", { [SIG]: SECRET, plaintext: '{"aadEnabled":"true"}' }, { aadEnabled: "true" }],
  ])("%s", (_label, raw, expected) => {
    expect(normalizeRawValue(raw, "pulumi")).toEqual(expected);
  });

  it("an encrypted secret is unknown and says how to read it", () => {
    const value = normalizeRawValue({ [SIG]: SECRET, ciphertext: "v1:abc==" }, "pulumi");
    expect(value).toBeInstanceOf(UnknownValue);
    expect((value as UnknownValue).why).toBe(ENCRYPTED_PULUMI_SECRET);
  });

  it.each([
    ["plaintext that is not JSON", { [SIG]: SECRET, plaintext: "not json" }],
    ["plaintext that is not text", { [SIG]: SECRET, plaintext: 1 }],
    ["a secret with nothing in it", { [SIG]: SECRET }],
  ])("%s fails closed", (_label, raw) => {
    expect(normalizeRawValue(raw, "pulumi")).toBeInstanceOf(MalformedValue);
  });

  it("a path through a plaintext secret block is read", () => {
    const props = { redisConfiguration: { [SIG]: SECRET, plaintext: '{"aadEnabled":"true"}' } };
    expect(readPath(props, "redisConfiguration.aadEnabled", "pulumi")).toBe("true");
    expect(readPath({ redisConfiguration: { [SIG]: SECRET, ciphertext: "v1:x" } }, "redisConfiguration.aadEnabled", "pulumi")).toBeInstanceOf(UnknownValue);
  });
});
