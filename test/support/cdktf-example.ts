import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./pack";
import { CDKTF_EXAMPLE, tempDir } from "./cli";

/**
 * Synthesizes examples/cdktf-azurerm into a temporary cdktf.out as `cdktf synth` does: the app command
 * from cdktf.json, CDKTF_OUTDIR, and CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS so the aspect's error on
 * the violating stack is recorded instead of aborting. `npm run typecheck` type-checks the app, so
 * ts-node only transpiles here.
 */
export function synthesizeCdktfExample(): string {
  const outdir = path.join(tempDir("cdktf"), "cdktf.out");
  const { app } = JSON.parse(fs.readFileSync(path.join(CDKTF_EXAMPLE, "cdktf.json"), "utf8")) as { app: string };
  const run = spawnSync(app, {
    cwd: CDKTF_EXAMPLE,
    shell: true,
    encoding: "utf8",
    timeout: 120_000,
    env: {
      ...process.env,
      CDKTF_OUTDIR: outdir,
      CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true",
      TS_NODE_TRANSPILE_ONLY: "true",
      PATH: `${path.join(REPO_ROOT, "node_modules", ".bin")}${path.delimiter}${process.env["PATH"] ?? ""}`,
    },
  });
  if (run.status !== 0 || !fs.existsSync(path.join(outdir, "manifest.json"))) {
    throw new Error(`synthesizing ${CDKTF_EXAMPLE} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return outdir;
}
