import { createRequire } from "node:module";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ruleApplies } from "../../policies";
import { findPulumiBinding } from "../../policies/pulumi/bindings";
import { analyzerConfiguration, countingLevel, loadPackConfig, type CheckConfig } from "../../cli/config/pack-config";
import type { AnalyzeResult } from "../../cli/engine/analyzer-client";
import type { RegisteredResource } from "../../cli/pulumi/host-protocol";
import type { CheckReport } from "../../cli/report/model";
import { PULUMI_EXAMPLE, runCli, TRANSPILE_ONLY_ENV, writeJson, writePulumiProgram } from "../support/cli";
import { REPO_ROOT, startRepoPack, type RunningPack } from "../support/pack";

/**
 * `check <pulumi-project>` judges the resources a program registers through the rule core, as it judges a
 * state export. The pack is the other way to judge them: this test runs each program both ways, the check
 * on one side and, on the other, the same registered resources sent to this policy pack over the analyzer
 * protocol as the Pulumi CLI sends them, and expects the same verdict for every resource and rule.
 *
 * The pack can say three things about a rule on a resource: a violation (at its level), the SDK's advisory
 * for a value unknown during preview, or nothing (a pass, or an exemption at work). The check says fail,
 * unknown, or pass / exempted.
 */

// The program host runs beside the compiled run-program.js, so the program runs from dist/, as the CLI runs it.
const distRequire = createRequire(path.join(REPO_ROOT, "dist", "cli", "pulumi", "run-program.js"));
const { runProgramOffline } = distRequire("./run-program.js") as typeof import("../../cli/pulumi/run-program");
const { loadPulumiProject } = distRequire("./project.js") as typeof import("../../cli/pulumi/project");

/** The policy SDK's own advisory for a value unknown during preview (see @pulumi/policy server.js). */
const PREVIEW_UNKNOWN = /^can't run policy .* during preview: /;

const EDGE_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import * as redis from "@pulumi/azure-native/redis";
import * as resources from "@pulumi/azure-native/resources";

const group = new resources.ResourceGroup("group");
const sku = { name: "Basic", family: "C", capacity: 0 };
new redis.Redis("open-cache", { resourceGroupName: group.name, sku, enableNonSslPort: true, minimumTlsVersion: "1.0" });
new redis.Redis("exempt-cache", { resourceGroupName: group.name, sku, enableNonSslPort: true });
new redis.Redis("unknown-cache", { resourceGroupName: group.name, sku, enableNonSslPort: group.id.apply((id) => id.endsWith("-open")) });
new redis.Redis("secret-cache", { resourceGroupName: group.name, sku, enableNonSslPort: pulumi.secret(false), publicNetworkAccess: pulumi.secret("Disabled") });
`;

/** `resource rule` → `fail:<level>`, `unknown:<level>` or `silent:<level>`, as the check reports it. */
function checkVerdicts(report: CheckReport): Record<string, string> {
  const verdicts: Record<string, string> = {};
  for (const resource of report.resources) {
    for (const result of resource.results) {
      const status = result.status === "pass" || result.status === "exempted" ? "silent" : result.status;
      verdicts[`${resource.name} ${result.ruleId}`] = `${status}:${result.enforcementLevel}`;
    }
  }
  return verdicts;
}

/** The same, as the pack answers Analyze for each resource (the rules that apply to its type only). */
function packVerdicts(resources: readonly RegisteredResource[], analyses: ReadonlyMap<RegisteredResource, AnalyzeResult>, config: CheckConfig): Record<string, string> {
  const verdicts: Record<string, string> = {};
  for (const resource of resources) {
    const binding = findPulumiBinding(resource.type);
    const analysis = analyses.get(resource)!;
    for (const settings of config.rules) {
      const { rule } = settings;
      if (!binding || settings.enforcementLevel === "disabled" || !ruleApplies(rule, binding)) continue;
      if (analysis.notApplicable.some((n) => n.policyName === rule.policyName)) continue;
      const diagnostics = analysis.diagnostics.filter((d) => d.policyName === rule.policyName);
      expect(diagnostics.length).toBeLessThanOrEqual(1);
      const [diagnostic] = diagnostics;
      verdicts[`${resource.name} ${rule.id}`] = !diagnostic
        ? `silent:${countingLevel(settings.enforcementLevel)}`
        : PREVIEW_UNKNOWN.test(diagnostic.message)
          ? // The SDK reports an unknown as an advisory; the rule keeps its own level.
            `unknown:${countingLevel(settings.enforcementLevel)}`
          : `fail:${countingLevel(diagnostic.enforcementLevel)}`;
    }
  }
  return verdicts;
}

let pack: RunningPack;
beforeAll(async () => {
  // The program run below inherits this process's environment; the examples are type-checked by `npm run typecheck`.
  process.env["PULUMI_NODEJS_TRANSPILE_ONLY"] = "true";
  pack = await startRepoPack();
});
afterAll(async () => {
  await pack?.stop();
});

describe("a Pulumi program: the check's verdicts are the pack's", () => {
  it.each([
    ["the example, with its policy-config.json", ["fail", "silent"], () => ({ dir: PULUMI_EXAMPLE, config: path.join(PULUMI_EXAMPLE, "policy-config.json") })],
    [
      "a program with unknowns, secrets and an exemption",
      ["fail", "silent", "unknown"],
      () => {
        const dir = writePulumiProgram({ "index.ts": EDGE_PROGRAM });
        const config = writeJson(dir, "policy-config.json", { "azure-redis-non-ssl-port": { exemptions: [{ resource: "exempt-*", reason: "CHG-9: retiring" }] } });
        return { dir, config };
      },
    ],
  ] as const)("%s", async (_label, answers, setUp) => {
    const { dir, config: configFile } = setUp();
    const run = await runCli(["check", dir, "--format", "json", "--policy-pack-config", configFile], { env: TRANSPILE_ONLY_ENV });
    const report = JSON.parse(run.stdout) as CheckReport;

    const config = loadPackConfig(configFile);
    const program = await runProgramOffline(loadPulumiProject(dir, undefined), { timeoutMs: 60_000 });
    await pack.engine.configure(analyzerConfiguration(config));
    const analyses = new Map<RegisteredResource, AnalyzeResult>();
    for (const resource of program.resources) {
      const { type, name, urn, properties, parent } = resource;
      analyses.set(resource, await pack.engine.analyze({ type, name, urn, properties, ...(parent ? { parent } : {}) }));
    }

    const expected = packVerdicts(program.resources, analyses, config);
    expect(checkVerdicts(report)).toEqual(expected);
    // Every kind of answer is compared somewhere, not only passes.
    expect([...new Set(Object.values(expected).map((v) => v.split(":")[0]))].sort()).toEqual(answers);
    expect(report.input.resourcesSeen).toBe(program.resources.length);
  });
});
