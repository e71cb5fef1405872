import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonDocument, JsonScanError } from "../../cli/input/json-scan";

/**
 * The scanner the readers walk large documents with: it must find the same members and elements
 * JSON.parse does, and refuse every document that is not whole (a plan cut short by a full disk or an
 * interrupted download must never read as a smaller plan).
 */
const doc = (text: string) => new JsonDocument(Buffer.from(text, "utf8"));

/** Rebuilds a value from the scanner's view of it, parsing only scalars. */
function rebuild(document: JsonDocument, start: number, end: number): unknown {
  const kind = document.kindAt(start);
  if (kind === "object") return Object.fromEntries([...document.members(start)].map((m) => [m.key, rebuild(document, m.start, m.end)]));
  if (kind === "array") return [...document.elements(start)].map((e) => rebuild(document, e.start, e.end));
  return document.parse(start, end);
}

const SEED = 20260504;

describe("JsonDocument", () => {
  it("sees what JSON.parse sees, compact or indented, with escapes and non-ASCII keys", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.boolean(), (value, indented) => {
        const text = JSON.stringify(value, null, indented ? 2 : undefined);
        const document = doc(text);
        const root = document.rootObject()!;
        const expected = JSON.parse(text) as Record<string, unknown>;
        expect(new Set(root.keys())).toEqual(new Set(Object.keys(expected)));
        for (const [key, member] of root) expect(rebuild(document, member.start, member.end)).toEqual(expected[key]);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("refuses every document cut short", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.jsonValue(), { minKeys: 1 }), fc.nat(), (value, at) => {
        const text = JSON.stringify(value);
        const cut = text.slice(0, at % text.length);
        expect(() => doc(cut).rootObject()).toThrow(JsonScanError);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it.each([
    ["", "the file is empty"],
    ["   ", "the file is empty"],
    ['{"a": [1, 2}', "does not close what is open"],
    ['{"a": {"b": 1]}', "does not close what is open"],
    ['{"a" 1}', "expected ':' after a key"],
    ['{"a": 1 "b": 2}', "expected ',' or '}'"],
    ['{"a": tru}', "expected a JSON value"],
    ['{"a": 1} {"b": 2}', "there is more after the JSON value"],
    ['{"a": "line\nbreak"}', "raw control character"],
    ['{"resource_changes": [{"address": "a"}, {"address": "b"', "the file ends inside"],
  ])("%j is refused: %s", (text, problem) => {
    expect(() => doc(text).rootObject()).toThrow(problem);
  });

  it("is not an object: the root of a list or a scalar is read and answered as undefined", () => {
    expect(doc("[1, 2]").rootObject()).toBeUndefined();
    expect(doc('"plan"').rootObject()).toBeUndefined();
  });

  it("decodes string scalars with and without escapes, and reports lines", () => {
    const document = doc('{\n  "type": "azurerm_redis_cache",\n  "address": "module.cache[\\"eu\\"].azurerm_redis_cache.this[0]",\n  "n": 1\n}');
    const root = document.rootObject()!;
    expect(document.scalar(root.get("type"))).toBe("azurerm_redis_cache");
    expect(document.scalar(root.get("address"))).toBe('module.cache["eu"].azurerm_redis_cache.this[0]');
    expect(document.scalar(root.get("n"))).toBe(1);
    const lineOf = document.lineCounter();
    expect([lineOf(root.get("type")!.start), lineOf(root.get("n")!.start)]).toEqual([2, 4]);
  });
});
