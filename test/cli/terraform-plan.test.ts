import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { redisNonSslPort } from "../../policies";
import { reportValidator, runCli, sarifValidator, tempDir, writeJson, type CliRun } from "../support/cli";
import { REPO_ROOT } from "../support/pack";

/**
 * `check <plan.json>` on a plan as `terraform show -json tfplan` (and `tofu show -json`) writes it. The
 * fixture holds the traps: a value known only after apply, a whole block unknown, one attribute of a
 * one-element block unknown, modules with for_each and count, update, no-op, both replace orders, a
 * delete, a deposed object, a data source of the same type, azurerm 3.x and 4.x names, and sensitive
 * values planted as markers.
 */
const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "plan");
const TERRAFORM_PLAN = path.join(FIXTURES, "terraform-plan.json");
const OPENTOFU_PLAN = path.join(FIXTURES, "opentofu-plan.json");
const MARKER = "SENSITIVE-MARKER-PLAN";

const validateReport = reportValidator();
const validateSarif = sarifValidator();

/** Each judged resource's results as `rule:status`, by identity. */
function verdicts(report: CheckReport): Record<string, string[]> {
  return Object.fromEntries(report.resources.map((r) => [r.identity, r.results.map((x) => `${x.ruleId.replace(/^Azure\./, "")}:${x.status}`)]));
}

const EXPECTED: Record<string, string[]> = {
  "azurerm_redis_cache.open": ["Redis.NonSslPort:fail", "Redis.MinTLS:pass", "Redis.PublicNetworkAccess:fail", "Redis.LocalAuth:fail", "Redis.EntraID:fail", "Redis.Version:pass", "Redis.MigrateAMR:fail"],
  // for_each module, count inside: the port only known after apply, the whole redis_configuration block unknown.
  'module.cache["eu"].azurerm_redis_cache.this[0]': ["Redis.NonSslPort:unknown", "Redis.MinTLS:pass", "Redis.PublicNetworkAccess:pass", "Redis.LocalAuth:pass", "Redis.EntraID:unknown", "Redis.Version:pass", "Redis.MigrateAMR:fail"],
  // Updated in place: one attribute of the one-element block list is unknown.
  'module.cache["us"].azurerm_redis_cache.this[0]': ["Redis.NonSslPort:pass", "Redis.MinTLS:pass", "Redis.PublicNetworkAccess:pass", "Redis.LocalAuth:pass", "Redis.EntraID:unknown", "Redis.Version:pass", "Redis.MigrateAMR:fail"],
  // Unchanged, still reported: azurerm 3.x's enable_non_ssl_port, and a sensitive TLS version that is no version.
  "azurerm_redis_cache.legacy": ["Redis.NonSslPort:fail", "Redis.MinTLS:fail", "Redis.PublicNetworkAccess:pass", "Redis.LocalAuth:fail", "Redis.EntraID:pass", "Redis.Version:pass", "Redis.MigrateAMR:fail"],
  "azurerm_redis_cache.replaced_dbc": ["Redis.NonSslPort:pass", "Redis.MinTLS:pass", "Redis.PublicNetworkAccess:pass", "Redis.LocalAuth:pass", "Redis.EntraID:pass", "Redis.Version:pass", "Redis.MigrateAMR:fail"],
  "azurerm_redis_cache.replaced_cbd": ["Redis.NonSslPort:fail", "Redis.MinTLS:pass", "Redis.PublicNetworkAccess:pass", "Redis.LocalAuth:pass", "Redis.EntraID:pass", "Redis.Version:pass", "Redis.MigrateAMR:fail"],
  "module.enterprise.azurerm_redis_enterprise_cluster.this": ["RedisEnterprise.MinTLS:fail", "RedisEnterprise.MigrateAMR:fail"],
  "module.enterprise.azurerm_redis_enterprise_database.default": ["RedisEnterprise.ClientProtocol:fail"],
  "azurerm_managed_redis.amr": ["RedisEnterprise.ClientProtocol:pass", "RedisEnterprise.PublicNetworkAccess:pass", "RedisEnterprise.LocalAuth:pass"],
};

const PLANNED: Record<string, string[]> = {
  "azurerm_redis_cache.open": ["create"],
  'module.cache["eu"].azurerm_redis_cache.this[0]': ["create"],
  'module.cache["us"].azurerm_redis_cache.this[0]': ["update"],
  "azurerm_redis_cache.legacy": ["no-op"],
  "azurerm_redis_cache.replaced_dbc": ["delete", "create"],
  "azurerm_redis_cache.replaced_cbd": ["create", "delete"],
  "module.enterprise.azurerm_redis_enterprise_cluster.this": ["create"],
  "module.enterprise.azurerm_redis_enterprise_database.default": ["create"],
  "azurerm_managed_redis.amr": ["create"],
};

const runs: Record<string, Record<"text" | "json" | "sarif", CliRun>> = {};
beforeAll(async () => {
  for (const [label, file] of [["terraform", TERRAFORM_PLAN], ["opentofu", OPENTOFU_PLAN]] as const) {
    runs[label] = {
      text: await runCli(["check", file]),
      json: await runCli(["check", file, "--format", "json"]),
      sarif: await runCli(["check", file, "--format", "sarif"]),
    };
  }
});

describe.each(["terraform", "opentofu"])("the %s plan", (label) => {
  const report = (): CheckReport => JSON.parse(runs[label]!.json.stdout) as CheckReport;

  it("json: valid, kind terraform-plan, every Redis-family resource that will exist judged on its planned values", () => {
    const run = runs[label]!.json;
    expect(run.status).toBe(1);
    expect(validateReport(report())).toEqual([]);
    expect(report().input).toMatchObject({
      kind: "terraform-plan",
      formatVersion: "1.2",
      producer: label === "terraform" ? "Terraform 1.9.5" : "OpenTofu 1.8.3",
      stacks: [{ name: "root" }],
      resourcesSeen: 14,
    });
    expect(verdicts(report())).toEqual(EXPECTED);
    expect(Object.fromEntries(report().resources.map((r) => [r.identity, r.plannedActions]))).toEqual(PLANNED);
    expect(report().summary).toMatchObject({ resourcesSeen: 14, resourcesChecked: 9, resourcesNotApplicable: 5, mandatoryViolations: 6, unknown: 3 });
    expect(report().resources.every((r) => r.stack === "root" && r.name === r.identity)).toBe(true);
  });

  it("says which Redis-family resources it did not judge, and why", () => {
    const notes = report().notes.join("\n");
    expect(notes).toContain("resources the plan removes (delete, forget) (1): azurerm_redis_cache.retired (delete)");
    expect(notes).toContain("deposed objects");
    expect(notes).toContain("data sources (only managed resources are checked) (1): data.azurerm_redis_cache.shared");
    // The data source and the deleted cache are not in the report, whatever they hold.
    expect(report().resources.map((r) => r.identity)).not.toContain("data.azurerm_redis_cache.shared");
    expect(report().resources.map((r) => r.identity)).not.toContain("azurerm_redis_cache.retired");
  });

  it("an unknown keeps its rule's level and its message says the plan only knows the value after apply", () => {
    const eu = report().resources.find((r) => r.identity === 'module.cache["eu"].azurerm_redis_cache.this[0]')!;
    const port = eu.results.find((r) => r.ruleId === redisNonSslPort.id)!;
    expect(port).toMatchObject({ status: "unknown", enforcementLevel: "mandatory", properties: ["non_ssl_port_enabled"] });
    expect(port.message).toContain("the plan only knows it after apply");
  });

  it("text: the plan, its format and producer, each resource's planned action, the counts", () => {
    const { stdout, status } = runs[label]!.text;
    expect(status).toBe(1);
    expect(stdout).toContain(`offline check of the plan ${label === "terraform" ? TERRAFORM_PLAN : OPENTOFU_PLAN} (JSON format 1.2, ${label === "terraform" ? "Terraform 1.9.5" : "OpenTofu 1.8.3"})`);
    expect(stdout).toContain("This is an offline check of a plan: nothing was applied.");
    expect(stdout).toMatch(/✖ azurerm_redis_cache\.legacy\s+azurerm_redis_cache\s+planned: no change/);
    expect(stdout).toMatch(/! azurerm_redis_cache\.replaced_dbc\s+azurerm_redis_cache\s+planned: replace \(destroy, then create\)/);
    expect(stdout).toMatch(/✖ azurerm_redis_cache\.replaced_cbd\s+azurerm_redis_cache\s+planned: replace \(create, then destroy\)/);
    expect(stdout).toMatch(/! module\.cache\["us"\]\.azurerm_redis_cache\.this\[0\]\s+azurerm_redis_cache\s+planned: update in place/);
    expect(stdout).toContain("6 mandatory violations: 9 resources checked, 5 not applicable (14 seen)");
  });

  it("sarif: valid, each finding carries its planned action and the resource's address", () => {
    const sarif = JSON.parse(runs[label]!.sarif.stdout) as { runs: { results: { ruleId: string; message: { text: string }; properties: Record<string, unknown>; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] };
    expect(validateSarif(sarif)).toEqual([]);
    const legacy = sarif.runs[0]!.results.find((r) => r.ruleId === redisNonSslPort.id && r.locations[0]!.logicalLocations[0]!.fullyQualifiedName === "azurerm_redis_cache.legacy")!;
    expect(legacy.message.text).toMatch(/\(Planned action: no change\.\)$/);
    expect(legacy.properties).toMatchObject({ plannedActions: ["no-op"], identity: "azurerm_redis_cache.legacy", stack: "root" });
    const replaced = sarif.runs[0]!.results.find((r) => r.locations[0]!.logicalLocations[0]!.fullyQualifiedName === "azurerm_redis_cache.replaced_cbd")!;
    expect(replaced.message.text).toContain("(Planned action: replace (create, then destroy).)");
  });

  it("never prints a sensitive value (or any value) in any format", () => {
    for (const run of Object.values(runs[label]!)) {
      expect(run.stdout).not.toContain(MARKER);
      expect(run.stderr).not.toContain(MARKER);
    }
  });
});

describe("exemptions and config on a plan", () => {
  it("an exemption glob matches the full address, module path and index included", async () => {
    const dir = tempDir("plan-config");
    const config = writeJson(dir, "config.json", {
      [redisNonSslPort.policyName]: { exemptions: [{ resource: "azurerm_redis_cache.replaced_*", reason: "CHG-7: migrating" }, { resource: 'module.cache["eu"].*', reason: "CHG-8" }] },
    });
    const run = await runCli(["check", TERRAFORM_PLAN, "--format", "json", "--policy-pack-config", config]);
    const report = JSON.parse(run.stdout) as CheckReport;
    const status = (identity: string) => report.resources.find((r) => r.identity === identity)!.results.find((r) => r.ruleId === redisNonSslPort.id)!.status;
    expect(status("azurerm_redis_cache.replaced_cbd")).toBe("exempted");
    // An exemption covers what is not a pass: an unknown too.
    expect(status('module.cache["eu"].azurerm_redis_cache.this[0]')).toBe("exempted");
    expect(status("azurerm_redis_cache.legacy")).toBe("fail");
  });
});
