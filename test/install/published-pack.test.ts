/**
 * The proof that `pulumi policy publish` + policy-group enforcement works: Pulumi uploads the pack as
 * `npm pack` makes it; wherever a policy group enforces it, the tarball is unpacked into `package/`,
 * `npm install --loglevel=error` runs there, and the CLI starts `node node_modules/@pulumi/pulumi/cmd/run-policy-pack
 * <engine> <dir>` in that folder. This does exactly that, from the real tarball, with no TypeScript and
 * no dev dependency present, and with no registry: the pack carries its production tree and a shrinkwrap of it,
 * so the install, with an empty cache and the registry unreachable, finds everything in place and changes
 * nothing. Then it speaks the analyzer protocol to the pack so installed, as the engine does.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalyzerConnection } from "../../cli/engine/analyzer-client";
import { startPolicyPack, type PackProcess } from "../../cli/engine/pack-process";
import { allRules } from "../../policies";
import { REPO_ROOT } from "../support/pack";
import { installedPackages, npmInstallOffline, packRepository, run, treeListing, unpack, type Command } from "./packages";
import rootManifest from "../../package.json";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the pack's own CommonJS script, as prepack runs it
const shrinkwrapScript = require(path.join(REPO_ROOT, "scripts", "shrinkwrap.js")) as { shrinkwrapFor(): unknown; stringifyLikeNpm(data: unknown): string };

let packageDir: string;
/** The top-level entries of the unpacked tarball, before the install. */
let shipped: string[];
/** The bundled tree as unpacked, and the shrinkwrap's bytes, before any install. */
let unpackedTree: string[];
let unpackedShrinkwrap: string;
/**
 * Each install with an empty cache and the registry unreachable: as older Pulumi CLIs run it, as PulumiPolicy.yaml's
 * `production: true` makes newer ones run it (both `--offline`), and as they run in a registry outage (no
 * `--offline`: npm's default audit tries the registry and is refused); and the tree after each.
 */
const INSTALLS = [
  { args: [], mode: "offline" },
  { args: ["--omit=dev"], mode: "offline" },
  { args: ["--production"], mode: "outage" },
] as const;
const installs: { result: Command; tree: string[]; shrinkwrap: string }[] = [];
let pack: PackProcess | undefined;
let engine: AnalyzerConnection | undefined;

beforeAll(async () => {
  packageDir = unpack(packRepository().pack);
  shipped = fs.readdirSync(packageDir).sort();
  unpackedTree = treeListing(packageDir);
  unpackedShrinkwrap = fs.readFileSync(path.join(packageDir, "npm-shrinkwrap.json"), "utf8");
  for (const { args, mode } of INSTALLS) {
    const result = await npmInstallOffline(packageDir, args, mode);
    installs.push({ result, tree: treeListing(packageDir), shrinkwrap: fs.readFileSync(path.join(packageDir, "npm-shrinkwrap.json"), "utf8") });
  }
  // As the Pulumi CLI's Node.js language host starts a policy pack (RunPlugin, kind analyzer).
  pack = await startPolicyPack(packageDir, { env: { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "true" } });
  engine = new AnalyzerConnection(pack.port);
}, 400_000);

afterAll(async () => {
  engine?.close();
  await pack?.stop();
});

describe("the published policy pack (npm pack → unpack → offline npm install → run-policy-pack)", () => {
  it("ships built JavaScript, its install script, its production tree and a shrinkwrap of it, and no sources, tests or dev manifest", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as Record<string, unknown>;
    // No devDependencies at all: Pulumi CLIs before 3.252 run a plain `npm install` in the unpacked pack.
    expect(manifest["devDependencies"]).toBeUndefined();
    expect(manifest["dependencies"]).toEqual(rootManifest.dependencies);
    expect(manifest["bundleDependencies"]).toEqual(Object.keys(rootManifest.dependencies));
    expect(shipped).toEqual(["CHANGELOG.md", "PulumiPolicy.yaml", "README.md", "dist", "docs", "node_modules", "npm-shrinkwrap.json", "package.json", "scripts"]);
    for (const file of ["dist/policies/pack.js", "dist/cli/main.js", "scripts/prepare.js"]) {
      expect(fs.existsSync(path.join(packageDir, file)), file).toBe(true);
    }
    expect(fs.readdirSync(path.join(packageDir, "dist")).sort()).toEqual(["cli", "policies"]);
    expect(fs.readFileSync(path.join(packageDir, "PulumiPolicy.yaml"), "utf8")).toMatch(/^\s+production: true$/m);
  });

  it("is packed with nothing but the tarball's name on stdout, which `pulumi policy publish` reads as the file name", () => {
    // Pulumi's npm Pack reads all of `npm pack --loglevel=error`'s stdout as the name: the scripts' banners
    // (prepack, prepare, postpack) must not be there (.npmrc: foreground-scripts=false).
    expect(packRepository().packStdout.trim()).toBe(path.basename(packRepository().pack));
  });

  for (const [index, { args, mode }] of INSTALLS.entries()) {
    const command = ["npm install --loglevel=error", ...(mode === "offline" ? ["--offline"] : []), ...args].join(" ");
    it(`${command}: succeeds with an empty cache and the registry unreachable, and changes nothing`, () => {
      const { result, tree, shrinkwrap } = installs[index]!;
      expect(result.status, result.output).toBe(0);
      expect(result.output).toMatch(/up to date/);
      expect(tree).toEqual(unpackedTree);
      expect(shrinkwrap).toBe(unpackedShrinkwrap);
    });
  }

  it("ships a shrinkwrap that names every bundled package, on disk, with the sha512 of its registry tarball", async () => {
    const shrinkwrap = JSON.parse(unpackedShrinkwrap) as { packages: Record<string, { version: string; integrity?: string; inBundle?: boolean }> };
    const locations = Object.keys(shrinkwrap.packages).filter((location) => location !== "");
    const onDisk = installedPackages(packageDir);
    expect(locations.map((l) => `${l.replace(/^.*node_modules\//, "")}@${shrinkwrap.packages[l]!.version}`).sort()).toEqual(onDisk);
    for (const location of locations) {
      expect(shrinkwrap.packages[location]!.integrity, location).toMatch(/^sha512-/);
      expect(fs.existsSync(path.join(packageDir, location, "package.json")), location).toBe(true);
    }
    // The one bundled-advisories.test.ts checks against docs/advisories.json.
    expect(unpackedShrinkwrap).toBe(shrinkwrapScript.stringifyLikeNpm(shrinkwrapScript.shrinkwrapFor()));
    // What an organisation runs to see what it enforces: the tree is complete, nothing missing or invalid.
    const ls = await run("npm", ["ls", "--all", "--omit=dev", "--offline"], packageDir);
    expect(ls.status, ls.output).toBe(0);
    expect(ls.output).toContain("@pulumi/policy@");
  });

  it("installs only the runtime: no TypeScript, no ts-node, no test or CDKTF package", () => {
    const installed = installedPackages(packageDir).map((p) => p.replace(/@[^@]+$/, ""));
    expect(installed).toContain("@pulumi/policy");
    for (const dev of ["typescript", "ts-node", "vitest", "eslint", "cdktf", "cdktn", "constructs", "@cdktf/provider-azurerm", "@pulumi/azure-native"]) {
      expect(installed, dev).not.toContain(dev);
    }
  });

  it("starts as the CLI starts it and describes every policy", async () => {
    const info = await engine!.analyzerInfo();
    expect(info.getName()).toBe("azure-redis-guard");
    expect(info.getVersion()).toBe(rootManifest.version);
    expect(info.getPoliciesList().map((p) => p.getName())).toEqual(allRules.map((r) => r.policyName));
  });

  it("fails a cache that opens the non-SSL port, and passes one that does not", async () => {
    const open = await engine!.analyze({ type: "azure-native:redis:Redis", name: "legacy", properties: { enableNonSslPort: true } });
    const nonSsl = open.diagnostics.filter((d) => d.policyName === "azure-redis-non-ssl-port");
    expect(nonSsl).toHaveLength(1);
    expect(nonSsl[0]!.enforcementLevel).toBe("mandatory");
    expect(nonSsl[0]!.message).toContain("Azure.Redis.NonSslPort: Redis cache 'legacy' accepts unencrypted connections");
    const closed = await engine!.analyze({ type: "azure-native:redis:Redis", name: "closed", properties: { enableNonSslPort: false } });
    expect(closed.diagnostics.filter((d) => d.policyName === "azure-redis-non-ssl-port")).toEqual([]);
  });

  it("runs `azure-redis-guard check` from the same install (the package's bin)", async () => {
    const bin = path.join(packageDir, "dist", "cli", "main.js");
    const fixture = path.join(REPO_ROOT, "test", "fixtures", "cli", "one-open-cache.tf.json");
    const result = await run(process.execPath, [bin, "check", fixture, "--format", "json"], packageDir);
    expect(result.status, result.output).toBe(1);
    const report = JSON.parse(result.output) as { summary: { mandatoryViolations: number }; tool: { version: string } };
    expect(report.summary.mandatoryViolations).toBe(1);
    expect(report.tool.version).toBe(rootManifest.version);
  });
});
