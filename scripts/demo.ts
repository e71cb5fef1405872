/**
 * `npm run demo`: the guard on both examples, offline, right after `npm ci`.
 *
 *   1. `azure-redis-guard check examples/pulumi-azure-native` (the program runs under Pulumi's mocks,
 *      the pack analyzes every resource over the real analyzer protocol);
 *   2. synthesizes examples/cdktf-azurerm the way `cdktf synth` does (its cdktf.json `app` command, with
 *      CDKTF_OUTDIR and CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) into a temporary directory and shows
 *      the aspect's annotations, then `azure-redis-guard check <that cdktf.out>`;
 *   3. a two-line summary. Exit 0 only when both checks ran and found exactly what the examples contain.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CheckReport } from "../cli/report/model";

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "dist", "cli", "main.js");
const PULUMI_EXAMPLE = path.join("examples", "pulumi-azure-native");
const CDKTF_EXAMPLE = path.join("examples", "cdktf-azurerm");

/** What the examples contain: the demo fails if a check finds anything else. */
const EXPECTED = {
  pulumi: { failing: ["legacy-cache"], passing: ["compliant-cache"] },
  cdktf: { failing: ["violating/legacy-cache"], passing: ["compliant/compliant-cache"] },
};

const bold = (text: string): string => (process.stdout.isTTY && !process.env["NO_COLOR"] ? `\u001b[1m${text}\u001b[22m` : text);

function heading(text: string): void {
  process.stdout.write(`\n${bold(text)}\n\n`);
}

/** Runs `check`, letting its report through to this terminal, and reads the JSON report it also wrote. */
function check(target: string, jsonReport: string): { status: number | null; report?: CheckReport } {
  process.stdout.write(`\n$ azure-redis-guard check ${target}\n\n`);
  const run = spawnSync(process.execPath, [BIN, "check", target, "--json-report", jsonReport], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  const report = fs.existsSync(jsonReport) ? (JSON.parse(fs.readFileSync(jsonReport, "utf8")) as CheckReport) : undefined;
  return { status: run.status, ...(report ? { report } : {}) };
}

interface ManifestAnnotation {
  readonly constructPath?: string;
  readonly level?: string;
  readonly message?: string;
}

/** Runs the app as `cdktf synth` does and prints its error annotations as the CLI would; false when synth broke. */
function synthesize(outdir: string): boolean {
  const appDir = path.join(ROOT, CDKTF_EXAMPLE);
  const { app } = JSON.parse(fs.readFileSync(path.join(appDir, "cdktf.json"), "utf8")) as { app: string };
  process.stdout.write(`$ cdktf synth   (runs \`${app}\` in ${CDKTF_EXAMPLE}, output to a temporary directory)\n\n`);
  const run = spawnSync(app, {
    cwd: appDir,
    shell: true,
    stdio: ["ignore", "inherit", "inherit"],
    // cdktf synth lets the app finish despite error annotations, then reports them itself.
    env: { ...process.env, CDKTF_OUTDIR: outdir, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true", PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env["PATH"] ?? ""}` },
  });
  const manifestFile = path.join(outdir, "manifest.json");
  if (run.status !== 0 || !fs.existsSync(manifestFile)) {
    process.stderr.write(`demo: synthesizing ${CDKTF_EXAMPLE} failed (exit ${run.status}).\n`);
    return false;
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { stacks: Record<string, { annotations?: ManifestAnnotation[] }> };
  const errors = Object.values(manifest.stacks).flatMap((stack) => (stack.annotations ?? []).filter((a) => a.level === "@cdktf/error"));
  for (const annotation of errors) process.stdout.write(`[ERROR] ${annotation.constructPath}: ${annotation.message}\n`);
  process.stdout.write(
    errors.length > 0
      ? `\ncdktf synth would stop here: RedisPolicyAspect reported ${errors.length} error annotation(s). The synthesized JSON is checked next.\n`
      : "\nRedisPolicyAspect reported no error annotation.\n",
  );
  return true;
}

/** The resources a report says fail or pass, named as EXPECTED names them. */
function outcome(report: CheckReport): { failing: string[]; passing: string[] } {
  const nameOf = (r: CheckReport["resources"][number]): string => r.constructPath ?? r.name;
  const failing = report.resources.filter((r) => r.results.some((x) => x.status === "fail" && x.enforcementLevel === "mandatory")).map(nameOf);
  const passing = report.resources.filter((r) => r.results.every((x) => x.status === "pass")).map(nameOf);
  return { failing, passing };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
}

function main(): number {
  if (!fs.existsSync(BIN)) {
    process.stderr.write("demo: dist/cli/main.js is missing: run `npm ci` (or `npm run build`) first.\n");
    return 2;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "azure-redis-guard-demo-"));
  const started = Date.now();
  try {
    heading("1/2  Pulumi (TypeScript, @pulumi/azure-native): an offline check of the program");
    const pulumi = check(PULUMI_EXAMPLE, path.join(work, "pulumi.json"));

    heading("2/2  CDKTF (TypeScript, @cdktf/provider-azurerm): synth, then a check of the synthesized JSON");
    const outdir = path.join(work, "cdktf.out");
    const cdktf = synthesize(outdir) ? check(outdir, path.join(work, "cdktf.json")) : { status: null };

    const problems: string[] = [];
    for (const [label, run, expected] of [
      ["Pulumi", pulumi, EXPECTED.pulumi],
      ["CDKTF", cdktf, EXPECTED.cdktf],
    ] as const) {
      if (!run.report || (run.status !== 0 && run.status !== 1)) {
        problems.push(`the ${label} check could not run (exit ${run.status})`);
        continue;
      }
      const found = outcome(run.report);
      if (!sameSet(found.failing, expected.failing) || !sameSet(found.passing, expected.passing)) {
        problems.push(`the ${label} check found failing [${found.failing.join(", ")}] and passing [${found.passing.join(", ")}], expected failing [${expected.failing.join(", ")}] and passing [${expected.passing.join(", ")}]`);
      }
    }
    heading(`Summary (${((Date.now() - started) / 1000).toFixed(1)} s, offline)`);
    if (problems.length > 0) {
      process.stderr.write(`demo: ${problems.join("; ")}.\n`);
      return 1;
    }
    process.stdout.write(
      `Caught: Pulumi '${EXPECTED.pulumi.failing.join("', '")}' and CDKTF '${EXPECTED.cdktf.failing.join("', '")}' open the non-SSL port 6379 (Azure.Redis.NonSslPort, AZR-000163, critical, mandatory).\n` +
        `Passed: Pulumi '${EXPECTED.pulumi.passing.join("', '")}' and CDKTF '${EXPECTED.cdktf.passing.join("', '")}' accept TLS connections only.\n`,
    );
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
