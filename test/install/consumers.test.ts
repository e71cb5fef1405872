/**
 * The guard as its users install it: the CDKTF aspect's tarball in CDKTF and CDK Terrain apps (cdktf 0.21,
 * cdktf 0.20 with @cdktf/provider-azurerm 12.x, cdktn), and the policy pack's tarball as a dependency of an
 * organisation's own policy pack. Each app synthesizes a violating cache; the README's snippets compile,
 * unchanged, under the tsconfig each project template writes and under node16, nodenext and bundler.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/pack";
import { consumerProject, installedPackages, npmInstall, packRepository, run } from "./packages";
import { CONSUMER_TSCONFIGS, readDocumentedSnippets, type Consumer, type ConsumerTsconfig, type Snippet } from "./snippets";
import devManifest from "../../dev/package.json";

const TSC = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
const NODE_TYPES = `@types/node@${devManifest.devDependencies["@types/node"]}`;

/**
 * A JavaScript CDKTF app with one cache, built with the app's own library (`cdktf` or `cdktn`). It prints
 * nothing itself: a failing synth is the library's own error, as `cdktf synth` shows it.
 */
function writeApp(dir: string, library: string, cache: "raw" | "provider", nonSslPort: boolean): string {
  const file = path.join(dir, `app-${nonSslPort ? "open" : "closed"}.js`);
  const resource =
    cache === "provider"
      ? `const { AzurermProvider } = require("@cdktf/provider-azurerm/lib/provider");
const { RedisCache } = require("@cdktf/provider-azurerm/lib/redis-cache");
new AzurermProvider(stack, "azurerm", { features: {} });
new RedisCache(stack, "cache", { name: "c", location: "westeurope", resourceGroupName: "rg", skuName: "Basic", family: "C", capacity: 0, enableNonSslPort: ${nonSslPort} });`
      : `class Cache extends lib.TerraformResource {
  constructor(scope, id) { super(scope, id, { terraformResourceType: "azurerm_redis_cache" }); }
  synthesizeAttributes() { return { name: "c", sku_name: "Basic", non_ssl_port_enabled: ${nonSslPort} }; }
}
new Cache(stack, "cache");`;
  fs.writeFileSync(
    file,
    `const lib = require(${JSON.stringify(library)});
const { RedisPolicyAspect } = require("azure-redis-guard-cdktf");
const app = new lib.App({ outdir: process.argv[2] });
const stack = new lib.TerraformStack(app, "legacy");
${resource}
RedisPolicyAspect.applyTo(app);
app.synth();
`,
  );
  return file;
}

async function synth(dir: string, app: string): Promise<{ status: number | null; output: string; written: boolean }> {
  const outdir = path.join(dir, `out-${path.basename(app, ".js")}`);
  const result = await run(process.execPath, [app, outdir], dir);
  return { ...result, written: fs.existsSync(path.join(outdir, "stacks", "legacy", "cdk.tf.json")) };
}

const VIOLATION = "Azure.Redis.NonSslPort: Redis cache 'legacy/cache' accepts unencrypted connections";

/**
 * The framework's own smallest program, compiled alone first: a consumer template can fail on its own (with
 * `pulumi policy new`'s tsconfig, @pulumi/policy 1.21.0's index.d.ts re-exports two members its proxy.d.ts
 * strips). The snippets must add no diagnostic of their own to what the template already reports.
 */
const CONTROL: Readonly<Record<Consumer, string>> = {
  cdktf: `import { App } from "cdktf";\nnew App().synth();\n`,
  pulumi: `import { PolicyPack } from "@pulumi/policy";\nnew PolicyPack("control", { policies: [] });\n`,
};

async function diagnostics(dir: string, variant: ConsumerTsconfig, files: readonly string[]): Promise<string[]> {
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(variant.tsconfig(files), null, 2));
  fs.rmSync(path.join(dir, "tsconfig.tsbuildinfo"), { force: true }); // `cdktf init`'s tsconfig is incremental
  const result = await run(process.execPath, [TSC, "-p", "tsconfig.json", "--noEmit", "--pretty", "false"], dir);
  return result.output.split("\n").filter((line) => / error TS\d+:/.test(line));
}

/** Type-checks the snippets with one consumer tsconfig; returns the diagnostics they add to the template's own. */
async function typecheck(consumer: string, kind: Consumer, snippets: readonly Snippet[], variant: ConsumerTsconfig): Promise<string[]> {
  const dir = path.join(consumer, `tsconfig-${variant.name}`);
  fs.mkdirSync(dir, { recursive: true });
  if (variant.packageType) fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: variant.packageType }));
  fs.writeFileSync(path.join(dir, "control.ts"), CONTROL[kind]);
  const files = snippets.map((snippet) => {
    fs.writeFileSync(path.join(dir, `${snippet.name}.ts`), snippet.code);
    return `${snippet.name}.ts`;
  });
  const template = new Set(await diagnostics(dir, variant, ["control.ts"]));
  return (await diagnostics(dir, variant, ["control.ts", ...files])).filter((line) => !template.has(line));
}

const snippets = readDocumentedSnippets();
/** Two tsc runs over @pulumi/pulumi's declarations without skipLibCheck: room for a loaded 2-core machine. */
const TYPECHECK_TIMEOUT = 240_000;

describe("a CDKTF app (cdktf 0.21) that installs the aspect's tarball", () => {
  let app: string;
  beforeAll(async () => {
    app = consumerProject("cdktf-app");
    await npmInstall(app, [packRepository().aspect, "cdktf@0.21.0", "constructs@10.7.2", NODE_TYPES]);
  }, 400_000);

  it("gains no Pulumi runtime: no @pulumi, @grpc or @opentelemetry package in its tree", () => {
    const installed = installedPackages(app);
    expect(installed.some((p) => p.startsWith("azure-redis-guard-cdktf@"))).toBe(true);
    expect(installed.filter((p) => /^@(pulumi|grpc|opentelemetry)\//.test(p))).toEqual([]);
  });

  it("fails synth on a cache that opens the non-SSL port, and synthesizes one that does not", async () => {
    const open = await synth(app, writeApp(app, "cdktf", "raw", true));
    expect(open.status).not.toBe(0);
    expect(open.output).toContain(VIOLATION);
    expect(open.written).toBe(false);
    const closed = await synth(app, writeApp(app, "cdktf", "raw", false));
    expect(closed.status, closed.output).toBe(0);
    expect(closed.written).toBe(true);
  });

  it("has README snippets for CDKTF to compile", () => {
    expect(snippets.filter((s) => s.consumer === "cdktf").map((s) => s.code).join("\n")).toContain("RedisPolicyAspect.applyTo(app)");
  });

  for (const variant of CONSUMER_TSCONFIGS.filter((v) => v.consumers.includes("cdktf"))) {
    it(`compiles the README's CDKTF snippets with ${variant.description}`, async () => {
      expect(await typecheck(app, "cdktf", snippets.filter((s) => s.consumer === "cdktf"), variant)).toEqual([]);
    }, TYPECHECK_TIMEOUT);
  }
});

describe("a cdktf 0.20 app on @cdktf/provider-azurerm 12.x (azurerm 3.x)", () => {
  let app: string;
  beforeAll(async () => {
    app = consumerProject("cdktf-020-app");
    // No --legacy-peer-deps: the aspect's peer range must accept cdktf 0.20 as it is.
    await npmInstall(app, [packRepository().aspect, "cdktf@0.20.12", "constructs@10.3.0", "@cdktf/provider-azurerm@12.27.0"]);
  }, 400_000);

  it("fails synth on a RedisCache with enableNonSslPort (azurerm 3.x's enable_non_ssl_port)", async () => {
    const open = await synth(app, writeApp(app, "cdktf", "provider", true));
    expect(open.status).not.toBe(0);
    expect(open.output).toContain(VIOLATION);
    expect(open.output).toContain("'enable_non_ssl_port'");
    const closed = await synth(app, writeApp(app, "cdktf", "provider", false));
    expect(closed.status, closed.output).toBe(0);
  });
});

describe("a CDK Terrain (cdktn) app", () => {
  let app: string;
  beforeAll(async () => {
    app = consumerProject("cdktn-app");
    await npmInstall(app, [packRepository().aspect, `cdktn@${devManifest.devDependencies.cdktn}`, "constructs@10.7.2"]);
  }, 400_000);

  it("installs the aspect without cdktf, and fails synth on the violating cache", async () => {
    const installed = installedPackages(app).map((p) => p.replace(/@[^@]+$/, ""));
    expect(installed).not.toContain("cdktf");
    const open = await synth(app, writeApp(app, "cdktn", "raw", true));
    expect(open.status).not.toBe(0);
    expect(open.output).toContain(VIOLATION);
  });
});

describe("an organisation's own policy pack that installs the guard's library tarball", () => {
  let pack: string;
  beforeAll(async () => {
    pack = consumerProject("org-policy-pack");
    // What `pulumi policy new azure-typescript` installs, plus the guard: the npm library, not the enforceable pack
    // (whose bundled tree would nest a second @pulumi/policy and @pulumi/pulumi under it).
    await npmInstall(pack, [packRepository().library, "@pulumi/policy@1.21.0", "@pulumi/pulumi@3.276.0", NODE_TYPES]);
  }, 400_000);

  it("has one @pulumi/policy and one @pulumi/pulumi, the organisation's, which the guard's policies load", async () => {
    for (const sdk of ["@pulumi/policy", "@pulumi/pulumi"]) {
      expect(installedPackages(pack).filter((p) => p.startsWith(`${sdk}@`)), sdk).toHaveLength(1);
      const ls = await run("npm", ["ls", sdk, "--all"], pack);
      expect(ls.status, ls.output).toBe(0);
      // `npm ls` prints every place the package is used; all but the one installed copy say "deduped".
      const copies = ls.output.split("\n").filter((line) => line.includes(` ${sdk}@`) && !line.trimEnd().endsWith("deduped"));
      expect(copies, ls.output).toHaveLength(1);
      console.log(`npm ls ${sdk} in the organisation's pack:\n${ls.output.trimEnd()}`);
    }
    expect(fs.existsSync(path.join(pack, "node_modules", "azure-redis-guard", "node_modules", "@pulumi"))).toBe(false);
    // The module the guard's policies load is the very one the organisation's pack loads (identity, not a copy).
    const same = await run(process.execPath, ["-e", `
      const path = require("node:path");
      const fromGuard = require.resolve("@pulumi/policy", { paths: [path.dirname(require.resolve("azure-redis-guard/pulumi"))] });
      const policies = require("azure-redis-guard/pulumi").createPulumiPolicies();
      console.log(fromGuard === require.resolve("@pulumi/policy") && policies.length > 0 ? "same" : "different " + fromGuard);
    `], pack);
    expect(same.output.trim()).toBe("same");
  });

  it("has README snippets for a Pulumi policy pack to compile", () => {
    expect(snippets.filter((s) => s.consumer === "pulumi").map((s) => s.code).join("\n")).toContain('from "azure-redis-guard/pulumi"');
  });

  for (const variant of CONSUMER_TSCONFIGS.filter((v) => v.consumers.includes("pulumi"))) {
    it(`compiles the README's Pulumi snippets with ${variant.description}`, async () => {
      expect(await typecheck(pack, "pulumi", snippets.filter((s) => s.consumer === "pulumi"), variant)).toEqual([]);
    }, TYPECHECK_TIMEOUT);
  }
});
