import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir, type CliRun } from "../support/cli";
import { REPO_ROOT } from "../support/pack";

/**
 * `check` (the built CLI) on a Pulumi state export holding resources that reach Pulumi without an Azure
 * SDK: dynamically bridged azurerm (`azurerm:index/*`, azurerm 4.x and 3.x names), a Terraform stack's
 * `pulumi:terraform:azurerm_redis_cache`, and a setting the engine left as "[secret]".
 */
const STATE = path.join(REPO_ROOT, "test", "fixtures", "pulumi-state", "pulumi-state-doors.json");

interface Report {
  resources: { identity: string; type: string; results: { ruleId: string; status: string; message?: string }[] }[];
}

let json: CliRun;
let text: CliRun;
let report: Report;
beforeAll(async () => {
  json = await runCli(["check", STATE, "--format", "json"]);
  text = await runCli(["check", STATE]);
  report = JSON.parse(json.stdout) as Report;
});

function resultOf(name: string, ruleId: string): { status: string; message?: string } | undefined {
  return report.resources.find((r) => r.identity.endsWith(`::${name}`))?.results.find((r) => r.ruleId === ruleId);
}

describe("check on a state export with bridged azurerm, Terraform stack and undecryptable resources", () => {
  it("exits 1 on the mandatory violations and judges every Redis resource", () => {
    expect(json.status).toBe(1);
    expect(text.status).toBe(1);
    expect(report.resources.map((r) => r.type).sort()).toEqual([
      "azure-native:redis:Redis",
      "azurerm:index/managedRedis:ManagedRedis",
      "azurerm:index/redisCache:RedisCache",
      "azurerm:index/redisCache:RedisCache",
      "azurerm:index/redisCache:RedisCache",
      "pulumi:terraform:azurerm_redis_cache",
    ]);
  });

  it.each([
    ["bridged-v4-open", "Azure.Redis.NonSslPort", "fail", "'nonSslPortEnabled'"],
    ["bridged-v3-open", "Azure.Redis.NonSslPort", "fail", "'enableNonSslPort'"],
    ["bridged-v4-closed", "Azure.Redis.NonSslPort", "pass", undefined],
    ["bridged-v4-closed", "Azure.Redis.EntraID", "pass", undefined],
    ["bridged-amr", "Azure.RedisEnterprise.ClientProtocol", "fail", "'defaultDatabase.clientProtocol'"],
    ["azurerm_redis_cache.legacy", "Azure.Redis.NonSslPort", "fail", "'non_ssl_port_enabled'"],
    ["azurerm_redis_cache.legacy", "Azure.Redis.EntraID", "pass", undefined],
    ["native-undecrypted", "Azure.Redis.NonSslPort", "unknown", "it is a secret this run could not decrypt"],
  ])("%s %s: %s", (name, ruleId, status, says) => {
    const result = resultOf(name, ruleId);
    expect(result?.status).toBe(status);
    if (says) expect(result?.message).toContain(says);
  });

  it("never prints the placeholder as a value nor calls it a non-boolean", () => {
    expect(text.stdout).not.toContain("must be a boolean");
    expect(text.stdout).not.toContain("[secret]");
    expect(text.stdout).toContain("UNKNOWN   Azure.Redis.NonSslPort");
  });
});

describe("the same deployment in a DIY backend's checkpoint file", () => {
  it("gives the same verdicts", async () => {
    const { deployment } = JSON.parse(fs.readFileSync(STATE, "utf8")) as { deployment: unknown };
    const file = path.join(tempDir("checkpoint"), "prod.json");
    fs.writeFileSync(file, JSON.stringify({ version: 3, checkpoint: { stack: "organization/redis-doors/prod", latest: deployment } }));
    const run = await runCli(["check", file, "--format", "json"]);
    expect(run.status).toBe(1);
    const fromCheckpoint = JSON.parse(run.stdout) as Report;
    const verdicts = (r: Report) => r.resources.map((x) => [x.identity, x.results.map((y) => `${y.ruleId}:${y.status}`)]);
    expect(verdicts(fromCheckpoint)).toEqual(verdicts(report));
  });
});
