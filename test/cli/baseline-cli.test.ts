import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { baselineValidator, expectNoStackTrace, NOTICES_OFF, reportValidator, runCli, runCliWithoutNotices, sarifValidator, tempDir, validateJunit, writeJson } from "../support/cli";
import { REPO_ROOT } from "../support/pack";

/**
 * `--create-baseline` and `--baseline` through the built CLI on real plans and states: the file, identity that
 * survives reordering, unrelated resources and a plan against a state, and every format's view of it.
 */
const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");
const PLAN = path.join(FIXTURES, "plan", "terraform-plan.json");
const SHOW_STATE = path.join(FIXTURES, "state", "terraform-show-state.json");
const TOFU_STATE = path.join(FIXTURES, "state", "opentofu.tfstate.json");
const TF_JSON = path.join(FIXTURES, "cli", "one-open-cache.tf.json");
const validateReport = reportValidator();
const validateSarif = sarifValidator();
const validateBaseline = baselineValidator();

interface PlanDocument {
  resource_changes: { address: string; name: string; type: string; change: { after: Record<string, unknown> } }[];
  planned_values: { root_module: { resources?: unknown[]; child_modules?: { resources?: unknown[] }[] } };
}
/** Baselines are counted here: the runs are a team's that has turned the retirement notices off. */
const check = runCliWithoutNotices;

const readPlan = (): PlanDocument => JSON.parse(fs.readFileSync(PLAN, "utf8")) as PlanDocument;

async function createBaseline(input: string, extra: string[] = []): Promise<{ file: string; text: string; stderr: string; status: number | null; report: CheckReport }> {
  const dir = tempDir("baseline-cli");
  const file = path.join(dir, "baseline.json");
  const run = await check(["check", input, "--create-baseline", file, "--format", "json", ...extra]);
  return { file, text: fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "", stderr: run.stderr, status: run.status, report: JSON.parse(run.stdout || "null") as CheckReport };
}

async function checkWith(input: string, baseline: string, format = "json", extra: string[] = []) {
  return check(["check", input, "--baseline", baseline, "--format", format, ...extra]);
}

function statuses(report: CheckReport): Record<string, string> {
  return Object.fromEntries(report.resources.flatMap((r) => r.results.filter((x) => x.status !== "pass" || x.baseline).map((x) => [`${r.identity} ${x.ruleId}`, `${x.status}${x.baseline ? `/${x.baseline.state}` : ""}`])));
}

describe("--create-baseline on a plan", () => {
  it("writes every violation and unknown, sorted, valid against the schema, and the run passes against it", async () => {
    const { text, stderr, status, report } = await createBaseline(PLAN);
    expect(status).toBe(0);
    expect(validateBaseline(JSON.parse(text))).toEqual([]);
    expect(validateReport(report)).toEqual([]);
    const findings = (JSON.parse(text) as { findings: { resource: string; ruleId: string; status: string }[] }).findings;
    expect(findings).toHaveLength(6 + 4 + 3);
    expect(findings.filter((f) => f.status === "unknown").map((f) => `${f.resource} ${f.ruleId}`)).toEqual([
      'module.cache["eu"].azurerm_redis_cache.this[0] Azure.Redis.EntraID',
      'module.cache["eu"].azurerm_redis_cache.this[0] Azure.Redis.NonSslPort',
      'module.cache["us"].azurerm_redis_cache.this[0] Azure.Redis.EntraID',
    ]);
    expect(text).not.toMatch(/SECRET|"message"|"line"|"file"|[0-9]{4}-[0-9]{2}-[0-9]{2}/);
    expect(stderr).toContain("azure-redis-guard: wrote the baseline ");
    expect(stderr).toContain(": 13 findings on 7 resources (6 mandatory, 4 advisory, 3 unknown).");
    expect(report.summary).toMatchObject({ baselined: 13, mandatoryViolations: 0, advisoryViolations: 0, unknown: 0, resolved: 0 });
    expect(report.baseline).toMatchObject({ entries: 13, resolved: [], notSeen: [], written: { entries: 13 } });
  });

  it("is the same bytes again, for the plan reordered, and with unrelated resources added", async () => {
    const first = await createBaseline(PLAN);
    const again = await createBaseline(PLAN);
    expect(again.text).toBe(first.text);

    const reordered = readPlan();
    reordered.resource_changes.reverse();
    reordered.planned_values.root_module.resources?.reverse();
    reordered.planned_values.root_module.child_modules?.reverse();
    const reorderedFile = writeJson(tempDir("baseline-cli"), "plan.json", reordered);
    expect((await createBaseline(reorderedFile)).text).toBe(first.text);

    const extended = readPlan();
    const group = extended.resource_changes.find((c) => c.address === "azurerm_resource_group.main")!;
    extended.resource_changes.splice(3, 0, { ...group, address: "azurerm_resource_group.other", name: "other" });
    const withUnrelated = writeJson(tempDir("baseline-cli"), "plan.json", extended);
    expect((await createBaseline(withUnrelated)).text).toBe(first.text);
  });
});

describe("--baseline", () => {
  it("fails only on a new finding: an added violating cache, while the baselined ones stay listed and counted", async () => {
    const { file } = await createBaseline(PLAN);
    const extended = readPlan();
    const open = extended.resource_changes.find((c) => c.address === "azurerm_redis_cache.open")!;
    extended.resource_changes.unshift({ ...open, address: "azurerm_redis_cache.added", name: "added", change: { ...open.change, after: { ...open.change.after, name: "added" } } });
    const input = writeJson(tempDir("baseline-cli"), "plan.json", extended);
    const run = await checkWith(input, file);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(validateReport(report)).toEqual([]);
    const failing = report.resources.flatMap((r) => r.results.filter((x) => x.status === "fail").map((x) => `${r.identity} ${x.ruleId} ${x.enforcementLevel} ${x.baseline?.state}`));
    expect(failing).toEqual([
      "azurerm_redis_cache.added Azure.Redis.NonSslPort mandatory new",
      "azurerm_redis_cache.added Azure.Redis.PublicNetworkAccess advisory new",
      "azurerm_redis_cache.added Azure.Redis.LocalAuth advisory new",
      "azurerm_redis_cache.added Azure.Redis.EntraID advisory new",
    ]);
    expect(report.summary).toMatchObject({ mandatoryViolations: 1, advisoryViolations: 3, baselined: 13, resolved: 0 });
    const text = await checkWith(input, file, "text");
    expect(text.stdout).toContain("new: not in the baseline ");
    expect(text.stdout).toMatch(/1 mandatory violation: 10 resources checked, .* 13 baselined, 0 resolved\.\n$/);
  });

  it("matches a plan's baseline against a state of the same resources: no finding is new, the fixed ones are resolved", async () => {
    const { file } = await createBaseline(PLAN);
    const run = await checkWith(SHOW_STATE, file);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(validateReport(report)).toEqual([]);
    expect(Object.values(statuses(report)).filter((s) => s.endsWith("/new"))).toEqual([]);
    expect(report.summary).toMatchObject({ mandatoryViolations: 0, advisoryViolations: 0, baselined: 8, resolved: 5 });
    expect(report.baseline!.resolved.map((r) => `${r.resource} ${r.ruleId}`)).toEqual([
      "azurerm_redis_cache.legacy Azure.Redis.MinTLS",
      "azurerm_redis_cache.legacy Azure.Redis.LocalAuth",
      'module.cache["eu"].azurerm_redis_cache.this[0] Azure.Redis.NonSslPort',
      'module.cache["eu"].azurerm_redis_cache.this[0] Azure.Redis.EntraID',
      'module.cache["us"].azurerm_redis_cache.this[0] Azure.Redis.EntraID',
    ]);
    const text = await checkWith(SHOW_STATE, file, "text");
    expect(text.stdout).toContain("resolved: fixed since the baseline was made; remove it from the baseline ");
    expect(text.stdout).toContain("Resolved, remove them from ");
    expect(text.stdout).toContain("    - Azure.Redis.MinTLS on azurerm_redis_cache.legacy\n");
  });

  it("SARIF: baselineState on every result, the resolved entries as absent passes, valid against SARIF 2.1.0", async () => {
    const { file } = await createBaseline(PLAN);
    const run = await checkWith(SHOW_STATE, file, "sarif");
    const sarif = JSON.parse(run.stdout) as { runs: { results: Record<string, unknown>[]; properties: Record<string, unknown> }[] };
    expect(validateSarif(sarif)).toEqual([]);
    const results = sarif.runs[0]!.results;
    expect(results.every((r) => typeof r["baselineState"] === "string")).toBe(true);
    const absent = results.filter((r) => r["baselineState"] === "absent");
    expect(absent).toHaveLength(5);
    expect(absent.every((r) => r["kind"] === "pass" && r["level"] === "none" && String((r["message"] as { text: string }).text).includes("remove it from the baseline"))).toBe(true);
    const unchanged = results.filter((r) => r["baselineState"] === "unchanged");
    expect(unchanged).toHaveLength(8);
    expect(unchanged.every((r) => r["kind"] === "fail" && (r["properties"] as { status: string }).status === "baselined")).toBe(true);
    // A resolved result carries the same fingerprint as the finding it closes.
    const plan = JSON.parse((await check(["check", PLAN, "--format", "sarif"])).stdout) as typeof sarif;
    const fingerprints = new Set(plan.runs[0]!.results.map((r) => JSON.stringify(r["partialFingerprints"])));
    expect(absent.every((r) => fingerprints.has(JSON.stringify(r["partialFingerprints"])))).toBe(true);
    expect(sarif.runs[0]!.properties["failOn"]).toBe("mandatory");
  });

  it("JUnit and GitHub: baselined findings are skipped tests and notices, resolved ones pass and say so", async () => {
    const { file } = await createBaseline(PLAN);
    const junit = await checkWith(SHOW_STATE, file, "junit");
    expect(junit.status).toBe(0);
    expect(await validateJunit(junit.stdout)).toEqual([]);
    expect(junit.stdout).toMatch(/<testsuites name="azure-redis-guard" tests="\d+" failures="0" errors="0">/);
    expect(junit.stdout).toContain(`<skipped message="baselined in `);
    expect(junit.stdout).toMatch(/<testcase classname="azurerm_redis_cache.legacy" name="Azure.Redis.MinTLS">\n\s+<system-out>resolved: fixed since the baseline was made; remove it from the baseline [^<]+<\/system-out>/);
    const github = await checkWith(SHOW_STATE, file, "github");
    expect(github.status).toBe(0);
    const lines = github.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("::error"))).toEqual([]);
    expect(lines.filter((l) => l.startsWith("::notice") && l.includes("(baselined)"))).toHaveLength(8);
    expect(lines.filter((l) => l.startsWith("::notice") && l.includes("(resolved)"))).toHaveLength(5);
    expect(lines.at(-1)).toMatch(/^azure-redis-guard: no mandatory violation: .* 8 baselined, 5 resolved \(offline check\)\.$/);
  });

  it("a baselined unknown does not cover the violation it turns into; a disabled rule or a vanished resource is not seen, never resolved", async () => {
    const dir = tempDir("baseline-cli");
    const baseline = writeJson(dir, "baseline.json", {
      kind: "azure-redis-guard-baseline",
      version: 1,
      findings: [
        { resource: 'module.cache["us"].azurerm_redis_cache.this[0]', ruleId: "Azure.Redis.NonSslPort", status: "unknown" },
        { resource: "azurerm_redis_cache.legacy", ruleId: "Azure.Redis.LocalAuth", status: "fail" },
        { resource: "azurerm_redis_cache.deleted", ruleId: "Azure.Redis.NonSslPort", status: "fail" },
      ],
    });
    const config = writeJson(dir, "policy.json", { ...NOTICES_OFF, "azure-redis-local-auth": "disabled" });
    const run = await checkWith(TOFU_STATE, baseline, "json", ["--policy-pack-config", config]);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(validateReport(report)).toEqual([]);
    expect(statuses(report)['module.cache["us"].azurerm_redis_cache.this[0] Azure.Redis.NonSslPort']).toBe("fail/updated");
    expect(report.summary.resolved).toBe(0);
    expect(report.baseline!.notSeen.map((n) => `${n.resource} ${n.reason}`)).toEqual(["azurerm_redis_cache.deleted resource-not-checked", "azurerm_redis_cache.legacy rule-disabled"]);
    const text = await checkWith(TOFU_STATE, baseline, "text", ["--policy-pack-config", config]);
    expect(text.stdout).toContain("in the baseline ");
    expect(text.stdout).toContain(" as unknown; the value is known now and violates the rule, so it is a new finding");
    expect(text.stdout).toContain("Not seen: this run did not judge them, so they neither fail nor count as resolved:");
    expect(text.stdout).toContain("    - Azure.Redis.LocalAuth on azurerm_redis_cache.legacy: the rule is disabled in this run's config");
  });

  it("with --create-baseline rewrites the baseline smaller, never larger", async () => {
    const { file, text } = await createBaseline(PLAN);
    const run = await check(["check", SHOW_STATE, "--baseline", file, "--create-baseline", file, "--format", "json"]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("kept 8 of 13 findings, removed 5 resolved, 0 not seen in this input.");
    const before = (JSON.parse(text) as { findings: unknown[] }).findings.map((f) => JSON.stringify(f));
    const after = (JSON.parse(fs.readFileSync(file, "utf8")) as { findings: unknown[] }).findings.map((f) => JSON.stringify(f));
    expect(after).toHaveLength(8);
    expect(after.every((f) => before.includes(f))).toBe(true);
    // Against the rewritten file the state has nothing resolved or new left.
    const again = JSON.parse((await checkWith(SHOW_STATE, file)).stdout) as CheckReport;
    expect(again.summary).toMatchObject({ baselined: 8, resolved: 0 });
  });

  it("keeps CDKTF stacks apart: the same address in two stacks is two resources", async () => {
    const out = tempDir("baseline-cli");
    const template = JSON.parse(fs.readFileSync(TF_JSON, "utf8")) as { "//": { metadata: { stackName: string } }; resource: { azurerm_redis_cache: Record<string, Record<string, unknown>> } };
    for (const [stack, nonSsl] of [["compliant", false], ["legacy", true]] as const) {
      const document = structuredClone(template);
      document["//"].metadata.stackName = stack;
      document.resource.azurerm_redis_cache["open"]!["non_ssl_port_enabled"] = nonSsl;
      fs.mkdirSync(path.join(out, "stacks", stack), { recursive: true });
      writeJson(path.join(out, "stacks", stack), "cdk.tf.json", document);
    }
    const { text, file } = await createBaseline(out);
    expect(text).toContain('{ "stack": "legacy", "resource": "azurerm_redis_cache.open", "ruleId": "Azure.Redis.NonSslPort", "status": "fail" }');
    expect(text).not.toContain('{ "stack": "compliant", "resource": "azurerm_redis_cache.open", "ruleId": "Azure.Redis.NonSslPort"');
    const report = JSON.parse((await checkWith(out, file)).stdout) as CheckReport;
    expect(report.summary).toMatchObject({ resolved: 0, mandatoryViolations: 0 });
  });

  it.each([
    ["is missing", (dir: string) => path.join(dir, "none.json"), "no such baseline file: "],
    ["is not JSON", (dir: string) => writeJson(dir, "b.json", "{ not json"), "is not an azure-redis-guard baseline: it is not valid JSON at character 2."],
    ["is a SARIF log", (dir: string) => writeJson(dir, "b.json", { version: "2.1.0", runs: [] }), "is not an azure-redis-guard baseline: it is a SARIF log."],
    ["is from a newer version", (dir: string) => writeJson(dir, "b.json", { kind: "azure-redis-guard-baseline", version: 9, findings: [] }), "written by a newer azure-redis-guard"],
    ["has a malformed finding", (dir: string) => writeJson(dir, "b.json", { kind: "azure-redis-guard-baseline", version: 1, findings: [{ resource: "a" }] }), 'findings[0]: "ruleId" must be'],
  ])("a baseline that %s stops the check with exit 2 and one line", async (_what, make, message) => {
    const baseline = make(tempDir("baseline-cli"));
    const run = await runCli(["check", PLAN, "--baseline", baseline]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`azure-redis-guard: the check could not run: `);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expectNoStackTrace(run.stderr);
  });
});
