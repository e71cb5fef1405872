import { exemptBy } from "../../policies/core/exemption-wording";
import { baselineLines, baselineSummary, resultBaselineNote } from "./baseline-text";
import { failsCheck, gateVerdict, type FailOn } from "./gate";
import { describePlannedActions, type CheckReport, type ReportExemption, type ReportInput, type ReportResource, type ReportResult } from "./model";
import { plainStyle, type Style } from "./style";

const STATUS_LABEL: Record<ReportResult["status"], string> = { fail: "FAIL", unknown: "UNKNOWN", pass: "PASS", exempted: "EXEMPT", baselined: "BASELINED" };
const LABEL_WIDTH = Math.max(...Object.values(STATUS_LABEL).map((label) => label.length));

function statusLabel(result: ReportResult, failOn: FailOn, style: Style): string {
  const label = STATUS_LABEL[result.status].padEnd(LABEL_WIDTH);
  if (failsCheck(result, failOn)) return style.bold(style.red(label));
  if (result.status === "fail" || result.status === "unknown") return style.yellow(label);
  if (result.status === "exempted" || result.status === "baselined") return style.cyan(label);
  return style.green(label);
}

/** ✖ something fails the check, ! a finding that does not (a violation, an unknown, a baselined one), ✔ else. */
function resourceMark(resource: ReportResource, failOn: FailOn, style: Style): string {
  const results = resource.results;
  if (results.some((r) => failsCheck(r, failOn))) return style.red("✖");
  if (results.some((r) => r.status === "fail" || r.status === "unknown" || r.status === "baselined")) return style.yellow("!");
  return style.green("✔");
}

/** The docs link is printed on its own line; drop the copy at the end of the core's message. */
function messageWithoutDocs(message: string, docsUrl: string): string {
  return message.replace(` See ${docsUrl}`, "").replace(`See ${docsUrl}`, "").trim();
}

/** Where an exemption was written, for the audit: the config glob, the tag, or the construct. */
function exemptionLine(exemption: ReportExemption): string {
  return `${exemptBy(exemption, "report")}: ${exemption.reason}`;
}

function where(resource: ReportResource): string {
  const at = resource.location ? `${resource.location.file}${resource.location.line ? `:${resource.location.line}` : ""}` : undefined;
  return [resource.constructPath ? `construct ${resource.constructPath}` : undefined, at].filter(Boolean).join("  ");
}

/** The header's subject: what was read, and where. */
function subjectOf(input: ReportInput): string {
  const stacks = input.stacks.map((s) => s.name).join(", ");
  const format = input.formatVersion ? `JSON format ${input.formatVersion}${input.producer ? `, ${input.producer}` : ""}` : input.producer;
  const details = format ? ` (${format})` : "";
  switch (input.kind) {
    case "pulumi-project":
      return `Pulumi project ${input.project ?? ""} (stack ${stacks}) at ${input.path}`;
    case "terraform-json":
      return `Terraform configuration at ${input.path} (${input.stacks.length} stack${input.stacks.length === 1 ? "" : "s"}: ${stacks})`;
    case "terraform-plan":
      return `the plan ${input.path}${details}`;
    case "terraform-state":
      return `the Terraform state ${input.path}${details}`;
    case "pulumi-state":
      return `the Pulumi state export ${input.path} (${input.project ? `project ${input.project}, ` : ""}stack ${stacks || "none"}${input.producer ? `, ${input.producer}` : ""})`;
  }
}

const WHAT_RAN: Record<ReportInput["kind"], string> = {
  "pulumi-project": "This is an offline check, not a preview: nothing was deployed or previewed.",
  "terraform-json": "This is an offline check of the configuration: nothing was planned or applied.",
  "terraform-plan": "This is an offline check of a plan: nothing was applied.",
  "terraform-state": "This is an offline check of what the state records as deployed: nothing was planned or changed.",
  "pulumi-state": "This is an offline check of what the export records as deployed: nothing was previewed or changed.",
};

/** After the resource's name: what the plan does to it, or the stack it belongs to (a Terraform state has none). */
function context(resource: ReportResource, kind: ReportInput["kind"]): string {
  if (resource.plannedActions) return `planned: ${describePlannedActions(resource.plannedActions)}`;
  return kind === "terraform-state" ? "deployed" : `stack ${resource.stack}`;
}

/**
 * The readable report: a header that says what ran (and that it was offline), one block per resource
 * with each rule's status, id, severity and enforcement level, the message with its fix, and the
 * docs link for anything that is not a pass; then notes and a one-line verdict.
 */
export function renderText(report: CheckReport, style: Style = plainStyle): string {
  const out: string[] = [];
  const rules = new Map(report.rules.map((rule) => [rule.id, rule]));
  const { input } = report;
  out.push(style.bold(`azure-redis-guard ${report.tool.version} — offline check of ${subjectOf(input)}`));
  out.push(style.dim(WHAT_RAN[input.kind]));
  out.push("");

  if (report.resources.length === 0) {
    // One line, so "nothing was checked" can never be read as "everything passed".
    out.push(
      input.resourcesSeen === 0
        ? "Nothing was checked: the input holds no resources."
        : `Nothing was checked: none of the ${input.resourcesSeen} resource${input.resourcesSeen === 1 ? "" : "s"} in the input is an Azure Cache for Redis, Redis Enterprise or Azure Managed Redis resource an enabled rule judges.`,
      "",
    );
  }
  for (const resource of report.resources) {
    out.push(`${resourceMark(resource, report.failOn, style)} ${style.bold(resource.name)}  ${style.dim(resource.type)}  ${style.dim(context(resource, input.kind))}`);
    const location = where(resource);
    if (location) out.push(`    ${style.dim(location)}`);
    for (const result of resource.results) {
      const rule = rules.get(result.ruleId);
      const ref = rule?.ref ? ` (${rule.ref})` : "";
      const indent = " ".repeat(LABEL_WIDTH + 5);
      out.push(`    ${statusLabel(result, report.failOn, style)} ${result.ruleId}${ref}  ${result.severity}  ${result.enforcementLevel}`);
      if (result.status !== "pass") {
        out.push(`${indent}${rule ? messageWithoutDocs(result.message, rule.docsUrl) : result.message}`);
        if (result.status === "exempted" && result.exemption) out.push(`${indent}${style.cyan(exemptionLine(result.exemption))}`);
        if (rule) out.push(`${indent}${style.dim(`docs: ${rule.docsUrl}`)}`);
      }
      const note = resultBaselineNote(result, report.baseline);
      if (note) out.push(`${indent}${result.baseline?.state === "absent" ? style.green(note) : style.dim(note)}`);
    }
    out.push("");
  }

  out.push(...baselineLines(report, style));
  if (report.notes.length > 0) {
    out.push(style.bold("Notes"));
    for (const note of report.notes) out.push(`  - ${note}`);
    out.push("");
  }
  const s = report.summary;
  const gate = gateVerdict(s, report.failOn);
  const verdict = gate.failing ? style.bold(style.red(gate.text)) : style.green(gate.text);
  out.push(
    `${verdict}: ${s.resourcesChecked} resource${s.resourcesChecked === 1 ? "" : "s"} checked, ${s.resourcesNotApplicable} not applicable (${s.resourcesSeen} seen), ` +
      `${s.advisoryViolations} advisory, ${s.unknown} unknown, ${s.passed} passed, ${s.exempted} exempted${baselineSummary(report)}.`,
  );
  return `${out.join("\n")}\n`;
}
