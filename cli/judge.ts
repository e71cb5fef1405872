import {
  allRules,
  buildResourceView,
  evaluateRule,
  inCodeExemptionsReader,
  ruleApplies,
  type Finding,
  type InCodeExemptions,
  type ProviderContext,
  type ResourceBinding,
  type ValueDialect,
} from "../policies";
import { countingLevel, type CheckConfig } from "./config/pack-config";
import { reportExemption, reportIgnoredExemptions } from "./report/exemption";
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
    ...(exemption ? { exemption: reportExemption(exemption) } : {}),
    ...reportIgnoredExemptions(finding.ignoredExemptions),
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
  /**
   * In-code exemptions the reader found outside the resource's tags (the `RedisPolicyAspect.exempt()` records
   * CDKTF writes into a synthesized resource's `"//"` block). The tags themselves are read here, for every reader.
   */
  readonly recordedExemptions?: () => InCodeExemptions;
  /** The provider release(s) the input shows, so fixes name only arguments they have. */
  readonly provider?: ProviderContext;
}

/**
 * Every enabled rule that applies to the resource (its kind, and a setting its binding can express), judged by
 * the core, with the configuration's exemptions and those written next to the resource (its exemption tags, read
 * through the binding's `tagsProperty`, only when some rule does not pass). Empty when no rule applies (the
 * resource is then not applicable, and not in the report).
 */
export function judgeResource(resource: ResourceToJudge, config: CheckConfig, now: number): ReportResult[] {
  const { binding } = resource;
  const applicable = config.rules.filter((settings) => settings.enforcementLevel !== "disabled" && ruleApplies(settings.rule, binding));
  if (applicable.length === 0) return [];
  const built = buildResourceView(binding, resource.displayName, resource.properties, resource.dialect);
  const view = resource.provider ? { ...built, provider: resource.provider } : built;
  const inCodeExemptions = inCodeExemptionsReader(binding, resource.properties, resource.dialect, allRules, resource.recordedExemptions);
  return applicable.map((settings) =>
    resultOfFinding(
      evaluateRule(settings.rule, view, settings.config, { identifiers: resource.identifiers, now, inCodeExemptions }),
      countingLevel(settings.enforcementLevel),
    ),
  );
}
