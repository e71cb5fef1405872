import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { redisNonSslPort } from "../../policies";
import { reportValidator, runCli, sarifValidator, tempDir, writeJson, type CliRun } from "../support/cli";
import { REPO_ROOT } from "../support/pack";

/**
 * `check <state.json>`: what is deployed now, from a Terraform/OpenTofu state (`terraform show -json`,
 * or the state file itself) and from a Pulumi state export (`pulumi stack export`, with and without
 * `--show-secrets`).
 */
const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");
const SHOW_STATE = path.join(FIXTURES, "state", "terraform-show-state.json");
const TOFU_STATE = path.join(FIXTURES, "state", "opentofu.tfstate.json");
const PLAN = path.join(FIXTURES, "plan", "terraform-plan.json");
const PULUMI_STATE = path.join(FIXTURES, "pulumi-state", "pulumi-state.json");
const PULUMI_SHOW_SECRETS = path.join(FIXTURES, "pulumi-state", "pulumi-state-show-secrets.json");

const validateReport = reportValidator();
const validateSarif = sarifValidator();

function verdicts(report: CheckReport): Record<string, string[]> {
  return Object.fromEntries(report.resources.map((r) => [r.identity, r.results.map((x) => `${x.ruleId.replace(/^Azure\./, "")}:${x.status}`)]));
}

/** Every format of one input, and the JSON report parsed and validated. */
async function checkAllFormats(file: string): Promise<{ runs: CliRun[]; report: CheckReport; sarif: SarifLog }> {
  const runs = [await runCli(["check", file]), await runCli(["check", file, "--format", "json"]), await runCli(["check", file, "--format", "sarif"])];
  const report = JSON.parse(runs[1]!.stdout) as CheckReport;
  expect(validateReport(report)).toEqual([]);
  const sarif = JSON.parse(runs[2]!.stdout) as SarifLog;
  expect(validateSarif(sarif)).toEqual([]);
  return { runs, report, sarif };
}

interface SarifLog {
  runs: { results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[];
}

const checked: Record<string, Awaited<ReturnType<typeof checkAllFormats>>> = {};
beforeAll(async () => {
  for (const file of [SHOW_STATE, TOFU_STATE, PLAN, PULUMI_STATE, PULUMI_SHOW_SECRETS]) checked[file] = await checkAllFormats(file);
});

describe("Terraform state: terraform show -json", () => {
  it("judges each managed resource in the root module and every child module, nested ones included", () => {
    const { report, runs } = checked[SHOW_STATE]!;
    expect(runs[1]!.status).toBe(1);
    expect(report.input).toMatchObject({ kind: "terraform-state", formatVersion: "1.0", producer: "Terraform 1.9.5", resourcesSeen: 14 });
    expect(Object.keys(verdicts(report))).toEqual([
      "azurerm_redis_cache.open",
      "azurerm_redis_cache.legacy",
      "azurerm_redis_cache.replaced_dbc",
      "azurerm_redis_cache.replaced_cbd",
      "azurerm_managed_redis.amr",
      'module.cache["eu"].azurerm_redis_cache.this[0]',
      'module.cache["us"].azurerm_redis_cache.this[0]',
      "module.enterprise.azurerm_redis_enterprise_cluster.this",
      "module.enterprise.azurerm_redis_enterprise_database.default",
      "module.enterprise.module.geo[1].azurerm_redis_enterprise_database.replica",
    ]);
    // What the plan only knew after apply is known now.
    expect(verdicts(report)['module.cache["eu"].azurerm_redis_cache.this[0]']).toEqual(["Redis.NonSslPort:pass", "Redis.MinTLS:pass", "Redis.PublicNetworkAccess:pass", "Redis.LocalAuth:pass", "Redis.EntraID:pass", "Redis.Version:pass", "Redis.MigrateAMR:fail"]);
    expect(report.resources.every((r) => r.plannedActions === undefined)).toBe(true);
    expect(report.notes.join("\n")).toMatch(/data sources .*: data\.azurerm_redis_cache\.shared/);
    expect(report.notes.join("\n")).toMatch(/deposed objects .*: azurerm_redis_cache\.replaced_cbd/);
    expect(runs[0]!.stdout).toContain("This is an offline check of what the state records as deployed");
  });

  it("a plan and a state of the same resources give them the same identity and the same SARIF fingerprints", () => {
    const plan = checked[PLAN]!;
    const state = checked[SHOW_STATE]!;
    const stateIdentities = new Set(state.report.resources.map((r) => r.identity));
    const shared = plan.report.resources.map((r) => r.identity).filter((identity) => stateIdentities.has(identity));
    expect(shared).toEqual(plan.report.resources.map((r) => r.identity));
    const fingerprint = (log: SarifLog, identity: string) =>
      log.runs[0]!.results.find((r) => r.ruleId === redisNonSslPort.id && r.locations[0]!.logicalLocations[0]!.fullyQualifiedName === identity)?.partialFingerprints;
    expect(fingerprint(plan.sarif, "azurerm_redis_cache.legacy")).toBeDefined();
    expect(fingerprint(plan.sarif, "azurerm_redis_cache.legacy")).toEqual(fingerprint(state.sarif, "azurerm_redis_cache.legacy"));
  });
});

describe("Terraform state: an OpenTofu state file (version 4)", () => {
  it("builds each instance's address as Terraform does: module path, count and for_each keys", () => {
    const { report } = checked[TOFU_STATE]!;
    expect(report.input).toMatchObject({ kind: "terraform-state", formatVersion: "4", producer: "OpenTofu 1.8.3", resourcesSeen: 10 });
    expect(verdicts(report)).toMatchObject({
      "azurerm_redis_cache.legacy": ["Redis.NonSslPort:fail", "Redis.MinTLS:fail", "Redis.PublicNetworkAccess:pass", "Redis.LocalAuth:fail", "Redis.EntraID:pass", "Redis.Version:pass", "Redis.MigrateAMR:fail"],
      'module.cache["eu"].azurerm_redis_cache.this[0]': expect.arrayContaining(["Redis.NonSslPort:pass"]),
      'module.cache["us"].azurerm_redis_cache.this[0]': expect.arrayContaining(["Redis.NonSslPort:fail"]),
      'azurerm_redis_cache.by_team["team-a"]': expect.arrayContaining(["Redis.PublicNetworkAccess:pass"]),
      'azurerm_redis_cache.by_team["team-b"]': expect.arrayContaining(["Redis.PublicNetworkAccess:fail"]),
      // The current object; its deposed predecessor, non-SSL port open, is not judged.
      "azurerm_redis_cache.replaced_cbd": expect.arrayContaining(["Redis.NonSslPort:pass"]),
      "azurerm_managed_redis.amr": ["RedisEnterprise.ClientProtocol:fail", "RedisEnterprise.PublicNetworkAccess:pass", "RedisEnterprise.LocalAuth:pass"],
    });
    expect(report.resources).toHaveLength(7);
  });
});

describe("Pulumi state: pulumi stack export", () => {
  const TF_CHILD = "urn:pulumi:prod::redis-estate::redismod:index:Module$redismod:tf:azurerm_redis_cache::module.cache.azurerm_redis_cache.this";

  it("judges outputs (inputs when there are none), skips pending deletions, providers and components", () => {
    const { report, runs } = checked[PULUMI_STATE]!;
    expect(runs[1]!.status).toBe(1);
    expect(report.input).toMatchObject({ kind: "pulumi-state", project: "redis-estate", stacks: [{ name: "prod" }], formatVersion: "3", producer: "Pulumi v3.190.0", resourcesSeen: 16 });
    expect(verdicts(report)).toEqual({
      "urn:pulumi:prod::redis-estate::azure-native:redis:Redis::compliant-cache": ["Redis.NonSslPort:pass", "Redis.MinTLS:pass", "Redis.PublicNetworkAccess:pass", "Redis.LocalAuth:pass", "Redis.EntraID:pass", "Redis.Version:pass", "Redis.MigrateAMR:fail"],
      "urn:pulumi:prod::redis-estate::azure-native:redis:Redis::legacy-cache": ["Redis.NonSslPort:fail", "Redis.MinTLS:fail", "Redis.PublicNetworkAccess:fail", "Redis.LocalAuth:fail", "Redis.EntraID:fail", "Redis.Version:pass", "Redis.MigrateAMR:fail"],
      // The port setting is an encrypted secret: unknown, never a pass.
      "urn:pulumi:prod::redis-estate::azure-native:redis:Redis::secret-port-cache": ["Redis.NonSslPort:unknown", "Redis.MinTLS:pass", "Redis.PublicNetworkAccess:pass", "Redis.LocalAuth:pass", "Redis.EntraID:pass", "Redis.Version:pass", "Redis.MigrateAMR:fail"],
      // Never refreshed, no outputs: its inputs decide.
      "urn:pulumi:prod::redis-estate::azure-native:redis:Redis::inputs-only-cache": ["Redis.NonSslPort:fail", "Redis.MinTLS:pass", "Redis.PublicNetworkAccess:pass", "Redis.LocalAuth:pass", "Redis.EntraID:pass", "Redis.Version:pass", "Redis.MigrateAMR:fail"],
      "urn:pulumi:prod::redis-estate::azure-native:redisenterprise:RedisEnterprise::amr": ["RedisEnterprise.MinTLS:pass", "RedisEnterprise.PublicNetworkAccess:pass", "RedisEnterprise.MigrateAMR:pass"],
      "urn:pulumi:prod::redis-estate::azure-native:redisenterprise:Database::amr-default": ["RedisEnterprise.ClientProtocol:fail", "RedisEnterprise.LocalAuth:pass"],
      "urn:pulumi:prod::redis-estate::azure:redis/cache:Cache::classic-cache": ["Redis.NonSslPort:pass", "Redis.MinTLS:pass", "Redis.PublicNetworkAccess:fail", "Redis.LocalAuth:fail", "Redis.EntraID:fail", "Redis.Version:pass", "Redis.MigrateAMR:fail"],
      // A Terraform module's child, judged with the Terraform binding.
      [TF_CHILD]: ["Redis.NonSslPort:fail", "Redis.MinTLS:pass", "Redis.PublicNetworkAccess:pass", "Redis.LocalAuth:fail", "Redis.EntraID:pass", "Redis.Version:pass", "Redis.MigrateAMR:fail"],
    });
    const child = report.resources.find((r) => r.identity === TF_CHILD)!;
    expect(child).toMatchObject({ name: "module.cache.azurerm_redis_cache.this", type: "redismod:tf:azurerm_redis_cache", urn: TF_CHILD, stack: "prod" });
    expect(child.results[0]!.properties).toEqual(["non_ssl_port_enabled"]);
    const secret = report.resources.find((r) => r.name === "secret-port-cache")!.results[0]!;
    expect(secret).toMatchObject({ status: "unknown", enforcementLevel: "mandatory" });
    expect(secret.message).toContain("encrypted Pulumi secret");
    expect(report.notes.join("\n")).toMatch(/pending deletion .*legacy-cache/);
    expect(report.notes.join("\n")).toContain("--show-secrets");
  });

  it("--show-secrets: the plaintext is read, and the verdicts are otherwise the same", () => {
    const encrypted = verdicts(checked[PULUMI_STATE]!.report);
    const plain = verdicts(checked[PULUMI_SHOW_SECRETS]!.report);
    const secretCache = "urn:pulumi:prod::redis-estate::azure-native:redis:Redis::secret-port-cache";
    expect(plain[secretCache]![0]).toBe("Redis.NonSslPort:pass");
    expect({ ...plain, [secretCache]: undefined }).toEqual({ ...encrypted, [secretCache]: undefined });
    expect(checked[PULUMI_SHOW_SECRETS]!.report.notes.join("\n")).not.toContain("encrypted secret");
  });

  it("an exemption glob matches the URN or the name", async () => {
    const dir = tempDir("pulumi-state-config");
    const config = writeJson(dir, "config.json", { [redisNonSslPort.policyName]: { exemptions: [{ resource: "*::legacy-*", reason: "CHG-9" }, { resource: "module.cache.*", reason: "CHG-10" }] } });
    const run = await runCli(["check", PULUMI_STATE, "--format", "json", "--policy-pack-config", config]);
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(verdicts(report)["urn:pulumi:prod::redis-estate::azure-native:redis:Redis::legacy-cache"]![0]).toBe("Redis.NonSslPort:exempted");
    expect(verdicts(report)[TF_CHILD]![0]).toBe("Redis.NonSslPort:exempted");
  });

  it("reads a DIY backend's checkpoint file (checkpoint.latest) like an export", async () => {
    const exported = JSON.parse(fs.readFileSync(PULUMI_STATE, "utf8")) as { version: number; deployment: unknown };
    const file = writeJson(tempDir("checkpoint"), "prod.json", { version: 3, checkpoint: { stack: "organization/redis-estate/prod", latest: exported.deployment } });
    const run = await runCli(["check", file, "--format", "json"]);
    expect(verdicts(JSON.parse(run.stdout) as CheckReport)).toEqual(verdicts(checked[PULUMI_STATE]!.report));
  });
});

describe("no value is ever printed", () => {
  it.each([
    [SHOW_STATE, "SENSITIVE-MARKER-STATE"],
    [TOFU_STATE, "SENSITIVE-MARKER-STATE"],
    // Encrypted: the ciphertext itself is the marker.
    [PULUMI_STATE, "SENSITIVEMARKERPULUMICIPHERTEXT"],
    [PULUMI_SHOW_SECRETS, "SENSITIVE-MARKER-PULUMI"],
  ])("%s: text, json and sarif hold no sensitive marker", (file, marker) => {
    expect(fs.readFileSync(file, "utf8")).toContain(marker);
    for (const run of checked[file]!.runs) {
      expect(run.stdout).not.toContain(marker);
      expect(run.stderr).not.toContain(marker);
    }
  });
});
