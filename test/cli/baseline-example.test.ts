import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { baselineValidator, PULUMI_EXAMPLE, reportValidator, runCli, tempDir, TRANSPILE_ONLY_ENV, writeJson, writePulumiProgram } from "../support/cli";
import { REPO_ROOT } from "../support/pack";

/**
 * The adoption round trip on the Pulumi example, as a team would live it: create a baseline on the program as
 * it is, add a new violating cache (only it fails), fix a baselined finding (reported resolved), and shrink the
 * baseline. The program really runs each time, edited like a user edits it.
 */

/** A copy of the example whose node_modules is the repository's, so it can be edited and still resolves its packages. */
function copyExample(): string {
  const dir = tempDir("baseline-example");
  for (const file of fs.readdirSync(PULUMI_EXAMPLE)) {
    if (fs.statSync(path.join(PULUMI_EXAMPLE, file)).isFile()) fs.copyFileSync(path.join(PULUMI_EXAMPLE, file), path.join(dir, file));
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

function edit(dir: string, change: (source: string) => string): void {
  const file = path.join(dir, "index.ts");
  const before = fs.readFileSync(file, "utf8");
  const after = change(before);
  expect(after).not.toBe(before);
  fs.writeFileSync(file, after);
}

const NEW_CACHE = `
// Added after the baseline: a new cache that opens the plaintext port.
const newCache = new redis.Redis("new-cache", {
    resourceGroupName: resourceGroup.name,
    sku: basicSku,
    enableNonSslPort: true,
    minimumTlsVersion: redis.TlsVersion.TlsVersion_1_2,
    publicNetworkAccess: redis.PublicNetworkAccess.Disabled,
    disableAccessKeyAuthentication: true,
    redisConfiguration: { aadEnabled: "true" },
    redisVersion: "6",
});
export const newCacheHost = newCache.hostName;
`;

const DATABASE = "azure-native:redisenterprise:Database";
const CLUSTER = "azure-native:redisenterprise:RedisEnterprise";
const urn = (name: string, type = "azure-native:redis:Redis"): string => `urn:pulumi:dev::redis-guard-example::${type}::${name}`;

/** A `pulumi stack export` of the example's dev stack as deployed: the resources with findings, with the program's settings. */
function stackExport(dir: string): string {
  const stack = "urn:pulumi:dev::redis-guard-example::pulumi:pulumi:Stack::redis-guard-example-dev";
  const deployed = (name: string, type: string, inputs: Record<string, unknown>) => ({
    urn: urn(name, type),
    custom: true,
    id: `/subscriptions/0000/resourceGroups/rg/providers/${name}`,
    type,
    inputs,
    outputs: inputs,
    parent: stack,
  });
  return writeJson(dir, "dev-export.json", {
    version: 3,
    deployment: {
      manifest: { time: "2026-05-04T09:30:00Z", magic: "", version: "v3.190.0" },
      resources: [
        { urn: stack, custom: false, type: "pulumi:pulumi:Stack" },
        deployed("compliant-cache", "azure-native:redis:Redis", {
          resourceGroupName: "rg",
          sku: { name: "Basic", family: "C", capacity: 0 },
          enableNonSslPort: false,
          minimumTlsVersion: "1.2",
          publicNetworkAccess: "Disabled",
          disableAccessKeyAuthentication: true,
          redisConfiguration: { aadEnabled: "true" },
          redisVersion: "6",
        }),
        deployed("legacy-cache", "azure-native:redis:Redis", { resourceGroupName: "rg", sku: { name: "Basic", family: "C", capacity: 0 }, enableNonSslPort: true, minimumTlsVersion: "1.2" }),
        deployed("managed-redis-db", "azure-native:redisenterprise:Database", { resourceGroupName: "rg", clusterName: "amr", databaseName: "default", clientProtocol: "Plaintext", accessKeysAuthentication: "Enabled" }),
        deployed("enterprise-cluster", "azure-native:redisenterprise:RedisEnterprise", { resourceGroupName: "rg", sku: { name: "Enterprise_E10", capacity: 2 }, minimumTlsVersion: "1.2", publicNetworkAccess: "Enabled" }),
      ],
    },
  });
}

describe("baseline round trip on examples/pulumi-azure-native", () => {
  it("create, a new violation fails alone, a fixed finding is resolved, the baseline shrinks", { timeout: 300_000 }, async () => {
    const dir = copyExample();
    const baseline = path.join(dir, "redis-guard-baseline.json");
    const run = (...extra: string[]) => runCli(["check", dir, ...extra], { env: TRANSPILE_ONLY_ENV, cwd: dir, timeoutMs: 180_000 });

    // 1. Adopt: the example's findings go into the baseline, and the run passes against it.
    const created = await run("--create-baseline", baseline);
    expect(created.status).toBe(0);
    expect(created.stderr).toContain(
      "azure-redis-guard: wrote the baseline redis-guard-baseline.json: 10 findings on 4 resources (2 mandatory, 8 advisory, 0 unknown).",
    );
    const text = fs.readFileSync(baseline, "utf8");
    expect(baselineValidator()(JSON.parse(text))).toEqual([]);
    expect(text).toBe(
      [
        "{",
        '  "kind": "azure-redis-guard-baseline",',
        '  "version": 1,',
        '  "findings": [',
        // Every Azure Cache for Redis carries the retirement notice, the compliant one too.
        `    { "resource": "${urn("compliant-cache")}", "ruleId": "Azure.Redis.MigrateAMR", "status": "fail" },`,
        `    { "resource": "${urn("legacy-cache")}", "ruleId": "Azure.Redis.EntraID", "status": "fail" },`,
        `    { "resource": "${urn("legacy-cache")}", "ruleId": "Azure.Redis.LocalAuth", "status": "fail" },`,
        `    { "resource": "${urn("legacy-cache")}", "ruleId": "Azure.Redis.MigrateAMR", "status": "fail" },`,
        `    { "resource": "${urn("legacy-cache")}", "ruleId": "Azure.Redis.NonSslPort", "status": "fail" },`,
        `    { "resource": "${urn("legacy-cache")}", "ruleId": "Azure.Redis.PublicNetworkAccess", "status": "fail" },`,
        `    { "resource": "${urn("managed-redis-db", DATABASE)}", "ruleId": "Azure.RedisEnterprise.ClientProtocol", "status": "fail" },`,
        `    { "resource": "${urn("managed-redis-db", DATABASE)}", "ruleId": "Azure.RedisEnterprise.LocalAuth", "status": "fail" },`,
        `    { "resource": "${urn("enterprise-cluster", CLUSTER)}", "ruleId": "Azure.RedisEnterprise.MigrateAMR", "status": "fail" },`,
        `    { "resource": "${urn("enterprise-cluster", CLUSTER)}", "ruleId": "Azure.RedisEnterprise.PublicNetworkAccess", "status": "fail" }`,
        "  ]",
        "}",
        "",
      ].join("\n"),
    );
    expect(created.stdout).toContain("no mandatory violation: 5 resources checked, 2 not applicable (7 seen), 0 advisory, 0 unknown, 12 passed, 0 exempted, 10 baselined, 0 resolved.");

    // The same stack once deployed, as `pulumi stack export` writes it: the same URNs, so nothing is new.
    const exported = await runCli(["check", stackExport(dir), "--baseline", baseline, "--format", "json"], { cwd: dir });
    expect(exported.status).toBe(0);
    const exportedReport = JSON.parse(exported.stdout) as CheckReport;
    expect(exportedReport.summary).toMatchObject({ baselined: 10, mandatoryViolations: 0, advisoryViolations: 0, resolved: 0 });
    expect(exportedReport.baseline!.notSeen).toEqual([]);

    // 2. A new violating cache: only it fails; the baselined findings are listed, counted, not failing.
    edit(dir, (source) => source.replace("export const compliantCacheHost", `${NEW_CACHE}\nexport const compliantCacheHost`));
    const added = await run("--baseline", baseline, "--format", "json");
    expect(added.status).toBe(1);
    const addedReport = JSON.parse(added.stdout) as CheckReport;
    expect(reportValidator()(addedReport)).toEqual([]);
    const failing = addedReport.resources.flatMap((r) => r.results.filter((x) => x.status === "fail").map((x) => `${r.name} ${x.ruleId} ${x.baseline?.state}`));
    // The new cache also carries the retirement notice (advisory: it does not fail the check).
    expect(failing).toEqual(["new-cache Azure.Redis.NonSslPort new", "new-cache Azure.Redis.MigrateAMR new"]);
    expect(addedReport.summary).toMatchObject({ mandatoryViolations: 1, advisoryViolations: 1, baselined: 10, resolved: 0 });
    const addedText = await run("--baseline", baseline);
    expect(addedText.stdout).toMatch(/✖ new-cache {2}azure-native:redis:Redis {2}stack dev\n.*\n {4}FAIL {6}Azure\.Redis\.NonSslPort \(AZR-000163\) {2}critical {2}mandatory\n/);
    expect(addedText.stdout).toContain("new: not in the baseline redis-guard-baseline.json");
    expect(addedText.stdout).toContain("1 mandatory violation: 6 resources checked, 2 not applicable (8 seen), 1 advisory, 0 unknown, 17 passed, 0 exempted, 10 baselined, 0 resolved.");

    // 3. Fix a baselined finding (and the new cache): the fix is reported as resolved, to be removed from the baseline.
    edit(dir, (source) =>
      source.replace(NEW_CACHE, "").replace(/(const legacyCache = new redis\.Redis\("legacy-cache", \{[^}]*?)enableNonSslPort: true/, "$1enableNonSslPort: false"),
    );
    const fixed = await run("--baseline", baseline);
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).toMatch(/ {4}PASS {6}Azure\.Redis\.NonSslPort \(AZR-000163\) {2}critical {2}mandatory\n {14}resolved: fixed since the baseline was made; remove it from the baseline redis-guard-baseline\.json\n/);
    expect(fixed.stdout).toContain("Baseline redis-guard-baseline.json (10 findings): 9 baselined, 1 resolved, 0 not seen");
    expect(fixed.stdout).toContain("  Resolved, remove it from redis-guard-baseline.json (the baseline only shrinks):\n    - Azure.Redis.NonSslPort on legacy-cache (" + urn("legacy-cache") + ")\n");
    expect(fixed.stdout).toContain("no mandatory violation: 5 resources checked, 2 not applicable (7 seen), 0 advisory, 0 unknown, 13 passed, 0 exempted, 9 baselined, 1 resolved.");

    // 4. Shrink the baseline: the resolved entry goes, nothing is added.
    const shrunk = await run("--baseline", baseline, "--create-baseline", baseline);
    expect(shrunk.status).toBe(0);
    expect(shrunk.stderr).toContain("rewrote the baseline redis-guard-baseline.json: kept 9 of 10 findings, removed 1 resolved, 0 not seen in this input.");
    expect(fs.readFileSync(baseline, "utf8")).toBe(text.replace(`    { "resource": "${urn("legacy-cache")}", "ruleId": "Azure.Redis.NonSslPort", "status": "fail" },\n`, ""));
  });

  it("names a program's resources by the URN the engine mints: no root stack type, a component's full type chain", { timeout: 180_000 }, async () => {
    const dir = writePulumiProgram({
      "index.ts": `
import * as pulumi from "@pulumi/pulumi";
import * as redis from "@pulumi/azure-native/redis";
const sku = { name: redis.SkuName.Basic, family: redis.SkuFamily.C, capacity: 0 };
class Outer extends pulumi.ComponentResource {
  constructor(name: string) {
    super("acme:index:Outer", name);
    new redis.Redis("in-outer", { resourceGroupName: "rg", sku, enableNonSslPort: true }, { parent: this });
    new Inner("inner", this);
  }
}
class Inner extends pulumi.ComponentResource {
  constructor(name: string, parent: pulumi.Resource) {
    super("acme:index:Inner", name, {}, { parent });
    new redis.Redis("in-inner", { resourceGroupName: "rg", sku, enableNonSslPort: true }, { parent: this });
  }
}
new redis.Redis("top", { resourceGroupName: "rg", sku, enableNonSslPort: true });
new Outer("outer");
`,
    });
    const run = await runCli(["check", dir, "--format", "json"], { env: TRANSPILE_ONLY_ENV, timeoutMs: 150_000 });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(report.resources.map((r) => r.identity)).toEqual([
      "urn:pulumi:dev::test-program::azure-native:redis:Redis::top",
      "urn:pulumi:dev::test-program::acme:index:Outer$azure-native:redis:Redis::in-outer",
      "urn:pulumi:dev::test-program::acme:index:Outer$acme:index:Inner$azure-native:redis:Redis::in-inner",
    ]);
  });
});
