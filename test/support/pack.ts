import { afterAll, afterEach, beforeAll } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { AnalyzerConnection } from "../../cli/engine/analyzer-client";
import { startPolicyPack, type PackProcess } from "../../cli/engine/pack-process";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * The pack the engine-protocol tests start: this checkout's, or, with AZURE_REDIS_GUARD_PACK_DIR, a published pack
 * unpacked and installed elsewhere (`npm run test:from-tarball` runs the protocol suites so, from an offline install).
 */
export const PACK_DIR = process.env["AZURE_REDIS_GUARD_PACK_DIR"] ? path.resolve(process.env["AZURE_REDIS_GUARD_PACK_DIR"]) : REPO_ROOT;

export interface RunningPack {
  readonly process: PackProcess;
  readonly engine: AnalyzerConnection;
  stop(): Promise<void>;
}

/** Starts the pack (PACK_DIR) as the Pulumi CLI does and connects to it as the engine does. */
export async function startRepoPack(env?: NodeJS.ProcessEnv): Promise<RunningPack> {
  if (!fs.existsSync(path.join(PACK_DIR, "dist", "policies", "pack.js"))) {
    throw new Error(`${PACK_DIR}/dist/ is missing: run \`npm run build\` (npm ci and npm test do it) before the engine-protocol tests.`);
  }
  const process = await startPolicyPack(PACK_DIR, env ? { env } : {});
  const engine = new AnalyzerConnection(process.port);
  return {
    process,
    engine,
    async stop() {
      engine.close();
      await process.stop();
    },
  };
}

export function pulumiSecret(value: unknown): Record<string, unknown> {
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

/**
 * For a test file that speaks to one running pack: starts it before the file's tests, stops it after them,
 * and resets its configuration after each test so no test sees another's policy config.
 */
export function useRepoPack(): () => RunningPack {
  let pack: RunningPack | undefined;
  beforeAll(async () => {
    pack = await startRepoPack();
  });
  afterAll(async () => {
    await pack?.stop();
  });
  afterEach(async () => {
    await pack?.engine.configure({});
  });
  return () => {
    if (!pack) throw new Error("the pack is not running: call useRepoPack() at the top level of the test file");
    return pack;
  };
}
