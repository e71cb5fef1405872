import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { redisNonSslPort } from "../../policies";
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

function resultOf(report: CheckReport, name: string): CheckReport["resources"][number]["results"][number] {
  const resource = report.resources.find((r) => r.name === name || r.constructPath === name);
  if (!resource) throw new Error(`no resource ${name} in the report`);
  return resource.results[0]!;
}

describe("the synthesized example (cdktf.out)", () => {
  it("text: exits 1 and shows the violating cache with rule, severity, level, fix and docs; says it is offline", async () => {
    const run = await runCli(["check", out]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("offline check");
    const violating = run.stdout.slice(run.stdout.indexOf("azurerm_redis_cache.legacy-cache"));
    expect(violating).toMatch(/construct violating\/legacy-cache/);
    expect(violating).toMatch(/FAIL\s+Azure\.Redis\.NonSslPort \(AZR-000163\)\s+critical\s+mandatory/);
    expect(violating).toContain("Fix: set 'non_ssl_port_enabled' to false");
    expect(violating).toContain(`docs: ${redisNonSslPort.docsUrl}`);
    expect(run.stdout).toMatch(/azurerm_redis_cache\.compliant-cache[\s\S]*PASS\s+Azure\.Redis\.NonSslPort/);
    expect(run.stdout).toContain("1 mandatory violation: 2 resources checked (4 seen)");
    // Not a terminal: no colour codes. No progress either: stderr is not a terminal.
    expect(run.stdout).not.toContain("\u001b[");
    expect(run.stderr).toBe("");
  });

  it("json: valid against the documented schema, with the stacks, construct paths and lines", async () => {
    const run = await runCli(["check", out, "--format", "json"]);
    expect(run.status).toBe(1);
    const report = parseReport(run.stdout);
    expect(report.input).toMatchObject({ kind: "terraform-json", offline: true, resourcesSeen: 4 });
    expect(report.input.stacks.map((s) => s.name)).toEqual(["compliant", "violating"]);
    expect(report.summary).toEqual({ resourcesChecked: 2, mandatoryViolations: 1, advisoryViolations: 0, unknown: 0, passed: 1, exempted: 0 });
    expect(report.exitCode).toBe(1);
    const legacy = report.resources.find((r) => r.constructPath === "violating/legacy-cache")!;
    expect(legacy).toMatchObject({ name: "azurerm_redis_cache.legacy-cache", type: "azurerm_redis_cache", stack: "violating" });
    expect(legacy.results).toEqual([
      expect.objectContaining({ ruleId: "Azure.Redis.NonSslPort", status: "fail", enforcementLevel: "mandatory", severity: "critical", properties: ["non_ssl_port_enabled"] }),
    ]);
    // The line points at the resource's key in the synthesized file.
    const lines = fs.readFileSync(path.join(out, "stacks", "violating", "cdk.tf.json"), "utf8").split("\n");
    expect(lines[legacy.location!.line! - 1]).toContain('"legacy-cache": {');
    expect(report.rules[0]).toMatchObject({ id: "Azure.Redis.NonSslPort", ref: "AZR-000163", policyName: POLICY, enforcementLevel: "mandatory" });
  });

  it("sarif: valid SARIF 2.1.0 with rule metadata, one error result, physical and logical locations", async () => {
    const run = await runCli(["check", out, "--format", "sarif"]);
    expect(run.status).toBe(1);
    const sarif = JSON.parse(run.stdout) as {
      version: string;
      runs: { tool: { driver: { rules: Record<string, unknown>[] } }; results: Record<string, unknown>[] }[];
    };
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.version).toBe("2.1.0");
    const [run0] = sarif.runs;
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
    expect(run0!.results).toHaveLength(1);
    expect(run0!.results[0]).toMatchObject({
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

  it("--output writes the report to a file and prints a one-line summary on stderr; --json-report adds the JSON", async () => {
    const sarifFile = path.join(scratch, "out.sarif");
    const jsonFile = path.join(scratch, "out.json");
    const run = await runCli(["check", out, "--format", "sarif", "--output", sarifFile, "--json-report", jsonFile]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`wrote the sarif report to ${sarifFile}: 1 mandatory violation(s)`);
    expect(validateSarif(JSON.parse(fs.readFileSync(sarifFile, "utf8")))).toEqual([]);
    expect(parseReport(fs.readFileSync(jsonFile, "utf8")).summary.mandatoryViolations).toBe(1);
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
    expect(resultOf(report, "azurerm_redis_cache.from_variable")).toMatchObject({ status: "unknown", enforcementLevel: "advisory" });
    expect(resultOf(report, "azurerm_redis_cache.escaped_literal")).toMatchObject({ status: "fail", enforcementLevel: "mandatory" });
    expect(resultOf(report, "azurerm_redis_cache.absent").status).toBe("pass");
    expect(report.summary).toMatchObject({ mandatoryViolations: 2, unknown: 1, passed: 2 });
    // Messages name properties, never values.
    expect(report.resources.every((r) => r.results.every((x) => !x.message.includes("not.an.expression") && !x.message.includes("var.open_port")))).toBe(true);
  });

  it("an unknown value alone does not fail the check (exit 0), and the text says it cannot be verified yet", async () => {
    const file = writeJson(scratch, "unknown.tf.json", stackJson({ from_variable: { non_ssl_port_enabled: "${var.open_port}" } }));
    const run = await runCli(["check", file]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/UNKNOWN\s+Azure\.Redis\.NonSslPort \(AZR-000163\)\s+critical\s+advisory/);
    expect(run.stdout).toContain("cannot be verified yet");
  });

  it("a document without resources is checked (nothing to report) and exits 0", async () => {
    const run = await runCli(["check", writeJson(scratch, "empty.tf.json", { terraform: {} })]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("No resource any enabled rule applies to (0 resources seen)");
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
    expect(report.rules[0]!.enforcementLevel).toBe("disabled");
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
    ["a JSON array", () => writeJson(scratch, "array.tf.json", [1, 2]), "is not a Terraform JSON configuration"],
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
    ["a file that is not JSON", () => writeJson(scratch, "main.ts", "export {};"), "is not a cdk.tf.json file"],
  ])("%s", async (_label, makeInput, message) => {
    const run = await runCli(["check", makeInput()]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expectNoStackTrace(run.stderr);
  });
});
