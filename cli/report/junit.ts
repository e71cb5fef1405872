import { baselineLines, resultBaselineNote } from "./baseline-text";
import { failsCheck, gateVerdict } from "./gate";
import { describePlannedActions, type CheckReport, type ReportResource, type ReportResult } from "./model";
import { logicalName } from "./sarif";
import { displayPath } from "./source-lines";
import { escapeXmlText, xmlAttributes } from "./xml";

/**
 * JUnit XML, as Jenkins, GitLab and Azure DevOps read test reports: `<testsuites>`, a `<testsuite>` per
 * stack (a plan's or state's root module is named by its file), a `<testcase>` per resource × rule.
 * - `classname` is the resource (the URN, the Terraform address, the CDKTF construct path), `name` the rule
 *   id: both stable across runs, so CI tools keep each test's history, and Jenkins groups a Terraform
 *   address's resources by type (its package is the address up to the last dot).
 * - A result that fails the check at the `--fail-on` level is a `<failure>` (type: the rule id; the message
 *   and the details as text); a pass is a passing test (a resolved baseline entry says so in `<system-out>`);
 *   anything else (a violation or unknown value that does not fail at this level, an exempted or a baselined
 *   finding) is `<skipped>` with the reason, so the test report's failures are exactly what failed the check.
 * Valid against the Jenkins xUnit plugin's junit-10.xsd (test/fixtures/junit). No times or timestamps: the
 * same findings give the same bytes.
 */

interface Suite {
  readonly name: string;
  readonly file?: string;
  readonly resources: ReportResource[];
}

function suiteName(report: CheckReport, stack: { readonly name: string; readonly file?: string }): string {
  const { input } = report;
  switch (input.kind) {
    case "terraform-plan":
    case "terraform-state":
      return `azure-redis-guard ${displayPath(input.path)}`;
    case "pulumi-project":
    case "pulumi-state":
      return `azure-redis-guard ${input.project ? `${input.project}/` : ""}${stack.name}`;
    case "terraform-json":
      return `azure-redis-guard ${stack.name}`;
  }
}

/** A suite per stack the input declares, in its order, each with its resources; a stack with none is an empty suite. */
function suitesOf(report: CheckReport): Suite[] {
  const suites = new Map<string, Suite>();
  for (const stack of report.input.stacks) suites.set(stack.name, { name: suiteName(report, stack), ...(stack.file ? { file: stack.file } : {}), resources: [] });
  for (const resource of report.resources) {
    let suite = suites.get(resource.stack);
    if (!suite) {
      suite = { name: suiteName(report, { name: resource.stack }), resources: [] };
      suites.set(resource.stack, suite);
    }
    suite.resources.push(resource);
  }
  if (suites.size === 0) suites.set("", { name: suiteName(report, { name: "none" }), resources: [] });
  return [...suites.values()];
}

type Outcome = { readonly kind: "pass" } | { readonly kind: "failure" | "skipped"; readonly message: string };

/**
 * A failure's `message` is the rule's message (Jenkins shows it as the error message); a skip's is the reason
 * in a few words. The element's text has the message and the details either way.
 */
function outcomeOf(result: ReportResult, report: CheckReport): Outcome {
  if (failsCheck(result, report.failOn)) return { kind: "failure", message: result.message };
  const atLevel = `does not fail the check at --fail-on ${report.failOn}`;
  switch (result.status) {
    case "pass":
      return { kind: "pass" };
    case "fail":
      return { kind: "skipped", message: `${result.enforcementLevel} violation, ${atLevel}` };
    case "unknown":
      return { kind: "skipped", message: `unknown value (cannot be verified offline), ${atLevel}` };
    case "exempted": {
      const e = result.exemption;
      return { kind: "skipped", message: `exempted${e ? `: ${e.reason}${e.expires ? ` (until ${e.expires})` : ""}` : ""}` };
    }
    case "baselined":
      return { kind: "skipped", message: `baselined in ${report.baseline?.file ?? "the baseline"}, does not fail the check` };
  }
}

/** The text of a failure or skip: the message, then where and what, one fact a line. */
function details(resource: ReportResource, result: ReportResult, report: CheckReport): string {
  const rule = report.rules.find((r) => r.id === result.ruleId);
  const note = resultBaselineNote(result, report.baseline);
  return [
    result.message,
    "",
    `Rule: ${result.ruleId}${rule?.ref ? ` (${rule.ref})` : ""}, ${result.severity}, ${result.enforcementLevel}; status ${result.status}`,
    `Resource: ${resource.name} (${resource.type})${resource.identity === resource.name ? "" : `, ${resource.identity}`}`,
    ...(resource.location ? [`Declared at: ${resource.location.file}${resource.location.line ? `:${resource.location.line}` : ""}`] : []),
    ...(resource.plannedActions ? [`Planned action: ${describePlannedActions(resource.plannedActions)}`] : []),
    ...(result.properties.length > 0 ? [`Properties: ${result.properties.join(", ")}`] : []),
    ...(note ? [`Baseline: ${note}`] : []),
    ...(rule ? [`Docs: ${rule.docsUrl}`] : []),
  ].join("\n");
}

function testcase(resource: ReportResource, result: ReportResult, report: CheckReport): { xml: string; outcome: Outcome["kind"] } {
  const open = `    <testcase${xmlAttributes({ classname: logicalName(resource, report.input.kind), name: result.ruleId })}`;
  const outcome = outcomeOf(result, report);
  if (outcome.kind === "pass") {
    const note = resultBaselineNote(result, report.baseline);
    return { xml: note ? `${open}>\n      <system-out>${escapeXmlText(note)}</system-out>\n    </testcase>` : `${open}/>`, outcome: "pass" };
  }
  const body = escapeXmlText(details(resource, result, report));
  const element = outcome.kind === "failure" ? `<failure${xmlAttributes({ type: result.ruleId, message: outcome.message })}>` : `<skipped${xmlAttributes({ message: outcome.message })}>`;
  return { xml: `${open}>\n      ${element}${body}</${outcome.kind}>\n    </testcase>`, outcome: outcome.kind };
}

/** What the run says as a whole, in the first suite's `<system-out>`: nothing checked, notes, baseline, verdict. */
function runOutput(report: CheckReport): string {
  const s = report.summary;
  const lines = [
    ...(report.resources.length === 0 ? [`Nothing was checked: no resource in the input is one an enabled rule judges (${s.resourcesSeen} seen).`] : []),
    ...report.notes.map((note) => `Note: ${note}`),
    ...baselineLines(report).filter((line) => line !== ""),
    `${gateVerdict(s, report.failOn).text}: ${s.resourcesChecked} checked, ${s.advisoryViolations} advisory, ${s.unknown} unknown, ${s.passed} passed, ${s.exempted} exempted, ${s.baselined} baselined, ${s.resolved} resolved (offline check).`,
  ];
  return lines.join("\n");
}

export function renderJunit(report: CheckReport): string {
  const suites = suitesOf(report);
  let [tests, failures] = [0, 0];
  const suiteXml = suites.map((suite, index) => {
    const cases = suite.resources.flatMap((resource) => resource.results.map((result) => testcase(resource, result, report)));
    const failed = cases.filter((c) => c.outcome === "failure").length;
    const skipped = cases.filter((c) => c.outcome === "skipped").length;
    tests += cases.length;
    failures += failed;
    const properties = [
      ["azure-redis-guard.version", report.tool.version],
      ["input.kind", report.input.kind],
      ["input.path", displayPath(report.input.path)],
      ["fail-on", report.failOn],
      ...(report.baseline ? [["baseline", report.baseline.file]] : []),
    ].map(([name, value]) => `      <property${xmlAttributes({ name, value })}/>`);
    const attributes = xmlAttributes({ name: suite.name, tests: cases.length, failures: failed, errors: 0, skipped, file: suite.file });
    return [
      `  <testsuite${attributes}>`,
      "    <properties>",
      ...properties,
      "    </properties>",
      ...cases.map((c) => c.xml),
      ...(index === 0 ? [`    <system-out>${escapeXmlText(runOutput(report))}</system-out>`] : []),
      "  </testsuite>",
    ].join("\n");
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${xmlAttributes({ name: "azure-redis-guard", tests, failures, errors: 0 })}>\n${suiteXml.join("\n")}\n</testsuites>\n`;
}
