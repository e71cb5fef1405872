import fc from "fast-check";

/** Strings that look like booleans in every case, plus near misses. */
export const booleanishString = fc.oneof(
  fc.constantFrom("true", "false", "TRUE", "FALSE", "True", "False", "tRuE", "fAlSe", " true", "false ", "yes", "no", "0", "1", ""),
  fc.mixedCase(fc.constantFrom("true", "false")),
);

export const PULUMI_UNKNOWNS = [
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
] as const;

export const terraformExpression = fc.constantFrom("${var.x}", "${local.y}", "${var.on ? true : false}", "${azurerm_redis_cache.a.non_ssl_port_enabled}", "%{ if var.x }true%{ endif }");

/** Objects nested `depth` levels deep, built iteratively (a recursive arbitrary would blow the stack). */
export function deepObject(depth: number, leaf: unknown): Record<string, unknown> {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value as Record<string, unknown>;
}

const awkwardKey = fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf");

/** Any JSON-like value, with booleanish strings, unknown sentinels, expressions and awkward shapes mixed in. */
export const jsonLikeValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    booleanishString,
    fc.constantFrom(...PULUMI_UNKNOWNS),
    terraformExpression,
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.string(), awkwardKey), tie("value"), { maxKeys: 3 }),
  ),
})).value;

/** Rare, expensive shapes: a 1 MB string, 1,000 levels of nesting. */
export const hugeValue = fc.constantFrom<unknown>("t".repeat(1024 * 1024), deepObject(1000, true), [deepObject(1000, false)]);

/** A property bag: random keys, the keys the rules read, and awkward keys, with any values. */
export function propertyBag(readKeys: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const keys = fc.oneof(fc.constantFrom(...readKeys), awkwardKey, fc.string({ maxLength: 8 }));
  return fc.dictionary(keys, fc.oneof({ weight: 20, arbitrary: jsonLikeValue }, { weight: 1, arbitrary: hugeValue }), { maxKeys: 6 });
}

/** A value passes only when it is absent, null, false or "false" in any case: the security invariant. */
export function mayPass(value: unknown): boolean {
  return value === undefined || value === null || value === false || (typeof value === "string" && value.toLowerCase() === "false");
}

export function fastCheckRuns(defaultRuns: number): number {
  const fromEnv = Number(process.env["ARG_PROPERTY_RUNS"]);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : defaultRuns;
}
