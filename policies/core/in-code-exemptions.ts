/**
 * Exemptions written next to the resource, read the same way by every surface:
 *
 * - a **tag** on the resource (Pulumi azure-native and classic, Terraform / CDKTF `tags`), which reaches
 *   Azure, so the exemption stays visible on the resource itself;
 * - **`RedisPolicyAspect.exempt(construct, …)`** in a CDKTF app, recorded as construct metadata and in the
 *   synthesized resource's `"//"` block, where `check` reads it.
 *
 * Both carry the rule id(s), a required reason and an optional expiry, like the configuration's exemptions.
 * Anything malformed exempts nothing: it is returned as an {@link IgnoredExemption} whose problem the
 * finding's message states, so a typo can never become a silent exemption.
 *
 * One module per responsibility under in-code/: the tag keys, the grammar (rule ids, reason, tag value),
 * the validation of an exempt() request, the `"//"` records, and the reader every surface calls.
 */
export type { ExemptionSource, IgnoredExemption, InCodeExemption, InCodeExemptions, KnownRules } from "./in-code/types";
export { NO_IN_CODE_EXEMPTIONS } from "./in-code/types";
export { AZURE_TAG_NAME_MAX_LENGTH, AZURE_TAG_VALUE_MAX_LENGTH, EXEMPTION_TAG_KEY, classifyTagKey } from "./in-code/tag-keys";
export { EXEMPTION_TAG_GRAMMAR, parseExemptionTagValue } from "./in-code/tag-grammar";
export { parseExemptionRequest } from "./in-code/request";
export type { ConstructExemptionRecord, ExemptionRequest } from "./in-code/request";
export { EXEMPTIONS_METADATA_KEY, readRecordedConstructExemptions } from "./in-code/records";
export { inCodeExemptionsReader, mergeInCodeExemptions, readExemptionTags, readResourceExemptionTags } from "./in-code/reader";
