import { ConfigError, parseExpiry } from "./options";
import { readEntry, readPath, type ResourceBinding } from "./read";
import { MalformedValue, UnknownValue, isPlainRecord, normalizeRawValue, type ValueDialect } from "./values";

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
 */

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
const UNTIL = /^until\s+(\S.*)$/i;
/** C0 controls, DEL and the Unicode line separators: a reason is printed on one line in every report. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f\u2028\u2029]/;

/** The grammar in one line, for messages. */
export const EXEMPTION_TAG_GRAMMAR = "'<rule id>[, <rule id>…]; <reason>[; until <YYYY-MM-DD>]'";

/** Where an exemption was written. */
export type ExemptionSource = "config" | "tag" | "construct";

/** An exemption written next to the resource, validated. */
export interface InCodeExemption {
  readonly source: "tag" | "construct";
  /** The tag key as written (`redis-guard-exempt-tls`), or the path of the construct `exempt()` was called on. */
  readonly origin: string;
  /** Rule ids in their canonical spelling (`Azure.Redis.NonSslPort`). */
  readonly rules: readonly string[];
  readonly reason: string;
  /** As written: an ISO date (through the end of that day, UTC) or date-time. */
  readonly expires?: string;
}

/** An in-code exemption that exempts nothing because it could not be read; the finding says why. */
export interface IgnoredExemption {
  readonly source: "tag" | "construct";
  /** The tag key or construct path; absent when the resource's tags as a whole could not be read. */
  readonly origin?: string;
  /** The rules it names, as far as they could be read; empty: it concerns every rule of the resource. */
  readonly rules: readonly string[];
  /** Why, fit to follow "was ignored: " (names what is wrong, never another property's value). */
  readonly problem: string;
}

/** Everything written next to one resource. */
export interface InCodeExemptions {
  readonly exemptions: readonly InCodeExemption[];
  readonly ignored: readonly IgnoredExemption[];
}

export const NO_IN_CODE_EXEMPTIONS: InCodeExemptions = Object.freeze({ exemptions: Object.freeze([]), ignored: Object.freeze([]) });

/** The rules an exemption may name: the core's rules (`allRules`), passed in so the core does not import them. */
export type KnownRules = readonly { readonly id: string }[];

const ruleIndexes = new WeakMap<KnownRules, ReadonlyMap<string, string>>();

/** Rule ids are matched case-insensitively (PSRule's are); reports use the canonical spelling. */
function canonicalRuleId(id: string, rules: KnownRules): string | undefined {
  let index = ruleIndexes.get(rules);
  if (!index) {
    index = new Map(rules.map((rule) => [rule.id.toLowerCase(), rule.id]));
    ruleIndexes.set(rules, index);
  }
  return id.length <= 128 ? index.get(id.toLowerCase()) : undefined;
}

/** Quotes user text in a message, shortened: a message names what is wrong, it does not reprint the input. */
function quote(text: string): string {
  const shown = text.length > 64 ? `${text.slice(0, 64)}…` : text;
  return `'${shown.replace(CONTROL_CHARACTER, "?")}'`;
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string; readonly rules: readonly string[] };

/** Canonical ids of a rule list, or the first problem (with the ids that could be read, for attaching it). */
function parseRuleIds(ids: readonly string[], rules: KnownRules): Parsed<string[]> {
  const canonical: string[] = [];
  const problems: string[] = [];
  for (const raw of ids) {
    const id = raw.trim();
    if (id === "") problems.push("lists an empty rule id");
    else if (id.includes("*")) problems.push(`names ${quote(id)}: wildcards are not accepted, name each rule`);
    else {
      const found = canonicalRuleId(id, rules);
      if (found === undefined && /\s/.test(id)) problems.push(`names ${quote(id)}, which is not a rule of azure-redis-guard (a rule id has no spaces: is a ';' missing?)`);
      else if (found === undefined) problems.push(`names ${quote(id)}, which is not a rule of azure-redis-guard`);
      else if (!canonical.includes(found)) canonical.push(found);
    }
  }
  const [problem] = problems;
  return problem === undefined ? { ok: true, value: canonical } : { ok: false, problem, rules: canonical };
}

function checkReason(reason: string): string | undefined {
  if (reason.trim() === "") return "has no reason: the reason is required, it is what an audit reads";
  if (CONTROL_CHARACTER.test(reason)) return "has a control character (a line break, a tab…) in its reason";
  return undefined;
}

/**
 * Parses the value of an exemption tag:
 *
 *     value   = rules ";" reason [ ";" expiry ]
 *     rules   = rule-id *( "," rule-id )       ; ids of azure-redis-guard's rules, in any case
 *     reason  = text without ";", not blank    ; required
 *     expiry  = "until" 1*WSP date             ; "until" in any case; an ISO date, or date-time with a zone
 *
 * Whitespace around each part, id and comma is ignored. At most 256 characters (Azure's limit for a
 * tag value). Exported for the property test; surfaces call {@link readExemptionTags}.
 */
export function parseExemptionTagValue(value: string, rules: KnownRules): Parsed<Omit<InCodeExemption, "source" | "origin">> {
  if (value.length > AZURE_TAG_VALUE_MAX_LENGTH) {
    return { ok: false, problem: `its value is longer than the ${AZURE_TAG_VALUE_MAX_LENGTH} characters Azure accepts in a tag value`, rules: [] };
  }
  const parts = value.split(";");
  const ruleIds = parseRuleIds((parts[0] as string).split(","), rules);
  const named = ruleIds.ok ? ruleIds.value : ruleIds.rules;
  const fail = (problem: string): Parsed<never> => ({ ok: false, problem, rules: named });
  if (value.trim() === "") return fail(`its value is empty (expected ${EXEMPTION_TAG_GRAMMAR})`);
  if (!ruleIds.ok) return { ...ruleIds, problem: `its value ${ruleIds.problem}` };
  if (parts.length < 2) return fail(`its value has no reason (expected ${EXEMPTION_TAG_GRAMMAR})`);
  if (parts.length > 3) return fail(`its value has more than three ';'-separated parts; a reason cannot contain ';' (expected ${EXEMPTION_TAG_GRAMMAR})`);
  const reason = (parts[1] as string).trim();
  const reasonProblem = checkReason(reason);
  if (reasonProblem) return fail(`its value ${reasonProblem}`);
  if (parts.length === 2) return { ok: true, value: { rules: ruleIds.value, reason } };
  const until = UNTIL.exec((parts[2] as string).trim());
  const expires = until?.[1]?.trim();
  if (expires === undefined || parseExpiry(expires) === undefined) {
    return fail("its expiry must read 'until <YYYY-MM-DD>' (or an ISO date-time with a zone), a real date");
  }
  return { ok: true, value: { rules: ruleIds.value, reason, expires } };
}

type KeyKind = { readonly kind: "exemption" } | { readonly kind: "other" } | { readonly kind: "refused"; readonly problem: string };

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

/** The rules a tag that is ignored for another reason names, so its message goes with those rules' findings. */
function rulesNamedBy(value: unknown, rules: KnownRules): readonly string[] {
  if (typeof value !== "string" || value.length > AZURE_TAG_VALUE_MAX_LENGTH) return [];
  const ids = (value.split(";")[0] as string).split(",");
  return ids.map((id) => canonicalRuleId(id.trim(), rules)).filter((id): id is string => id !== undefined);
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

/** What `RedisPolicyAspect.exempt(construct, request)` takes. */
export interface ExemptionRequest {
  /** One rule id or several (`Azure.Redis.NonSslPort`); matched case-insensitively. */
  readonly rule: string | readonly string[];
  /** Why the resources are exempt; required, on one line. */
  readonly reason: string;
  /** ISO date (`2026-12-31`, through the end of that day UTC) or date-time with a zone; after it the violation returns. */
  readonly expires?: string;
}

/** A construct exemption as stored in construct metadata and in a resource's `"//"` block. */
export interface ConstructExemptionRecord {
  readonly rules: readonly string[];
  readonly reason: string;
  readonly expires?: string;
}

const REQUEST_KEYS: ReadonlySet<string> = new Set(["rule", "reason", "expires"]);

/**
 * Validates an exemption request (the arguments of `RedisPolicyAspect.exempt()`). Throws
 * {@link ConfigError} naming the field at fault (`<field>.rule must be …`), like every other option.
 */
export function parseExemptionRequest(raw: unknown, field: string, rules: KnownRules): ConstructExemptionRecord {
  if (!isPlainRecord(raw)) throw new ConfigError(field, "must be an object { rule, reason, expires? }");
  for (const key of Object.keys(raw)) {
    if (!REQUEST_KEYS.has(key)) throw new ConfigError(`${field}.${key}`, "is not a known field (known: rule, reason, expires)");
  }
  const { rule, reason, expires } = raw;
  const ids = typeof rule === "string" ? [rule] : Array.isArray(rule) && rule.length > 0 && rule.every((id) => typeof id === "string") ? (rule as string[]) : undefined;
  if (ids === undefined) throw new ConfigError(`${field}.rule`, "must be a rule id or a non-empty list of rule ids (such as \"Azure.Redis.NonSslPort\")");
  const parsed = parseRuleIds(ids, rules);
  if (!parsed.ok) throw new ConfigError(`${field}.rule`, parsed.problem);
  if (typeof reason !== "string") throw new ConfigError(`${field}.reason`, "must be a non-empty string saying why the resources are exempt");
  const reasonProblem = checkReason(reason);
  if (reasonProblem) throw new ConfigError(`${field}.reason`, reasonProblem);
  if (expires !== undefined && (typeof expires !== "string" || parseExpiry(expires) === undefined)) {
    throw new ConfigError(`${field}.expires`, "must be an ISO date such as 2026-12-31 or an ISO date-time with a zone");
  }
  return { rules: parsed.value, reason: reason.trim(), ...(expires === undefined ? {} : { expires }) };
}

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

/** The key under a synthesized resource's `"//"` block where construct exemptions are recorded. */
export const EXEMPTIONS_METADATA_KEY = "azure-redis-guard";

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
