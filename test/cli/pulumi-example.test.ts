import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { allRules, redisEnterpriseClientProtocol, redisNonSslPort, redisPublicNetworkAccess } from "../../policies";
import { PULUMI_EXAMPLE, reportValidator, runCli, sarifValidator, tempDir, TRANSPILE_ONLY_ENV, writeJson, type CliRun } from "../support/cli";

/**
 * `check examples/pulumi-azure-native`: the example program under Pulumi's mock runtime, every resource
 * judged through the rule core (pulumi-program-parity.test.ts checks the pack reaches the same verdicts). The program is type-checked by `npm run typecheck`,
 * so these runs only transpile it (PULUMI_NODEJS_TRANSPILE_ONLY, Pulumi's own switch).
 */
let scratch: string;
let machineRun: CliRun;
let report: CheckReport;
let sarif: { runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, unknown>[]; invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };

beforeAll(async () => {
  scratch = tempDir("pulumi-example");
  // One run, two files: SARIF as the format, JSON as the side report.
  machineRun = await runCli(["check", PULUMI_EXAMPLE, "--format", "sarif", "--output", path.join(scratch, "r.sarif"), "--json-report", path.join(scratch, "r.json")], {
    env: TRANSPILE_ONLY_ENV,
  });
  report = JSON.parse(fs.readFileSync(path.join(scratch, "r.json"), "utf8")) as CheckReport;
  sarif = JSON.parse(fs.readFileSync(path.join(scratch, "r.sarif"), "utf8")) as typeof sarif;
});

/** Each resource's results as `rule:status:level`, by resource name. */
function verdicts(r: CheckReport): Record<string, string[]> {
  return Object.fromEntries(r.resources.map((resource) => [resource.name, resource.results.map((x) => `${x.ruleId}:${x.status}:${x.enforcementLevel}`)]));
}

const byName = (name: string): CheckReport["resources"][number] => {
  const resource = report.resources.find((r) => r.name === name);
  if (!resource) throw new Error(`no resource ${name} in the report`);
  return resource;
};

describe("the Pulumi example", () => {
  it("exits 1: the violating cache and database fail, the compliant ones pass, the resource group is not applicable", () => {
    expect(machineRun.status).toBe(1);
    expect(reportValidator()(report)).toEqual([]);
    expect(report.input).toMatchObject({ kind: "pulumi-project", project: "redis-guard-example", offline: true, resourcesSeen: 7 });
    expect(report.input.stacks).toEqual([{ name: "dev", file: "examples/pulumi-azure-native/Pulumi.dev.yaml" }]);
    // Resources come in the order the program registered them, which Pulumi does not tie to the source order.
    expect(verdicts(report)).toEqual({
      "compliant-cache": [
        "Azure.Redis.NonSslPort:pass:mandatory",
        "Azure.Redis.MinTLS:pass:mandatory",
        "Azure.Redis.PublicNetworkAccess:pass:advisory",
        "Azure.Redis.LocalAuth:pass:advisory",
        "Azure.Redis.EntraID:pass:advisory",
        "Azure.Redis.Version:pass:advisory",
        // Every Azure Cache for Redis: the service retires on 2028-09-30.
        "Azure.Redis.MigrateAMR:fail:advisory",
      ],
      "legacy-cache": [
        "Azure.Redis.NonSslPort:fail:mandatory",
        "Azure.Redis.MinTLS:pass:mandatory",
        "Azure.Redis.PublicNetworkAccess:fail:advisory",
        "Azure.Redis.LocalAuth:fail:advisory",
        "Azure.Redis.EntraID:fail:advisory",
        "Azure.Redis.Version:pass:advisory",
        "Azure.Redis.MigrateAMR:fail:advisory",
      ],
      "managed-redis": [
        "Azure.RedisEnterprise.MinTLS:pass:mandatory",
        "Azure.RedisEnterprise.PublicNetworkAccess:pass:advisory",
        "Azure.RedisEnterprise.MigrateAMR:pass:advisory",
      ],
      "managed-redis-db": ["Azure.RedisEnterprise.ClientProtocol:fail:mandatory", "Azure.RedisEnterprise.LocalAuth:fail:advisory"],
      "enterprise-cluster": [
        "Azure.RedisEnterprise.MinTLS:pass:mandatory",
        "Azure.RedisEnterprise.PublicNetworkAccess:fail:advisory",
        "Azure.RedisEnterprise.MigrateAMR:fail:advisory",
      ],
    });
    expect(Object.fromEntries(report.resources.map((r) => [r.name, r.type]))).toEqual({
      "compliant-cache": "azure-native:redis:Redis",
      "legacy-cache": "azure-native:redis:Redis",
      "managed-redis": "azure-native:redisenterprise:RedisEnterprise",
      "managed-redis-db": "azure-native:redisenterprise:Database",
      "enterprise-cluster": "azure-native:redisenterprise:RedisEnterprise",
    });
    expect(report.summary).toEqual({ resourcesSeen: 7, resourcesChecked: 5, resourcesNotApplicable: 2, mandatoryViolations: 2, advisoryViolations: 8, unknown: 0, passed: 12, exempted: 0, baselined: 0, resolved: 0 });
    const legacy = byName("legacy-cache");
    // The URN the engine mints (and `pulumi stack export` shows): the root stack's type is not in it.
    expect(legacy.urn).toBe("urn:pulumi:dev::redis-guard-example::azure-native:redis:Redis::legacy-cache");
    expect(legacy.identity).toBe(legacy.urn);
    // The core's violation messages, the ones the pack shows in `pulumi preview` (without the policy description).
    expect(legacy.results.find((x) => x.ruleId === redisNonSslPort.id)!.message).toBe(
      "Azure.Redis.NonSslPort: Redis cache 'legacy-cache' accepts unencrypted connections: 'enableNonSslPort' enables the non-SSL port 6379. " +
        `Fix: set 'enableNonSslPort' to false (or remove it) and connect clients with TLS on port 6380. See ${redisNonSslPort.docsUrl}`,
    );
    expect(byName("managed-redis-db").results.find((x) => x.ruleId === "Azure.RedisEnterprise.LocalAuth")!.message).toContain(
      "Azure.RedisEnterprise.LocalAuth: Redis Enterprise database 'managed-redis-db' accepts access keys: 'accessKeysAuthentication' leaves access key authentication on.",
    );
    expect(byName("managed-redis-db").results[0]!.message).toBe(
      "Azure.RedisEnterprise.ClientProtocol: Redis Enterprise database 'managed-redis-db' accepts unencrypted connections: 'clientProtocol' lets clients connect without TLS. " +
        `Fix: set 'clientProtocol' to "Encrypted" and connect clients with TLS. See ${redisEnterpriseClientProtocol.docsUrl}`,
    );
    // Each located at the line that declares it in index.ts.
    const lines = fs.readFileSync(path.join(PULUMI_EXAMPLE, "index.ts"), "utf8").split("\n");
    for (const [name, declaration] of [
      ["legacy-cache", 'new redis.Redis("legacy-cache"'],
      ["compliant-cache", 'new redis.Redis("compliant-cache"'],
      ["managed-redis", 'new redisenterprise.RedisEnterprise("managed-redis"'],
      ["managed-redis-db", 'new redisenterprise.Database("managed-redis-db"'],
      ["enterprise-cluster", 'new redisenterprise.RedisEnterprise("enterprise-cluster"'],
    ] as const) {
      const { location } = byName(name);
      expect(location!.file).toBe("examples/pulumi-azure-native/index.ts");
      expect(lines[location!.line! - 1]).toContain(declaration);
    }
    expect(report.notes[0]).toMatch(/^Offline check, not a preview/);
  });

  it("lists every rule with its metadata and the level in force", () => {
    expect(report.rules.map((r) => r.id)).toEqual(allRules.map((r) => r.id));
    expect(report.rules).toHaveLength(12);
    for (const rule of allRules) {
      expect(report.rules.find((r) => r.id === rule.id)).toEqual({
        id: rule.id,
        ref: rule.ref,
        policyName: rule.policyName,
        title: rule.title,
        description: rule.description,
        severity: rule.severity,
        enforcementLevel: rule.defaultEnforcement,
        pillar: rule.pillar,
        control: rule.control ? { ...rule.control } : null,
        remediationSteps: rule.remediationSteps,
        docsUrl: rule.docsUrl,
        tags: expect.arrayContaining([rule.pillar.toLowerCase(), rule.id]),
      });
    }
    // The one Reliability rule maps to no MCSB control; ours has no PSRule ref.
    expect(report.rules.find((r) => r.id === "Azure.Redis.Version")).toMatchObject({ pillar: "Reliability", control: null, ref: "AZR-000347", enforcementLevel: "advisory" });
    expect(report.rules.find((r) => r.id === "Azure.RedisEnterprise.ClientProtocol")).toMatchObject({ pillar: "Security", ref: null, control: { id: "DP-3" } });
    expect(report.rules.filter((r) => r.enforcementLevel === "mandatory").map((r) => r.id)).toEqual([
      "Azure.Redis.NonSslPort",
      "Azure.Redis.MinTLS",
      "Azure.RedisEnterprise.ClientProtocol",
      "Azure.RedisEnterprise.MinTLS",
    ]);
  });

  it("writes valid SARIF with the URN as the logical location and the program file as the physical one", () => {
    expect(sarifValidator()(sarif)).toEqual([]);
    const [run] = sarif.runs;
    expect(run!.tool.driver.rules.map((r) => r.id)).toEqual(allRules.map((r) => r.id));
    const ruleIndex = (id: string): number => allRules.findIndex((r) => r.id === id);
    const at = (name: string) => [
      {
        physicalLocation: { artifactLocation: { uri: "examples/pulumi-azure-native/index.ts" }, region: { startLine: byName(name).location!.line } },
        logicalLocations: [{ name, fullyQualifiedName: byName(name).urn, kind: "resource" }],
      },
    ];
    // One result per finding that is not a pass: errors for the mandatory ones, warnings for the advisory ones.
    const results = run!.results.map((r) => `${String(r["ruleId"])}:${String(r["level"])}`);
    expect(results.sort()).toEqual(
      [
        "Azure.Redis.NonSslPort:error",
        "Azure.Redis.PublicNetworkAccess:warning",
        "Azure.Redis.LocalAuth:warning",
        "Azure.Redis.EntraID:warning",
        "Azure.Redis.MigrateAMR:warning",
        "Azure.Redis.MigrateAMR:warning",
        "Azure.RedisEnterprise.ClientProtocol:error",
        "Azure.RedisEnterprise.LocalAuth:warning",
        "Azure.RedisEnterprise.PublicNetworkAccess:warning",
        "Azure.RedisEnterprise.MigrateAMR:warning",
      ].sort(),
    );
    expect(run!.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: "Azure.Redis.NonSslPort", ruleIndex: ruleIndex("Azure.Redis.NonSslPort"), level: "error", locations: at("legacy-cache") }),
        expect.objectContaining({ ruleId: "Azure.Redis.EntraID", ruleIndex: ruleIndex("Azure.Redis.EntraID"), level: "warning", locations: at("legacy-cache") }),
        expect.objectContaining({
          ruleId: "Azure.RedisEnterprise.ClientProtocol",
          ruleIndex: ruleIndex("Azure.RedisEnterprise.ClientProtocol"),
          level: "error",
          locations: at("managed-redis-db"),
        }),
      ]),
    );
    expect(run!.invocations[0]!.toolExecutionNotifications[0]!.message.text).toMatch(/^Offline check, not a preview/);
    expect(machineRun.stdout).toBe("");
  });

  it("text with the example's policy-config.json: says it is an offline check, shows the fix and the docs link", async () => {
    const run = await runCli(["check", PULUMI_EXAMPLE, "--policy-pack-config", path.join(PULUMI_EXAMPLE, "policy-config.json")], { env: TRANSPILE_ONLY_ENV });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("offline check of Pulumi project redis-guard-example (stack dev)");
    expect(run.stdout).toContain("This is an offline check, not a preview");
    expect(run.stdout).toMatch(/✖ legacy-cache\s+azure-native:redis:Redis[\s\S]*FAIL\s+Azure\.Redis\.NonSslPort \(AZR-000163\)\s+critical\s+mandatory/);
    expect(run.stdout).toContain("Fix: set 'enableNonSslPort' to false");
    expect(run.stdout).toContain(`docs: ${redisNonSslPort.docsUrl}`);
    expect(run.stdout).toMatch(/✖ managed-redis-db\s+azure-native:redisenterprise:Database[\s\S]*FAIL\s+Azure\.RedisEnterprise\.ClientProtocol\s+critical\s+mandatory/);
    // The config's exemption covers compliant-cache's retirement notice, with its reason and expiry.
    expect(run.stdout).toMatch(/compliant-cache[\s\S]*?PASS\s+Azure\.Redis\.NonSslPort[\s\S]*?EXEMPT\s+Azure\.Redis\.MigrateAMR[\s\S]*?CHG-2031/);
    expect(run.stdout).toMatch(/✔ managed-redis\s[\s\S]*PASS\s+Azure\.RedisEnterprise\.MinTLS/);
    expect(run.stdout).toContain("2 mandatory violations: 5 resources checked, 2 not applicable (7 seen), 7 advisory, 0 unknown, 12 passed, 1 exempted.");
    expect(run.stderr).toBe("");
  });

  it.each([
    ["mandatory", 1],
    ["disabled", 0],
  ] as const)("--policy-pack-config azure-redis-public-network-access: %s reaches the rules and decides the exit code (%i)", async (level, exitCode) => {
      // The example's other mandatory violations made advisory, so the exit code answers for this policy alone.
      const config = writeJson(tempDir("pulumi-config"), "config.json", {
        [redisNonSslPort.policyName]: "advisory",
        [redisEnterpriseClientProtocol.policyName]: "advisory",
        [redisPublicNetworkAccess.policyName]: level,
      });
      const run = await runCli(["check", PULUMI_EXAMPLE, "--format", "json", "--policy-pack-config", config], { env: TRANSPILE_ONLY_ENV });
      const configured = JSON.parse(run.stdout) as CheckReport;
      expect(reportValidator()(configured)).toEqual([]);
      expect(run.status).toBe(exitCode);
      expect(configured.rules.find((r) => r.id === redisPublicNetworkAccess.id)!.enforcementLevel).toBe(level);
      const publicAccess = verdicts(configured)["legacy-cache"]!.filter((v) => v.startsWith(`${redisPublicNetworkAccess.id}:`));
      expect(publicAccess).toEqual(level === "mandatory" ? [`${redisPublicNetworkAccess.id}:fail:mandatory`] : []);
      expect(verdicts(configured)["compliant-cache"]!.filter((v) => v.startsWith(`${redisPublicNetworkAccess.id}:`))).toEqual(
        level === "mandatory" ? [`${redisPublicNetworkAccess.id}:pass:mandatory`] : [],
      );
      // Advisory either way: the two made advisory, LocalAuth and EntraID on legacy-cache, the two caches'
      // retirement notices, access keys on managed-redis-db, and enterprise-cluster's public access and notice.
      expect(configured.summary).toMatchObject({ mandatoryViolations: exitCode, advisoryViolations: 9 });
  });
});
