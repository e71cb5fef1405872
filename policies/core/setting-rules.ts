import { escapeForDisplay } from "./display";
import { booleanJudge, Outcome, type Judge, type Judgement } from "./judges";
import type {
  AbsentDefault,
  ProviderLack,
  ResourceKind,
  ResourceView,
  Rule,
  RuleMetadata,
  RuleEvaluationOptions,
  SettingName,
  SettingSource,
  Verdict,
  VerdictReason,
  VerdictStatus,
} from "./types";

const KIND_LABELS: Record<ResourceKind, string> = {
  redisCache: "Redis cache",
  redisEnterpriseCluster: "Redis Enterprise cluster",
  redisEnterpriseDatabase: "Redis Enterprise database",
  managedRedis: "Azure Managed Redis",
};

/** Words a rule supplies so the shared messages read naturally; `p` is the property path. */
export interface SettingRuleWording {
  /** What is wrong, after "<kind> '<name>' ": "accepts unencrypted connections: 'p' enables the non-SSL port 6379". */
  readonly nonCompliant: (p: string) => string;
  /** What is right, after "<kind> '<name>' ": "only accepts TLS connections". */
  readonly compliant: string;
  /** How to fix: "set 'p' to false". */
  readonly fix: (p: string) => string;
  /**
   * Why an absent setting fails when no surface declares a default, after "does not set 'p', and ":
   * "the SKU is required, so there is nothing to judge". Defaults to "the Azure default is not compliant".
   */
  readonly absentFails?: string;
  /**
   * How to comply when the input's provider lacks 'p' (an azurerm 3.x input has no
   * `access_keys_authentication_enabled`), after "Fix: ". Defaults to upgrading, or an exemption with a reason.
   */
  readonly unavailable?: (p: string, lack: ProviderLack) => string;
}

/** The fix for a property the provider lacks, when the rule words none of its own. */
function upgradeOrExempt(p: string, lack: ProviderLack): string {
  return `${lack.provider} has no '${p}' (added in ${lack.addedIn}): upgrade to ${lack.upgradeTo} and use it, or record an exemption with a reason`;
}

/** One setting a rule reads, how to judge its value, and what a valid value looks like (for messages). */
export interface SettingCheck {
  readonly setting: SettingName;
  readonly judge: Judge;
  /** After "'p' must be ": "a boolean", `"Enabled" or "Disabled"`. */
  readonly expected: string;
}

export interface SettingRuleSpec extends RuleMetadata {
  /** Every setting that expresses the rule on some surface; a surface maps the ones it has. */
  readonly checks: readonly SettingCheck[];
  /**
   * Whether a resource that sets none of them complies where its surface declares no default (see
   * `ResourceBinding.absentDefaults`): the Azure default, documented per rule; `false` where it cannot be established.
   */
  readonly absentComplies: boolean;
  readonly wording: SettingRuleWording;
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
  // The name comes from the user's code and reaches a terminal on every surface: control characters escaped.
  return `${ruleId}: ${KIND_LABELS[view.kind]} '${escapeForDisplay(view.displayName)}'`;
}

const NO_SOURCES: readonly SettingSource[] = [];

/**
 * A verdict whose message is composed on first read: most resources pass and nobody reads their
 * message, and composing it is most of the cost of a rule evaluation. `toJSON` keeps it a plain record.
 */
class SettingVerdict implements Verdict {
  #message: string | undefined;

  constructor(
    private readonly spec: SettingRuleSpec & { readonly seeAlso: string },
    private readonly view: ResourceView,
    readonly status: VerdictStatus,
    readonly reason: VerdictReason,
    readonly properties: readonly string[],
    /** The property the message is about, and the check and judgement that decided. */
    private readonly property: string,
    private readonly check: SettingCheck | undefined,
    private readonly judgement: Judgement | undefined,
    /** The surface's default that decided an absent setting, if one did. */
    private readonly absentDefault?: AbsentDefault,
  ) {}

  get ruleId(): string {
    return this.spec.id;
  }

  get message(): string {
    return (this.#message ??= this.compose());
  }

  toJSON(): Verdict {
    return { ruleId: this.ruleId, status: this.status, reason: this.reason, properties: this.properties, message: this.message };
  }

  /** How each value the input did not hold as such was established (a computed twin), for the message. */
  private provenance(): string {
    const notes: string[] = [];
    for (const check of this.spec.checks) {
      for (const source of this.view.settings[check.setting] ?? NO_SOURCES) if (source.provenance !== undefined && !notes.includes(source.provenance)) notes.push(source.provenance);
    }
    return notes.length > 0 ? ` (${notes.join("; ")})` : "";
  }

  private compose(): string {
    const { spec, property: p } = this;
    const head = subject(spec.id, this.view);
    const { wording, seeAlso } = spec;
    // On an input whose provider lacks the property, the fix never names it as something to set.
    const lack = this.view.provider?.unavailable(p);
    const fix = (property: string): string => (lack ? (wording.unavailable ?? upgradeOrExempt)(property, lack) : wording.fix(property));
    const notSet = lack ? `has no '${p}' (${lack.provider})` : `does not set '${p}'`;
    const provenance = this.provenance();
    switch (this.reason) {
      case "absent-required":
        return `${head} ${notSet}, and requireExplicit asks every resource to say it explicitly. Fix: ${fix(p)}. ${seeAlso}`;
      case "default-compliant": {
        const declared = this.absentDefault;
        if (declared?.value !== undefined) return `${head} ${wording.compliant} ('${p}' is not set, and ${declared.basis} is ${JSON.stringify(declared.value)}).`;
        return `${head} ${wording.compliant} (the Azure default applies: '${p}' is not set)${provenance}.`;
      }
      case "default-non-compliant": {
        const declared = this.absentDefault;
        const why =
          declared === undefined
            ? (wording.absentFails ?? "the Azure default is not compliant")
            : declared.value === undefined
              ? `its default cannot be established (${declared.basis}), so absence is not taken as compliant`
              : `${declared.basis} is ${JSON.stringify(declared.value)}, which is not compliant`;
        return `${head} ${notSet}, and ${why}. Fix: ${fix(p)}. ${seeAlso}`;
      }
      case "non-compliant":
        return `${head} ${wording.nonCompliant(p)}${provenance}. Fix: ${fix(p)}. ${seeAlso}`;
      case "invalid-value":
        return `${head} fails closed: '${p}' must be ${this.check?.expected ?? "valid"} but is ${this.judgement?.detail ?? "not understood"}, so the rule cannot read it. Fix: ${fix(p)}. ${seeAlso}`;
      case "unknown-value":
        return `${head} cannot be verified yet: the value of '${p}' is not known (${this.judgement?.detail ?? "not known yet"}), and an unknown value is never treated as compliant. Write '${p}' as a literal value to have it checked now; to comply, ${fix(p)}. ${seeAlso}`;
      case "compliant":
        return `${head} ${wording.compliant}${provenance}.`;
    }
  }
}

const OUTCOME_VERDICT: Readonly<Record<Outcome, readonly [VerdictStatus, VerdictReason]>> = {
  [Outcome.Fail]: ["fail", "non-compliant"],
  [Outcome.Invalid]: ["fail", "invalid-value"],
  [Outcome.Unknown]: ["unknown", "unknown-value"],
  [Outcome.Pass]: ["pass", "compliant"],
  [Outcome.Absent]: ["pass", "default-compliant"],
};

/**
 * Judges every property that expresses the rule on this resource (azurerm 3.x and 4.x names, a string
 * and a boolean form) and combines them: any property that fails makes the resource fail, so two
 * inconsistent attributes can never add up to a pass. Plain loops and no per-property objects:
 * this runs for every resource of every preview and synth.
 */
function decide(spec: SettingRuleSpec & { readonly seeAlso: string }, view: ResourceView, options: RuleEvaluationOptions | undefined): Verdict {
  let decisive = Outcome.Absent;
  let firstSource: SettingSource | undefined;
  let firstCheck: SettingCheck | undefined;
  let firstJudgement: Judgement | undefined;
  let onlySource: SettingSource | undefined;
  let sourceCount = 0;
  for (const check of spec.checks) {
    for (const source of view.settings[check.setting] ?? NO_SOURCES) {
      sourceCount++;
      onlySource = source;
      const judgement = check.judge(source.value);
      // On a tie, a value the input holds beats one derived from it: the message and fix name what the user wrote.
      if (judgement.outcome < decisive || (judgement.outcome === decisive && firstSource?.provenance !== undefined && source.provenance === undefined)) {
        decisive = judgement.outcome;
        firstSource = source;
        firstCheck = check;
        firstJudgement = judgement;
      }
    }
  }
  // Second pass: the names to report, every property with the decisive outcome (most resources have one).
  const properties: string[] = sourceCount === 1 && onlySource ? [onlySource.property] : [];
  if (sourceCount > 1) for (const check of spec.checks) {
    for (const source of view.settings[check.setting] ?? NO_SOURCES) {
      if (decisive === Outcome.Absent || check.judge(source.value).outcome === decisive) properties.push(source.property);
    }
  }
  if (decisive === Outcome.Absent) {
    const primary = properties[0] ?? spec.id;
    if (options?.requireExplicit) return new SettingVerdict(spec, view, "fail", "absent-required", properties, primary, undefined, undefined);
    if (view.defaults) {
      const declared = judgeDeclaredDefaults(spec, view);
      if (declared) {
        const [status, reason] = declared.complies ? (["pass", "default-compliant"] as const) : (["fail", "default-non-compliant"] as const);
        return new SettingVerdict(spec, view, status, reason, properties, declared.property, undefined, undefined, declared.absentDefault);
      }
    }
    if (spec.absentComplies) return new SettingVerdict(spec, view, "pass", "default-compliant", properties, primary, undefined, undefined);
    return new SettingVerdict(spec, view, "fail", "default-non-compliant", properties, primary, undefined, undefined);
  }
  const [status, reason] = OUTCOME_VERDICT[decisive];
  return new SettingVerdict(spec, view, status, reason, properties, firstSource?.property ?? spec.id, firstCheck, firstJudgement);
}

/**
 * Judges the defaults the surface declares for the rule's absent settings with the rule's own judges,
 * as if the resource had set them; a default that cannot be established does not comply, and neither
 * does a value the judge cannot read (a mistake in a binding must not pass). `undefined` when the
 * surface declares none for the settings it maps, so the rule's `absentComplies` decides. A mapped
 * setting without a declared default still counts with `absentComplies`: fail closed when mixed.
 */
function judgeDeclaredDefaults(
  spec: SettingRuleSpec,
  view: ResourceView,
): { readonly complies: boolean; readonly property: string; readonly absentDefault?: AbsentDefault } | undefined {
  let found: { complies: boolean; property: string; absentDefault?: AbsentDefault } | undefined;
  let undeclaredProperty: string | undefined;
  for (const check of spec.checks) {
    const sources = view.settings[check.setting];
    if (!sources || sources.length === 0) continue;
    const declared = view.defaults?.[check.setting];
    const property = (sources[0] as SettingSource).property;
    if (!declared) {
      undeclaredProperty ??= property;
      continue;
    }
    const complies = declared.value !== undefined && check.judge(declared.value).outcome === Outcome.Pass;
    if (!found || (found.complies && !complies)) found = { complies, property, absentDefault: declared };
  }
  if (found?.complies && undeclaredProperty !== undefined && !spec.absentComplies) return { complies: false, property: undeclaredProperty };
  return found;
}

/** A rule of the core: evaluable, with its declarative checks in view (docs and tests read them). */
export type SettingRule = Rule & SettingRuleSpec & { readonly settingsRead: readonly SettingName[] };

/** A rule that reads one or more settings with a judge each (checkov's declarative shape, on one base). */
export function defineSettingRule(spec: SettingRuleSpec): SettingRule {
  const decided = { ...spec, seeAlso: `See ${spec.docsUrl}` };
  return {
    ...spec,
    settingsRead: [...new Set(spec.checks.map((check) => check.setting))],
    evaluate(view: ResourceView, options?: RuleEvaluationOptions): Verdict {
      return decide(decided, view, options);
    },
  };
}

/** The common case: one boolean setting that complies when it equals `compliantValue`. */
export function defineBooleanSettingRule(spec: BooleanSettingRuleSpec): SettingRule {
  const { setting, compliantValue, azureDefault, ...rest } = spec;
  return defineSettingRule({
    ...rest,
    checks: [{ setting, judge: booleanJudge(compliantValue), expected: "a boolean" }],
    absentComplies: azureDefault === compliantValue,
  });
}
