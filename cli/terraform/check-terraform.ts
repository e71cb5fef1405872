import { allRules } from "../../policies";
import { readRecordedConstructExemptions } from "../../policies/internal";
import { findTerraformBinding } from "../../policies/terraform";
import type { CheckConfig } from "../config/pack-config";
import { judgeResource } from "../judge";
import type { ReportResource } from "../report/model";
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
    for (const source of stack.sources) {
      const block = source.document["resource"];
      if (!isRecord(block)) continue;
      for (const [type, byName] of Object.entries(block)) {
        if (!isRecord(byName)) continue;
        for (const [name, body] of Object.entries(byName)) {
          resourcesSeen++;
          const binding = findTerraformBinding(type);
          if (!binding) continue;
          const address = `${type}.${name}`;
          const constructPath = constructPathOf(body);
          const identifiers = [...(constructPath ? [constructPath] : []), address, `${stack.name}/${address}`];
          // Besides its tags (read for every reader), RedisPolicyAspect.exempt() records CDKTF wrote into the "//" block.
          const recordedExemptions = () => readRecordedConstructExemptions(isRecord(body) ? body["//"] : undefined, allRules);
          const results = judgeResource({ binding, displayName: constructPath ?? address, properties: body, dialect: "terraform", identifiers, recordedExemptions }, config, now);
          if (results.length === 0) continue;
          const line = lineOf(source.text, JSON.stringify(type), JSON.stringify(name));
          resources.push({
            // The address a plan of this configuration gives the resource (a configuration has no module path or index).
            identity: address,
            name: address,
            type,
            stack: stack.name,
            ...(constructPath ? { constructPath } : {}),
            location: { file: displayPath(source.file), ...(line ? { line } : {}) },
            results,
          });
        }
      }
    }
  }
  return { resources, resourcesSeen };
}
