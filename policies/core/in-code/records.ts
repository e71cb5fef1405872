import { ConfigError } from "../options";
import { isPlainRecord } from "../values";
import { parseExemptionRequest } from "./request";
import { rulesNamedBy } from "./tag-grammar";
import { NO_IN_CODE_EXEMPTIONS, type IgnoredExemption, type InCodeExemption, type InCodeExemptions, type KnownRules } from "./types";

/** The `"//"` records `RedisPolicyAspect.exempt()` writes into the synthesized resources it covers, for `check`. */

/** The key under a synthesized resource's `"//"` block where construct exemptions are recorded. */
export const EXEMPTIONS_METADATA_KEY = "azure-redis-guard";

/**
 * Reads construct exemptions recorded in a synthesized resource's `"//"` block (see {@link EXEMPTIONS_METADATA_KEY}):
 * what `check` reads from `cdk.tf.json`. A record that does not validate is ignored and says why.
 */
export function readRecordedConstructExemptions(comment: unknown, rules: KnownRules): InCodeExemptions {
  const block = isPlainRecord(comment) ? comment[EXEMPTIONS_METADATA_KEY] : undefined;
  if (block === undefined) return NO_IN_CODE_EXEMPTIONS;
  const list = isPlainRecord(block) ? block["exemptions"] : undefined;
  if (!Array.isArray(list)) {
    return { exemptions: [], ignored: [{ source: "construct", rules: [], problem: `the "//" block's "${EXEMPTIONS_METADATA_KEY}" is not { "exemptions": [...] }` }] };
  }
  const exemptions: InCodeExemption[] = [];
  const ignored: IgnoredExemption[] = [];
  list.forEach((item: unknown, index) => {
    const origin = isPlainRecord(item) && typeof item["construct"] === "string" ? item["construct"] : undefined;
    try {
      if (origin === undefined) throw new ConfigError(`exemptions[${index}].construct`, "must be the path of the construct exempt() was called on");
      const { construct: _construct, rules: ids, ...rest } = item as Record<string, unknown>;
      exemptions.push({ source: "construct", origin, ...parseExemptionRequest({ ...rest, rule: ids }, `exemptions[${index}]`, rules) });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const named = isPlainRecord(item) && Array.isArray(item["rules"]) ? rulesNamedBy((item["rules"] as unknown[]).filter((r) => typeof r === "string").join(","), rules) : [];
      ignored.push({ source: "construct", ...(origin === undefined ? {} : { origin }), rules: named, problem: `its record ${error.message.replace(`exemptions[${index}].`, "")}` });
    }
  });
  return { exemptions, ignored };
}
