/**
 * `azure-redis-guard`: the rule core, as a user composing their own pack or evaluating a resource needs it:
 * the rules and their metadata, the functions that evaluate them, the view, verdict and finding types, the
 * configuration and exemption types, and the Terraform bindings (the Pulumi ones are in
 * `azure-redis-guard/pulumi`). Framework-free and free of side effects: importing it starts nothing and loads
 * no Pulumi or CDKTF code. Every export is documented in docs/api.md and locked by api/azure-redis-guard.api.md.
 *
 * The helpers the readers and rule files share (value coercion, path walking, tag grammar, exemption
 * wording, rule builders) are not part of it: the repository's own code imports them from policies/internal.ts.
 */

// The rules.
export {
  allRules,
  findRule,
  redisEntraId,
  redisEnterpriseClientProtocol,
  redisEnterpriseLocalAuth,
  redisEnterpriseMigrateAmr,
  redisEnterpriseMinTls,
  redisEnterprisePublicNetworkAccess,
  redisLocalAuth,
  redisMigrateAmr,
  redisMinTls,
  redisNonSslPort,
  redisPublicNetworkAccess,
  redisVersion,
} from "./rules";
export type { CoreRule } from "./rules";
export type { SettingCheck, SettingRule, SettingRuleSpec, SettingRuleWording } from "./core/setting-rules";
export type { RetirementRule, RetirementRuleSpec } from "./core/retirement-rules";
export { Outcome } from "./core/judges";
export type { Judge, Judgement } from "./core/judges";

// Rules, views and verdicts.
export type * from "./core/types";

// Evaluating a resource.
export { buildResourceView } from "./core/read";
export type { ResourceBinding, SettingPaths } from "./core/read";
export { ruleApplies } from "./core/applicability";
export type { MappedSettings } from "./core/applicability";
export { evaluateRule, evaluateResource } from "./core/evaluate";
export type { EvaluationContext, Finding } from "./core/evaluate";
export { planFix } from "./core/fix";
export type { FixPlan } from "./core/fix";
export { MalformedValue, UnknownValue } from "./core/values";
export type { ValueDialect } from "./core/values";
export type { ApiVersion } from "./core/api-versions";

// Terraform bindings (the Pulumi ones are exported by `azure-redis-guard/pulumi`).
export { findTerraformBinding, terraformBindings } from "./terraform/bindings";
export type { TerraformBinding } from "./terraform/bindings";

// Configuration.
export { ConfigError, parseRuleConfig } from "./core/options";
export type { Exemption, RuleConfig } from "./core/options";

// Exemptions.
export type { AppliedExemption, ExemptionMatch, ExemptionState } from "./core/exemptions";
export { EXEMPTION_TAG_KEY, inCodeExemptionsReader } from "./core/in-code-exemptions";
export type { ExemptionRequest, ExemptionSource, IgnoredExemption, InCodeExemption, InCodeExemptions, KnownRules } from "./core/in-code-exemptions";
