/**
 * The rule core's shared helpers, for this repository's own code (the `check` CLI, the tests, the benchmarks,
 * the docs generator): not a public entry point. It is not in package.json's `exports`, so a user of the
 * published package cannot import it; it may change in any release. The public API is policies/index.ts.
 */

// Values: the one place raw values become meaning.
export {
  DerivedValue,
  ENCRYPTED_PULUMI_SECRET,
  PULUMI_OUTPUT_SIGNATURE,
  PULUMI_SECRET_SIGNATURE,
  PULUMI_SIGNATURE_KEY,
  PULUMI_UNKNOWN_BOOLEAN,
  describeValueType,
  hasOwn,
  isPlainRecord,
  isPulumiUnknown,
  isTerraformExpression,
  normalizeRawValue,
  readBoolean,
  readString,
} from "./core/values";
export type { BooleanReading, StringReading } from "./core/values";
export { applyUnknownMask } from "./core/unknowns";
export type { UnknownMask } from "./core/unknowns";

// Paths and reading.
export { isOneElementList, pathSegments, walkPath, writePath } from "./core/paths";
export type { PathWalk } from "./core/paths";
export { readEntry, readPath } from "./core/read";
export { ruleCoversKind } from "./core/applicability";

// Configuration and exemptions.
export { parseExpiry } from "./core/options";
export { decideExemption, findExemption, globToRegExp } from "./core/exemptions";
export type { ExemptionDecision, ExemptionSubject } from "./core/exemptions";
export { describeConstructExemption, describeExemption, describeExemptionsNotApplied, exemptBy, exemptionOrigin } from "./core/exemption-wording";
export type { ExemptionOrigin, ExemptionVoice } from "./core/exemption-wording";
export {
  AZURE_TAG_NAME_MAX_LENGTH,
  AZURE_TAG_VALUE_MAX_LENGTH,
  EXEMPTION_TAG_GRAMMAR,
  EXEMPTIONS_METADATA_KEY,
  NO_IN_CODE_EXEMPTIONS,
  classifyTagKey,
  mergeInCodeExemptions,
  parseExemptionRequest,
  parseExemptionTagValue,
  readExemptionTags,
  readRecordedConstructExemptions,
  readResourceExemptionTags,
} from "./core/in-code-exemptions";
export type { ConstructExemptionRecord } from "./core/in-code-exemptions";

// Facts: API versions, provider defaults, guarded types.
export { apiVersionDefaults, compareApiVersions, isApiVersion } from "./core/api-versions";
export { AZURERM_MANAGED_REDIS_DEFAULTS } from "./terraform/provider-defaults";
export { GUARDED_TERRAFORM_TYPES } from "./terraform/bindings";

// Building rules (each rule file uses these).
export { AZURE_TLS_VERSIONS, booleanJudge, choiceJudge, prefixJudge, versionJudge, type VersionScheme } from "./core/judges";
export { defineBooleanSettingRule, defineSettingRule } from "./core/setting-rules";
export type { BooleanSettingRuleSpec } from "./core/setting-rules";
export { defineRetirementRule } from "./core/retirement-rules";

// The project's own links.
export { PROJECT_URL, policyNameOf, ruleDocsUrl } from "./core/project";
