import * as path from "node:path";
import { allRules } from "../../policies";
import { readRecordedConstructExemptions } from "../../policies/internal";
import { isPlainRecord } from "../../policies/core/values";
import { findTerraformBinding } from "../../policies/terraform";
import { NOT_GUARDED, type InputDescription, type ReadItem } from "../input/reader";
import { displayPath, lineOf } from "../report/source-lines";
import type { TerraformConfiguration, TerraformSource } from "./synth-output";

/** CDKTF writes the construct path of every resource to `"//": { "metadata": { "path": ... } }`. */
function constructPathOf(body: unknown): string | undefined {
  const meta = isPlainRecord(body) && isPlainRecord(body["//"]) ? body["//"]["metadata"] : undefined;
  return isPlainRecord(meta) && typeof meta["path"] === "string" ? meta["path"] : undefined;
}

/**
 * `check <cdktf.out | cdk.tf.json | *.tf.json>`: every `resource.<type>.<name>` of every configuration, read
 * through the same Terraform bindings as the CDKTF aspect (dialect "terraform": `${...}` strings are unknown).
 * Messages name a resource by its construct path when CDKTF recorded one, else by its address;
 * exemptions match the construct path, the address `type.name` and `<stack>/type.name`; exemption tags
 * and the `RedisPolicyAspect.exempt()` records of the `"//"` block are honoured as the aspect honours them.
 */
export function* readTerraformConfigurations(read: () => readonly TerraformConfiguration[]): Generator<ReadItem, InputDescription, void> {
  const configurations = read();
  for (const configuration of configurations) {
    for (const source of configuration.sources) {
      const block = source.document["resource"];
      if (!isPlainRecord(block)) continue;
      for (const [type, byName] of Object.entries(block)) {
        if (!isPlainRecord(byName)) continue;
        for (const [name, body] of Object.entries(byName)) yield readResourceBlock(configuration.name, source, type, name, body);
      }
    }
  }
  return {
    kind: "terraform-json",
    // A configuration of several *.tf.json files is named by its directory.
    stacks: configurations.map((c) => ({ name: c.name, file: displayPath(c.sources.length === 1 ? c.sources[0]!.file : path.dirname(c.sources[0]!.file)) })),
    notes: [
      "Offline check of synthesized Terraform JSON: nothing was planned or applied. Values written as Terraform expressions " +
        "(`${...}`, such as references to variables or other resources) are only known at plan time and are reported as unknown.",
    ],
  };
}

/** One `resource.<type>.<name>` block of a configuration's file. */
function readResourceBlock(stack: string, source: TerraformSource, type: string, name: string, body: unknown): ReadItem {
  const binding = findTerraformBinding(type);
  if (!binding) return NOT_GUARDED;
  const address = `${type}.${name}`;
  const constructPath = constructPathOf(body);
  const line = lineOf(source.text, JSON.stringify(type), JSON.stringify(name));
  return {
    kind: "resource",
    // The address a plan of this configuration gives the resource (a configuration has no module path or index).
    identity: address,
    name: address,
    // Named in messages by its construct path when CDKTF recorded one.
    ...(constructPath !== undefined ? { displayName: constructPath } : {}),
    ...(constructPath ? { constructPath } : {}),
    type,
    stack,
    identifiers: [...(constructPath ? [constructPath] : []), address, `${stack}/${address}`],
    binding,
    values: body,
    dialect: "terraform",
    // Besides its tags (read for every reader), RedisPolicyAspect.exempt() records CDKTF wrote into the "//" block.
    recordedExemptions: () => readRecordedConstructExemptions(isPlainRecord(body) ? body["//"] : undefined, allRules),
    location: { file: displayPath(source.file), ...(line ? { line } : {}) },
  };
}
