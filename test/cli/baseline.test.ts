import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { applyBaseline } from "../../cli/baseline/apply";
import { BASELINE_KIND, formatBaseline, parseBaseline, readBaselineFile, type BaselineEntry } from "../../cli/baseline/file";
import { settleBaseline } from "../../cli/baseline/settle";
import { CheckError } from "../../cli/check-error";
import { parsePackConfig } from "../../cli/config/pack-config";
import { buildReport } from "../../cli/report/build-report";
import type { ReportInputKind, ReportResource, ReportResult } from "../../cli/report/model";
import { baselineValidator, tempDir } from "../support/cli";

/** The baseline file and the comparison, in-process: the format's bytes, its errors, and every status a result can meet. */

const validateBaseline = baselineValidator();
const TOOL = { name: "azure-redis-guard", version: "0.0.0-test", informationUri: "https://example.invalid" };

function result(ruleId: string, status: ReportResult["status"], extra: Partial<ReportResult> = {}): ReportResult {
  return { ruleId, status, enforcementLevel: "mandatory", severity: "critical", message: `${ruleId}: a message`, properties: [], ...extra };
}

function resource(identity: string, results: ReportResult[], stack = "root"): ReportResource {
  return { identity, name: identity, type: "azurerm_redis_cache", stack, results };
}

function report(resources: ReportResource[], options: { kind?: ReportInputKind; config?: Record<string, unknown>; failOn?: "mandatory" | "unknown" } = {}) {
  const config = parsePackConfig(options.config ?? {});
  const input = { kind: options.kind ?? ("terraform-state" as const), path: "/x/state.json", offline: true as const, stacks: [{ name: "root" }], resourcesSeen: resources.length };
  return buildReport(TOOL, input, { rules: config.rules }, resources, [], options.failOn);
}

const entry = (resource: string, ruleId: string, status: "fail" | "unknown" = "fail", stack?: string): BaselineEntry => ({
  ...(stack ? { stack } : {}),
  resource,
  ruleId,
  status,
});

describe("the baseline file", () => {
  const findings = [
    entry('module.cache["eu"].azurerm_redis_cache.this[0]', "Azure.Redis.NonSslPort", "unknown"),
    entry("azurerm_redis_cache.legacy", "Azure.Redis.NonSslPort"),
    entry("azurerm_redis_cache.legacy", "Azure.Redis.MinTLS"),
    entry("Zeta", "Azure.Redis.MinTLS"),
  ];

  it("is the same bytes for the same findings in any order, sorted by code unit, one finding a line", () => {
    const text = formatBaseline({ findings });
    expect(formatBaseline({ findings: [...findings].reverse() })).toBe(text);
    expect(formatBaseline({ findings: [findings[2]!, findings[0]!, findings[3]!, findings[1]!, findings[1]!] })).toBe(text);
    expect(text).toBe(
      [
        "{",
        '  "kind": "azure-redis-guard-baseline",',
        '  "version": 1,',
        '  "findings": [',
        '    { "resource": "Zeta", "ruleId": "Azure.Redis.MinTLS", "status": "fail" },',
        '    { "resource": "azurerm_redis_cache.legacy", "ruleId": "Azure.Redis.MinTLS", "status": "fail" },',
        '    { "resource": "azurerm_redis_cache.legacy", "ruleId": "Azure.Redis.NonSslPort", "status": "fail" },',
        '    { "resource": "module.cache[\\"eu\\"].azurerm_redis_cache.this[0]", "ruleId": "Azure.Redis.NonSslPort", "status": "unknown" }',
        "  ]",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("reads back what it writes, and is valid against docs/baseline.schema.json (empty too)", () => {
    for (const list of [findings, [], [entry("azurerm_redis_cache.a", "Azure.Redis.MinTLS", "fail", "prod")]]) {
      const text = formatBaseline({ findings: list });
      const document = JSON.parse(text) as unknown;
      expect(validateBaseline(document)).toEqual([]);
      expect(formatBaseline(parseBaseline(document, "b.json"))).toBe(text);
    }
  });

  it("keeps a finding recorded twice once, with the stronger status", () => {
    const parsed = parseBaseline({ kind: BASELINE_KIND, version: 1, findings: [entry("a", "R", "unknown"), entry("a", "R", "fail"), entry("a", "R", "unknown")] }, "b.json");
    expect(parsed.findings).toEqual([entry("a", "R", "fail")]);
  });

  const good = { kind: BASELINE_KIND, version: 1, findings: [] };
  it.each([
    ["a JSON array", [], "b.json is not an azure-redis-guard baseline: it is a JSON array"],
    ["a SARIF log", { version: "2.1.0", runs: [] }, "it is a SARIF log"],
    ["a check report", { schemaVersion: 1, resources: [], summary: {} }, "it is an azure-redis-guard check report (--format json)"],
    ["a checkov baseline", { failed_checks: [] }, "it is a checkov baseline"],
    ["another kind", { kind: "SECRET-MARKER-7" }, 'whose "kind" is not "azure-redis-guard-baseline"'],
    ["a newer version", { ...good, version: 2 }, "b.json is a baseline of version 2, written by a newer azure-redis-guard; this one reads version 1"],
    ["a version that is not a number", { ...good, version: "1" }, '"version" must be a positive integer'],
    ["no findings list", { kind: BASELINE_KIND, version: 1 }, '"findings" must be a list'],
    ["an unknown top-level key", { ...good, comment: "x" }, "a key the baseline format does not have: 'comment'"],
    ["a finding that is not an object", { ...good, findings: ["x"] }, "b.json: findings[0] is not an object"],
    ["a misspelt key", { ...good, findings: [{ resource: "a", ruleID: "R", status: "fail" }] }, "findings[0] has a key the baseline format does not have: 'ruleID'"],
    ["an empty resource", { ...good, findings: [{ resource: "", ruleId: "R", status: "fail" }] }, 'findings[0]: "resource" must be'],
    ["no rule id", { ...good, findings: [{ resource: "a", status: "fail" }] }, 'findings[0]: "ruleId" must be'],
    ["a status baselines do not hold", { ...good, findings: [{ resource: "a", ruleId: "R", status: "pass" }] }, 'findings[0]: "status" must be "fail" or "unknown"'],
    ["an empty stack", { ...good, findings: [{ stack: "", resource: "a", ruleId: "R", status: "fail" }] }, 'findings[0]: "stack", when present'],
  ])("refuses %s with one line naming the file, and echoes no value", (_what, document, message) => {
    let error: unknown;
    try {
      parseBaseline(document, "b.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CheckError);
    const text = (error as CheckError).message;
    expect(text).toContain(message);
    expect(text).toContain("b.json");
    expect(text).not.toContain("\n");
    expect(text).not.toContain("SECRET-MARKER-7");
  });

  it.each([
    ["not JSON", "{ SECRET-MARKER-7", "is not valid JSON at character 2"],
    ["empty", "", "is not valid JSON (the file is empty)"],
    ["a JSON word", "SECRET-MARKER-7", "is not valid JSON."],
  ])("a file that is %s is refused without quoting it", (_what, content, message) => {
    const file = path.join(tempDir("baseline"), "b.json");
    fs.writeFileSync(file, content);
    expect(() => readBaselineFile(file)).toThrow(message);
    expect(() => readBaselineFile(file)).not.toThrow("SECRET-MARKER-7");
  });

  it("a missing file says how to create one; a directory is no file", () => {
    const dir = tempDir("baseline");
    expect(() => readBaselineFile(path.join(dir, "none.json"))).toThrow(`no such baseline file: ${path.join(dir, "none.json")} (create it with --create-baseline`);
    expect(() => readBaselineFile(dir)).toThrow("is a directory, not a file");
  });
});

describe("a report compared with a baseline", () => {
  const NON_SSL = "Azure.Redis.NonSslPort";
  const expiredExemption = { source: "config" as const, resource: "a", reason: "CHG-1", expires: "2020-01-01", expired: true };
  it.each([
    // what the rule found,            the entry,          status after,  baseline state, fails the check
    ["fail", undefined, "fail", { state: "new" }, true],
    ["fail", "fail", "baselined", { state: "unchanged", recorded: "fail", found: "fail" }, false],
    ["unknown", "unknown", "baselined", { state: "unchanged", recorded: "unknown", found: "unknown" }, false],
    // A recorded violation accepts the same finding turned unknown: no worse than what was accepted.
    ["unknown", "fail", "baselined", { state: "updated", recorded: "fail", found: "unknown" }, false],
    // A recorded unknown does not accept a violation: the value is known now, and violates the rule.
    ["fail", "unknown", "fail", { state: "updated", recorded: "unknown" }, true],
    // Fixed: resolved, and the run says to remove the entry.
    ["pass", "fail", "pass", { state: "absent", recorded: "fail" }, false],
    ["pass", undefined, "pass", undefined, false],
    ["exempted", "fail", "exempted", { state: "updated", recorded: "fail" }, false],
    ["exempted", undefined, "exempted", { state: "new" }, false],
  ] as const)("found %s, baseline entry %s: %s, %j, fails: %s", (found, recorded, status, baseline, fails) => {
    const checked = report([resource("a", [result(NON_SSL, found)])]);
    const compared = applyBaseline(checked, { findings: recorded ? [entry("a", NON_SSL, recorded)] : [] }, "b.json");
    const after = compared.resources[0]!.results[0]!;
    expect(after.status).toBe(status);
    expect(after.baseline).toEqual(baseline);
    expect(compared.exitCode).toBe(fails ? 1 : 0);
    expect(compared.baseline!.notSeen).toEqual([]);
    expect(compared.summary).toMatchObject({ baselined: status === "baselined" ? 1 : 0, resolved: baseline?.state === "absent" ? 1 : 0 });
    expect(compared.baseline!.resolved).toEqual(baseline?.state === "absent" ? [{ ...entry("a", NON_SSL, "fail"), name: "a" }] : []);
  });

  it("does not extend an expired exemption: the violation fails again, baseline or not", () => {
    const checked = report([resource("a", [result(NON_SSL, "fail", { exemption: expiredExemption })])]);
    const compared = applyBaseline(checked, { findings: [entry("a", NON_SSL)] }, "b.json");
    expect(compared.resources[0]!.results[0]).toMatchObject({ status: "fail", baseline: { state: "updated", recorded: "fail" } });
    expect(compared.exitCode).toBe(1);
    // ... and --create-baseline does not write it.
    const created = settleBaseline(checked, { createBaseline: path.join(tempDir("baseline"), "b.json") });
    expect(JSON.parse(created.write!.content)).toMatchObject({ findings: [] });
    expect(created.write!.message).toContain("Not written: 1 finding whose exemption expired");
    expect(created.report.exitCode).toBe(1);
  });

  it("never calls an entry it did not see resolved, and says why it did not see it", () => {
    const checked = report([resource("a", [result(NON_SSL, "pass")])], { config: { "azure-redis-min-tls": "disabled" } });
    const compared = applyBaseline(
      checked,
      { findings: [entry("gone", NON_SSL), entry("a", "Azure.Redis.MinTLS"), entry("a", "Azure.Redis.Retired"), entry("a", "Azure.RedisEnterprise.ClientProtocol")] },
      "b.json",
    );
    expect(compared.summary.resolved).toBe(0);
    expect(compared.baseline!.resolved).toEqual([]);
    expect(Object.fromEntries(compared.baseline!.notSeen.map((n) => [`${n.resource} ${n.ruleId}`, n.reason]))).toEqual({
      "gone Azure.Redis.NonSslPort": "resource-not-checked",
      "a Azure.Redis.MinTLS": "rule-disabled",
      "a Azure.Redis.Retired": "rule-unknown",
      "a Azure.RedisEnterprise.ClientProtocol": "rule-not-applicable",
    });
  });

  it("names a synthesized CDKTF resource by stack and address: the same address in another stack is another resource", () => {
    const resources = [resource("azurerm_redis_cache.cache", [result(NON_SSL, "pass")], "compliant"), resource("azurerm_redis_cache.cache", [result(NON_SSL, "fail")], "violating")];
    const checked = report(resources, { kind: "terraform-json" });
    const created = settleBaseline(checked, { createBaseline: "b.json" });
    expect(JSON.parse(created.write!.content)).toMatchObject({ findings: [{ stack: "violating", resource: "azurerm_redis_cache.cache", ruleId: NON_SSL, status: "fail" }] });
    const compared = created.report;
    // The compliant stack's pass is not the violating stack's finding resolved.
    expect(compared.resources.map((r) => r.results[0]!.status)).toEqual(["pass", "baselined"]);
    expect(compared.summary).toMatchObject({ resolved: 0, baselined: 1 });
    // A plan or state has one root module: its addresses are unique, and no stack is written.
    const state = settleBaseline(report([resource("azurerm_redis_cache.cache", [result(NON_SSL, "fail")])]), { createBaseline: "b.json" });
    expect(JSON.parse(state.write!.content)).toMatchObject({ findings: [{ resource: "azurerm_redis_cache.cache", ruleId: NON_SSL, status: "fail" }] });
    expect(state.write!.content).not.toContain('"stack"');
  });

  it("--create-baseline writes every violation and unknown at any level, and the run checks against it", () => {
    const checked = report(
      [
        resource("a", [result(NON_SSL, "fail"), result("Azure.Redis.EntraID", "fail", { enforcementLevel: "advisory" }), result("Azure.Redis.MinTLS", "unknown")]),
        resource("b", [result(NON_SSL, "pass"), result("Azure.Redis.MinTLS", "exempted")]),
      ],
      { failOn: "unknown" },
    );
    expect(checked.exitCode).toBe(1);
    const { report: settled, write } = settleBaseline(checked, { createBaseline: "b.json" });
    expect(parseBaseline(JSON.parse(write!.content), "b.json").findings).toEqual([entry("a", "Azure.Redis.EntraID"), entry("a", "Azure.Redis.MinTLS", "unknown"), entry("a", NON_SSL)]);
    expect(settled.exitCode).toBe(0);
    expect(settled.summary).toMatchObject({ baselined: 3, exempted: 1, mandatoryViolations: 0, advisoryViolations: 0, unknown: 0 });
    expect(settled.baseline).toMatchObject({ file: "b.json", entries: 3, written: { file: "b.json", entries: 3 } });
    expect(write!.message).toBe(
      "wrote the baseline b.json: 3 findings on 1 resource (1 mandatory, 1 advisory, 1 unknown). From now on `--baseline b.json` reports them as baselined and fails only on new findings.",
    );
  });

  it("--baseline with --create-baseline only shrinks the file: resolved and unseen entries go, new findings never come in", () => {
    const old = { findings: [entry("a", NON_SSL), entry("a", "Azure.Redis.MinTLS"), entry("gone", NON_SSL), entry("b", NON_SSL, "unknown")] };
    const checked = report([
      resource("a", [result(NON_SSL, "unknown"), result("Azure.Redis.MinTLS", "pass"), result("Azure.Redis.EntraID", "fail")]),
      resource("b", [result(NON_SSL, "fail")]),
    ]);
    const { report: settled, write } = settleBaseline(checked, { baseline: { file: "old.json", content: old }, createBaseline: "new.json" });
    // The entry keeps the status it recorded: rewriting never widens what an entry accepts.
    expect(parseBaseline(JSON.parse(write!.content), "new.json").findings).toEqual([entry("a", NON_SSL)]);
    expect(write!.message).toBe(
      "rewrote the baseline new.json: kept 1 of 4 findings, removed 1 resolved, 1 not seen in this input, 1 whose finding is now exempted or no longer the one recorded. " +
        "New findings are never added to an existing baseline: --create-baseline without --baseline accepts them.",
    );
    expect(settled.baseline).toMatchObject({ file: "old.json", entries: 4, written: { file: "new.json", entries: 1 } });
    // The new finding on a, and b's violation the unknown entry does not cover, fail.
    expect(settled.summary.mandatoryViolations).toBe(2);
    expect(settled.exitCode).toBe(1);
  });
});
