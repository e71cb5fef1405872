import { describe, expect, it } from "vitest";
import { runCli, TRANSPILE_ONLY_ENV, writePulumiProgram } from "../support/cli";

/**
 * `check` (the built CLI) on a Pulumi program that uses a local SDK of dynamically bridged azurerm, as
 * `pulumi package add terraform-provider hashicorp/azurerm` generates it: resources typed
 * `azurerm:index/<name>:<Name>` registered against a parameterized package (`registerPackage`).
 */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";

let azurermPackage: Promise<string | undefined> | undefined;
function getPackage(): Promise<string | undefined> {
  azurermPackage ??= pulumi.runtime.registerPackage({
    baseProviderName: "terraform-provider",
    baseProviderVersion: "1.0.2",
    packageName: "azurerm",
    packageVersion: "4.57.0",
    base64Parameter: Buffer.from(JSON.stringify({ remote: { url: "registry.opentofu.org/hashicorp/azurerm", version: "4.57.0" } })).toString("base64"),
  });
  return azurermPackage;
}

class Bridged extends pulumi.CustomResource {
  constructor(type: string, name: string, args: Record<string, unknown>) {
    super(type, name, args, {}, false, getPackage());
  }
}

new Bridged("azurerm:index/redisCache:RedisCache", "v4-open", { nonSslPortEnabled: true, minimumTlsVersion: "1.2" });
new Bridged("azurerm:index/redisCache:RedisCache", "v3-open", { enableNonSslPort: true, minimumTlsVersion: "1.2" });
new Bridged("azurerm:index/redisCache:RedisCache", "closed", { nonSslPortEnabled: false, minimumTlsVersion: "1.2" });
new Bridged("azurerm:index/managedRedis:ManagedRedis", "amr", { skuName: "Balanced_B0", defaultDatabase: { clientProtocol: "Plaintext" } });
`;

interface Report {
  resources: { name: string; type: string; results: { ruleId: string; status: string; message?: string }[] }[];
}

describe("a program on a local bridged azurerm SDK", () => {
  it("is judged with the bridged bindings: both azurerm majors' names, and ManagedRedis's flattened defaultDatabase", async () => {
    const dir = writePulumiProgram({ "index.ts": PROGRAM });
    const run = await runCli(["check", dir, "--format", "json"], { env: TRANSPILE_ONLY_ENV });
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const status = (name: string, ruleId: string) => report.resources.find((r) => r.name === name)?.results.find((x) => x.ruleId === ruleId);
    expect(status("v4-open", "Azure.Redis.NonSslPort")).toMatchObject({ status: "fail", message: expect.stringContaining("'nonSslPortEnabled'") });
    expect(status("v3-open", "Azure.Redis.NonSslPort")).toMatchObject({ status: "fail", message: expect.stringContaining("'enableNonSslPort'") });
    expect(status("closed", "Azure.Redis.NonSslPort")).toMatchObject({ status: "pass" });
    expect(status("amr", "Azure.RedisEnterprise.ClientProtocol")).toMatchObject({ status: "fail", message: expect.stringContaining("'defaultDatabase.clientProtocol'") });
  }, 120_000);
});
