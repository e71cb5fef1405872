import { readEntry, readPath, type ResourceBinding } from "../read";
import { MalformedValue, UnknownValue, isPlainRecord, normalizeRawValue, type ValueDialect } from "../values";
import { classifyTagKey } from "./tag-keys";
import { EXEMPTION_TAG_GRAMMAR, parseExemptionTagValue, rulesNamedBy, type Parsed } from "./tag-grammar";
import { NO_IN_CODE_EXEMPTIONS, type IgnoredExemption, type InCodeExemption, type InCodeExemptions, type KnownRules } from "./types";

/** Reads a resource's in-code exemptions: its exemption tags, and the records its surface found elsewhere. */

/** Describes a value's kind for a message, never its content. */
function kindOf(value: unknown): string {
  if (value instanceof MalformedValue) return value.description;
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * The exemptions in a resource's tags. `tags` is the raw value of the resource's tags property in the
 * reader's dialect: a map, a Pulumi secret or unknown, a Terraform expression, absent. Never throws.
 *
 * - An exemption tag whose value is unknown (Pulumi during preview, a Terraform expression) exempts nothing,
 *   and says so: preview or synth cannot know whether it will exempt, and a violation must not pass unseen.
 * - Two exemption tags whose names differ only in case are one tag to Azure: both are ignored.
 * - Other tags are not looked at beyond their names, and their values are never read or printed.
 */
export function readExemptionTags(tags: unknown, dialect: ValueDialect, rules: KnownRules): InCodeExemptions {
  try {
    return readTagMap(tags, dialect, rules);
  } catch (error) {
    // Not expected (every read above is guarded), but a surface must never fail on a tag: fail closed, say so.
    const what = error instanceof Error ? error.name : typeof error;
    return { exemptions: [], ignored: [{ source: "tag", rules: [], problem: `the resource's tags could not be read (${what}), so no exemption tag among them can apply` }] };
  }
}

function readTagMap(tags: unknown, dialect: ValueDialect, rules: KnownRules): InCodeExemptions {
  const map = normalizeRawValue(tags, dialect);
  if (map === undefined || map === null) return NO_IN_CODE_EXEMPTIONS;
  if (map instanceof UnknownValue) {
    return { exemptions: [], ignored: [{ source: "tag", rules: [], problem: `the resource's tags cannot be read yet (${map.why}), so no exemption tag among them can apply` }] };
  }
  if (map instanceof MalformedValue || !isPlainRecord(map)) {
    return { exemptions: [], ignored: [{ source: "tag", rules: [], problem: `the resource's tags are ${kindOf(map)}, not a map of tag names to values, so no exemption tag can be read` }] };
  }
  const exemptions: InCodeExemption[] = [];
  const ignored: IgnoredExemption[] = [];
  const keysByName = new Map<string, string[]>();
  for (const key of Object.keys(map)) {
    const kind = classifyTagKey(key);
    if (kind.kind === "other") continue;
    if (kind.kind === "refused") {
      ignored.push({ source: "tag", origin: key, rules: rulesNamedBy(readEntry(map, key, dialect), rules), problem: kind.problem });
      continue;
    }
    const name = key.toLowerCase();
    keysByName.set(name, [...(keysByName.get(name) ?? []), key]);
  }
  for (const keys of keysByName.values()) {
    if (keys.length > 1) {
      for (const key of keys) {
        ignored.push({
          source: "tag",
          origin: key,
          rules: rulesNamedBy(readEntry(map, key, dialect), rules),
          problem: `Azure compares tag names case-insensitively, so ${keys.map((k) => `'${k}'`).join(" and ")} are one tag there and cannot both be kept`,
        });
      }
      continue;
    }
    const key = keys[0] as string;
    const parsed = parseTagEntry(readEntry(map, key, dialect), rules);
    if (parsed.ok) exemptions.push({ source: "tag", origin: key, ...parsed.value });
    else ignored.push({ source: "tag", origin: key, rules: parsed.rules, problem: parsed.problem });
  }
  return exemptions.length === 0 && ignored.length === 0 ? NO_IN_CODE_EXEMPTIONS : { exemptions, ignored };
}

function parseTagEntry(value: unknown, rules: KnownRules): Parsed<Omit<InCodeExemption, "source" | "origin">> {
  if (value instanceof UnknownValue) return { ok: false, problem: `its value cannot be read yet (${value.why}); write it as a literal`, rules: [] };
  if (value === undefined || value === null) return { ok: false, problem: `it has no value (expected ${EXEMPTION_TAG_GRAMMAR})`, rules: [] };
  if (typeof value !== "string") return { ok: false, problem: `its value is ${kindOf(value)}, not text (expected ${EXEMPTION_TAG_GRAMMAR})`, rules: [] };
  return parseExemptionTagValue(value, rules);
}

/**
 * The exemptions in the tags of a resource whose properties are `properties` (a Pulumi `args.props`, a
 * synthesized Terraform block, a plan's `after`, a state's `values`): what every reader calls. A type with
 * no tags property has none.
 */
export function readResourceExemptionTags(binding: ResourceBinding, properties: unknown, dialect: ValueDialect, rules: KnownRules): InCodeExemptions {
  if (binding.tagsProperty === undefined) return NO_IN_CODE_EXEMPTIONS;
  return readExemptionTags(readPath(properties, binding.tagsProperty, dialect), dialect, rules);
}

/** Both kinds of in-code exemption of one resource together. */
export function mergeInCodeExemptions(...parts: readonly InCodeExemptions[]): InCodeExemptions {
  const nonEmpty = parts.filter((p) => p.exemptions.length > 0 || p.ignored.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? NO_IN_CODE_EXEMPTIONS;
  return { exemptions: nonEmpty.flatMap((p) => p.exemptions), ignored: nonEmpty.flatMap((p) => p.ignored) };
}

/**
 * A resource's in-code exemptions as every surface reads them: its exemption tags (through the binding's
 * `tagsProperty`) and those the surface recorded elsewhere (`RedisPolicyAspect.exempt()` records), read on the
 * first call and remembered. Evaluation calls it only for a finding that does not pass, and most resources pass.
 */
export function inCodeExemptionsReader(
  binding: ResourceBinding,
  properties: unknown,
  dialect: ValueDialect,
  rules: KnownRules,
  recorded?: () => InCodeExemptions,
): () => InCodeExemptions {
  let read: InCodeExemptions | undefined;
  return () => (read ??= mergeInCodeExemptions(readResourceExemptionTags(binding, properties, dialect, rules), recorded?.() ?? NO_IN_CODE_EXEMPTIONS));
}
