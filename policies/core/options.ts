import type { RuleEvaluationOptions } from "./types";

/** A documented exception to a rule for one resource or a glob of them, with a reason on record. */
export interface Exemption {
  /** Glob over the resource's identifiers (Pulumi: URN or name; CDKTF: construct path). `*` any run, `?` one character. */
  readonly resource: string;
  /** Why the exemption exists; required so every exemption can be audited. */
  readonly reason: string;
  /** ISO date (`2026-12-31`, through the end of that day UTC) or date-time after which it no longer applies. */
  readonly expires?: string;
}

/** The configuration one rule takes on every surface. */
export interface RuleConfig extends RuleEvaluationOptions {
  readonly requireExplicit?: boolean;
  readonly exemptions?: readonly Exemption[];
  /**
   * Whether exemptions written next to the resource (a `redis-guard-exempt` tag, `RedisPolicyAspect.exempt()`)
   * are honoured for this rule. Default true; false leaves only the configuration's exemptions, the way
   * cdk-nag lets a pack declare rules that cannot be suppressed.
   */
  readonly allowInCodeExemptions?: boolean;
}

/** A configuration problem, naming the field at fault. Its stack is its message: it is for users. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    /** What is wrong, without the field: "must be true or false". */
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = "ConfigError";
    this.stack = this.message;
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant after which an exemption no longer applies, or `undefined` when the text is not an ISO date. */
export function parseExpiry(text: string): number | undefined {
  const date = ISO_DATE.exec(text);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const endOfDay = Date.UTC(year, month - 1, day, 23, 59, 59, 999);
    const check = new Date(endOfDay);
    // Reject 2026-02-30 and friends rather than letting Date roll them over into March.
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
      return undefined;
    }
    return endOfDay;
  }
  if (ISO_DATE_TIME.test(text)) {
    const instant = Date.parse(text);
    return Number.isNaN(instant) ? undefined : instant;
  }
  return undefined;
}

const RULE_CONFIG_KEYS = new Set(["requireExplicit", "exemptions", "allowInCodeExemptions"]);
const EXEMPTION_KEYS = new Set(["resource", "reason", "expires"]);

/**
 * Validates one rule's configuration from any source (Pulumi policy config, CDKTF aspect options)
 * and returns it typed. Throws {@link ConfigError} naming the first field at fault; unknown keys are
 * refused rather than ignored, because a misspelt `requireExplict` must not silently weaken a control.
 */
export function parseRuleConfig(raw: unknown, prefix: string, extraKeys: ReadonlySet<string> = new Set()): RuleConfig {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ConfigError(prefix, "must be an object");
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!RULE_CONFIG_KEYS.has(key) && !extraKeys.has(key)) {
      throw new ConfigError(`${prefix}.${key}`, `is not a known option (known: ${[...RULE_CONFIG_KEYS, ...extraKeys].join(", ")})`);
    }
  }
  const requireExplicit = record["requireExplicit"];
  if (requireExplicit !== undefined && typeof requireExplicit !== "boolean") {
    throw new ConfigError(`${prefix}.requireExplicit`, "must be true or false");
  }
  const allowInCodeExemptions = record["allowInCodeExemptions"];
  if (allowInCodeExemptions !== undefined && typeof allowInCodeExemptions !== "boolean") {
    throw new ConfigError(`${prefix}.allowInCodeExemptions`, "must be true or false");
  }
  const exemptions = parseExemptions(record["exemptions"], `${prefix}.exemptions`);
  return {
    ...(requireExplicit === undefined ? {} : { requireExplicit }),
    ...(exemptions === undefined ? {} : { exemptions }),
    ...(allowInCodeExemptions === undefined ? {} : { allowInCodeExemptions }),
  };
}

function parseExemptions(raw: unknown, field: string): Exemption[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw new ConfigError(field, "must be a list of { resource, reason, expires? }");
  return raw.map((item, index) => parseExemption(item, `${field}[${index}]`));
}

function parseExemption(raw: unknown, field: string): Exemption {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError(field, "must be an object { resource, reason, expires? }");
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!EXEMPTION_KEYS.has(key)) throw new ConfigError(`${field}.${key}`, "is not a known exemption field (known: resource, reason, expires)");
  }
  const { resource, reason, expires } = record;
  if (typeof resource !== "string" || resource.trim() === "") {
    throw new ConfigError(`${field}.resource`, "must be a non-empty glob of a resource URN, name or construct path");
  }
  if (typeof reason !== "string" || reason.trim() === "") {
    throw new ConfigError(`${field}.reason`, "must be a non-empty string saying why the resource is exempt");
  }
  if (expires !== undefined) {
    if (typeof expires !== "string" || parseExpiry(expires) === undefined) {
      throw new ConfigError(`${field}.expires`, "must be an ISO date such as 2026-12-31 or an ISO date-time with a zone");
    }
    return { resource, reason, expires };
  }
  return { resource, reason };
}
