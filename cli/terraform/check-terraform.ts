import { buildResourceView, evaluateRule, ruleApplies, type Finding } from "../../policies";
import { findTerraformBinding } from "../../policies/terraform";
import { countingLevel, type CheckConfig } from "../config/pack-config";
import type { ReportResource, ReportResult } from "../report/model";
import { displayPath, lineOf } from "../report/source-lines";
import type { TerraformStack } from "./synth-output";

export interface TerraformCheck {
  readonly resources: ReportResource[];
  readonly resourcesSeen: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** CDKTF writes the construct path of every resource to `"//": { "metadata": { "path": ... } }`. */
function constructPathOf(body: unknown): string | undefined {
  const meta = isRecord(body) && isRecord(body["//"]) ? body["//"]["metadata"] : undefined;
  return isRecord(meta) && typeof meta["path"] === "string" ? meta["path"] : undefined;
}

/** Turns the core's finding into a report result, with the level the config puts the rule at. */
export function resultOfFinding(finding: Finding, level: ReturnType<typeof countingLevel>): ReportResult {
  const { verdict, exemption, rule } = finding;
  const status = verdict.status === "pass" ? "pass" : !finding.reportable ? "exempted" : verdict.status;
  return {
    ruleId: rule.id,
    status,
    // An unknown value is a warning everywhere: a preview shows it as an advisory, and so does the check.
    enforcementLevel: status === "unknown" ? "advisory" : level,
    severity: rule.severity,
    message: finding.message,
    properties: verdict.properties,
    ...(exemption ? { exemption: { ...exemption.exemption, expired: exemption.state === "expired" } } : {}),
  };
}

/**
 * Evaluates every `resource.<type>.<name>` of every stack with the rule core, through the same
 * Terraform bindings as the CDKTF aspect (dialect "terraform": `${...}` strings are unknown).
 * Messages name a resource by its construct path when CDKTF recorded one, else by its address;
 * exemptions match the construct path, the address `type.name` and `<stack>/type.name`.
 */
export function checkTerraformStacks(stacks: readonly TerraformStack[], config: CheckConfig, now: number = Date.now()): TerraformCheck {
  const resources: ReportResource[] = [];
  let resourcesSeen = 0;
  for (const stack of stacks) {
    const block = stack.document["resource"];
    if (!isRecord(block)) continue;
    for (const [type, byName] of Object.entries(block)) {
      if (!isRecord(byName)) continue;
      for (const [name, body] of Object.entries(byName)) {
        resourcesSeen++;
        const binding = findTerraformBinding(type);
        if (!binding) continue;
        const address = `${type}.${name}`;
        const constructPath = constructPathOf(body);
        const view = buildResourceView(binding, constructPath ?? address, body, "terraform");
        const identifiers = [...(constructPath ? [constructPath] : []), address, `${stack.name}/${address}`];
        const results = config.rules
          .filter((settings) => settings.enforcementLevel !== "disabled" && ruleApplies(settings.rule, binding))
          .map((settings) =>
            resultOfFinding(evaluateRule(settings.rule, view, settings.config, { identifiers, now }), countingLevel(settings.enforcementLevel)),
          );
        if (results.length === 0) continue;
        const line = lineOf(stack.text, JSON.stringify(type), JSON.stringify(name));
        resources.push({
          name: address,
          type,
          stack: stack.name,
          ...(constructPath ? { constructPath } : {}),
          location: { file: displayPath(stack.file), ...(line ? { line } : {}) },
          results,
        });
      }
    }
  }
  return { resources, resourcesSeen };
}
