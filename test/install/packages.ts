/**
 * What a user receives is what `npm pack` makes and `npm install` unpacks: these helpers make the real
 * tarballs of the repository's two packages (the policy pack at the root, the CDKTF aspect in
 * cdktf-aspect/) and install them in fresh folders, never through a symlink or a hand-picked copy.
 * Installs need the npm registry (as CI's own `npm ci` does); `--prefer-offline` reuses what npm
 * already cached.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../support/pack";
import { tempDir } from "../support/cli";

/** The npm that runs this test run: the one on PATH, as CI and users call it. */
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

export interface Packed {
  /** The policy pack: `npm pack` of the repository root, as `pulumi policy publish` uploads it. */
  readonly pack: string;
  /** The CDKTF aspect: `npm pack` of cdktf-aspect/. */
  readonly aspect: string;
}

let packed: Packed | undefined;

/**
 * Packs both packages once per test file. dist/ must be built first (`npm test` builds it); packing
 * skips the `prepare` rebuild so the tarball holds exactly the dist/ the rest of the suite tested.
 */
export function packRepository(): Packed {
  if (packed) return packed;
  for (const built of ["dist/policies/pack.js", "cdktf-aspect/dist/cdktf-aspect/index.js"]) {
    if (!fs.existsSync(path.join(REPO_ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first (npm test does).`);
  }
  const destination = tempDir("tarballs");
  const packOne = (extra: readonly string[]): string => {
    const run = spawnSync(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", destination, ...extra], { cwd: REPO_ROOT, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`npm pack ${extra.join(" ")} failed:\n${run.stderr}`);
    const [{ filename }] = JSON.parse(run.stdout) as [{ filename: string }];
    return path.join(destination, filename);
  };
  packed = { pack: packOne([]), aspect: packOne(["--workspace", "cdktf-aspect"]) };
  return packed;
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
