import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { redisNonSslPort } from "../../policies";
import { PULUMI_EXAMPLE, reportValidator, runCli, sarifValidator, tempDir, TRANSPILE_ONLY_ENV, type CliRun } from "../support/cli";

/**
 * `check examples/pulumi-azure-native`: the example program under Pulumi's mock runtime, every resource
 * analyzed by this pack over the analyzer protocol. The program is type-checked by `npm run typecheck`,
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

describe("the Pulumi example", () => {
  it("exits 1: the violating cache fails, the compliant one passes, the resource group is not applicable", () => {
    expect(machineRun.status).toBe(1);
    expect(reportValidator()(report)).toEqual([]);
    expect(report.input).toMatchObject({ kind: "pulumi-project", project: "redis-guard-example", offline: true, resourcesSeen: 4 });
    expect(report.input.stacks).toEqual([{ name: "dev", file: "examples/pulumi-azure-native/Pulumi.dev.yaml" }]);
    expect(report.resources.map((r) => [r.name, r.type, r.results.map((x) => `${x.ruleId}:${x.status}:${x.enforcementLevel}`)])).toEqual([
      ["compliant-cache", "azure-native:redis:Redis", ["Azure.Redis.NonSslPort:pass:mandatory"]],
      ["legacy-cache", "azure-native:redis:Redis", ["Azure.Redis.NonSslPort:fail:mandatory"]],
    ]);
    const legacy = report.resources[1]!;
    expect(legacy.urn).toBe("urn:pulumi:dev::redis-guard-example::pulumi:pulumi:Stack$azure-native:redis:Redis::legacy-cache");
    // The pack's own violation message, as `pulumi preview` shows it, without the policy description.
    expect(legacy.results[0]!.message).toBe(
      "Azure.Redis.NonSslPort: Redis cache 'legacy-cache' accepts unencrypted connections: 'enableNonSslPort' enables the non-SSL port 6379. " +
        `Fix: set 'enableNonSslPort' to false (or remove it) and connect clients with TLS on port 6380. See ${redisNonSslPort.docsUrl}`,
    );
    // Located at the line that declares it in index.ts.
    const lines = fs.readFileSync(path.join(PULUMI_EXAMPLE, "index.ts"), "utf8").split("\n");
    expect(legacy.location!.file).toBe("examples/pulumi-azure-native/index.ts");
    expect(lines[legacy.location!.line! - 1]).toContain('new redis.Redis("legacy-cache"');
    expect(report.notes[0]).toMatch(/^Offline check, not a preview/);
  });

  it("writes valid SARIF with the URN as the logical location and the program file as the physical one", () => {
    expect(sarifValidator()(sarif)).toEqual([]);
    const [run] = sarif.runs;
    expect(run!.tool.driver.rules.map((r) => r.id)).toEqual(["Azure.Redis.NonSslPort"]);
    expect(run!.results).toEqual([
      expect.objectContaining({
        ruleId: "Azure.Redis.NonSslPort",
        level: "error",
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: "examples/pulumi-azure-native/index.ts" }, region: { startLine: report.resources[1]!.location!.line } },
            logicalLocations: [{ name: "legacy-cache", fullyQualifiedName: report.resources[1]!.urn, kind: "resource" }],
          },
        ],
      }),
    ]);
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
    expect(run.stdout).toMatch(/✔ compliant-cache[\s\S]*PASS\s+Azure\.Redis\.NonSslPort/);
    expect(run.stdout).toContain("1 mandatory violation: 2 resources checked (4 seen)");
    expect(run.stderr).toBe("");
  });
});
