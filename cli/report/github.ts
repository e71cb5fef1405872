import { baselineLines, resolvedText } from "./baseline-text";
import { failsCheck, gateVerdict } from "./gate";
import { describePlannedActions, type CheckReport, type ReportResource, type ReportResult } from "./model";

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`), which the runner turns into
 * annotations on the job and, where the file is in the checkout, on the declaring line of that file.
 * - `::error`: a result that fails the check at the `--fail-on` level (by default a mandatory violation);
 * - `::warning`: a violation or an unknown value that does not fail it;
 * - `::notice`: a baselined or exempted finding, and a resolved baseline entry.
 * Errors come first, then warnings, then notices: GitHub shows at most 10 annotations of each of these per step
 * (actions/toolkit docs/problem-matchers.md, "Limitations"); every command still prints in the log. A final
 * plain line sums the run up.
 */

type Level = "error" | "warning" | "notice";

/** The runner's escaping for a command's message (actions/toolkit packages/core/src/command.ts `escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** ... and for a property value, where `:` and `,` delimit (`escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function workflowCommand(level: Level, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== "")
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${level}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}

interface Annotation {
  readonly level: Level;
  readonly title: string;
  readonly message: string;
  readonly resource: ReportResource;
}

function levelOf(result: ReportResult, report: CheckReport): Level | undefined {
  if (failsCheck(result, report.failOn)) return "error";
  if (result.status === "fail" || result.status === "unknown") return "warning";
  if (result.status === "baselined" || result.status === "exempted" || result.baseline?.state === "absent") return "notice";
  return undefined;
}

function annotationOf(resource: ReportResource, result: ReportResult, report: CheckReport): Annotation | undefined {
  const level = levelOf(result, report);
  if (!level) return undefined;
  const planned = resource.plannedActions ? ` (Planned action: ${describePlannedActions(resource.plannedActions)}.)` : "";
  const file = report.baseline?.file ?? "the baseline";
  let prefix: string;
  let what: string;
  switch (result.status) {
    case "pass":
      return { level, resource, title: `${result.ruleId} (resolved): ${resource.name}`, message: `${result.ruleId}: '${resource.name}' complies now. ${resolvedText(file)}.` };
    case "baselined":
      [what, prefix] = ["baselined", `Baselined in ${file}, does not fail the check: `];
      break;
    case "exempted": {
      const e = result.exemption;
      [what, prefix] = ["exempted", `Exempted${e ? ` (${e.reason}${e.expires ? `, until ${e.expires}` : ""})` : ""}: `];
      break;
    }
    case "unknown":
      [what, prefix] = [`unknown, ${result.enforcementLevel}`, ""];
      break;
    case "fail":
      [what, prefix] = [result.enforcementLevel, ""];
      break;
  }
  const isNew = result.baseline?.state === "new" && (result.status === "fail" || result.status === "unknown") ? `New (not in ${file}): ` : "";
  return { level, resource, title: `${result.ruleId} (${what}): ${resource.name}`, message: `${isNew}${prefix}${result.message}${planned}` };
}

/**
 * A plain log line: one line, never a command. Line breaks become spaces, so no name or note (a baseline file's
 * resource, a Pulumi resource name) can start a line of its own that the runner would read as a command.
 */
function plainLine(text: string): string {
  return `azure-redis-guard${text.replace(/[\r\n]+/g, " ")}`;
}

const ORDER: readonly Level[] = ["error", "warning", "notice"];
/** GitHub's per-step limit for each of error, warning and notice annotations. */
const SHOWN_PER_LEVEL = 10;

export function renderGithub(report: CheckReport): string {
  const annotations = report.resources.flatMap((resource) => resource.results.map((result) => annotationOf(resource, result, report))).filter((a): a is Annotation => a !== undefined);
  const lines: string[] = [];
  for (const level of ORDER) {
    for (const a of annotations.filter((x) => x.level === level)) {
      const location = a.resource.location;
      lines.push(workflowCommand(level, { file: location?.file, line: location?.line, title: a.title }, a.message));
    }
  }
  for (const note of report.notes) lines.push(plainLine(` note: ${note}`));
  for (const line of baselineLines(report)) if (line !== "") lines.push(plainLine(` ${line.trim()}`));
  const hidden = ORDER.filter((level) => annotations.filter((a) => a.level === level).length > SHOWN_PER_LEVEL);
  if (hidden.length > 0) {
    lines.push(plainLine(`: GitHub shows ${SHOWN_PER_LEVEL} annotations of each level per step; every ${hidden.join(" and ")} is in this log (or use --format sarif for code scanning).`));
  }
  const s = report.summary;
  lines.push(
    plainLine(
      `: ${gateVerdict(s, report.failOn).text}: ${s.resourcesChecked} resources checked, ${s.advisoryViolations} advisory, ${s.unknown} unknown, ` +
        `${s.passed} passed, ${s.exempted} exempted${report.baseline ? `, ${s.baselined} baselined, ${s.resolved} resolved` : ""} (offline check).`,
    ),
  );
  return `${lines.join("\n")}\n`;
}
