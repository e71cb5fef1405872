/**
 * What a user receives is what `npm pack` makes and `npm install` unpacks: these helpers make the real
 * tarballs of the repository's packages (the policy pack at the root, the CDKTF aspect in
 * cdktf-aspect/, and the npm library made from the pack) and install them in fresh folders, never through
 * a symlink or a hand-picked copy. The policy pack installs with the registry out of reach; the other
 * installs need the npm registry (as CI's own `npm ci` does), and `--prefer-offline` reuses what npm
 * already cached.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../support/pack";
import { tempDir } from "../support/cli";

/** The npm that runs this test run: the one on PATH, as CI and users call it. */
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

export interface Packed {
  /**
   * The enforceable policy pack: `npm pack` of the repository root with its scripts, as `pulumi policy publish`
   * uploads it: the production tree bundled, with an npm-shrinkwrap.json.
   */
  readonly pack: string;
  /** What that `npm pack --loglevel=error` printed on stdout, which `pulumi policy publish` reads as the file name. */
  readonly packStdout: string;
  /** The npm library `azure-redis-guard` (scripts/pack-library.js): the same files, @pulumi/* as peers, no bundle. */
  readonly library: string;
  /** The CDKTF aspect: `npm pack` of cdktf-aspect/. */
  readonly aspect: string;
}

let packed: Packed | undefined;

/** Sleeps the calling thread (the pack lock below is taken synchronously). */
const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Packs the packages once per test run, shared by the test files (separate processes of one vitest run): the
 * root's prepack writes npm-shrinkwrap.json into the checkout and its postpack removes it, so two packs at once
 * would race; and packing the bundled tree takes half a minute. dist/ must be built first (`npm test` builds it);
 * AZURE_REDIS_GUARD_KEEP_DIST makes `prepare` keep it, so the tarball holds exactly the dist/ the rest of the
 * suite tested. Everything else (prepack, postpack) runs as it does under `pulumi policy publish`.
 */
export function packRepository(): Packed {
  if (packed) return packed;
  for (const built of ["dist/policies/pack.js", "cdktf-aspect/dist/cdktf-aspect/index.js"]) {
    if (!fs.existsSync(path.join(REPO_ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first (npm test does).`);
  }
  const builtAt = Math.round(fs.statSync(path.join(REPO_ROOT, "dist/policies/pack.js")).mtimeMs);
  const destination = path.join(os.tmpdir(), `arg-tarballs-${process.ppid}-${builtAt}`);
  const done = path.join(destination, "packed.json");
  const lock = `${destination}.lock`;
  for (let waited = 0; ; waited += 200) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (waited > 600_000) throw new Error(`${lock} has been held for 10 minutes: remove it if no test run is packing`);
      sleep(200);
    }
  }
  try {
    if (!fs.existsSync(done)) {
      fs.rmSync(destination, { recursive: true, force: true });
      fs.mkdirSync(destination, { recursive: true });
      let packStdout = "";
      const packOne = (extra: readonly string[], cwd = REPO_ROOT): string => {
        const into = fs.mkdtempSync(path.join(destination, "pack-"));
        const result = spawnSync(NPM, ["pack", "--loglevel=error", "--pack-destination", into, ...extra], { cwd, encoding: "utf8", env: { ...process.env, AZURE_REDIS_GUARD_KEEP_DIST: "1" } });
        if (result.status !== 0) throw new Error(`npm pack ${extra.join(" ")} failed:\n${result.stdout}${result.stderr}`);
        packStdout ||= result.stdout;
        const [tarball] = fs.readdirSync(into).filter((file) => file.endsWith(".tgz"));
        return path.join(into, tarball!);
      };
      const pack = packOne([]);
      if (fs.existsSync(path.join(REPO_ROOT, "npm-shrinkwrap.json"))) throw new Error("postpack left npm-shrinkwrap.json in the checkout: npm ci would install it instead of package-lock.json");
      const aspect = packOne(["--ignore-scripts", "--workspace", "cdktf-aspect"]);
      const library = spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts", "pack-library.js"), "--from", pack, "--pack-destination", destination], { cwd: REPO_ROOT, encoding: "utf8" });
      if (library.status !== 0) throw new Error(`scripts/pack-library.js failed:\n${library.stderr}`);
      fs.writeFileSync(done, JSON.stringify({ pack, packStdout, aspect, library: library.stdout.trim() } satisfies Packed));
    }
    packed = JSON.parse(fs.readFileSync(done, "utf8")) as Packed;
    return packed;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export interface Command {
  readonly status: number | null;
  readonly output: string;
}

/** Runs a command to completion and returns its combined output; never throws on a non-zero exit. */
export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 300_000): Promise<Command> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("close", (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

/** `npm install <args>` in `dir`, failing the test with npm's own output when it fails. */
export async function npmInstall(dir: string, args: readonly string[]): Promise<void> {
  const result = await run(NPM, ["install", "--no-audit", "--no-fund", "--prefer-offline", ...args], dir);
  if (result.status !== 0) throw new Error(`npm install ${args.join(" ")} failed in ${dir}:\n${result.output}`);
}

/**
 * `npm install --loglevel=error <args>` as Pulumi runs it in an unpacked pack, with nothing to fetch from: an
 * empty cache and a registry nothing listens on, and `--offline` unless `outage` (then npm tries the registry,
 * for the audit it runs by default, and is refused, as in a registry outage).
 */
export async function npmInstallOffline(dir: string, args: readonly string[], mode: "offline" | "outage" = "offline"): Promise<Command> {
  const cache = tempDir("empty-cache");
  const env = { ...process.env, npm_config_registry: "http://127.0.0.1:9/", npm_config_cache: cache };
  const result = await run(NPM, ["install", "--loglevel=error", ...(mode === "offline" ? ["--offline"] : []), "--cache", cache, ...args], dir, env);
  return { status: result.status, output: result.output };
}

/**
 * Every file and link under `dir`/node_modules with a hash of its content (or its target), sorted: two listings
 * are equal when an install changed nothing. npm's own record of the tree, node_modules/.package-lock.json,
 * is left out: `npm install` writes it whenever it runs.
 */
export function treeListing(dir: string): string[] {
  const lines: string[] = [];
  const visit = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (child === path.join("node_modules", ".package-lock.json")) continue;
      const full = path.join(dir, child);
      if (entry.isSymbolicLink()) lines.push(`${child} -> ${fs.readlinkSync(full)}`);
      else if (entry.isDirectory()) {
        lines.push(`${child}/`);
        visit(child);
      } else lines.push(`${child} ${createHash("sha256").update(fs.readFileSync(full)).digest("hex")}`);
    }
  };
  visit("node_modules");
  return lines.sort();
}

/** Unpacks a tarball as Pulumi does with a published pack: into `<dir>/package`. */
export function unpack(tarball: string): string {
  const dir = tempDir("unpacked");
  const result = spawnSync("tar", ["-xzf", tarball, "-C", dir], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`tar could not unpack ${tarball}: ${result.stderr}`);
  return path.join(dir, "package");
}

/** A fresh project folder with a package.json of its own (a consumer's app or policy pack). */
export function consumerProject(name: string, manifest: Record<string, unknown> = {}): string {
  const dir = tempDir(name);
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name, version: "1.0.0", private: true, ...manifest }, null, 2)}\n`);
  return dir;
}

/** Every package installed under `dir`/node_modules, at any depth, as `name@version`. */
export function installedPackages(dir: string): string[] {
  const found: string[] = [];
  const visit = (modules: string): void => {
    if (!fs.existsSync(modules)) return;
    for (const entry of fs.readdirSync(modules)) {
      if (entry.startsWith(".")) continue;
      const names = entry.startsWith("@") ? fs.readdirSync(path.join(modules, entry)).map((scoped) => `${entry}/${scoped}`) : [entry];
      for (const name of names) {
        const manifest = path.join(modules, name, "package.json");
        if (!fs.existsSync(manifest)) continue;
        found.push(`${name}@${(JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version}`);
        visit(path.join(modules, name, "node_modules"));
      }
    }
  };
  visit(path.join(dir, "node_modules"));
  return found.sort();
}
