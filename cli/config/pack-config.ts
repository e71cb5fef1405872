import * as fs from "node:fs";
import { allRules, ConfigError, parseRuleConfig, type Rule, type RuleConfig } from "../../policies";
import type { PolicyConfigEntry } from "../engine/analyzer-client";
import { isPlainRecord } from "../../policies/core/values";
import { CheckError } from "../check-error";
import type { EnforcementLevel } from "../report/model";

/**
 * `--policy-pack-config <file>` in the Pulumi CLI's own format, so one file serves
 * `pulumi preview --policy-pack-config` and `check` alike:
 *
 *     { "all": "advisory",
 *       "azure-redis-non-ssl-port": { "enforcementLevel": "mandatory", "requireExplicit": true, "exemptions": [...] } }
 *
 * A policy's value is an enforcement level or an object of `enforcementLevel` plus the policy's
 * properties; `all` sets the level of every policy that does not set its own. Properties are
 * validated by the core's `parseRuleConfig`, the same function the pack runs, so a config that the
 * check accepts is one the pack accepts.
 */
export interface RuleSettings {
  readonly rule: Rule;
  readonly enforcementLevel: EnforcementLevel;
  /** Validated properties, for the Terraform input (the core evaluates them). */
  readonly config: RuleConfig;
  /** The properties exactly as written, for the Pulumi input (the pack validates and reads them). */
  readonly rawProperties: Record<string, unknown>;
}

export interface CheckConfig {
  readonly file?: string;
  readonly rules: readonly RuleSettings[];
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

function parseLevel(raw: unknown, field: string): EnforcementLevel {
  if (typeof raw === "string" && (LEVELS as readonly string[]).includes(raw)) return raw as EnforcementLevel;
  throw new ConfigError(field, `must be one of ${LEVELS.join(", ")}`);
}

/** Parses a config document (already JSON-decoded). Throws {@link ConfigError} naming the field at fault. */
export function parsePackConfig(document: unknown, rules: readonly Rule[] = allRules): Omit<CheckConfig, "file"> {
  if (document === undefined) document = {};
  if (!isPlainRecord(document)) throw new ConfigError("the policy pack config", "must be a JSON object keyed by policy name");
  const known = new Map(rules.map((rule) => [rule.policyName, rule]));
  for (const key of Object.keys(document)) {
    if (key !== "all" && !known.has(key)) {
      // A misspelt policy name would silently leave that policy at its defaults: refuse it.
      throw new ConfigError(key, `is not a policy of this pack (policies: ${[...known.keys()].join(", ")}; "all" sets every policy's level)`);
    }
  }
  const all = document["all"];
  let allLevel: EnforcementLevel | undefined;
  if (all !== undefined) {
    if (isPlainRecord(all)) {
      for (const key of Object.keys(all)) if (key !== "enforcementLevel") throw new ConfigError(`all.${key}`, "is not allowed: `all` only sets enforcementLevel");
      allLevel = all["enforcementLevel"] === undefined ? undefined : parseLevel(all["enforcementLevel"], "all.enforcementLevel");
    } else {
      allLevel = parseLevel(all, "all");
    }
  }
  return {
    rules: rules.map((rule) => {
      const entry = document[rule.policyName];
      let level: EnforcementLevel | undefined;
      let rawProperties: Record<string, unknown> = {};
      if (typeof entry === "string") {
        level = parseLevel(entry, rule.policyName);
      } else if (isPlainRecord(entry)) {
        const { enforcementLevel, ...properties } = entry;
        if (enforcementLevel !== undefined) level = parseLevel(enforcementLevel, `${rule.policyName}.enforcementLevel`);
        rawProperties = properties;
      } else if (entry !== undefined) {
        throw new ConfigError(rule.policyName, "must be an enforcement level or an object { enforcementLevel?, ...properties }");
      }
      return {
        rule,
        enforcementLevel: level ?? allLevel ?? rule.defaultEnforcement,
        config: parseRuleConfig(rawProperties, rule.policyName),
        rawProperties,
      };
    }),
  };
}

/** Reads and validates `--policy-pack-config`; no file means every rule at its defaults. */
export function loadPackConfig(file: string | undefined): CheckConfig {
  if (file === undefined) return parsePackConfig({});
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CheckError(`cannot read the policy pack config ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new CheckError(`the policy pack config ${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return { file, ...parsePackConfig(document) };
  } catch (error) {
    if (error instanceof ConfigError) throw new CheckError(`invalid policy pack config ${file}: ${error.message}`);
    throw error;
  }
}

/** The ConfigureAnalyzer request the Pulumi CLI sends for this config: every policy, its level and properties. */
export function analyzerConfiguration(config: CheckConfig): Record<string, PolicyConfigEntry> {
  return Object.fromEntries(
    config.rules.map((settings) => [settings.rule.policyName, { enforcementLevel: settings.enforcementLevel, properties: settings.rawProperties }]),
  );
}

/** How a non-pass result counts in a check: `remediate` blocks like `mandatory` (Analyze does the same). */
export function countingLevel(level: EnforcementLevel): "mandatory" | "advisory" {
  return level === "mandatory" || level === "remediate" ? "mandatory" : "advisory";
}
