import type { EnforcementLevel, ResourceValidationArgs, ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";
import { ruleApplies, ruleCoversKind } from "../core/applicability";
import { evaluateRule, type Finding } from "../core/evaluate";
import { planFix } from "../core/fix";
import { inCodeExemptionsReader } from "../core/in-code-exemptions";
import { walkPath, writePath } from "../core/paths";
import { buildResourceView } from "../core/read";
import type { ResourceView, Rule, SettingName } from "../core/types";
import { PULUMI_UNKNOWN_BOOLEAN, UnknownValue } from "../core/values";
import { allRules } from "../rules";
import { findPulumiBinding, type PulumiBinding } from "./bindings";
import { parsePulumiRuleConfig, ruleConfigSchema } from "./config";
import { undecryptedSecretError, undecryptedSecretProperty } from "./undecrypted-secret";

export interface PulumiPolicyOptions {
  /** Overrides each rule's default enforcement level (config can still change it per stack). */
  readonly enforcementLevel?: EnforcementLevel;
}

interface PulumiEvaluation {
  readonly finding: Finding;
  readonly view: ResourceView;
  readonly binding: PulumiBinding;
}

/**
 * Tells the SDK the rule does not apply to this resource. The SDK only takes that as a thrown error; a
 * stack trace for it is wasted work on every unrelated resource of every preview, so none is captured.
 */
function reportNotApplicable(args: ResourceValidationArgs, reason: string): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    args.notApplicable(reason);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const settingsByRule = new WeakMap<Rule, ReadonlySet<SettingName> | undefined>();

/** The settings a rule reads, so a policy reads only those through the SDK's proxy (all, if it does not say). */
function settingsOf(rule: Rule): ReadonlySet<SettingName> | undefined {
  if (!settingsByRule.has(rule)) settingsByRule.set(rule, rule.settingsRead ? new Set(rule.settingsRead) : undefined);
  return settingsByRule.get(rule);
}

/** Evaluates one rule on the resource in `args`, or `undefined` when the rule does not apply. */
function evaluateForPulumi(rule: Rule, args: ResourceValidationArgs): PulumiEvaluation | undefined {
  const binding = findPulumiBinding(args.type);
  if (!binding || !ruleApplies(rule, binding)) return undefined;
  const config = parsePulumiRuleConfig(rule.policyName, args.getConfig());
  const view = buildResourceView(binding, args.name, args.props, "pulumi", settingsOf(rule));
  const inCodeExemptions = inCodeExemptionsReader(binding, args.props, "pulumi", allRules);
  return { finding: evaluateRule(rule, view, config, { identifiers: [args.urn, args.name], inCodeExemptions }), view, binding };
}

/**
 * Hands an unknown back to the SDK, which reports "can't run policy ... during preview" as an
 * advisory: the same thing every CrossGuard policy shows for a value it cannot see yet. The core
 * read the value past the SDK's proxy (see readOwn in core/read.ts), so the property is read again
 * through the proxy, whose own UnknownValueError names the value's type and path as the SDK words it.
 */
function raiseUnknown({ finding, view }: PulumiEvaluation, props: Record<string, unknown>): never {
  // The SDK reports the error's message, never its stack: don't make V8 capture one.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (const property of finding.verdict.properties) {
      try {
        // Plain property access through the SDK's proxy, into a one-element list's element as the core reads.
        walkPath(props, property);
      } catch (error) {
        if (error instanceof UnknownValueError) throw error;
      }
    }
  } finally {
    Error.stackTraceLimit = limit;
  }
  for (const sources of Object.values(view.settings)) {
    for (const source of sources ?? []) {
      if (!finding.verdict.properties.includes(source.property)) continue;
      if (source.value instanceof UnknownValue && source.value.cause instanceof UnknownValueError) throw source.value.cause;
    }
  }
  const secret = undecryptedSecretProperty(view, finding.verdict.properties);
  if (secret !== undefined) throw undecryptedSecretError(secret, finding.message);
  throw new UnknownValueError(PULUMI_UNKNOWN_BOOLEAN, finding.verdict.properties.slice(0, 1));
}

/** Builds the CrossGuard policy for one rule of the core. */
export function createPulumiPolicy(rule: Rule, options: PulumiPolicyOptions = {}): ResourceValidationPolicy {
  const policy: ResourceValidationPolicy = {
    name: rule.policyName,
    displayName: rule.title,
    // Short on purpose: the SDK repeats it in front of every violation message. The full text is at `url`.
    description: `${rule.id}${rule.ref ? ` (${rule.ref})` : ""}: ${rule.recommendation}`,
    enforcementLevel: options.enforcementLevel ?? rule.defaultEnforcement,
    severity: rule.severity,
    ...(rule.control
      ? {
          framework: {
            name: rule.control.framework,
            version: rule.control.version,
            reference: rule.control.id,
            specification: rule.control.title,
          },
        }
      : {}),
    tags: ["azure", "redis", rule.pillar.toLowerCase(), rule.category.toLowerCase(), rule.id],
    remediationSteps: rule.remediationSteps,
    url: rule.docsUrl,
    configSchema: ruleConfigSchema,
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      // A resource this rule is not about (outside the Redis family, or another kind of Redis resource):
      // say nothing. A not-applicable entry from each policy for every such resource of every preview
      // was most of the pack's own cost per call. A resource of the rule's kind whose type cannot
      // express the setting it checks is different: the policy says so, and why.
      const binding = findPulumiBinding(args.type);
      if (!binding || !ruleCoversKind(rule, binding.kind)) return;
      const evaluation = evaluateForPulumi(rule, args);
      if (!evaluation) return reportNotApplicable(args, `${rule.id} cannot be checked on ${args.type}: the type has no setting for it`);
      const { finding } = evaluation;
      if (!finding.reportable) return;
      if (finding.verdict.status === "unknown") raiseUnknown(evaluation, args.props);
      reportViolation(finding.message);
    },
  };
  if (rule.fix) {
    policy.remediateResource = (args: ResourceValidationArgs) => {
      const evaluation = evaluateForPulumi(rule, args);
      if (!evaluation || !evaluation.finding.reportable) return undefined;
      const plan = planFix(rule, evaluation.binding, evaluation.view);
      // An unsafe fix is left to the violation, whose message says how to fix it by hand.
      if (plan?.kind !== "write") return undefined;
      // Through the SDK's proxies, so secretness is preserved.
      for (const path of plan.paths) writePath(args.props, path, plan.value);
      return args.props;
    };
  }
  return policy;
}

/**
 * The pack's policies as plain objects, for an organisation that composes them into its own pack:
 * `new PolicyPack("org-pack", { policies: [...createPulumiPolicies(), ...ourOwn] })`.
 */
export function createPulumiPolicies(options: PulumiPolicyOptions = {}, rules: readonly Rule[] = allRules): ResourceValidationPolicy[] {
  return rules.map((rule) => createPulumiPolicy(rule, options));
}
