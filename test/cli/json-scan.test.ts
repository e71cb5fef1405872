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
    ['{"a": [1, 2}', "expected ',' or ']'"],
    ['{"a": {"b": 1]}', "expected ',' or '}'"],
    ['{"a" 1}', "expected ':' after a key"],
    ['{"a": 1 "b": 2}', "expected ',' or '}'"],
    ['{"a": tru}', "expected a JSON value"],
    ['{"a": 1} {"b": 2}', "there is more after the JSON value"],
    ['{"a": "line\nbreak"}', "raw control character"],
    ['{"resource_changes": [{"address": "a"}, {"address": "b"', "the file ends inside"],
    // Inside a value the readers skip: the whole file is proven to be JSON, never half-read (issue 19, case 7).
    ['{"a": [{"after": {"location": tru, 1 2}}]}', "expected a JSON value"],
    ['{"a": [{"after": {"location": true, 1: 2}}]}', "expected a key"],
    ['{"a": [{"after": {"x" 1}}]}', "expected ':' after a key"],
    ['{"a": [{"after": [1 2]}]}', "expected ',' or ']'"],
    ['{"a": [{"after": [1,]}]}', "expected a JSON value"],
    ['{"a": [{"after": {"x": 1,}}]}', "expected a key"],
    ['{"a": [{"after": "bad \\x escape"}]}', "an escape that is not JSON"],
    ['{"a": [{"after": "bad \\u12G4"}]}', "an escape that is not JSON"],
    ['{"a": [{"after": 01}]}', "expected a JSON value"],
    ['{"a": [{"after": NaN}]}', "expected a JSON value"],
    ["{\"a\": [{\"k\": 'S3cr3t'}]}", "expected a JSON value"],
    [`{"a": ${"[".repeat(300)}${"]".repeat(300)}}`, "nests deeper than 256 levels"],
    [`{"a": ${'{"b":'.repeat(3000)}1${"}".repeat(3000)}}`, "nests deeper than 256 levels"],
  ])("%j is refused: %s", (text, problem) => {
    expect(() => doc(text).rootObject()).toThrow(problem);
  });

  it("accepts exactly what JSON.parse accepts, on mutated JSON texts", () => {
    const mutation = fc.tuple(fc.nat(), fc.constantFrom("", ",", ":", "]", "}", "[", "{", '"', "\\", "tru", "1 2", "-", "0", "e", " "));
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), fc.array(mutation, { maxLength: 3 }), (value, edits) => {
        let text = JSON.stringify(value);
        for (const [at, insert] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + (insert === "" ? 1 : 0));
        }
        let parsed: unknown;
        let valid = true;
        try {
          parsed = JSON.parse(text);
        } catch {
          valid = false;
        }
        if (!valid) expect(() => doc(text).rootObject()).toThrow(JsonScanError);
        else if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) expect(doc(text).rootObject()).toBeDefined();
        else expect(doc(text).rootObject()).toBeUndefined();
      }),
      { seed: SEED, numRuns: 2000 },
    );
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
