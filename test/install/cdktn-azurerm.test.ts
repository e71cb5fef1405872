/**
 * A CDK Terrain app on the newest Azure bindings for cdktn, installed the way such a user has to today.
 * `@cdktn/provider-azurerm` 16.x declares the peer `cdktn ^0.23.0`, which (a 0.x caret) accepts only
 * cdktn 0.23.x. Where cdktn 0.23 is installable, the aspect's peer range (cdktn >=0.22 <1) accepts it as
 * is. Where the newest cdktn is 0.24 (this registry has only 0.24.0), a plain install is refused
 * (ERESOLVE) and the user pins the provider's cdktn to the app's own with an npm override (no
 * `--legacy-peer-deps`, which would silence every other peer conflict of the tree too). cdktn's Aspects
 * and Annotations API the aspect uses is the same in 0.23 and 0.24. Documented in docs/cdktf.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { consumerProject, installedPackages, npmInstall, packRepository, run } from "./packages";
import devManifest from "../../dev/package.json";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const CDKTN = `cdktn@${devManifest.devDependencies.cdktn}`;
const PROVIDER = "@cdktn/provider-azurerm@16.1.0";
/** What the user adds to package.json: `npm pkg set 'overrides.@cdktn/provider-azurerm.cdktn=$cdktn'`. */
const OVERRIDES = { "@cdktn/provider-azurerm": { cdktn: "$cdktn" } };

function writeApp(dir: string, nonSslPort: boolean): string {
  const file = path.join(dir, `app-${nonSslPort ? "open" : "closed"}.js`);
  fs.writeFileSync(
    file,
    `const { App, TerraformStack } = require("cdktn");
const { RedisPolicyAspect } = require("azure-redis-guard-cdktf");
const { AzurermProvider } = require("@cdktn/provider-azurerm/lib/provider");
const { RedisCache } = require("@cdktn/provider-azurerm/lib/redis-cache");
const app = new App({ outdir: process.argv[2] });
const stack = new TerraformStack(app, "legacy");
new AzurermProvider(stack, "azurerm", { features: [{}] });
new RedisCache(stack, "cache", { name: "c", location: "westeurope", resourceGroupName: "rg", skuName: "Basic", family: "C", capacity: 0, nonSslPortEnabled: ${nonSslPort} });
RedisPolicyAspect.applyTo(app);
app.synth();
`,
  );
  return file;
}

describe(`a cdktn app on ${PROVIDER} (peer cdktn ^0.23.0) with ${CDKTN}`, () => {
  let app: string;
  beforeAll(async () => {
    app = consumerProject("cdktn-azurerm-app", { overrides: OVERRIDES });
    await npmInstall(app, [packRepository().aspect, CDKTN, "constructs@10.7.2", PROVIDER]);
  }, 600_000);

  it("without the override npm refuses the provider's peer range (what the user meets first)", async () => {
    const bare = consumerProject("cdktn-azurerm-bare");
    const result = await run(NPM, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--dry-run", packRepository().aspect, CDKTN, "constructs@10.7.2", PROVIDER], bare);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("ERESOLVE");
    expect(result.output).toContain('peer cdktn@"^0.23.0" from @cdktn/provider-azurerm@16.1.0');
    // Nothing of the aspect's in the conflict: its own peer range accepts the app's cdktn.
    expect(result.output).not.toMatch(/peer cdktn@"[^"]*" from azure-redis-guard-cdktf/);
  }, 120_000);

  it("installs one cdktn for the app, the provider and the aspect", () => {
    const installed = installedPackages(app);
    expect(installed.filter((p) => p.startsWith("cdktn@"))).toEqual([CDKTN]);
    expect(installed).toContain(PROVIDER);
    expect(installed.some((p) => p.startsWith("azure-redis-guard-cdktf@"))).toBe(true);
    expect(installed.filter((p) => p.startsWith("cdktf@"))).toEqual([]);
  });

  it("fails synth on the provider's RedisCache with nonSslPortEnabled, and synthesizes one without", async () => {
    const open = await run(process.execPath, [writeApp(app, true), path.join(app, "out-open")], app);
    expect(open.status).not.toBe(0);
    expect(open.output).toContain("Azure.Redis.NonSslPort: Redis cache 'legacy/cache' accepts unencrypted connections: 'non_ssl_port_enabled'");
    expect(fs.existsSync(path.join(app, "out-open", "stacks", "legacy", "cdk.tf.json"))).toBe(false);
    const closed = await run(process.execPath, [writeApp(app, false), path.join(app, "out-closed")], app);
    expect(closed.status, closed.output).toBe(0);
    expect(fs.existsSync(path.join(app, "out-closed", "stacks", "legacy", "cdk.tf.json"))).toBe(true);
  });
});
