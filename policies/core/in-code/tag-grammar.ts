import { escapeForDisplay, hasDisplayControl } from "../display";
import { parseExpiry } from "../options";
import { AZURE_TAG_VALUE_MAX_LENGTH } from "./tag-keys";
import type { InCodeExemption, KnownRules } from "./types";

/**
 * The grammar of an exemption: rule ids (also what `RedisPolicyAspect.exempt()` and a `"//"` record name),
 * a reason on one line, and, in a tag's value, an optional `until <date>`.
 */

const UNTIL = /^until\s+(\S.*)$/i;

/** The grammar in one line, for messages. */
export const EXEMPTION_TAG_GRAMMAR = "'<rule id>[, <rule id>…]; <reason>[; until <YYYY-MM-DD>]'";

const ruleIndexes = new WeakMap<KnownRules, ReadonlyMap<string, string>>();

/** Rule ids are matched case-insensitively (PSRule's are); reports use the canonical spelling. */
export function canonicalRuleId(id: string, rules: KnownRules): string | undefined {
  let index = ruleIndexes.get(rules);
  if (!index) {
    index = new Map(rules.map((rule) => [rule.id.toLowerCase(), rule.id]));
    ruleIndexes.set(rules, index);
  }
  return id.length <= 128 ? index.get(id.toLowerCase()) : undefined;
}

/** Quotes user text in a message, shortened: a message names what is wrong, it does not reprint the input. */
export function quote(text: string): string {
  const shown = text.length > 64 ? `${text.slice(0, 64)}…` : text;
  return `'${escapeForDisplay(shown)}'`;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string; readonly rules: readonly string[] };

/** Canonical ids of a rule list, or the first problem (with the ids that could be read, for attaching it). */
export function parseRuleIds(ids: readonly string[], rules: KnownRules): Parsed<string[]> {
  const canonical: string[] = [];
  const problems: string[] = [];
  for (const raw of ids) {
    const id = raw.trim();
    if (id === "") problems.push("lists an empty rule id");
    else if (id.includes("*")) problems.push(`names ${quote(id)}: wildcards are not accepted, name each rule`);
    else {
      const found = canonicalRuleId(id, rules);
      if (found === undefined && /\s/.test(id)) problems.push(`names ${quote(id)}, which is not a rule of azure-redis-guard (a rule id has no spaces: is a ';' missing?)`);
      else if (found === undefined) problems.push(`names ${quote(id)}, which is not a rule of azure-redis-guard`);
      else if (!canonical.includes(found)) canonical.push(found);
    }
  }
  const [problem] = problems;
  return problem === undefined ? { ok: true, value: canonical } : { ok: false, problem, rules: canonical };
}

export function checkReason(reason: string): string | undefined {
  if (reason.trim() === "") return "has no reason: the reason is required, it is what an audit reads";
  // A reason is printed on one line in every report: no C0/C1 control, bidi override or invisible character.
  if (hasDisplayControl(reason)) return "has a control character (a line break, a tab, a bidirectional override…) in its reason";
  return undefined;
}

/**
 * Parses the value of an exemption tag:
 *
 *     value   = rules ";" reason [ ";" expiry ]
 *     rules   = rule-id *( "," rule-id )       ; ids of azure-redis-guard's rules, in any case
 *     reason  = text without ";", not blank    ; required
 *     expiry  = "until" 1*WSP date             ; "until" in any case; an ISO date, or date-time with a zone
 *
 * Whitespace around each part, id and comma is ignored. At most 256 characters (Azure's limit for a
 * tag value). Exported for the property test; surfaces call {@link readExemptionTags}.
 */
export function parseExemptionTagValue(value: string, rules: KnownRules): Parsed<Omit<InCodeExemption, "source" | "origin">> {
  if (value.length > AZURE_TAG_VALUE_MAX_LENGTH) {
    return { ok: false, problem: `its value is longer than the ${AZURE_TAG_VALUE_MAX_LENGTH} characters Azure accepts in a tag value`, rules: [] };
  }
  const parts = value.split(";");
  const ruleIds = parseRuleIds((parts[0] as string).split(","), rules);
  const named = ruleIds.ok ? ruleIds.value : ruleIds.rules;
  const fail = (problem: string): Parsed<never> => ({ ok: false, problem, rules: named });
  if (value.trim() === "") return fail(`its value is empty (expected ${EXEMPTION_TAG_GRAMMAR})`);
  if (!ruleIds.ok) return { ...ruleIds, problem: `its value ${ruleIds.problem}` };
  if (parts.length < 2) return fail(`its value has no reason (expected ${EXEMPTION_TAG_GRAMMAR})`);
  if (parts.length > 3) return fail(`its value has more than three ';'-separated parts; a reason cannot contain ';' (expected ${EXEMPTION_TAG_GRAMMAR})`);
  const reason = (parts[1] as string).trim();
  const reasonProblem = checkReason(reason);
  if (reasonProblem) return fail(`its value ${reasonProblem}`);
  if (parts.length === 2) return { ok: true, value: { rules: ruleIds.value, reason } };
  const until = UNTIL.exec((parts[2] as string).trim());
  const expires = until?.[1]?.trim();
  if (expires === undefined || parseExpiry(expires) === undefined) {
    return fail("its expiry must read 'until <YYYY-MM-DD>' (or an ISO date-time with a zone), a real date");
  }
  return { ok: true, value: { rules: ruleIds.value, reason, expires } };
}

/** The rules a tag that is ignored for another reason names, so its message goes with those rules' findings. */
export function rulesNamedBy(value: unknown, rules: KnownRules): readonly string[] {
  if (typeof value !== "string" || value.length > AZURE_TAG_VALUE_MAX_LENGTH) return [];
  const ids = (value.split(";")[0] as string).split(",");
  return ids.map((id) => canonicalRuleId(id.trim(), rules)).filter((id): id is string => id !== undefined);
}
