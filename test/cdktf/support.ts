import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { IConstruct } from "constructs";

/**
 * Helpers that load neither cdktf nor cdktn (the cdktn tests check that nothing loads cdktf);
 * the cdktf-specific ones are in ./cdktf-support.
 */

export const RULE_ID = "Azure.Redis.NonSslPort";
export const V4 = "non_ssl_port_enabled";
export const V3 = "enable_non_ssl_port";

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

/** The verdict the aspect reached on the construct at `path`, read from its annotations. */
export function verdictFromAnnotations(scope: IConstruct, constructPath: string): "pass" | "fail" | "unknown" {
  const levels = annotationsUnder(scope)
    .filter((a) => a.path === constructPath && a.message.startsWith(`${RULE_ID}:`))
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
