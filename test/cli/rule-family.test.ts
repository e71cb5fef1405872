import { beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import {
  allRules,
  redisEnterpriseClientProtocol,
  redisEnterpriseLocalAuth,
  redisEnterpriseMigrateAmr,
  redisEnterpriseMinTls,
  redisEnterprisePublicNetworkAccess,
  redisEntraId,
  redisLocalAuth,
  redisMigrateAmr,
  redisMinTls,
  redisNonSslPort,
  redisPublicNetworkAccess,
  redisVersion,
  ruleApplies,
  type CoreRule,
} from "../../policies";
import { findTerraformBinding } from "../../policies/terraform";
import { reportValidator, runCli, sarifValidator, tempDir, writeJson } from "../support/cli";

/**
 * `check` on Terraform JSON with every rule of the family: the rule metadata in JSON and SARIF, the
 * Redis Enterprise and Azure Managed Redis resource types, and the level of each policy set by
 * `--policy-pack-config`. Each rule's value semantics are covered by its fixture table; this is the CLI.
 * The retirement notices (Azure.Redis.MigrateAMR, Azure.RedisEnterprise.MigrateAMR) fail every cache and
 * every Enterprise-SKU cluster whatever its settings: advisory findings the expectations count.
 */
const NOTICES: ReadonlySet<string> = new Set([redisMigrateAmr.id, redisEnterpriseMigrateAmr.id]);
let scratch: string;
beforeAll(() => {
  scratch = tempDir("family");
});

const validateReport = reportValidator();
const validateSarif = sarifValidator();
const SECRET_MARKER = "SECRET-MARKER-31";

type ReportResult = CheckReport["resources"][number]["results"][number];

function parseReport(text: string): CheckReport {
  const report = JSON.parse(text) as CheckReport;
  expect(validateReport(report)).toEqual([]);
  return report;
}

/** Each resource's results as `rule:status:level`, by Terraform address. */
function verdicts(report: CheckReport): Record<string, string[]> {
  return Object.fromEntries(report.resources.map((r) => [r.name, r.results.map((x) => `${x.ruleId}:${x.status}:${x.enforcementLevel}`)]));
}

function resultOf(report: CheckReport, address: string, ruleId: string): ReportResult {
  const result = report.resources.find((r) => r.name === address)?.results.find((x) => x.ruleId === ruleId);
  if (!result) throw new Error(`no ${ruleId} result for ${address}`);
  return result;
}

/** A one-stack Terraform JSON document (as hand-written or synthesized JSON; no construct paths). */
function document(resources: Record<string, Record<string, Record<string, unknown>>>): unknown {
  return { "//": { metadata: { stackName: "family", version: "0.21.0", backend: "local" } }, resource: resources };
}

/** An azurerm_redis_cache body that complies with every rule. */
const COMPLIANT_CACHE: Record<string, unknown> = {
  name: "cache",
  location: "westeurope",
  resource_group_name: "rg",
  sku_name: "Basic",
  family: "C",
  capacity: 0,
  non_ssl_port_enabled: false,
  minimum_tls_version: "1.2",
  public_network_access_enabled: false,
  access_keys_authentication_enabled: false,
  redis_configuration: { active_directory_authentication_enabled: true },
  redis_version: "6",
};

describe("Redis Enterprise and Azure Managed Redis in Terraform JSON", () => {
  const cluster = (body: Record<string, unknown>) => ({ name: "cluster", location: "westeurope", resource_group_name: "rg", sku_name: "Enterprise_E10-2", ...body });
  const database = (body: Record<string, unknown>) => ({ cluster_id: "${azurerm_redis_enterprise_cluster.tls12.id}", ...body });
  const managed = (body: Record<string, unknown>) => ({ name: "amr", location: "westeurope", resource_group_name: "rg", sku_name: "Balanced_B0", public_network_access: "Disabled", ...body });
  let report: CheckReport;
  let status: number | null;

  beforeAll(async () => {
    const file = writeJson(
      scratch,
      "enterprise.tf.json",
      document({
        azurerm_redis_enterprise_cluster: {
          tls12: cluster({ minimum_tls_version: "1.2" }),
          tls10: cluster({ minimum_tls_version: "1.0" }),
          default_tls: cluster({}),
          from_variable: cluster({ minimum_tls_version: "${var.tls}" }),
        },
        azurerm_redis_enterprise_database: {
          encrypted: database({ client_protocol: "Encrypted" }),
          plaintext: database({ client_protocol: "Plaintext" }),
          default_protocol: database({}),
        },
        azurerm_managed_redis: {
          object_plaintext: managed({ default_database: { client_protocol: "Plaintext" } }),
          list_plaintext: managed({ default_database: [{ client_protocol: "Plaintext" }] }),
          object_encrypted: managed({ default_database: { client_protocol: "Encrypted" } }),
          list_encrypted: managed({ default_database: [{ client_protocol: "Encrypted" }] }),
          object_default: managed({ default_database: {} }),
          no_database: managed({}),
          odd_value: managed({ default_database: [{ client_protocol: SECRET_MARKER }] }),
          // The provider's defaults: public network access "Enabled" (fails), access keys false (passes).
          provider_defaults: managed({ public_network_access: undefined }),
          keys_on: managed({ default_database: [{ access_keys_authentication_enabled: true }] }),
        },
        // Not checked: no rule applies to a resource group.
        azurerm_resource_group: { rg: { name: "rg", location: "westeurope" } },
      }),
    );
    const run = await runCli(["check", file, "--format", "json"]);
    status = run.status;
    expect(run.stderr).toBe("");
    report = parseReport(run.stdout);
  });

  it("judges each resource by the rule of its kind, reading default_database as an object or a one-element list", () => {
    const tls = redisEnterpriseMinTls.id;
    const protocol = redisEnterpriseClientProtocol.id;
    const open = redisEnterprisePublicNetworkAccess.id;
    const keys = redisEnterpriseLocalAuth.id;
    // Enterprise_E10-2: the cluster resource only takes the retiring Enterprise SKUs.
    const retiring = `${redisEnterpriseMigrateAmr.id}:fail:advisory`;
    // azurerm_managed_redis: private, and access keys at the provider's default (false).
    const amr = (verdict: string) => [`${protocol}:${verdict}:mandatory`, `${open}:pass:advisory`, `${keys}:pass:advisory`];
    expect(verdicts(report)).toEqual({
      "azurerm_redis_enterprise_cluster.tls12": [`${tls}:pass:mandatory`, retiring],
      "azurerm_redis_enterprise_cluster.tls10": [`${tls}:fail:mandatory`, retiring],
      "azurerm_redis_enterprise_cluster.default_tls": [`${tls}:pass:mandatory`, retiring],
      "azurerm_redis_enterprise_cluster.from_variable": [`${tls}:unknown:mandatory`, retiring],
      "azurerm_redis_enterprise_database.encrypted": [`${protocol}:pass:mandatory`],
      "azurerm_redis_enterprise_database.plaintext": [`${protocol}:fail:mandatory`],
      "azurerm_redis_enterprise_database.default_protocol": [`${protocol}:pass:mandatory`],
      "azurerm_managed_redis.object_plaintext": amr("fail"),
      "azurerm_managed_redis.list_plaintext": amr("fail"),
      "azurerm_managed_redis.object_encrypted": amr("pass"),
      "azurerm_managed_redis.list_encrypted": amr("pass"),
      "azurerm_managed_redis.object_default": amr("pass"),
      "azurerm_managed_redis.no_database": amr("pass"),
      // A value the rule does not understand fails closed.
      "azurerm_managed_redis.odd_value": amr("fail"),
      "azurerm_managed_redis.provider_defaults": [`${protocol}:pass:mandatory`, `${open}:fail:advisory`, `${keys}:pass:advisory`],
      "azurerm_managed_redis.keys_on": [`${protocol}:pass:mandatory`, `${open}:pass:advisory`, `${keys}:fail:advisory`],
    });
    expect(status).toBe(1);
    expect(report.input.resourcesSeen).toBe(17);
    expect(report.summary).toEqual({ resourcesSeen: 17, resourcesChecked: 16, resourcesNotApplicable: 1, mandatoryViolations: 5, advisoryViolations: 6, unknown: 1, passed: 26, exempted: 0, baselined: 0, resolved: 0 });
    expect(resultOf(report, "azurerm_managed_redis.provider_defaults", open).message).toContain(`does not set 'public_network_access', and the provider's default is "Enabled", which is not compliant`);
    expect(resultOf(report, "azurerm_managed_redis.keys_on", keys).properties).toEqual(["default_database.access_keys_authentication_enabled"]);
  });

  it("names the resource kind, the property (the block's attribute for Azure Managed Redis) and the fix, never the value", () => {
    expect(resultOf(report, "azurerm_redis_enterprise_cluster.tls10", redisEnterpriseMinTls.id)).toMatchObject({ severity: "critical", properties: ["minimum_tls_version"] });
    expect(resultOf(report, "azurerm_redis_enterprise_database.plaintext", redisEnterpriseClientProtocol.id)).toMatchObject({ properties: ["client_protocol"] });
    for (const address of ["azurerm_managed_redis.object_plaintext", "azurerm_managed_redis.list_plaintext"]) {
      const result = resultOf(report, address, redisEnterpriseClientProtocol.id);
      expect(result.properties).toEqual(["default_database.client_protocol"]);
      expect(result.message).toMatch(new RegExp(`^Azure\\.RedisEnterprise\\.ClientProtocol: Azure Managed Redis '${address.replace(/\./g, "\\.")}' accepts unencrypted connections: 'default_database\\.client_protocol'`));
      expect(result.message).toContain(`Fix: set 'default_database.client_protocol' to "Encrypted"`);
      expect(result.message).toContain(redisEnterpriseClientProtocol.docsUrl);
    }
    expect(resultOf(report, "azurerm_redis_enterprise_database.plaintext", redisEnterpriseClientProtocol.id).message).toContain("Redis Enterprise database");
    expect(resultOf(report, "azurerm_redis_enterprise_cluster.from_variable", redisEnterpriseMinTls.id).message).toContain("cannot be verified yet");
    expect(JSON.stringify(report)).not.toContain(SECRET_MARKER);
  });

  it("text and SARIF: a rule without a PSRule ref shows no ref; unknown is open; the value is never printed", async () => {
    const file = `${scratch}/enterprise.tf.json`;
    const text = await runCli(["check", file]);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/✖ azurerm_managed_redis\.list_plaintext\s+azurerm_managed_redis\s+stack family\n[\s\S]*?FAIL\s+Azure\.RedisEnterprise\.ClientProtocol\s+critical\s+mandatory/);
    expect(text.stdout).toMatch(/FAIL\s+Azure\.RedisEnterprise\.MinTLS \(AZR-000301\)\s+critical\s+mandatory/);
    expect(text.stdout).toContain("5 mandatory violations: 16 resources checked, 1 not applicable (17 seen), 6 advisory, 1 unknown, 26 passed, 0 exempted.");
    expect(text.stdout).not.toContain(SECRET_MARKER);

    const sarifRun = await runCli(["check", file, "--format", "sarif"]);
    expect(sarifRun.stdout).not.toContain(SECRET_MARKER);
    const sarif = JSON.parse(sarifRun.stdout) as { runs: { results: Record<string, unknown>[] }[] };
    expect(validateSarif(sarif)).toEqual([]);
    const results = sarif.runs[0]!.results;
    expect(results.filter((r) => r["level"] === "error")).toHaveLength(5);
    expect(results.filter((r) => r["kind"] === "open").map((r) => r["ruleId"])).toEqual([redisEnterpriseMinTls.id]);
  });
});

describe("the rule metadata: every rule in the JSON report and in SARIF", () => {
  /** A cache every setting rule passes (its retirement notice still fails) and an Azure Managed Redis every rule passes. */
  const compliantInput = (): string =>
    writeJson(
      scratch,
      "compliant.tf.json",
      document({
        azurerm_redis_cache: { cache: COMPLIANT_CACHE },
        azurerm_managed_redis: { amr: { name: "amr", sku_name: "Balanced_B0", public_network_access: "Disabled", default_database: { access_keys_authentication_enabled: false } } },
      }),
    );

  it("JSON: every rule with id, ref, policy name, severity, pillar, control (null for Version), level in force, docs", async () => {
    const run = await runCli(["check", compliantInput(), "--format", "json"]);
    expect(run.status).toBe(0);
    const report = parseReport(run.stdout);
    expect(report.rules).toHaveLength(12);
    expect(report.rules.map((r) => [r.id, r.ref, r.policyName, r.severity, r.pillar, r.control?.id ?? null, r.enforcementLevel])).toEqual([
      ["Azure.Redis.NonSslPort", "AZR-000163", "azure-redis-non-ssl-port", "critical", "Security", "DP-3", "mandatory"],
      ["Azure.Redis.MinTLS", "AZR-000164", "azure-redis-min-tls", "critical", "Security", "DP-3", "mandatory"],
      ["Azure.RedisEnterprise.ClientProtocol", null, "azure-redis-enterprise-client-protocol", "critical", "Security", "DP-3", "mandatory"],
      ["Azure.RedisEnterprise.MinTLS", "AZR-000301", "azure-redis-enterprise-min-tls", "critical", "Security", "DP-3", "mandatory"],
      ["Azure.Redis.PublicNetworkAccess", "AZR-000165", "azure-redis-public-network-access", "critical", "Security", "NS-2", "advisory"],
      ["Azure.RedisEnterprise.PublicNetworkAccess", null, "azure-redis-enterprise-public-network-access", "critical", "Security", "NS-2", "advisory"],
      ["Azure.Redis.LocalAuth", "AZR-000496", "azure-redis-local-auth", "high", "Security", "IM-1", "advisory"],
      ["Azure.RedisEnterprise.LocalAuth", null, "azure-redis-enterprise-local-auth", "high", "Security", "IM-1", "advisory"],
      ["Azure.Redis.EntraID", "AZR-000427", "azure-redis-entra-id", "critical", "Security", "IM-1", "advisory"],
      ["Azure.Redis.Version", "AZR-000347", "azure-redis-version", "high", "Reliability", null, "advisory"],
      ["Azure.Redis.MigrateAMR", "AZR-000533", "azure-redis-migrate-amr", "high", "Operational Excellence", null, "advisory"],
      ["Azure.RedisEnterprise.MigrateAMR", "AZR-000534", "azure-redis-enterprise-migrate-amr", "high", "Operational Excellence", null, "advisory"],
    ]);
    for (const rule of allRules) {
      const reported = report.rules.find((r) => r.id === rule.id)!;
      expect(reported).toMatchObject({ title: rule.title, description: rule.description, remediationSteps: rule.remediationSteps, docsUrl: rule.docsUrl });
      expect(reported.control).toEqual(rule.control);
      expect(reported.tags).toEqual(expect.arrayContaining([rule.pillar.toLowerCase(), rule.category.toLowerCase(), rule.id]));
    }
    expect(report.rules.find((r) => r.id === redisVersion.id)).toMatchObject({ pillar: "Reliability", control: null });
    expect(report.rules.find((r) => r.id === redisVersion.id)!.tags).not.toContain("security");
    for (const id of NOTICES) expect(report.rules.find((r) => r.id === id)).toMatchObject({ pillar: "Operational Excellence", control: null });
    // The notice is the only finding: advisory, so the check exits 0.
    expect(report.resources.flatMap((r) => r.results.filter((x) => x.status !== "pass").map((x) => `${r.name}:${x.ruleId}:${x.status}:${x.enforcementLevel}`))).toEqual([
      "azurerm_redis_cache.cache:Azure.Redis.MigrateAMR:fail:advisory",
    ]);
  });

  it("SARIF: tool.driver.rules carries every rule with help, severity, ref and control where there is one; the document validates", async () => {
    const run = await runCli(["check", compliantInput(), "--format", "sarif"]);
    expect(run.status).toBe(0);
    const sarif = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: Record<string, unknown>[] } }; results: unknown[] }[] };
    expect(validateSarif(sarif)).toEqual([]);
    const rules = sarif.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r["id"])).toEqual(allRules.map((r) => r.id));
    const securitySeverity = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" } as const;
    for (const [index, rule] of allRules.entries()) {
      const sarifRule = rules[index]!;
      expect(sarifRule).toMatchObject({
        id: rule.id,
        shortDescription: { text: rule.title },
        fullDescription: { text: rule.description },
        helpUri: rule.docsUrl,
        defaultConfiguration: { level: rule.defaultEnforcement === "mandatory" ? "error" : "warning", enabled: true },
        properties: {
          severity: rule.severity,
          "security-severity": securitySeverity[rule.severity],
          ref: rule.ref,
          policyName: rule.policyName,
          enforcementLevel: rule.defaultEnforcement,
          pillar: rule.pillar,
          tags: expect.arrayContaining([rule.id]),
        },
      });
      expect((sarifRule["help"] as { text: string }).text).toContain(rule.remediationSteps);
      const properties = sarifRule["properties"] as Record<string, unknown>;
      if (rule.control) expect(properties["control"]).toBe(`${rule.control.framework} ${rule.control.version} ${rule.control.id} ${rule.control.title}`);
      else expect(properties).not.toHaveProperty("control");
    }
    // A cache every setting rule passes: its retirement notice is the one result, a warning.
    expect(sarif.runs[0]!.results.map((r) => [(r as Record<string, unknown>)["ruleId"], (r as Record<string, unknown>)["level"]])).toEqual([[redisMigrateAmr.id, "warning"]]);
  });
});

describe("--policy-pack-config sets each new policy's level", () => {
  /** For each new rule: a resource that violates it and complies with every other rule. */
  const privateAmr = { name: "amr", sku_name: "Balanced_B0", public_network_access: "Disabled" };
  const violations: readonly (readonly [CoreRule, string, Record<string, Record<string, Record<string, unknown>>>])[] = [
    [redisMinTls, "azurerm_redis_cache.cache", { azurerm_redis_cache: { cache: { ...COMPLIANT_CACHE, minimum_tls_version: "1.0" } } }],
    [redisPublicNetworkAccess, "azurerm_redis_cache.cache", { azurerm_redis_cache: { cache: { ...COMPLIANT_CACHE, public_network_access_enabled: true } } }],
    [redisLocalAuth, "azurerm_redis_cache.cache", { azurerm_redis_cache: { cache: { ...COMPLIANT_CACHE, access_keys_authentication_enabled: true } } }],
    [redisEntraId, "azurerm_redis_cache.cache", { azurerm_redis_cache: { cache: { ...COMPLIANT_CACHE, redis_configuration: [{ active_directory_authentication_enabled: false }] } } }],
    [redisVersion, "azurerm_redis_cache.cache", { azurerm_redis_cache: { cache: { ...COMPLIANT_CACHE, redis_version: "4" } } }],
    [redisEnterpriseMinTls, "azurerm_redis_enterprise_cluster.cluster", { azurerm_redis_enterprise_cluster: { cluster: { name: "c", sku_name: "Enterprise_E10-2", minimum_tls_version: "1.1" } } }],
    [redisEnterpriseClientProtocol, "azurerm_managed_redis.amr", { azurerm_managed_redis: { amr: { ...privateAmr, default_database: { client_protocol: "Plaintext" } } } }],
    [redisEnterprisePublicNetworkAccess, "azurerm_managed_redis.amr", { azurerm_managed_redis: { amr: { ...privateAmr, public_network_access: "Enabled" } } }],
    [redisEnterpriseLocalAuth, "azurerm_managed_redis.amr", { azurerm_managed_redis: { amr: { ...privateAmr, default_database: { access_keys_authentication_enabled: true } } } }],
    [redisMigrateAmr, "azurerm_redis_cache.cache", { azurerm_redis_cache: { cache: COMPLIANT_CACHE } }],
    [redisEnterpriseMigrateAmr, "azurerm_redis_enterprise_cluster.cluster", { azurerm_redis_enterprise_cluster: { cluster: { name: "c", sku_name: "Enterprise_E10-2" } } }],
  ];

  it("covers every rule but the founding one, whose levels terraform-input.test.ts covers", () => {
    expect(violations.map(([rule]) => rule.id).sort()).toEqual(allRules.filter((r) => r !== redisNonSslPort).map((r) => r.id).sort());
  });

  it.each(violations.map(([rule, address, resources]) => [rule.policyName, rule, address, resources] as const))(
    "%s: the default, mandatory, advisory and disabled",
    async (policyName, rule, address, resources) => {
      const input = writeJson(scratch, `${policyName}.tf.json`, document(resources));
      const check = async (config: Record<string, unknown> | undefined) => {
        const configArgs = config ? ["--policy-pack-config", writeJson(scratch, `${policyName}-config.json`, config)] : [];
        const run = await runCli(["check", input, "--format", "json", ...configArgs]);
        return { status: run.status, report: parseReport(run.stdout) };
      };
      const ruleResults = (report: CheckReport): string[] =>
        report.resources.flatMap((r) => r.results.filter((x) => x.ruleId === rule.id).map((x) => `${r.name}:${x.status}:${x.enforcementLevel}`));
      // Only this rule fails: every other result passes, but for the retirement notice of a cache or an
      // Enterprise cluster, which no setting can pass (counted apart).
      const otherFailures = (report: CheckReport): number =>
        report.resources.flatMap((r) => r.results).filter((x) => x.ruleId !== rule.id && !NOTICES.has(x.ruleId) && x.status !== "pass").length;
      const notices = (report: CheckReport): number => report.resources.flatMap((r) => r.results).filter((x) => x.ruleId !== rule.id && NOTICES.has(x.ruleId) && x.status === "fail").length;

      const byDefault = await check(undefined);
      expect(ruleResults(byDefault.report)).toEqual([`${address}:fail:${rule.defaultEnforcement}`]);
      expect(byDefault.status).toBe(rule.defaultEnforcement === "mandatory" ? 1 : 0);
      expect(otherFailures(byDefault.report)).toBe(0);

      for (const [level, status] of [
        ["mandatory", 1],
        ["advisory", 0],
      ] as const) {
        const configured = await check({ [policyName]: { enforcementLevel: level } });
        expect(configured.status).toBe(status);
        expect(ruleResults(configured.report)).toEqual([`${address}:fail:${level}`]);
        expect(configured.report.rules.find((r) => r.id === rule.id)!.enforcementLevel).toBe(level);
        expect(configured.report.summary).toMatchObject({ mandatoryViolations: status, advisoryViolations: 1 - status + notices(configured.report) });
        expect(otherFailures(configured.report)).toBe(0);
      }

      // The string shorthand; a disabled policy reports nothing, and the other rules still run.
      const disabled = await check({ [policyName]: "disabled" });
      expect(disabled.status).toBe(0);
      expect(ruleResults(disabled.report)).toEqual([]);
      expect(disabled.report.rules.find((r) => r.id === rule.id)!.enforcementLevel).toBe("disabled");
      expect(disabled.report.summary).toMatchObject({ mandatoryViolations: 0, advisoryViolations: notices(disabled.report) });
      const binding = findTerraformBinding(address.split(".")[0]!)!;
      const others = allRules.filter((r) => r !== rule && ruleApplies(r, binding));
      const remaining = disabled.report.resources.find((r) => r.name === address)?.results.map((x) => x.ruleId) ?? [];
      expect(remaining).toEqual(others.map((r) => r.id));
    },
  );
});
