/** Which tag keys are exemption tags, and the limits Azure puts on a tag. */

/**
 * The tag key of an exemption; `redis-guard-exempt-<suffix>` keys are exemption tags too, so one resource
 * can carry several (one per reason or expiry). Not `azure-redis-guard-exempt`: Azure reserves tag names
 * that start with `azure`, `microsoft` or `windows` (ARM Tags API: "Tag names cannot have the following
 * prefixes which are reserved for Azure use: 'microsoft', 'azure', 'windows'").
 */
export const EXEMPTION_TAG_KEY = "redis-guard-exempt";

/** Tag keys starting with this (in any case) belong to azure-redis-guard: one it does not know is reported. */
const TAG_NAMESPACE = "redis-guard-";
/** The key an earlier draft suggested; Azure refuses it, so it gets its own explanation. */
const RESERVED_KEY_PREFIX = "azure-redis-guard";

/** Azure's limits on a tag (Azure Resource Manager, "Use tags to organize your Azure resources"). */
export const AZURE_TAG_NAME_MAX_LENGTH = 512;
export const AZURE_TAG_VALUE_MAX_LENGTH = 256;

/** What may follow `redis-guard-exempt-`: none of the characters Azure forbids in tag names (`< > % & \ ? /`). */
const TAG_SUFFIX = /^[A-Za-z0-9._-]+$/;
export type KeyKind = { readonly kind: "exemption" } | { readonly kind: "other" } | { readonly kind: "refused"; readonly problem: string };

function startsWithIgnoringCase(text: string, prefix: string): boolean {
  return text.length >= prefix.length && text.slice(0, prefix.length).toLowerCase() === prefix;
}

/** Whether a tag key is an exemption tag; Azure compares tag names case-insensitively, so do we. */
export function classifyTagKey(key: string): KeyKind {
  if (startsWithIgnoringCase(key, RESERVED_KEY_PREFIX)) {
    return { kind: "refused", problem: `Azure refuses tag names that start with 'azure' (a prefix it reserves): name the tag '${EXEMPTION_TAG_KEY}'` };
  }
  if (!startsWithIgnoringCase(key, TAG_NAMESPACE)) return { kind: "other" };
  if (key.length > AZURE_TAG_NAME_MAX_LENGTH) {
    return { kind: "refused", problem: `its name is longer than the ${AZURE_TAG_NAME_MAX_LENGTH} characters Azure accepts in a tag name` };
  }
  const lower = key.toLowerCase();
  if (lower === EXEMPTION_TAG_KEY) return { kind: "exemption" };
  if (lower.startsWith(`${EXEMPTION_TAG_KEY}-`) && TAG_SUFFIX.test(key.slice(EXEMPTION_TAG_KEY.length + 1))) return { kind: "exemption" };
  return {
    kind: "refused",
    problem: `it is not a tag azure-redis-guard knows: an exemption tag is named '${EXEMPTION_TAG_KEY}' or '${EXEMPTION_TAG_KEY}-<suffix>' (letters, digits, '.', '_', '-')`,
  };
}
