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

const NO_SOURCES: readonly SettingSource[] = [];

/** The last words of every failing message: where to read more. */
export function seeAlso(spec: RuleMetadata): string {
  return `See ${spec.docsUrl}`;
}

/** The parts of every message: rule id first, so a user can grep, suppress or look it up. */
export function subject(ruleId: string, view: ResourceView): string {
  return `${ruleId}: ${KIND_LABELS[view.kind]} '${view.displayName}'`;
}

/**
 * The outcome of one source, numbered in the order that decides: a failure beats an invalid value
 * beats an unknown beats a pass. Numbers rather than strings: this runs for every resource.
 */
enum Outcome {
  Fail = 0,
  Invalid = 1,
  Unknown = 2,
  Pass = 3,
  Absent = 4,
}

/**
 * Combines the sources of one setting (azurerm 3.x and 4.x names, say) into one verdict: any source
 * that fails makes the resource fail, so two inconsistent attributes can never add up to a pass.
 */
export function decideSetting<R>(
  spec: RuleMetadata & { readonly wording: SettingRuleWording; readonly seeAlso: string },
  view: ResourceView,
  sources: readonly SettingSource[],
  read: (value: unknown) => R,
  outcomeOf: (reading: R) => Outcome,
  absent: { readonly compliantByDefault: boolean },
  options: RuleOptions | undefined,
): Verdict {
  let decisive = Outcome.Absent;
  let decisiveReading: R | undefined;
  for (const source of sources) {
    const reading = read(source.value);
    const outcome = outcomeOf(reading);
    if (outcome < decisive) {
      decisive = outcome;
      decisiveReading = reading;
    }
  }
  const head = subject(spec.id, view);
  const see = spec.seeAlso;
  if (decisive === Outcome.Absent) {
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
  // Second pass only for the names to report: every source with the decisive outcome.
  const properties: string[] = [];
  for (const source of sources) if (outcomeOf(read(source.value)) === decisive) properties.push(source.property);
  const first = properties[0] as string;
  switch (decisive) {
    case Outcome.Fail:
      return verdict(spec, "fail", "non-compliant", properties, `${head} ${spec.wording.nonCompliant(first)}. Fix: ${spec.wording.fix(first)}. ${see}`);
    case Outcome.Invalid:
      return verdict(spec, "fail", "invalid-value", properties, `${head} fails closed: '${first}' must be ${spec.wording.expectedType} but is ${invalidDescription(decisiveReading)}, so the rule cannot read it. Fix: ${spec.wording.fix(first)}. ${see}`);
    case Outcome.Unknown:
      return verdict(spec, "unknown", "unknown-value", properties, `${head} cannot be verified yet: the value of '${first}' is not known (${unknownWhy(decisiveReading)}). It is not treated as compliant; to verify it now, ${spec.wording.fix(first)} as a literal. ${see}`);
    case Outcome.Pass:
      return verdict(spec, "pass", "compliant", properties, `${head} ${spec.wording.compliant}.`);
  }
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
  const outcomeOf = (reading: BooleanReading): Outcome => {
    switch (reading.kind) {
      case "absent":
        return Outcome.Absent;
      case "boolean":
        return reading.value === spec.compliantValue ? Outcome.Pass : Outcome.Fail;
      case "unknown":
        return Outcome.Unknown;
      case "invalid":
        return Outcome.Invalid;
    }
  };
  const absent = { compliantByDefault: spec.azureDefault === spec.compliantValue };
  const decided = { ...spec, seeAlso: seeAlso(spec) };
  return {
    ...spec,
    evaluate(view: ResourceView, options?: RuleOptions): Verdict {
      return decideSetting(decided, view, view.settings[spec.setting] ?? NO_SOURCES, readBoolean, outcomeOf, absent, options);
    },
  };
}
