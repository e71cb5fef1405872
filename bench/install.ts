/**
 * What enforcement costs before the first verdict (issue 21): the published pack (`npm pack` of the root, its
 * production tree bundled) installed as Pulumi installs it, offline, with an empty cache, against today's unbundled
 * shape (the same files, no bundle, no shrinkwrap) installed from the registry with a cold cache, in the same run.
 * Then each install's cold start and its first Analyze call: the time from an unpacked tarball to a verdict.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AnalyzerConnection } from "../cli/engine/analyzer-client";
import { startPolicyPack } from "../cli/engine/pack-process";
import { median, nowMs } from "./stats";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

export interface InstallFigures {
  readonly tarballMiB: number;
  /** Median seconds of `npm install --loglevel=error` in the unpacked published pack: offline, empty cache. */
  readonly installSeconds: number;
  readonly installRuns: readonly number[];
  /** Median seconds of the same in today's unbundled shape from the registry, with a cold (empty) cache. */
  readonly installSecondsRegistry: number;
  readonly installRegistryRuns: readonly number[];
  /** Cold start of the pack (spawn to port) from each install, median, alternating (ms). */
  readonly coldStartMs: number;
  readonly coldStartMsRegistry: number;
  /** Install + cold start + first Analyze call, median (s). */
  readonly timeToFirstVerdict: number;
  readonly timeToFirstVerdictRegistry: number;
  /** Packages in each installed tree. */
  readonly packages: number;
  readonly packagesRegistry: number;
}

function packRoot(root: string, into: string): string {
  // As `pulumi policy publish` runs it, scripts included; prepare keeps the dist/ just built (npm run bench builds it).
  execFileSync(NPM, ["pack", "--loglevel=error", "--pack-destination", into], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, AZURE_REDIS_GUARD_KEEP_DIST: "1" } });
  const [tarball] = fs.readdirSync(into).filter((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack made no tarball");
  return path.join(into, tarball);
}

function unpack(tarball: string, into: string): string {
  fs.mkdirSync(into, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", into]);
  return path.join(into, "package");
}

/** Today's shape: the pack's files with no bundled tree and no shrinkwrap (npm resolves the ranges at install time). */
function unbundledTarball(tarball: string, work: string): string {
  const dir = unpack(tarball, path.join(work, "unbundled-src"));
  fs.rmSync(path.join(dir, "node_modules"), { recursive: true, force: true });
  fs.rmSync(path.join(dir, "npm-shrinkwrap.json"), { force: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Record<string, unknown>;
  delete manifest["bundleDependencies"];
  manifest["files"] = (manifest["files"] as string[]).filter((f) => f !== "npm-shrinkwrap.json");
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const out = path.join(work, "unbundled");
  fs.mkdirSync(out);
  execFileSync(NPM, ["pack", "--ignore-scripts", "--loglevel=error", "--pack-destination", out], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  return path.join(out, fs.readdirSync(out).find((f) => f.endsWith(".tgz"))!);
}

/** `npm install --loglevel=error` as Pulumi runs it, with an empty cache of its own; seconds. */
function timedInstall(dir: string, offline: boolean, cache: string): number {
  const env = { ...process.env, npm_config_cache: cache, ...(offline ? { npm_config_registry: "http://127.0.0.1:9/" } : {}) };
  // Pulumi's own arguments (no --no-audit: what npm does by default is part of the cost), plus the cache.
  const args = ["install", "--loglevel=error", "--cache", cache, ...(offline ? ["--offline"] : [])];
  const started = nowMs();
  const result = spawnSync(NPM, args, { cwd: dir, env, encoding: "utf8" });
  const seconds = (nowMs() - started) / 1000;
  if (result.status !== 0) throw new Error(`npm ${args.join(" ")} failed in ${dir}:\n${result.stdout}${result.stderr}`);
  return seconds;
}

/** Spawn to port, and the first Analyze call: ms each. */
async function firstVerdict(dir: string): Promise<{ startMs: number; analyzeMs: number }> {
  const started = nowMs();
  const pack = await startPolicyPack(dir, { timeoutMs: 120_000 });
  const startMs = nowMs() - started;
  const engine = new AnalyzerConnection(pack.port);
  try {
    const before = nowMs();
    const result = await engine.analyze({ type: "azure-native:redis:Redis", name: "legacy", properties: { enableNonSslPort: true } });
    const analyzeMs = nowMs() - before;
    if (!result.diagnostics.some((d) => d.policyName === "azure-redis-non-ssl-port")) throw new Error(`the pack in ${dir} gave no verdict on an open non-SSL port`);
    return { startMs, analyzeMs };
  } finally {
    engine.close();
    await pack.stop();
  }
}

function countPackages(dir: string): number {
  let count = 0;
  const visit = (modules: string): void => {
    if (!fs.existsSync(modules)) return;
    for (const entry of fs.readdirSync(modules)) {
      if (entry.startsWith(".")) continue;
      const names = entry.startsWith("@") ? fs.readdirSync(path.join(modules, entry)).map((s) => path.join(entry, s)) : [entry];
      for (const name of names) {
        if (!fs.existsSync(path.join(modules, name, "package.json"))) continue;
        count++;
        visit(path.join(modules, name, "node_modules"));
      }
    }
  };
  visit(path.join(dir, "node_modules"));
  return count;
}

/**
 * `bundledRuns` fresh unpack + offline install + first verdict of the published pack, and `registryRuns` of today's
 * shape from the registry, alternating; then `startReps` more cold starts of each install, alternating, for the
 * cold-start ratio (the first verdict's start alone is one sample each).
 */
export async function measureInstall(root: string, plan: { bundledRuns: number; registryRuns: number; startReps: number }, progress: (m: string) => void): Promise<InstallFigures> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "arg-bench-install-"));
  try {
    progress("install: npm pack at the root (the published pack, with its bundled tree)");
    const tarball = packRoot(root, fs.mkdtempSync(path.join(work, "pack-")));
    const unbundled = unbundledTarball(tarball, work);
    const bundled = { installs: [] as number[], verdicts: [] as number[], starts: [] as number[], dir: "" };
    const registry = { installs: [] as number[], verdicts: [] as number[], starts: [] as number[], dir: "" };
    const rounds = Math.max(plan.bundledRuns, plan.registryRuns);
    progress(`install: ${plan.bundledRuns} offline installs of the published pack (empty cache, no registry) and ${plan.registryRuns} of today's shape from the registry (cold cache), alternating, each then started and asked for a verdict`);
    for (let round = 0; round < rounds; round++) {
      const shapes = [
        { on: round < plan.bundledRuns, tgz: tarball, offline: true, into: bundled, label: "bundled" },
        { on: round < plan.registryRuns, tgz: unbundled, offline: false, into: registry, label: "registry" },
      ];
      for (const shape of round % 2 === 0 ? shapes : shapes.reverse()) {
        if (!shape.on) continue;
        const dir = unpack(shape.tgz, path.join(work, `${shape.label}-${round}`));
        const seconds = timedInstall(dir, shape.offline, fs.mkdtempSync(path.join(work, "cache-")));
        const { startMs, analyzeMs } = await firstVerdict(dir);
        shape.into.installs.push(seconds);
        shape.into.starts.push(startMs);
        shape.into.verdicts.push(seconds + (startMs + analyzeMs) / 1000);
        shape.into.dir = dir;
      }
    }
    progress(`install: ${plan.startReps} more cold starts of each install, alternating`);
    for (let rep = 0; rep < plan.startReps; rep++) {
      for (const shape of rep % 2 === 0 ? [bundled, registry] : [registry, bundled]) shape.starts.push((await firstVerdict(shape.dir)).startMs);
    }
    return {
      tarballMiB: fs.statSync(tarball).size / 1048576,
      installSeconds: median(bundled.installs),
      installRuns: bundled.installs,
      installSecondsRegistry: median(registry.installs),
      installRegistryRuns: registry.installs,
      coldStartMs: median(bundled.starts),
      coldStartMsRegistry: median(registry.starts),
      timeToFirstVerdict: median(bundled.verdicts),
      timeToFirstVerdictRegistry: median(registry.verdicts),
      packages: countPackages(bundled.dir),
      packagesRegistry: countPackages(registry.dir),
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
