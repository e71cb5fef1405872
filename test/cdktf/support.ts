import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { IConstruct } from "constructs";
import { buildResourceView } from "../../policies/core/read";
import { findTerraformBinding } from "../../policies/terraform/bindings";

/**
 * Helpers that load neither cdktf nor cdktn (the cdktn tests check that nothing loads cdktf);
 * the cdktf-specific ones are in ./cdktf-support.
 */

export const RULE_ID = "Azure.Redis.NonSslPort";
export const V4 = "non_ssl_port_enabled";
export const V3 = "enable_non_ssl_port";

/**
 * The advisory rules whose attribute fails when it is absent (the Azure default is not compliant), so
 * they warn about every `azurerm_redis_cache` that leaves it unset, in the order the aspect annotates.
 */
export const ABSENT_FAILS_RULES = ["Azure.Redis.PublicNetworkAccess", "Azure.Redis.LocalAuth", "Azure.Redis.EntraID"] as const;

/**
 * Azure.Redis.MigrateAMR (PSRule's AZR-000533), advisory: Azure Cache for Redis is retiring, so every
 * `azurerm_redis_cache`, compliant or not, carries this warning, after every other rule's annotation.
 */
export const CACHE_RETIRING = "Azure.Redis.MigrateAMR";

/** Every advisory warning a cache that sets only what azurerm requires gets, in the order the aspect annotates. */
export const BARE_CACHE_WARNINGS = [...ABSENT_FAILS_RULES, CACHE_RETIRING] as const;

/** Every attribute some rule reads on an `azurerm_redis_cache`, with a compliant value (azurerm 4.x names). */
export const COMPLIANT_CACHE_ATTRIBUTES: Readonly<Record<string, unknown>> = {
  [V4]: false,
  minimum_tls_version: "1.2",
  public_network_access_enabled: false,
  access_keys_authentication_enabled: false,
  redis_configuration: { active_directory_authentication_enabled: true },
  redis_version: "6",
};

const tempDirs: string[] = [];

/** A fresh output directory under the OS temp dir; {@link removeTempDirs} deletes them all. */
export function tempOutdir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arg-cdktf-"));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export type Level = "error" | "warning" | "info";

export interface Annotation {
  readonly path: string;
  readonly level: Level;
  readonly message: string;
}

const LEVELS: Readonly<Record<string, Level>> = { "@cdktf/error": "error", "@cdktf/warn": "warning", "@cdktf/info": "info" };

/** Every annotation in the subtree of `scope`, as synthesis collects them into the manifest. */
export function annotationsUnder(scope: IConstruct): Annotation[] {
  return scope.node.findAll().flatMap((node) =>
    node.node.metadata.flatMap((entry) => {
      const level = LEVELS[entry.type];
      return level ? [{ path: node.node.path, level, message: String(entry.data) }] : [];
    }),
  );
}

/**
 * The annotations of one rule (default: Azure.Redis.NonSslPort): every message the aspect writes for a
 * rule starts with `<rule id>:`. Other rules annotate the same caches (three advisory rules warn about
 * a cache that leaves their attribute unset), so a test about one rule looks at that rule's only.
 */
export function ofRule(annotations: readonly Annotation[], ruleId: string = RULE_ID): Annotation[] {
  return annotations.filter((a) => a.message.startsWith(`${ruleId}:`));
}

/** {@link annotationsUnder} for one rule. */
export function ruleAnnotationsUnder(scope: IConstruct, ruleId: string = RULE_ID): Annotation[] {
  return ofRule(annotationsUnder(scope), ruleId);
}

/**
 * The verdict the aspect reached for one rule (default: Azure.Redis.NonSslPort) on the construct at
 * `path`, read from its annotations: an error is a failure, a warning an unknown. That reading holds
 * for a mandatory rule at the default `level` only (an advisory rule's failure is a warning too).
 */
export function verdictFromAnnotations(scope: IConstruct, constructPath: string, ruleId: string = RULE_ID): "pass" | "fail" | "unknown" {
  const levels = ruleAnnotationsUnder(scope, ruleId)
    .filter((a) => a.path === constructPath)
    .map((a) => a.level);
  if (levels.includes("error")) return "fail";
  if (levels.includes("warning")) return "unknown";
  return "pass";
}

/** `Testing.synth` output parsed, or the `cdk.tf.json` a real synth wrote. */
export function parseSynth(json: string): { resource?: Record<string, Record<string, Record<string, unknown>>> } {
  return JSON.parse(json) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
}

export function writtenStack(app: { readonly outdir: string }, stackId: string): { resource?: Record<string, Record<string, Record<string, unknown>>> } {
  return parseSynth(fs.readFileSync(path.join(app.outdir, "stacks", stackId, "cdk.tf.json"), "utf8"));
}

/** Runs `fn` with an environment variable set, restoring the previous value afterwards. */
export function withEnv<T>(name: string, value: string, fn: () => T): T {
  const previous = process.env[name];
  process.env[name] = value;
  try {
    return fn();
  } finally {
    if (previous === undefined) delete process.env[name];
    else process.env[name] = previous;
  }
}

/** The view the rules get of `attributes` of a resource of `terraformType` (what decides every verdict). */
export function terraformViewOf(terraformType: string, attributes: unknown) {
  const binding = findTerraformBinding(terraformType);
  if (!binding) throw new Error(`no binding for ${terraformType}`);
  return buildResourceView(binding, "cache", attributes, "terraform");
}
