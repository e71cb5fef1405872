import { buildResourceView, evaluateRule, ruleApplies, type Finding, type ResourceBinding, type ValueDialect } from "../policies";
import { countingLevel, type CheckConfig } from "./config/pack-config";
import type { ReportResult } from "./report/model";

/** Turns the core's finding into a report result, with the level the config puts the rule at. */
export function resultOfFinding(finding: Finding, level: ReturnType<typeof countingLevel>): ReportResult {
  const { verdict, exemption, rule } = finding;
  const status = verdict.status === "pass" ? "pass" : !finding.reportable ? "exempted" : verdict.status;
  return {
    ruleId: rule.id,
    status,
    // The rule's own level, whatever the status: an unknown on a mandatory rule is a mandatory rule that could
    // not be verified (status `unknown`), not a rule downgraded to advisory. Only a `fail` counts towards exit 1.
    enforcementLevel: level,
    severity: rule.severity,
    message: finding.message,
    properties: verdict.properties,
    ...(exemption ? { exemption: { ...exemption.exemption, expired: exemption.state === "expired" } } : {}),
  };
}

/** One resource as a reader hands it over: its binding, raw property bag and the names it is known by. */
export interface ResourceToJudge {
  readonly binding: ResourceBinding;
  /** How messages name it. */
  readonly displayName: string;
  /** The raw values, with what the reader knows is unknown already laid over them (applyUnknownMask). */
  readonly properties: unknown;
  readonly dialect: ValueDialect;
  /** Names exemption globs match: URN and name, address, construct path. */
  readonly identifiers: readonly string[];
}

/**
 * Every enabled rule that applies to the resource (its kind, and a setting its binding can express), judged by the core. Empty when none applies
 * (the resource is then not applicable, and not in the report).
 */
export function judgeResource(resource: ResourceToJudge, config: CheckConfig, now: number): ReportResult[] {
  const { binding } = resource;
  const applicable = config.rules.filter((settings) => settings.enforcementLevel !== "disabled" && ruleApplies(settings.rule, binding));
  if (applicable.length === 0) return [];
  const view = buildResourceView(binding, resource.displayName, resource.properties, resource.dialect);
  return applicable.map((settings) =>
    resultOfFinding(evaluateRule(settings.rule, view, settings.config, { identifiers: resource.identifiers, now }), countingLevel(settings.enforcementLevel)),
  );
}
