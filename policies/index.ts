/**
 * azure-redis-guard's rule core: rules, their metadata and the functions that evaluate them.
 * Framework-free and free of side effects: importing it starts nothing and loads no Pulumi or CDKTF code.
 */
export type * from "./core/types";
export { UnknownValue, MalformedValue, DerivedValue, readBoolean, readString, normalizeRawValue, isPulumiUnknown, isTerraformExpression, ENCRYPTED_PULUMI_SECRET } from "./core/values";
export { applyUnknownMask } from "./core/unknowns";
export type { UnknownMask } from "./core/unknowns";
export type { BooleanReading, StringReading, ValueDialect } from "./core/values";
export { buildResourceView, readEntry, readPath } from "./core/read";
export type { ResourceBinding, SettingPaths } from "./core/read";
export { ConfigError, parseRuleConfig, parseExpiry } from "./core/options";
export type { Exemption, RuleConfig } from "./core/options";
export { decideExemption, describeExemption, describeExemptionsNotApplied, findExemption, globToRegExp } from "./core/exemptions";
export type { AppliedExemption, ExemptionDecision, ExemptionMatch, ExemptionState, ExemptionSubject } from "./core/exemptions";
export {
  EXEMPTION_TAG_KEY,
  EXEMPTIONS_METADATA_KEY,
  NO_IN_CODE_EXEMPTIONS,
  classifyTagKey,
  inCodeExemptionsReader,
  mergeInCodeExemptions,
  parseExemptionRequest,
  parseExemptionTagValue,
  readExemptionTags,
  readRecordedConstructExemptions,
  readResourceExemptionTags,
} from "./core/in-code-exemptions";
export type {
  ConstructExemptionRecord,
  ExemptionRequest,
  ExemptionSource,
  IgnoredExemption,
  InCodeExemption,
  InCodeExemptions,
  KnownRules,
} from "./core/in-code-exemptions";
export { evaluateRule, evaluateResource } from "./core/evaluate";
export { ruleApplies } from "./core/applicability";
export { apiVersionDefaults, compareApiVersions, isApiVersion } from "./core/api-versions";
export type { ApiVersion } from "./core/api-versions";
export { planFix } from "./core/fix";
export type { FixPlan } from "./core/fix";
export type { Finding, EvaluationContext } from "./core/evaluate";
export { PROJECT_URL, ruleDocsUrl, policyNameOf } from "./core/project";
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
export { AZURE_TLS_VERSIONS, booleanJudge, choiceJudge, prefixJudge, versionJudge, Outcome, type VersionScheme } from "./core/judges";
export type { Judge, Judgement } from "./core/judges";
export { defineSettingRule, defineBooleanSettingRule } from "./core/setting-rules";
export type { SettingCheck, SettingRule, SettingRuleSpec, SettingRuleWording } from "./core/setting-rules";
export { defineRetirementRule } from "./core/retirement-rules";
export type { RetirementRule, RetirementRuleSpec } from "./core/retirement-rules";
