import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allRules, buildResourceView, evaluateRule, redisNonSslPort } from "../../policies";
import { parseExemptionTagValue, parseExpiry, readExemptionTags, readResourceExemptionTags } from "../../policies/internal";
import { findTerraformBinding } from "../../policies/terraform";
import { fastCheckRuns, jsonLikeValue, PULUMI_UNKNOWNS, terraformExpression } from "./arbitraries";

/**
 * The exemption tag grammar under generated input: it never throws, it never exempts what the grammar does
 * not allow, a malformed tag is refused and the finding says so, and a well-formed one reads back as written.
 */
const RUNS = fastCheckRuns(400);
const IDS = allRules.map((rule) => rule.id);
const NOW = Date.UTC(2026, 0, 1);

/** Independent of the parser: what any exemption must at least satisfy, from the documented grammar. */
const EXEMPTION_KEY = /^redis-guard-exempt(-[A-Za-z0-9._-]+)?$/i;
function mayExempt(key: string, value: unknown, ruleId: string): boolean {
  if (!EXEMPTION_KEY.test(key) || typeof value !== "string" || value.length > 256) return false;
  const [ids, reason] = value.split(";");
  return ids !== undefined && reason !== undefined && reason.trim() !== "" && ids.split(",").some((id) => id.trim().toLowerCase() === ruleId.toLowerCase());
}

const space = fc.constantFrom("", " ", "  ", "\t");
const ruleIdInAnyCase = fc.constantFrom(...IDS).chain((id) => fc.mixedCase(fc.constant(id)));
const reasonText = fc
  .string({ minLength: 1, maxLength: 60, unit: fc.constantFrom(..."abcdefghij KLMNOP-_.,:/()#0123456789") })
  .filter((s) => s.trim() !== "");
const validDate = fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2200, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

interface WellFormed {
  readonly value: string;
  readonly rules: string[];
  readonly reason: string;
  readonly expires?: string;
}

/** A well-formed value; with `first`, that rule is the first one it names. */
const wellFormedNaming = (first?: string): fc.Arbitrary<WellFormed> => fc
  .record({
    ids: fc.array(ruleIdInAnyCase, { minLength: first ? 0 : 1, maxLength: 3 }).map((ids) => (first ? [first, ...ids] : ids)),
    reason: reasonText,
    expires: fc.option(validDate, { nil: undefined }),
    pads: fc.array(space, { minLength: 8, maxLength: 8 }),
    until: fc.mixedCase(fc.constant("until")),
  })
  .map(({ ids, reason, expires, pads, until }) => {
    const [a, b, c, d, e, f, g, h] = pads as [string, string, string, string, string, string, string, string];
    const list = ids.map((id, i) => (i === 0 ? `${a}${id}` : `${b},${c}${id}`)).join("");
    const value = `${list}${d};${e}${reason}${f}${expires === undefined ? "" : `;${g}${until} ${expires}${h}`}`;
    const canonical = [...new Set(ids.map((id) => IDS.find((known) => known.toLowerCase() === id.toLowerCase()) as string))];
    return { value, rules: canonical, reason: reason.trim(), ...(expires === undefined ? {} : { expires }) };
  })
  .filter((w) => w.value.length <= 256);
const wellFormed = wellFormedNaming();

/** Ways to break a well-formed value; each must be refused. */
const mutation = fc.constantFrom(
  (v: WellFormed) => v.value.split(";")[0] as string, // no reason
  (v: WellFormed) => `${v.value.split(";")[0]};   `, // blank reason
  (v: WellFormed) => `Azure.Redis.NotARule, ${v.value}`, // an id that is no rule
  (v: WellFormed) => `*; ${v.reason}`, // a wildcard
  (v: WellFormed) => `${v.rules.join(",")},; ${v.reason}`, // an empty id
  (v: WellFormed) => `${v.rules.join(",")}; ${v.reason}; until 2026-02-30`, // an impossible date
  (v: WellFormed) => `${v.rules.join(",")}; ${v.reason}; 2030-01-01`, // an expiry without 'until'
  (v: WellFormed) => `${v.rules.join(",")}; ${v.reason}; until 2030-01-01; more`, // a fourth part
  (v: WellFormed) => `${v.rules.join(",")}; ${v.reason}\nsecond line`, // a control character
  (v: WellFormed) => `${v.rules.join(",")}; ${v.reason} ${"x".repeat(256)}`, // longer than Azure accepts
  (v: WellFormed) => `${v.rules.join(",")} ${v.reason}`, // ';' forgotten
);

const failingCache = (tags: unknown) => ({ non_ssl_port_enabled: true, tags });
const binding = findTerraformBinding("azurerm_redis_cache")!;

function nonSslPortFinding(body: Record<string, unknown>) {
  const view = buildResourceView(binding, "cache", body, "terraform");
  return evaluateRule(redisNonSslPort, view, {}, { identifiers: ["cache"], now: NOW, inCodeExemptions: () => readResourceExemptionTags(binding, body, "terraform", allRules) });
}

describe("exemption tag values", () => {
  it("a well-formed value reads back as written: canonical rule ids, trimmed reason, the expiry", () => {
    fc.assert(
      fc.property(wellFormed, (w) => {
        expect(parseExemptionTagValue(w.value, allRules)).toEqual({ ok: true, value: { rules: w.rules, reason: w.reason, ...(w.expires ? { expires: w.expires } : {}) } });
      }),
      { numRuns: RUNS },
    );
  });

  it("a broken one is refused with a problem, and the finding stays reported, naming the tag", () => {
    fc.assert(
      // The tag names the rule whose finding is looked at, so a problem that goes with its rules reaches it.
      fc.property(wellFormedNaming(redisNonSslPort.id), mutation, fc.constantFrom("redis-guard-exempt", "Redis-Guard-Exempt-2"), (w, breakIt, key) => {
        const value = breakIt(w);
        const parsed = parseExemptionTagValue(value, allRules);
        expect(parsed.ok).toBe(false);
        const finding = nonSslPortFinding(failingCache({ [key]: value }));
        expect(finding.reportable).toBe(true);
        expect(finding.exemption).toBeUndefined();
        expect(finding.message).toContain(`The tag '${key}' on 'cache' was ignored and exempts nothing: `);
      }),
      { numRuns: RUNS },
    );
  });

  it("any string: never throws, and an accepted value meets the grammar", () => {
    const fragment = fc.oneof(
      fc.constantFrom(...IDS, ";", ",", " ", "until ", "UNTIL ", "2026-12-31", "2026-12-31T10:00:00Z", "*", "\n", "reason"),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(""))), (value) => {
        const parsed = parseExemptionTagValue(value, allRules);
        if (!parsed.ok) {
          expect(parsed.problem.length).toBeGreaterThan(0);
          return;
        }
        expect(value.length).toBeLessThanOrEqual(256);
        expect(parsed.value.rules.length).toBeGreaterThan(0);
        for (const id of parsed.value.rules) expect(IDS).toContain(id);
        expect(parsed.value.reason).toBe(parsed.value.reason.trim());
        // eslint-disable-next-line no-control-regex -- a reason must hold no control character
        expect(parsed.value.reason).not.toMatch(/[;\u0000-\u001f\u007f]/);
        if (parsed.value.expires !== undefined) expect(parseExpiry(parsed.value.expires)).toBeDefined();
      }),
      { numRuns: RUNS },
    );
  });
});

describe("a resource's tags", () => {
  const keys = fc.oneof(
    fc.constantFrom("redis-guard-exempt", "REDIS-GUARD-EXEMPT", "redis-guard-exempt-1", "redis-guard-exempt-", "redis-guard-exemption", "azure-redis-guard-exempt", "owner", "__proto__", "constructor"),
    fc.string({ maxLength: 24 }),
  );
  const values = fc.oneof(
    { weight: 3, arbitrary: wellFormed.map((w) => w.value) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: jsonLikeValue },
    { weight: 1, arbitrary: fc.constantFrom(...PULUMI_UNKNOWNS) },
    { weight: 1, arbitrary: terraformExpression },
  );
  const tagMaps = fc.oneof(
    { weight: 6, arbitrary: fc.dictionary(keys, values, { maxKeys: 6 }) },
    { weight: 1, arbitrary: jsonLikeValue },
  );

  it("never throw, in either dialect, and never exempt what the grammar does not allow", () => {
    fc.assert(
      fc.property(tagMaps, fc.constantFrom("pulumi" as const, "terraform" as const), (tags, dialect) => {
        const read = readExemptionTags(tags, dialect, allRules);
        for (const exemption of read.exemptions) {
          expect(exemption.source).toBe("tag");
          const raw = (tags as Record<string, unknown>)[exemption.origin];
          for (const id of exemption.rules) expect(mayExempt(exemption.origin, raw, id)).toBe(true);
        }
        const finding = nonSslPortFinding(failingCache(tags));
        const inForce = (expires: string | undefined) => expires === undefined || NOW <= (parseExpiry(expires) ?? -Infinity);
        const covered = read.exemptions.some((e) => e.rules.includes(redisNonSslPort.id) && inForce(e.expires));
        expect(finding.reportable).toBe(!covered);
        if (finding.reportable) expect(finding.verdict.status).not.toBe("pass");
      }),
      { numRuns: RUNS },
    );
  });
});

describe("other tags", () => {
  const MARKER = "OTHER-TAG-MARKER-7f3";
  const otherKey = fc.string({ minLength: 1, maxLength: 16 }).filter((k) => !/^(azure-)?redis-guard/i.test(k));

  it("their values are never printed, whatever the exemption tags beside them", () => {
    fc.assert(
      fc.property(
        fc.dictionary(otherKey, fc.constantFrom(MARKER, `${MARKER}; Azure.Redis.NonSslPort`, `Azure.Redis.NonSslPort; ${MARKER}`), { minKeys: 1, maxKeys: 4 }),
        fc.dictionary(fc.constantFrom("redis-guard-exempt", "Redis-Guard-Exempt", "redis-guard-exempt-x", "redis-guard-exemption"), fc.oneof(wellFormed.map((w) => w.value), fc.string({ maxLength: 30 })), { maxKeys: 3 }),
        (others, exemptionTags) => {
          const finding = nonSslPortFinding(failingCache({ ...others, ...exemptionTags }));
          expect(finding.message).not.toContain(MARKER);
          expect(JSON.stringify(finding.ignoredExemptions ?? [])).not.toContain(MARKER);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
