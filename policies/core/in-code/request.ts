import { ConfigError, parseExpiry } from "../options";
import { isPlainRecord } from "../values";
import { checkReason, parseRuleIds } from "./tag-grammar";
import type { KnownRules } from "./types";

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
