import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { allRules, redisEnterpriseClientProtocol, redisNonSslPort, redisPublicNetworkAccess } from "../../policies";
import { synthesizeCdktfExample } from "../support/cdktf-example";
import { expectNoStackTrace, reportValidator, runCli, sarifValidator, tempDir, writeJson } from "../support/cli";

/**
 * `check <cdktf.out | cdk.tf.json>` end to end: the real example synthesized once, plus small
 * Terraform JSON documents for the cases the example does not have.
 */
let out: string;
let scratch: string;
beforeAll(() => {
  out = synthesizeCdktfExample();
  scratch = tempDir("tf");
});

const validateReport = reportValidator();
const validateSarif = sarifValidator();
const POLICY = redisNonSslPort.policyName;

/** A one-stack Terraform JSON document with the given azurerm_redis_cache bodies. */
function stackJson(caches: Record<string, Record<string, unknown>>, stackName = "handmade"): unknown {
  return {
    "//": { metadata: { stackName, version: "0.21.0", backend: "local" } },
    resource: {
      azurerm_resource_group: { group: { name: "rg", location: "westeurope" } },
      azurerm_redis_cache: Object.fromEntries(
        Object.entries(caches).map(([name, body]) => [name, { name, capacity: 0, family: "C", sku_name: "Basic", ...body }]),
      ),
    },
  };
}

function parseReport(text: string): CheckReport {
  const report = JSON.parse(text) as CheckReport;
  expect(validateReport(report)).toEqual([]);
  return report;
}

/** A resource's result for one rule (Azure.Redis.NonSslPort unless told: most tests here are about it). */
function resultOf(report: CheckReport, name: string, ruleId = redisNonSslPort.id): CheckReport["resources"][number]["results"][number] {
  const resource = report.resources.find((r) => r.name === name || r.constructPath === name);
  if (!resource) throw new Error(`no resource ${name} in the report`);
  const result = resource.results.find((x) => x.ruleId === ruleId);
  if (!result) throw new Error(`no ${ruleId} result for ${name} in the report`);
  return result;
}

/** Each resource's results as `rule:status:level`, by construct path. */
function verdicts(report: CheckReport): Record<string, string[]> {
  return Object.fromEntries(report.resources.map((r) => [r.constructPath ?? r.name, r.results.map((x) => `${x.ruleId}:${x.status}:${x.enforcementLevel}`)]));
}

describe("the synthesized example (cdktf.out)", () => {
  it("text: exits 1 and shows the violating resources with rule, severity, level, fix and docs; says it is offline", async () => {
    const run = await runCli(["check", out]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("offline check");
    const violating = run.stdout.slice(run.stdout.indexOf("azurerm_redis_cache.legacy-cache"));
    expect(violating).toMatch(/construct violating\/legacy-cache/);
    expect(violating).toMatch(/FAIL\s+Azure\.Redis\.NonSslPort \(AZR-000163\)\s+critical\s+mandatory/);
    expect(violating).toContain("Fix: set 'non_ssl_port_enabled' to false");
    expect(violating).toContain(`docs: ${redisNonSslPort.docsUrl}`);
    expect(violating).toMatch(/FAIL\s+Azure\.Redis\.PublicNetworkAccess \(AZR-000165\)\s+critical\s+advisory/);
    expect(run.stdout).toMatch(/✖ azurerm_managed_redis\.managed-redis\s+azurerm_managed_redis\s+stack violating[\s\S]*FAIL\s+Azure\.RedisEnterprise\.ClientProtocol\s+critical\s+mandatory/);
    expect(run.stdout).toContain(`docs: ${redisEnterpriseClientProtocol.docsUrl}`);
    // The compliant cache passes every security rule; its retirement notice is advisory ("!").
    expect(run.stdout).toMatch(/! azurerm_redis_cache\.compliant-cache[\s\S]*?PASS\s+Azure\.Redis\.NonSslPort[\s\S]*?FAIL\s+Azure\.Redis\.MigrateAMR \(AZR-000533\)\s+high\s+advisory/);
    expect(run.stdout).toMatch(/✔ azurerm_managed_redis\.managed-redis\s+azurerm_managed_redis\s+stack compliant/);
    expect(run.stdout).toContain("2 mandatory violations: 5 resources checked, 2 not applicable (7 seen), 8 advisory, 0 unknown, 12 passed, 0 exempted.");
    // Not a terminal: no colour codes. No progress either: stderr is not a terminal.
    expect(run.stdout).not.toContain("\u001b[");
    expect(run.stderr).toBe("");
  });

  it("json: valid against the documented schema, with the stacks, construct paths and lines", async () => {
    const run = await runCli(["check", out, "--format", "json"]);
    expect(run.status).toBe(1);
    const report = parseReport(run.stdout);
    expect(report.input).toMatchObject({ kind: "terraform-json", offline: true, resourcesSeen: 7 });
    expect(report.input.stacks.map((s) => s.name)).toEqual(["compliant", "violating"]);
    expect(report.summary).toEqual({ resourcesSeen: 7, resourcesChecked: 5, resourcesNotApplicable: 2, mandatoryViolations: 2, advisoryViolations: 8, unknown: 0, passed: 12, exempted: 0, baselined: 0, resolved: 0 });
    expect(report.exitCode).toBe(1);
    expect(verdicts(report)).toEqual({
      "compliant/compliant-cache": [
        "Azure.Redis.NonSslPort:pass:mandatory",
        "Azure.Redis.MinTLS:pass:mandatory",
        "Azure.Redis.PublicNetworkAccess:pass:advisory",
        "Azure.Redis.LocalAuth:pass:advisory",
        "Azure.Redis.EntraID:pass:advisory",
        "Azure.Redis.Version:pass:advisory",
        "Azure.Redis.MigrateAMR:fail:advisory",
      ],
      "compliant/managed-redis": [
        "Azure.RedisEnterprise.ClientProtocol:pass:mandatory",
        "Azure.RedisEnterprise.PublicNetworkAccess:pass:advisory",
        // Access keys left at the provider's default, false.
        "Azure.RedisEnterprise.LocalAuth:pass:advisory",
      ],
      "violating/legacy-cache": [
        "Azure.Redis.NonSslPort:fail:mandatory",
        "Azure.Redis.MinTLS:pass:mandatory",
        "Azure.Redis.PublicNetworkAccess:fail:advisory",
        "Azure.Redis.LocalAuth:fail:advisory",
        "Azure.Redis.EntraID:fail:advisory",
        "Azure.Redis.Version:pass:advisory",
        "Azure.Redis.MigrateAMR:fail:advisory",
      ],
      "violating/managed-redis": [
        "Azure.RedisEnterprise.ClientProtocol:fail:mandatory",
        "Azure.RedisEnterprise.PublicNetworkAccess:fail:advisory",
        "Azure.RedisEnterprise.LocalAuth:fail:advisory",
      ],
      "violating/enterprise-cluster": ["Azure.RedisEnterprise.MinTLS:pass:mandatory", "Azure.RedisEnterprise.MigrateAMR:fail:advisory"],
    });
    const legacy = report.resources.find((r) => r.constructPath === "violating/legacy-cache")!;
    expect(legacy).toMatchObject({ identity: "azurerm_redis_cache.legacy-cache", name: "azurerm_redis_cache.legacy-cache", type: "azurerm_redis_cache", stack: "violating" });
    expect(resultOf(report, "violating/legacy-cache")).toMatchObject({ status: "fail", enforcementLevel: "mandatory", severity: "critical", properties: ["non_ssl_port_enabled"] });
    expect(resultOf(report, "violating/legacy-cache", "Azure.Redis.EntraID")).toMatchObject({
      status: "fail",
      enforcementLevel: "advisory",
      properties: ["redis_configuration.active_directory_authentication_enabled"],
    });
    expect(report.resources.find((r) => r.constructPath === "violating/managed-redis")).toMatchObject({ name: "azurerm_managed_redis.managed-redis", type: "azurerm_managed_redis", stack: "violating" });
    expect(resultOf(report, "violating/managed-redis", redisEnterpriseClientProtocol.id)).toMatchObject({
      status: "fail",
      enforcementLevel: "mandatory",
      severity: "critical",
      properties: ["default_database.client_protocol"],
    });
    // The line points at the resource's key in the synthesized file.
    const lines = fs.readFileSync(path.join(out, "stacks", "violating", "cdk.tf.json"), "utf8").split("\n");
    expect(lines[legacy.location!.line! - 1]).toContain('"legacy-cache": {');
    expect(report.rules.map((r) => r.id)).toEqual(allRules.map((r) => r.id));
    expect(report.rules[0]).toMatchObject({ id: "Azure.Redis.NonSslPort", ref: "AZR-000163", policyName: POLICY, enforcementLevel: "mandatory" });
  });

  it("sarif: valid SARIF 2.1.0 with rule metadata, an error per mandatory violation, physical and logical locations", async () => {
    const run = await runCli(["check", out, "--format", "sarif"]);
    expect(run.status).toBe(1);
    const sarif = JSON.parse(run.stdout) as {
      version: string;
      runs: { tool: { driver: { rules: Record<string, unknown>[] } }; results: Record<string, unknown>[] }[];
    };
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.version).toBe("2.1.0");
    const [run0] = sarif.runs;
    expect(run0!.tool.driver.rules.map((r) => r["id"])).toEqual(allRules.map((r) => r.id));
    const [rule] = run0!.tool.driver.rules;
    expect(rule).toMatchObject({
      id: "Azure.Redis.NonSslPort",
      shortDescription: { text: redisNonSslPort.title },
      fullDescription: { text: redisNonSslPort.description },
      helpUri: redisNonSslPort.docsUrl,
      defaultConfiguration: { level: "error" },
      properties: { "security-severity": "9.5", severity: "critical", tags: expect.arrayContaining(["security"]) },
    });
    expect((rule!["help"] as { text: string }).text).toContain("non_ssl_port_enabled");
    // Two errors (the mandatory violations), eight warnings (the advisory findings and notices).
    expect(run0!.results.map((r) => `${String(r["ruleId"])}:${String(r["level"])}`).sort()).toEqual(
      [
        "Azure.Redis.EntraID:warning",
        "Azure.Redis.LocalAuth:warning",
        "Azure.Redis.MigrateAMR:warning",
        "Azure.Redis.MigrateAMR:warning",
        "Azure.Redis.NonSslPort:error",
        "Azure.Redis.PublicNetworkAccess:warning",
        "Azure.RedisEnterprise.ClientProtocol:error",
        "Azure.RedisEnterprise.LocalAuth:warning",
        "Azure.RedisEnterprise.MigrateAMR:warning",
        "Azure.RedisEnterprise.PublicNetworkAccess:warning",
      ],
    );
    expect(run0!.results.find((r) => r["ruleId"] === redisEnterpriseClientProtocol.id)).toMatchObject({
      ruleIndex: allRules.indexOf(redisEnterpriseClientProtocol),
      level: "error",
      locations: [{ logicalLocations: [{ name: "azurerm_managed_redis.managed-redis", fullyQualifiedName: "violating/managed-redis", kind: "resource" }] }],
    });
    expect(run0!.results.find((r) => r["ruleId"] === "Azure.Redis.NonSslPort")).toMatchObject({
      ruleId: "Azure.Redis.NonSslPort",
      ruleIndex: 0,
      level: "error",
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: expect.stringMatching(/stacks\/violating\/cdk\.tf\.json$/) }, region: { startLine: expect.any(Number) } },
          logicalLocations: [{ name: "azurerm_redis_cache.legacy-cache", fullyQualifiedName: "violating/legacy-cache", kind: "resource" }],
        },
      ],
    });
  });

  it("accepts one stack's cdk.tf.json, one stack's directory, and a cdktf.out without manifest.json", async () => {
    const compliantFile = await runCli(["check", path.join(out, "stacks", "compliant", "cdk.tf.json"), "--format", "json"]);
    expect(compliantFile.status).toBe(0);
    expect(parseReport(compliantFile.stdout).input.stacks).toEqual([{ name: "compliant", file: expect.stringMatching(/cdk\.tf\.json$/) }]);

    const violatingDir = await runCli(["check", path.join(out, "stacks", "violating")]);
    expect(violatingDir.status).toBe(1);

    const copy = path.join(tempDir("nomanifest"), "cdktf.out");
    fs.cpSync(out, copy, { recursive: true });
    fs.rmSync(path.join(copy, "manifest.json"));
    const withoutManifest = await runCli(["check", copy, "--format", "json"]);
    expect(withoutManifest.status).toBe(1);
    expect(parseReport(withoutManifest.stdout).input.stacks.map((s) => s.name)).toEqual(["compliant", "violating"]);
  });

  it.each([
    ["mandatory", 1],
    ["disabled", 0],
  ] as const)("azure-redis-public-network-access: %s decides the exit code (%i) on the example's advisory finding", async (level, exitCode) => {
    // The example's two mandatory violations made advisory, so the exit code answers for this policy alone.
    const config = writeJson(scratch, `public-${level}.json`, {
      [POLICY]: "advisory",
      [redisEnterpriseClientProtocol.policyName]: "advisory",
      [redisPublicNetworkAccess.policyName]: level,
    });
    const run = await runCli(["check", out, "--format", "json", "--policy-pack-config", config]);
    expect(run.status).toBe(exitCode);
    const report = parseReport(run.stdout);
    const publicAccess = report.resources.flatMap((r) => r.results.filter((x) => x.ruleId === redisPublicNetworkAccess.id).map((x) => `${r.constructPath}:${x.status}:${x.enforcementLevel}`));
    expect(publicAccess).toEqual(level === "mandatory" ? ["compliant/compliant-cache:pass:mandatory", "violating/legacy-cache:fail:mandatory"] : []);
    // Advisory: the two demoted violations, legacy-cache's access keys and Entra ID, two retirement notices on
    // caches, one on the Enterprise cluster, and the violating Azure Managed Redis's public access and access keys.
    expect(report.summary).toMatchObject({ mandatoryViolations: exitCode, advisoryViolations: 9 });
  });

  it("--output writes the report to a file and prints a one-line summary on stderr; --json-report adds the JSON", async () => {
    const sarifFile = path.join(scratch, "out.sarif");
    const jsonFile = path.join(scratch, "out.json");
    const run = await runCli(["check", out, "--format", "sarif", "--output", sarifFile, "--json-report", jsonFile]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`wrote the sarif report to ${sarifFile}: 2 mandatory violation(s)`);
    expect(validateSarif(JSON.parse(fs.readFileSync(sarifFile, "utf8")))).toEqual([]);
    expect(parseReport(fs.readFileSync(jsonFile, "utf8")).summary.mandatoryViolations).toBe(2);
  });
});

describe("values and attribute names", () => {
  it("reads azurerm 3.x and 4.x names, reports expressions as unknown (a warning), fails closed on odd values", async () => {
    const file = writeJson(
      scratch,
      "values.tf.json",
      stackJson({
        v3_open: { enable_non_ssl_port: true },
        v4_closed: { non_ssl_port_enabled: "FALSE" },
        from_variable: { non_ssl_port_enabled: "${var.open_port}" },
        escaped_literal: { non_ssl_port_enabled: "$${not.an.expression}" },
        absent: {},
      }),
    );
    const run = await runCli(["check", file, "--format", "json"]);
    const report = parseReport(run.stdout);
    expect(run.status).toBe(1);
    expect(resultOf(report, "azurerm_redis_cache.v3_open")).toMatchObject({ status: "fail", properties: ["enable_non_ssl_port"] });
    expect(resultOf(report, "azurerm_redis_cache.v4_closed").status).toBe("pass");
    expect(resultOf(report, "azurerm_redis_cache.from_variable")).toMatchObject({ status: "unknown", enforcementLevel: "mandatory" });
    expect(resultOf(report, "azurerm_redis_cache.escaped_literal")).toMatchObject({ status: "fail", enforcementLevel: "mandatory" });
    expect(resultOf(report, "azurerm_redis_cache.absent").status).toBe("pass");
    // NonSslPort: 2 mandatory violations, 1 unknown, 2 passes. Each of the five caches also leaves public network
    // access, access keys and Entra ID unset and carries the retirement notice (4 advisory findings each), and
    // passes MinTLS and Version by default.
    expect(report.summary).toEqual({ resourcesSeen: 6, resourcesChecked: 5, resourcesNotApplicable: 1, mandatoryViolations: 2, advisoryViolations: 20, unknown: 1, passed: 12, exempted: 0, baselined: 0, resolved: 0 });
    // Messages name properties, never values.
    expect(report.resources.every((r) => r.results.every((x) => !x.message.includes("not.an.expression") && !x.message.includes("var.open_port")))).toBe(true);
  });

  it("an unknown value alone does not fail the check (exit 0); the mandatory rule keeps its level and the message reads as advice", async () => {
    const file = writeJson(scratch, "unknown.tf.json", stackJson({ from_variable: { non_ssl_port_enabled: "${var.open_port}" } }));
    const run = await runCli(["check", file]);
    expect(run.status).toBe(0);
    // Not "advisory": the rule is still mandatory, its value could not be verified.
    expect(run.stdout).toMatch(/UNKNOWN\s+Azure\.Redis\.NonSslPort \(AZR-000163\)\s+critical\s+mandatory/);
    expect(run.stdout).toContain(
      "cannot be verified yet: the value of 'non_ssl_port_enabled' is not known (it is a Terraform expression only known at plan time), " +
        "and an unknown value is never treated as compliant. Write 'non_ssl_port_enabled' as a literal value to have it checked now; " +
        "to comply, set 'non_ssl_port_enabled' to false (or remove it) and connect clients with TLS on port 6380.",
    );
    expect(run.stdout).toMatch(/no mandatory violation: .* 1 unknown/);
  });

  it("a document without resources is checked (nothing to report) and exits 0", async () => {
    const run = await runCli(["check", writeJson(scratch, "empty.tf.json", { terraform: {} })]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Nothing was checked: the input holds no resources.");
  });
});

describe("--policy-pack-config (the Pulumi CLI's format)", () => {
  const open = (): string => writeJson(scratch, "open.tf.json", stackJson({ legacy: { non_ssl_port_enabled: true }, quiet: {} }, "prod"));

  it.each([
    ["advisory", { [POLICY]: { enforcementLevel: "advisory" } }, 0, "fail", "advisory"],
    ["the string shorthand", { [POLICY]: "advisory" }, 0, "fail", "advisory"],
    ["`all`", { all: "advisory" }, 0, "fail", "advisory"],
    ["a policy's level over `all`", { all: "advisory", [POLICY]: { enforcementLevel: "mandatory" } }, 1, "fail", "mandatory"],
    ["remediate (blocks like mandatory)", { [POLICY]: "remediate" }, 1, "fail", "mandatory"],
    ["an exemption by address", { [POLICY]: { exemptions: [{ resource: "azurerm_redis_cache.legacy", reason: "CHG-1" }] } }, 0, "exempted", "mandatory"],
    ["an exemption by stack/address glob", { [POLICY]: { exemptions: [{ resource: "prod/*legacy", reason: "CHG-2" }] } }, 0, "exempted", "mandatory"],
  ])("%s", async (_label, config, status, resultStatus, level) => {
    const run = await runCli(["check", open(), "--format", "json", "--policy-pack-config", writeJson(scratch, "config.json", config)]);
    expect(run.status).toBe(status);
    const report = parseReport(run.stdout);
    expect(resultOf(report, "azurerm_redis_cache.legacy")).toMatchObject({ status: resultStatus, enforcementLevel: level });
    expect(report.input.policyPackConfig).toMatch(/config\.json$/);
  });

  it("an expired exemption no longer applies and the message says so", async () => {
    const config = { [POLICY]: { exemptions: [{ resource: "azurerm_redis_cache.legacy", reason: "CHG-3", expires: "2020-01-31" }] } };
    const run = await runCli(["check", open(), "--format", "json", "--policy-pack-config", writeJson(scratch, "expired.json", config)]);
    expect(run.status).toBe(1);
    const result = resultOf(parseReport(run.stdout), "azurerm_redis_cache.legacy");
    expect(result).toMatchObject({ status: "fail", exemption: { expired: true } });
    expect(result.message).toContain("expired on 2020-01-31");
  });

  it("requireExplicit fails a cache that leaves the attribute unset; disabled reports nothing", async () => {
    const strict = await runCli(["check", open(), "--format", "json", "--policy-pack-config", writeJson(scratch, "strict.json", { [POLICY]: { requireExplicit: true } })]);
    expect(resultOf(parseReport(strict.stdout), "azurerm_redis_cache.quiet")).toMatchObject({ status: "fail", properties: ["non_ssl_port_enabled", "enable_non_ssl_port"] });

    const disabled = await runCli(["check", open(), "--format", "json", "--policy-pack-config", writeJson(scratch, "disabled.json", { all: "disabled" })]);
    expect(disabled.status).toBe(0);
    const report = parseReport(disabled.stdout);
    expect(report.resources).toEqual([]);
    expect(report.rules.map((r) => r.enforcementLevel)).toEqual(allRules.map(() => "disabled"));
  });

  it.each([
    ["an unknown policy name", { "azure-redis-non-ssl-prot": "mandatory" }, "azure-redis-non-ssl-prot is not a policy of this pack"],
    ["a misspelt option", { [POLICY]: { requireExplict: true } }, `${POLICY}.requireExplict is not a known option`],
    ["an exemption without a reason", { [POLICY]: { exemptions: [{ resource: "x" }] } }, `${POLICY}.exemptions[0].reason`],
    ["a bad level", { [POLICY]: { enforcementLevel: "strict" } }, `${POLICY}.enforcementLevel must be one of`],
    ["not an object", ["mandatory"], "must be a JSON object"],
    ["invalid JSON", "{ not json", "is not valid JSON"],
  ])("refuses %s with exit 2 and a message naming the field", async (_label, config, message) => {
    const run = await runCli(["check", open(), "--policy-pack-config", writeJson(scratch, "bad-config.json", config)]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("the check could not run");
    expect(run.stderr).toContain(message);
    expectNoStackTrace(run.stderr);
  });

  it("a config file that does not exist is exit 2", async () => {
    const run = await runCli(["check", open(), "--policy-pack-config", path.join(scratch, "missing.json")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("no such file");
  });
});

describe("inputs the check cannot read: exit 2 with a reason, no stack trace", () => {
  it.each([
    ["a path that does not exist", () => path.join(scratch, "nope"), "no such file or directory"],
    ["invalid JSON", () => writeJson(scratch, "broken.tf.json", '{ "resource": '), "is not valid JSON"],
    ["a JSON array", () => writeJson(scratch, "array.tf.json", [1, 2]), "is JSON but not an object: expected a Terraform/OpenTofu plan"],
    ["a broken manifest.json", () => {
      const dir = tempDir("badmanifest");
      writeJson(dir, "manifest.json", "{");
      return dir;
    }, "the CDKTF manifest"],
    ["a manifest without stacks", () => {
      const dir = tempDir("nostacks");
      writeJson(dir, "manifest.json", { version: "0.21.0" });
      return dir;
    }, "is not a CDKTF manifest"],
    ["a directory that is neither input kind", () => tempDir("empty"), "neither a Pulumi project (no Pulumi.yaml) nor a CDKTF synth output"],
    ["a CDKTF app that was not synthesized", () => {
      const dir = tempDir("app");
      writeJson(dir, "cdktf.json", { language: "typescript", app: "npx ts-node main.ts" });
      return dir;
    }, "It is a CDKTF app: run `cdktf synth` there"],
    ["a file that is not JSON", () => writeJson(scratch, "main.ts", "export {};"), "is not valid JSON: expected a JSON value at line 1, column 1 (byte 0); expected"],
  ])("%s", async (_label, makeInput, message) => {
    const run = await runCli(["check", makeInput()]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expectNoStackTrace(run.stderr);
  });
});
