import type { ExemptionSource, IgnoredExemption, InCodeExemption, InCodeExemptions } from "./in-code-exemptions";
import { parseExpiry, type Exemption, type RuleConfig } from "./options";

/**
 * An exemption as every report lists it, wherever it was written. `resource` keeps its meaning for the
 * configuration (the glob that matched); for a tag it is the resource itself, for `RedisPolicyAspect.exempt()`
 * the construct it was called on (the resource or a scope above it).
 */
export interface AppliedExemption extends Exemption {
  readonly source: ExemptionSource;
  /** The tag key, for an exemption tag. */
  readonly tag?: string;
  /** The construct path `RedisPolicyAspect.exempt()` was called on. */
  readonly construct?: string;
}

/**
 * - `active`: it covers the finding, which is not reported;
 * - `expired`: its date has passed, the finding is reported again and says so;
 * - `refused`: an in-code exemption of a rule whose config sets `allowInCodeExemptions: false`; the finding
 *   is reported and says the exemption was refused.
 */
export type ExemptionState = "active" | "expired" | "refused";

export interface ExemptionMatch {
  readonly state: ExemptionState;
  readonly exemption: AppliedExemption;
}

const compiledGlobs = new Map<string, RegExp>();

/** `*` matches any run of characters (`/` and `:` included, so URNs and paths both work), `?` one. */
export function globToRegExp(glob: string): RegExp {
  let compiled = compiledGlobs.get(glob);
  if (!compiled) {
    const body = [...glob]
      .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
      .join("");
    compiled = new RegExp(`^${body}$`, "s");
    compiledGlobs.set(glob, compiled);
  }
  return compiled;
}

/** True while an exemption with this expiry applies; an expiry that cannot be read has expired (fail closed). */
function inForce(expires: string | undefined, now: number): boolean {
  if (expires === undefined) return true;
  const expiresAt = parseExpiry(expires);
  return expiresAt !== undefined && now <= expiresAt;
}

/**
 * The configuration exemption that applies to a resource known by `identifiers` at `now`. An active
 * exemption wins over an expired one; an expired one is still returned so the violation can say it expired.
 */
export function findExemption(
  exemptions: readonly Exemption[] | undefined,
  identifiers: readonly string[],
  now: number,
): ExemptionMatch | undefined {
  if (!exemptions || exemptions.length === 0) return undefined;
  let expired: Exemption | undefined;
  for (const exemption of exemptions) {
    const pattern = globToRegExp(exemption.resource);
    if (!identifiers.some((id) => pattern.test(id))) continue;
    if (inForce(exemption.expires, now)) return { state: "active", exemption: { source: "config", ...exemption } };
    expired ??= exemption;
  }
  return expired ? { state: "expired", exemption: { source: "config", ...expired } } : undefined;
}

/** What a rule's exemptions come to for one resource: the one that applies, and the ones that do not. */
export interface ExemptionDecision {
  /** The exemption that covers the finding (the configuration's first, then in-code ones). */
  readonly active?: ExemptionMatch;
  /** Exemptions about this rule that do not apply: expired ones, and in-code ones refused by `allowInCodeExemptions`. */
  readonly inactive: readonly ExemptionMatch[];
  /** In-code exemptions about this rule (or about no readable rule) that were ignored as malformed or unreadable. */
  readonly ignored: readonly IgnoredExemption[];
}

export interface ExemptionSubject {
  /** Names the resource is known by, matched by configuration globs (URN and name; construct path; address). */
  readonly identifiers: readonly string[];
  /** How messages and reports name the resource. */
  readonly displayName: string;
  /** Milliseconds since the epoch; exemptions expire against it. */
  readonly now: number;
  /** The exemptions written next to the resource, as its reader found them. */
  readonly inCode?: InCodeExemptions;
}

function applied(exemption: InCodeExemption, displayName: string): AppliedExemption {
  const { source, origin, reason, expires } = exemption;
  const where = source === "tag" ? { resource: displayName, tag: origin } : { resource: origin, construct: origin };
  return { source, ...where, reason, ...(expires === undefined ? {} : { expires }) };
}

/**
 * Decides which exemption covers one rule's finding on one resource: the configuration's (globs) and the
 * in-code ones (tags, construct exemptions) with the same semantics (required reason, optional expiry,
 * expired ones fail again), except that `allowInCodeExemptions: false` refuses the in-code ones.
 * Every surface calls this, so a verdict never depends on where the exemption was written.
 */
export function decideExemption(ruleId: string, config: RuleConfig, subject: ExemptionSubject): ExemptionDecision {
  const inactive: ExemptionMatch[] = [];
  const fromConfig = findExemption(config.exemptions, subject.identifiers, subject.now);
  let active = fromConfig?.state === "active" ? fromConfig : undefined;
  if (fromConfig?.state === "expired") inactive.push(fromConfig);
  const inCode = subject.inCode;
  if (!inCode) return { ...(active ? { active } : {}), inactive, ignored: [] };
  const refuse = config.allowInCodeExemptions === false;
  for (const exemption of inCode.exemptions) {
    if (!exemption.rules.includes(ruleId)) continue;
    const match = { exemption: applied(exemption, subject.displayName) };
    if (refuse) inactive.push({ state: "refused", ...match });
    else if (!inForce(exemption.expires, subject.now)) inactive.push({ state: "expired", ...match });
    else active ??= { state: "active", ...match };
  }
  const ignored = inCode.ignored.filter((i) => i.rules.length === 0 || i.rules.includes(ruleId));
  return { ...(active ? { active } : {}), inactive, ignored };
}

// The words for exemptions live in exemption-wording.ts; these are re-exported where they were first published.
export { describeExemption, describeExemptionsNotApplied } from "./exemption-wording";
