import type { CheckReport, ReportExemption, ReportResource, ReportResult } from "./model";
import { plainStyle, type Style } from "./style";

const STATUS_LABEL: Record<ReportResult["status"], string> = { fail: "FAIL", unknown: "UNKNOWN", pass: "PASS", exempted: "EXEMPT" };

function statusLabel(result: ReportResult, style: Style): string {
  const label = STATUS_LABEL[result.status].padEnd(7);
  if (result.status === "fail") return result.enforcementLevel === "mandatory" ? style.bold(style.red(label)) : style.yellow(label);
  if (result.status === "unknown") return style.yellow(label);
  if (result.status === "exempted") return style.cyan(label);
  return style.green(label);
}

function resourceMark(resource: ReportResource, style: Style): string {
  const results = resource.results;
  if (results.some((r) => r.status === "fail" && r.enforcementLevel === "mandatory")) return style.red("✖");
  if (results.some((r) => r.status === "fail" || r.status === "unknown")) return style.yellow("!");
  return style.green("✔");
}

/** The docs link is printed on its own line; drop the copy at the end of the core's message. */
function messageWithoutDocs(message: string, docsUrl: string): string {
  return message.replace(` See ${docsUrl}`, "").replace(`See ${docsUrl}`, "").trim();
}

/** Where an exemption was written, for the audit: the config glob, the tag, or the construct. */
function exemptionLine(exemption: ReportExemption): string {
  const by =
    exemption.source === "config"
      ? `config exemption '${exemption.resource}'`
      : exemption.source === "tag"
        ? `tag '${exemption.tag}' on the resource`
        : `RedisPolicyAspect.exempt() on '${exemption.construct}'`;
  return `exempt by ${by}${exemption.expires ? ` until ${exemption.expires}` : ""}: ${exemption.reason}`;
}

function where(resource: ReportResource): string {
  const at = resource.location ? `${resource.location.file}${resource.location.line ? `:${resource.location.line}` : ""}` : undefined;
  return [resource.constructPath ? `construct ${resource.constructPath}` : undefined, at].filter(Boolean).join("  ");
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
  const subject =
    input.kind === "pulumi-project"
      ? `Pulumi project ${input.project ?? ""} (stack ${input.stacks.map((s) => s.name).join(", ")}) at ${input.path}`
      : `synthesized Terraform JSON at ${input.path} (${input.stacks.length} stack${input.stacks.length === 1 ? "" : "s"}: ${input.stacks.map((s) => s.name).join(", ")})`;
  out.push(style.bold(`azure-redis-guard ${report.tool.version} — offline check of ${subject}`));
  out.push(style.dim(input.kind === "pulumi-project" ? "This is an offline check, not a preview: nothing was deployed or previewed." : "This is an offline check of the JSON: nothing was planned or applied."));
  out.push("");

  if (report.resources.length === 0) out.push(`No resource any enabled rule applies to (${input.resourcesSeen} resources seen).`, "");
  for (const resource of report.resources) {
    out.push(`${resourceMark(resource, style)} ${style.bold(resource.name)}  ${style.dim(resource.type)}  ${style.dim(`stack ${resource.stack}`)}`);
    const location = where(resource);
    if (location) out.push(`    ${style.dim(location)}`);
    for (const result of resource.results) {
      const rule = rules.get(result.ruleId);
      const ref = rule?.ref ? ` (${rule.ref})` : "";
      out.push(`    ${statusLabel(result, style)} ${result.ruleId}${ref}  ${result.severity}  ${result.enforcementLevel}`);
      if (result.status !== "pass") {
        out.push(`            ${rule ? messageWithoutDocs(result.message, rule.docsUrl) : result.message}`);
        if (result.status === "exempted" && result.exemption) out.push(`            ${style.cyan(exemptionLine(result.exemption))}`);
        if (rule) out.push(`            ${style.dim(`docs: ${rule.docsUrl}`)}`);
      }
    }
    out.push("");
  }

  if (report.notes.length > 0) {
    out.push(style.bold("Notes"));
    for (const note of report.notes) out.push(`  - ${note}`);
    out.push("");
  }
  const s = report.summary;
  const verdict =
    s.mandatoryViolations > 0
      ? style.bold(style.red(`${s.mandatoryViolations} mandatory violation${s.mandatoryViolations === 1 ? "" : "s"}`))
      : style.green("no mandatory violation");
  out.push(
    `${verdict}: ${s.resourcesChecked} resource${s.resourcesChecked === 1 ? "" : "s"} checked (${input.resourcesSeen} seen), ` +
      `${s.advisoryViolations} advisory, ${s.unknown} unknown, ${s.passed} passed, ${s.exempted} exempted.`,
  );
  return `${out.join("\n")}\n`;
}
