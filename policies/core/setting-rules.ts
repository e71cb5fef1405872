import type { ResourceKind, ResourceView, Rule, RuleMetadata, RuleOptions, SettingName, SettingSource, Verdict, VerdictReason, VerdictStatus } from "./types";
import { readBoolean, type BooleanReading } from "./values";

const KIND_LABELS: Record<ResourceKind, string> = {
  redisCache: "Redis cache",
  redisEnterpriseCluster: "Redis Enterprise cluster",
  redisEnterpriseDatabase: "Redis Enterprise database",
};

/** Words a rule supplies so the shared messages read naturally; `p` is the property path. */
export interface SettingRuleWording {
  /** What is wrong, after "<kind> '<name>' ": "accepts unencrypted connections: 'p' enables the non-SSL port 6379". */
  readonly nonCompliant: (p: string) => string;
  /** What is right, after "<kind> '<name>' ": "only accepts TLS connections". */
  readonly compliant: string;
  /** How to fix: "set 'p' to false". */
  readonly fix: (p: string) => string;
  /** What the value must be, after "'p' must be ": "a boolean". */
  readonly expectedType: string;
}

export interface BooleanSettingRuleSpec extends RuleMetadata {
  readonly setting: SettingName;
  readonly compliantValue: boolean;
  /** What Azure does when the property is absent. */
  readonly azureDefault: boolean;
  readonly wording: SettingRuleWording;
}

/** The parts of every message: rule id first, so a user can grep, suppress or look it up. */
export function subject(ruleId: string, view: ResourceView): string {
  return `${ruleId}: ${KIND_LABELS[view.kind]} '${view.displayName}'`;
}

interface Reading<R> {
  readonly source: SettingSource;
  readonly reading: R;
}

/** The outcome of one source, in the order that decides: a failure beats an unknown beats a pass. */
type SourceOutcome = "fail" | "invalid" | "unknown" | "pass" | "absent";
const OUTCOME_PRIORITY: readonly SourceOutcome[] = ["fail", "invalid", "unknown", "pass"];

/**
 * Combines the sources of one setting (azurerm 3.x and 4.x names, say) into one verdict: any source
 * that fails makes the resource fail, so two inconsistent attributes can never add up to a pass.
 */
export function decideSetting<R>(
  spec: RuleMetadata & { readonly wording: SettingRuleWording },
  view: ResourceView,
  sources: readonly SettingSource[],
  read: (value: unknown) => R,
  outcomeOf: (reading: R) => SourceOutcome,
  absent: { readonly compliantByDefault: boolean },
  options: RuleOptions | undefined,
): Verdict {
  const readings: Reading<R>[] = sources.map((source) => ({ source, reading: read(source.value) }));
  const head = subject(spec.id, view);
  const see = `See ${spec.docsUrl}`;
  for (const outcome of OUTCOME_PRIORITY) {
    const matching = readings.filter((r) => outcomeOf(r.reading) === outcome).map((r) => r.source.property);
    const first = matching[0];
    if (first === undefined) continue;
    switch (outcome) {
      case "fail":
        return verdict(spec, "fail", "non-compliant", matching, `${head} ${spec.wording.nonCompliant(first)}. Fix: ${spec.wording.fix(first)}. ${see}`);
      case "invalid": {
        const found = invalidDescription(readings.find((r) => r.source.property === first)?.reading);
        return verdict(spec, "fail", "invalid-value", matching, `${head} fails closed: '${first}' must be ${spec.wording.expectedType} but is ${found}, so the rule cannot read it. Fix: ${spec.wording.fix(first)}. ${see}`);
      }
      case "unknown":
        return verdict(spec, "unknown", "unknown-value", matching, `${head} cannot be verified yet: the value of '${first}' is not known (${unknownWhy(readings.find((r) => r.source.property === first)?.reading)}). It is not treated as compliant; to verify it now, ${spec.wording.fix(first)} as a literal. ${see}`);
      case "pass":
        return verdict(spec, "pass", "compliant", matching, `${head} ${spec.wording.compliant}.`);
    }
  }
  const primary = sources[0]?.property ?? spec.id;
  const all = sources.map((s) => s.property);
  if (options?.requireExplicit) {
    return verdict(spec, "fail", "absent-required", all, `${head} does not set '${primary}', and requireExplicit asks every resource to say it explicitly. Fix: ${spec.wording.fix(primary)}. ${see}`);
  }
  if (absent.compliantByDefault) {
    return verdict(spec, "pass", "default-compliant", all, `${head} ${spec.wording.compliant} (the Azure default applies: '${primary}' is not set).`);
  }
  return verdict(spec, "fail", "default-non-compliant", all, `${head} does not set '${primary}', and the Azure default is not compliant. Fix: ${spec.wording.fix(primary)}. ${see}`);
}

function verdict(spec: RuleMetadata, status: VerdictStatus, reason: VerdictReason, properties: readonly string[], message: string): Verdict {
  return { ruleId: spec.id, status, reason, properties, message };
}

function invalidDescription(reading: unknown): string {
  return typeof reading === "object" && reading !== null && "found" in reading ? String(reading.found) : "not understood";
}

function unknownWhy(reading: unknown): string {
  return typeof reading === "object" && reading !== null && "why" in reading ? String(reading.why) : "not known yet";
}

/** A rule that reads one boolean setting and passes when it equals `compliantValue` (checkov's shape). */
export function defineBooleanSettingRule(spec: BooleanSettingRuleSpec): Rule {
  const outcomeOf = (reading: BooleanReading): SourceOutcome => {
    switch (reading.kind) {
      case "absent":
        return "absent";
      case "boolean":
        return reading.value === spec.compliantValue ? "pass" : "fail";
      case "unknown":
        return "unknown";
      case "invalid":
        return "invalid";
    }
  };
  const absent = { compliantByDefault: spec.azureDefault === spec.compliantValue };
  return {
    ...spec,
    evaluate(view: ResourceView, options?: RuleOptions): Verdict {
      return decideSetting(spec, view, view.settings[spec.setting] ?? [], readBoolean, outcomeOf, absent, options);
    },
  };
}
