import { PROJECT_URL } from "../../policies/internal";
import { resolvedText } from "./baseline-text";
import { describePlannedActions, type CheckReport, type EnforcementLevel, type ReportExemption, type ReportResource, type ReportResult, type ReportRule } from "./model";

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. One run; the driver's rules carry the
 * rule metadata (GitHub shows `help` and ranks by `security-severity`); one result per finding that is
 * not a pass, located physically (the file that declares the resource, and the line when known) and
 * logically (the resource).
 */
export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub's bands: critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9. */
const SECURITY_SEVERITY: Record<ReportRule["severity"], string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

type SarifLevel = "error" | "warning" | "note" | "none";

function levelOf(enforcement: EnforcementLevel | ReportResult["enforcementLevel"]): SarifLevel {
  if (enforcement === "mandatory" || enforcement === "remediate") return "error";
  if (enforcement === "advisory") return "warning";
  return "none";
}

function sarifRule(rule: ReportRule): Record<string, unknown> {
  const help = `${rule.description}\n\n${rule.remediationSteps}\n\nSee ${rule.docsUrl}`;
  return {
    id: rule.id,
    name: rule.id.replace(/\./g, ""),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    helpUri: rule.docsUrl,
    help: { text: help, markdown: `**${rule.title}** (${rule.id}${rule.ref ? `, ${rule.ref}` : ""})\n\n${rule.description}\n\n${rule.remediationSteps}\n\n[Documentation](${rule.docsUrl})` },
    defaultConfiguration: { level: levelOf(rule.enforcementLevel), enabled: rule.enforcementLevel !== "disabled" },
    properties: {
      tags: [...rule.tags],
      precision: "very-high",
      "problem.severity": rule.severity === "critical" || rule.severity === "high" ? "error" : "warning",
      "security-severity": SECURITY_SEVERITY[rule.severity],
      severity: rule.severity,
      ref: rule.ref,
      policyName: rule.policyName,
      enforcementLevel: rule.enforcementLevel,
      ...(rule.control ? { control: `${rule.control.framework} ${rule.control.version} ${rule.control.id} ${rule.control.title}` } : {}),
      pillar: rule.pillar,
    },
  };
}

/**
 * The URN for Pulumi; for CDKTF the construct path (it starts with the stack), else `<stack>/<address>`
 * for synthesized JSON; a plan's or state's full address, module path included.
 */
export function logicalName(resource: ReportResource, kind: CheckReport["input"]["kind"]): string {
  if (resource.urn) return resource.urn;
  if (resource.constructPath) return resource.constructPath;
  return kind === "terraform-json" ? `${resource.stack}/${resource.identity}` : resource.identity;
}

/**
 * SARIF 2.1.0 §3.35: an exemption written in the code (a tag, `RedisPolicyAspect.exempt()`) is an
 * `inSource` suppression, one in the policy config an `external` one. A construct exemption names, as its
 * location, the construct it was written on (the resource or a scope above it).
 */
function sarifSuppression(exemption: ReportExemption): Record<string, unknown> {
  const { source, resource, tag, construct, expires } = exemption;
  return {
    kind: source === "config" ? "external" : "inSource",
    status: "accepted",
    justification: exemption.reason,
    ...(construct !== undefined ? { location: { logicalLocations: [{ fullyQualifiedName: construct, kind: "module" }] } } : {}),
    properties: {
      source,
      ...(source === "config" ? { resource } : {}),
      ...(tag !== undefined ? { tag } : {}),
      ...(expires !== undefined ? { expires } : {}),
    },
  };
}

/**
 * SARIF 3.27.9 `kind`: a violation is `fail` (the only kind with a level), an unknown value `open` (the tool
 * could not decide), a baselined finding keeps what the rule found, and a resolved baseline entry is `pass`.
 */
function kindOf(result: ReportResult): "fail" | "open" | "pass" {
  if (result.status === "pass") return "pass";
  const found = result.status === "baselined" ? result.baseline?.found : result.status;
  return found === "unknown" ? "open" : "fail";
}

function messageOf(resource: ReportResource, result: ReportResult, report: CheckReport): string {
  if (result.status === "pass" && report.baseline) return `${result.ruleId}: '${resource.name}' complies now. ${resolvedText(report.baseline.file)}.`;
  // Code scanning shows the message alone: say there which planned action the finding belongs to.
  return resource.plannedActions ? `${result.message} (Planned action: ${describePlannedActions(resource.plannedActions)}.)` : result.message;
}

function sarifResult(resource: ReportResource, result: ReportResult, ruleIndex: number, report: CheckReport): Record<string, unknown> {
  const kind = report.input.kind;
  const resultKind = kindOf(result);
  const physical = resource.location
    ? { physicalLocation: { artifactLocation: { uri: resource.location.file }, ...(resource.location.line ? { region: { startLine: resource.location.line } } : {}) } }
    : {};
  return {
    ruleId: result.ruleId,
    ruleIndex,
    kind: resultKind,
    level: resultKind === "fail" ? levelOf(result.enforcementLevel) : "none",
    message: { text: messageOf(resource, result, report) },
    locations: [
      {
        ...physical,
        logicalLocations: [{ name: resource.name, fullyQualifiedName: logicalName(resource, kind), kind: "resource" }],
      },
    ],
    // The resource's identity, not the file or line: a plan and a state of the same resource share it.
    partialFingerprints: { "azureRedisGuardResource/v1": `${result.ruleId}|${resource.stack}|${resource.constructPath ?? resource.identity}` },
    ...(result.status === "exempted" && result.exemption ? { suppressions: [sarifSuppression(result.exemption)] } : {}),
    // §3.27.24: with a baseline, on every result of the run; `absent` is a baselined finding that is fixed.
    ...(report.baseline && result.baseline ? { baselineState: result.baseline.state } : {}),
    properties: {
      status: result.status,
      severity: result.severity,
      enforcementLevel: result.enforcementLevel,
      resourceType: resource.type,
      stack: resource.stack,
      identity: resource.identity,
      ...(resource.plannedActions ? { plannedActions: [...resource.plannedActions] } : {}),
      ...(result.properties.length ? { resourceProperties: [...result.properties] } : {}),
      // An exemption that did not apply (expired, refused) is not a suppression: tools that dismiss alerts
      // from SARIF (advanced-security/dismiss-alerts) treat any non-empty `suppressions` as one, whatever its status.
      ...(result.status !== "exempted" && result.exemption ? { exemption: result.exemption } : {}),
      ...(result.ignoredExemptions ? { ignoredExemptions: result.ignoredExemptions } : {}),
    },
  };
}

/** What the baseline comparison could not show as results: the entries it did not see. */
function baselineNotes(report: CheckReport): string[] {
  const outcome = report.baseline;
  if (!outcome || outcome.notSeen.length === 0) return [];
  return [
    `${outcome.notSeen.length} finding(s) of the baseline ${outcome.file} were not seen in this run (a resource not checked, a rule disabled or unknown); ` +
      "they are neither failing nor resolved. run.properties.baseline.notSeen lists them.",
  ];
}

export function renderSarif(report: CheckReport): string {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  // Every finding that is not a pass, and the resolved baseline entries as `absent` results (SARIF §3.27.24:
  // "detected in the baseline run but not in the current run"), so a result management system can close them.
  const results = report.resources.flatMap((resource) =>
    resource.results
      .filter((r) => r.status !== "pass" || r.baseline?.state === "absent")
      .map((r) => sarifResult(resource, r, ruleIndex.get(r.ruleId) ?? -1, report)),
  );
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: PROJECT_URL,
            rules: report.rules.map(sarifRule),
          },
        },
        automationDetails: { id: `azure-redis-guard/${report.input.kind}/` },
        invocations: [
          {
            executionSuccessful: true,
            exitCode: report.exitCode,
            toolExecutionNotifications: [...report.notes, ...baselineNotes(report)].map((note) => ({ level: "note", message: { text: note } })),
          },
        ],
        results,
        properties: {
          inputKind: report.input.kind,
          offline: true,
          stacks: report.input.stacks.map((s) => s.name),
          summary: report.summary,
          failOn: report.failOn,
          // Entries this run did not judge are not `absent` results: the run cannot tell they were fixed.
          ...(report.baseline ? { baseline: report.baseline } : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
