import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePackConfig } from "../../cli/config/pack-config";
import { buildReport } from "../../cli/report/build-report";
import { failsCheck, FAIL_ON_LEVELS } from "../../cli/report/gate";
import { escapeData, escapeProperty, renderGithub, workflowCommand } from "../../cli/report/github";
import { renderJunit } from "../../cli/report/junit";
import type { CheckReport, ReportResult } from "../../cli/report/model";
import { escapeXmlAttribute, escapeXmlText } from "../../cli/report/xml";
import { expectNoStackTrace, NOTICES_OFF, reportValidator, runCli, runCliWithoutNotices, tempDir, validateJunit, writeJson } from "../support/cli";
import { REPO_ROOT } from "../support/pack";

/** --fail-on, --format junit and --format github: through the built CLI on real inputs, and their escaping in-process. */

const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");
const PLAN = path.join(FIXTURES, "plan", "terraform-plan.json");
const SHOW_STATE = path.join(FIXTURES, "state", "terraform-show-state.json");
const PULUMI_STATE = path.join(FIXTURES, "pulumi-state", "pulumi-state.json");
const TF_JSON = path.join(FIXTURES, "cli", "one-open-cache.tf.json");
const validateReport = reportValidator();

/** Gates and formats count findings: they run as a team that has turned the retirement notices off. */
const check = runCliWithoutNotices;

/** A compliant azurerm 4.x cache: every rule of the family passes (the retirement notices aside, which these runs turn off). */
const COMPLIANT = {
  capacity: 0,
  family: "C",
  sku_name: "Basic",
  non_ssl_port_enabled: false,
  minimum_tls_version: "1.2",
  public_network_access_enabled: false,
  access_keys_authentication_enabled: false,
  redis_configuration: { active_directory_authentication_enabled: true },
  redis_version: "6",
};

/** Synthesized JSON with one cache per entry, each the compliant cache with some settings changed. */
function tfJson(caches: Record<string, Record<string, unknown>>): string {
  const resources = Object.fromEntries(Object.entries(caches).map(([name, settings]) => [name, { name, ...COMPLIANT, ...settings }]));
  return writeJson(tempDir("ci-formats"), "cdk.tf.json", { "//": { metadata: { stackName: "app" } }, resource: { azurerm_redis_cache: resources } });
}

describe("--fail-on", () => {
  it.each([
    // status,  level,        fails at: mandatory, advisory, unknown, none
    ["fail", "mandatory", [true, true, true, false]],
    ["fail", "advisory", [false, true, true, false]],
    ["unknown", "mandatory", [false, false, true, false]],
    ["unknown", "advisory", [false, false, true, false]],
    ["pass", "mandatory", [false, false, false, false]],
    ["exempted", "mandatory", [false, false, false, false]],
    ["baselined", "mandatory", [false, false, false, false]],
  ] as const)("a %s result of a %s rule fails the check at %j", (status, enforcementLevel, expected) => {
    expect(FAIL_ON_LEVELS.map((failOn) => failsCheck({ status, enforcementLevel }, failOn))).toEqual(expected);
  });

  const inputs = {
    "a mandatory violation": tfJson({ cache: { non_ssl_port_enabled: true } }),
    "an advisory violation": tfJson({ cache: { public_network_access_enabled: true } }),
    "an unknown value": tfJson({ cache: { non_ssl_port_enabled: "${var.plaintext}" } }),
    "nothing to report": tfJson({ cache: {} }),
  };
  it.each([
    ["a mandatory violation", { mandatory: 1, advisory: 1, unknown: 1, none: 0 }],
    ["an advisory violation", { mandatory: 0, advisory: 1, unknown: 1, none: 0 }],
    ["an unknown value", { mandatory: 0, advisory: 0, unknown: 1, none: 0 }],
    ["nothing to report", { mandatory: 0, advisory: 0, unknown: 0, none: 0 }],
  ] as const)("%s: the exit code at each level, recorded in the JSON report", async (input, codes) => {
    for (const failOn of FAIL_ON_LEVELS) {
      const run = await check(["check", inputs[input], "--format", "json", "--fail-on", failOn]);
      expect({ failOn, status: run.status }).toEqual({ failOn, status: codes[failOn] });
      const report = JSON.parse(run.stdout) as CheckReport;
      expect(validateReport(report)).toEqual([]);
      expect(report).toMatchObject({ failOn, exitCode: codes[failOn] });
    }
  });

  it("is the default mandatory, and the text verdict says which level decided", async () => {
    const file = inputs["an advisory violation"];
    const runs = await Promise.all([[], ["--fail-on", "advisory"], ["--fail-on", "unknown"], ["--fail-on", "none"]].map((extra) => check(["check", file, ...extra])));
    expect(runs.map((r) => r.status)).toEqual([0, 1, 1, 0]);
    expect(runs[0]!.stdout).toContain("no mandatory violation: 1 resource checked");
    expect(runs[1]!.stdout).toContain("1 violation (--fail-on advisory): 1 resource checked");
    expect(runs[2]!.stdout).toContain("1 violation or unknown value (--fail-on unknown): 1 resource checked");
    expect(runs[3]!.stdout).toContain("report only (--fail-on none), 0 mandatory violations: 1 resource checked");
    const mandatory = await check(["check", inputs["a mandatory violation"], "--fail-on", "none"]);
    expect(mandatory.status).toBe(0);
    expect(mandatory.stdout).toContain("report only (--fail-on none), 1 mandatory violation");
  });
});

/** Parses workflow commands the way the runner does: the level, the properties unescaped, the message unescaped. */
function parseCommands(output: string): { level: string; properties: Record<string, string>; message: string }[] {
  const unescapeData = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
  const unescapeProperty = (s: string) => unescapeData(s.replace(/%3A/g, ":").replace(/%2C/g, ","));
  return output
    .split("\n")
    .filter((line) => line.startsWith("::"))
    .map((line) => {
      const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
      if (!match) throw new Error(`not a workflow command: ${line}`);
      const properties = Object.fromEntries((match[2] ?? "").split(",").filter(Boolean).map((p) => [p.slice(0, p.indexOf("=")), unescapeProperty(p.slice(p.indexOf("=") + 1))]));
      return { level: match[1]!, properties, message: unescapeData(match[3]!) };
    });
}

describe("--format github", () => {
  it.each([
    ["100% sure", "100%25 sure", "100%25 sure"],
    ["a\r\nb", "a%0D%0Ab", "a%0D%0Ab"],
    ["file: a, b", "file: a, b", "file%3A a%2C b"],
    ["%0A is not a newline", "%250A is not a newline", "%250A is not a newline"],
    ["::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"],
  ])("escapes %j as data %j and as a property %j", (text, data, property) => {
    expect(escapeData(text)).toBe(data);
    expect(escapeProperty(text)).toBe(property);
  });

  it("a hostile name stays inside its own command: one line each, and it reads back unchanged", () => {
    const name = 'evil\n::error file=x.tf::injected, 100%: "q"\r';
    const line = workflowCommand("warning", { file: "a,b:c.tf", line: 3, title: name }, `${name} message`);
    expect(line.split("\n")).toHaveLength(1);
    expect(parseCommands(line)).toEqual([{ level: "warning", properties: { file: "a,b:c.tf", line: "3", title: name }, message: `${name} message` }]);
  });

  it("a plan: mandatory violations are errors on the declaring line, advisories and unknowns warnings, errors first, then a summary line", async () => {
    const run = await check(["check", PLAN, "--format", "github"]);
    expect(run.status).toBe(1);
    const commands = parseCommands(run.stdout);
    const levels = commands.map((c) => c.level);
    expect(levels).toEqual([...levels].sort((a, b) => ["error", "warning", "notice"].indexOf(a) - ["error", "warning", "notice"].indexOf(b)));
    expect(levels.filter((l) => l === "error")).toHaveLength(6);
    expect(levels.filter((l) => l === "warning")).toHaveLength(7);
    expect(commands[0]).toEqual({
      level: "error",
      properties: { file: "test/fixtures/plan/terraform-plan.json", line: "591", title: "Azure.Redis.NonSslPort (mandatory): azurerm_redis_cache.open" },
      message: expect.stringMatching(/^Azure\.Redis\.NonSslPort: Redis cache 'azurerm_redis_cache\.open' accepts unencrypted connections: .* \(Planned action: create\.\)$/) as unknown,
    });
    expect(commands.find((c) => c.properties["title"]?.startsWith("Azure.Redis.NonSslPort (unknown, mandatory)"))?.level).toBe("warning");
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("azure-redis-guard: 6 mandatory violations: 9 resources checked, 4 advisory, 3 unknown, 28 passed, 0 exempted (offline check).");
    // Every other line is a command or says it is the check's own.
    expect(lines.every((l) => l.startsWith("::") || l.startsWith("azure-redis-guard"))).toBe(true);
  });

  it("--fail-on decides what is an error: at `unknown` the unknowns are errors, at `none` nothing is", async () => {
    const unknown = parseCommands((await check(["check", PLAN, "--format", "github", "--fail-on", "unknown"])).stdout);
    expect(unknown.filter((c) => c.level === "error")).toHaveLength(6 + 4 + 3);
    const none = await check(["check", PLAN, "--format", "github", "--fail-on", "none"]);
    expect(none.status).toBe(0);
    expect(parseCommands(none.stdout).every((c) => c.level === "warning")).toBe(true);
  });

  it("an exempted finding is a notice on its line, with the exemption's reason", async () => {
    const config = writeJson(tempDir("ci-formats"), "policy.json", {
      ...NOTICES_OFF,
      "azure-redis-non-ssl-port": { exemptions: [{ resource: "fixture/open", reason: "CHG-42: migrating, 100%" }] },
    });
    const run = await check(["check", TF_JSON, "--format", "github", "--policy-pack-config", config]);
    expect(run.status).toBe(0);
    const notices = parseCommands(run.stdout).filter((c) => c.level === "notice");
    expect(notices).toEqual([
      {
        level: "notice",
        properties: { file: "test/fixtures/cli/one-open-cache.tf.json", line: "5", title: "Azure.Redis.NonSslPort (exempted): azurerm_redis_cache.open" },
        message: expect.stringMatching(/^Exempted \(CHG-42: migrating, 100%\): Azure\.Redis\.NonSslPort: /) as unknown,
      },
    ]);
  });
});

describe("--format junit", () => {
  interface Case {
    readonly classname: string;
    readonly name: string;
    readonly outcome: "pass" | "failure" | "skipped";
    readonly message?: string;
  }
  /** The test cases of a valid report, read back with a small parser over the shape the XSD allows. */
  function testcases(xml: string): Case[] {
    const cases: Case[] = [];
    const unescape = (s: string) => s.replace(/&#10;/g, "\n").replace(/&#13;/g, "\r").replace(/&#9;/g, "\t").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    for (const match of xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"(\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const body = match[4] ?? "";
      const child = /<(failure|skipped)(?: type="[^"]*")? message="([^"]*)">/.exec(body);
      cases.push({ classname: unescape(match[1]!), name: unescape(match[2]!), outcome: child ? (child[1] as "failure" | "skipped") : "pass", ...(child ? { message: unescape(child[2]!) } : {}) });
    }
    return cases;
  }
  const count = (xml: string, attribute: string, element = "testsuites"): number => Number(new RegExp(`<${element}[^>]* ${attribute}="(\\d+)"`).exec(xml)?.[1]);

  it.each([
    ["a Terraform plan", PLAN, "azure-redis-guard test/fixtures/plan/terraform-plan.json"],
    ["a Terraform state", SHOW_STATE, "azure-redis-guard test/fixtures/state/terraform-show-state.json"],
    ["a Pulumi state export", PULUMI_STATE, "azure-redis-guard redis-estate/prod"],
    ["synthesized CDKTF JSON", TF_JSON, "azure-redis-guard fixture"],
  ])("%s: valid against junit-10.xsd, a test case per resource × rule, failures exactly what fails the check", async (_what, file, suite) => {
    const [junit, json] = await Promise.all([check(["check", file, "--format", "junit"]), check(["check", file, "--format", "json"])]);
    expect(junit.status).toBe(1);
    expect(await validateJunit(junit.stdout)).toEqual([]);
    const report = JSON.parse(json.stdout) as CheckReport;
    const failures = report.summary.mandatoryViolations;
    expect(failures).toBeGreaterThan(0);
    const results = report.resources.flatMap((r) => r.results);
    const cases = testcases(junit.stdout);
    expect(cases).toHaveLength(results.length);
    expect(count(junit.stdout, "tests")).toBe(results.length);
    expect(count(junit.stdout, "failures")).toBe(failures);
    expect(cases.filter((c) => c.outcome === "failure")).toHaveLength(failures);
    expect(cases.filter((c) => c.outcome === "pass")).toHaveLength(report.summary.passed);
    expect(junit.stdout).toContain(`<testsuite name="${suite}"`);
    // A test is named by the rule and its class is the resource: stable across runs.
    const first = report.resources[0]!;
    expect(cases[0]).toMatchObject({ name: first.results[0]!.ruleId });
    expect([first.identity, first.constructPath]).toContain(cases[0]!.classname);
  });

  it("a failure carries the rule id and the message; an advisory, an unknown and an exemption are skipped with the reason", async () => {
    const run = await check(["check", PLAN, "--format", "junit"]);
    const cases = testcases(run.stdout);
    expect(cases.find((c) => c.classname === "azurerm_redis_cache.open" && c.name === "Azure.Redis.NonSslPort")).toMatchObject({
      outcome: "failure",
      message: expect.stringMatching(/^Azure\.Redis\.NonSslPort: Redis cache 'azurerm_redis_cache\.open' accepts unencrypted connections/) as unknown,
    });
    expect(run.stdout).toContain('<failure type="Azure.Redis.NonSslPort"');
    expect(cases.find((c) => c.classname === "azurerm_redis_cache.open" && c.name === "Azure.Redis.LocalAuth")).toMatchObject({
      outcome: "skipped",
      message: "advisory violation, does not fail the check at --fail-on mandatory",
    });
    expect(cases.find((c) => c.classname === 'module.cache["eu"].azurerm_redis_cache.this[0]' && c.name === "Azure.Redis.NonSslPort")).toMatchObject({
      outcome: "skipped",
      message: "unknown value (cannot be verified offline), does not fail the check at --fail-on mandatory",
    });
    const config = writeJson(tempDir("ci-formats"), "policy.json", { ...NOTICES_OFF, "azure-redis-non-ssl-port": { exemptions: [{ resource: "fixture/open", reason: "CHG-42", expires: "2999-01-01" }] } });
    const exempted = testcases((await check(["check", TF_JSON, "--format", "junit", "--policy-pack-config", config])).stdout);
    expect(exempted.find((c) => c.classname === "fixture/open" && c.name === "Azure.Redis.NonSslPort")).toMatchObject({ outcome: "skipped", message: "exempted: CHG-42 (until 2999-01-01)" });
  });

  it("--fail-on advisory turns advisories into failures; none leaves no failure", async () => {
    const advisory = await check(["check", PLAN, "--format", "junit", "--fail-on", "advisory"]);
    expect(count(advisory.stdout, "failures")).toBe(6 + 4);
    const none = await check(["check", PLAN, "--format", "junit", "--fail-on", "none"]);
    expect(none.status).toBe(0);
    expect(count(none.stdout, "failures")).toBe(0);
    expect(await validateJunit(none.stdout)).toEqual([]);
  });

  it("an input with nothing to check is an empty suite that says so, not a green one", async () => {
    const file = writeJson(tempDir("ci-formats"), "cdk.tf.json", { resource: { azurerm_resource_group: { rg: { name: "rg", location: "westeurope" } } } });
    const run = await check(["check", file, "--format", "junit"]);
    expect(run.status).toBe(0);
    expect(await validateJunit(run.stdout)).toEqual([]);
    expect(count(run.stdout, "tests")).toBe(0);
    expect(run.stdout).toContain("Nothing was checked");
  });

  it("escapes every name and message, and replaces what XML cannot carry", async () => {
    const hostile = 'a<b>&"c\'\u0001\uFFFE\uD800z';
    expect(escapeXmlText(hostile)).toBe("a&lt;b&gt;&amp;\"c'\uFFFD\uFFFD\uFFFDz");
    expect(escapeXmlAttribute(`${hostile}\n\t\r]]>`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;\uFFFD\uFFFD\uFFFDz&#10;&#9;&#13;]]&gt;");
    const config = parsePackConfig({});
    const result: ReportResult = { ruleId: "Azure.Redis.NonSslPort", status: "fail", enforcementLevel: "mandatory", severity: "critical", message: `${hostile} ]]> <failure/>`, properties: [] };
    const report = buildReport(
      { name: "azure-redis-guard", version: "0", informationUri: "https://example.invalid" },
      { kind: "pulumi-state", path: "/x", offline: true, stacks: [{ name: `st${hostile}` }], project: "p&q", resourcesSeen: 1 },
      { rules: config.rules },
      [{ identity: `urn:${hostile}`, name: hostile, type: "t", urn: `urn:${hostile}`, stack: `st${hostile}`, results: [result] }],
      [`note ${hostile}`],
    );
    const xml = renderJunit(report);
    expect(await validateJunit(xml)).toEqual([]);
    expect(testcases(xml)).toEqual([{ classname: "urn:a<b>&\"c'\uFFFD\uFFFD\uFFFDz", name: "Azure.Redis.NonSslPort", outcome: "failure", message: "a<b>&\"c'\uFFFD\uFFFD\uFFFDz ]]> <failure/>" }]);
    // And the GitHub rendering of the same report keeps each command on its line.
    expect(parseCommands(renderGithub(report))).toHaveLength(1);
  });
});

describe("usage errors of the new options", () => {
  it.each([
    [["--fail-on", "all"], "--fail-on must be one of mandatory, advisory, unknown, none (got 'all')"],
    [["--format", "xunit"], "--format must be one of text, json, sarif, junit, github (got 'xunit')"],
  ])("%j: exit 2, one line, no stack trace", async (extra, message) => {
    const run = await runCli(["check", TF_JSON, ...extra]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expectNoStackTrace(run.stderr);
  });
});
