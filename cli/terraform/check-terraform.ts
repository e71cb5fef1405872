import {
  allRules,
  buildResourceView,
  evaluateRule,
  mergeInCodeExemptions,
  readRecordedConstructExemptions,
  readResourceExemptionTags,
  type Finding,
  type InCodeExemptions,
} from "../../policies";
import { findTerraformBinding, type TerraformBinding } from "../../policies/terraform";
import { countingLevel, type CheckConfig } from "../config/pack-config";
import { reportExemption, reportIgnoredExemptions } from "../report/exemption";
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

/**
 * The exemptions written next to a resource of synthesized Terraform JSON: its `tags` (through the
 * binding, like every reader) and the `RedisPolicyAspect.exempt()` records CDKTF wrote into its `"//"` block.
 */
function inCodeExemptionsOf(binding: TerraformBinding, body: unknown): InCodeExemptions {
  return mergeInCodeExemptions(
    readResourceExemptionTags(binding, body, "terraform", allRules),
    readRecordedConstructExemptions(isRecord(body) ? body["//"] : undefined, allRules),
  );
}

/**
 * Evaluates every `resource.<type>.<name>` of every stack with the rule core, through the same
 * Terraform bindings as the CDKTF aspect (dialect "terraform": `${...}` strings are unknown).
 * Messages name a resource by its construct path when CDKTF recorded one, else by its address;
 * exemptions match the construct path, the address `type.name` and `<stack>/type.name`; exemption tags
 * and the `RedisPolicyAspect.exempt()` records of the `"//"` block are honoured as the aspect honours them.
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
        let inCode: InCodeExemptions | undefined;
        const inCodeExemptions = () => (inCode ??= inCodeExemptionsOf(binding, body));
        const results = config.rules
          .filter((settings) => settings.enforcementLevel !== "disabled" && settings.rule.resourceKinds.includes(binding.kind))
          .map((settings) =>
            resultOfFinding(
              evaluateRule(settings.rule, view, settings.config, { identifiers, now, inCodeExemptions }),
              countingLevel(settings.enforcementLevel),
            ),
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
