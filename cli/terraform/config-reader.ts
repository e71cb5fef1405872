import * as path from "node:path";
import { allRules } from "../../policies";
import { readRecordedConstructExemptions } from "../../policies/internal";
import { isPlainRecord } from "../../policies/core/values";
import { findTerraformBinding } from "../../policies/terraform";
import { NOT_GUARDED, type InputDescription, type ReadItem } from "../input/reader";
import { displayPath } from "../report/source-lines";
import type { TerraformConfiguration } from "./synth-output";
import { resolveConfiguration, scanTerraformJson, type TerraformBlock } from "./tf-json-syntax";

/** CDKTF writes the construct path of every resource to `"//": { "metadata": { "path": ... } }`. */
function constructPathOf(body: unknown): string | undefined {
  const meta = isPlainRecord(body) && isPlainRecord(body["//"]) ? body["//"]["metadata"] : undefined;
  return isPlainRecord(meta) && typeof meta["path"] === "string" ? meta["path"] : undefined;
}

/**
 * `check <cdktf.out | cdk.tf.json | *.tf.json>`: every `resource` block of every configuration, as Terraform
 * reads the JSON syntax (tf-json-syntax.ts: arrays at every level, repeated keys, comments, override files),
 * through the same Terraform bindings as the CDKTF aspect (dialect "terraform": `${...}` strings are unknown).
 * Messages name a resource by its construct path when CDKTF recorded one, else by its address;
 * exemptions match the construct path, the address `type.name` and `<stack>/type.name`; exemption tags
 * and the `RedisPolicyAspect.exempt()` records of the `"//"` block are honoured as the aspect honours them.
 */
export function* readTerraformConfigurations(read: () => readonly TerraformConfiguration[]): Generator<ReadItem, InputDescription, void> {
  const configurations = read();
  const notes: string[] = [];
  for (const configuration of configurations) {
    const resolved = resolveConfiguration(configuration.sources.map((source) => scanTerraformJson(source.file, Buffer.from(source.text, "utf8"))));
    for (const block of resolved.blocks) yield readBlock(configuration.name, block);
    notes.push(...(configuration.notes ?? []), ...resolved.notes);
  }
  return {
    kind: "terraform-json",
    // A configuration of several *.tf.json files is named by its directory.
    stacks: configurations.map((c) => ({ name: c.name, file: displayPath(c.sources.length === 1 ? c.sources[0]!.file : path.dirname(c.sources[0]!.file)) })),
    notes: [
      "Offline check of synthesized Terraform JSON: nothing was planned or applied. Values written as Terraform expressions " +
        "(`${...}`, such as references to variables or other resources) are only known at plan time and are reported as unknown.",
      ...notes,
    ],
  };
}

/** One `resource` block (judged when a binding covers its type) or `data` block; the HCL reader adds module path and values. */
export function readBlock(stack: string, block: TerraformBlock, resolved?: { readonly modulePath: string; readonly values: unknown }): ReadItem {
  const { type, name, body } = block;
  const binding = findTerraformBinding(type);
  if (!binding) return NOT_GUARDED;
  const modulePath = resolved?.modulePath ?? "";
  if (block.mode === "data") return { kind: "skipped", reason: "data sources (only managed resources are checked)", name: `${modulePath}data.${type}.${name}` };
  const address = `${modulePath}${type}.${name}`;
  const constructPath = constructPathOf(body);
  return {
    kind: "resource",
    // The address a plan of this configuration gives the resource (without an instance index).
    identity: address,
    name: address,
    // Named in messages by its construct path when CDKTF recorded one.
    ...(constructPath !== undefined ? { displayName: constructPath } : {}),
    ...(constructPath ? { constructPath } : {}),
    type,
    stack,
    identifiers: [...(constructPath ? [constructPath] : []), address, `${stack}/${address}`],
    binding,
    values: resolved ? resolved.values : body,
    dialect: "terraform",
    // Besides its tags (read for every reader), RedisPolicyAspect.exempt() records CDKTF wrote into the "//" block.
    recordedExemptions: () => readRecordedConstructExemptions(body["//"], allRules),
    location: { file: displayPath(block.file), line: block.line },
  };
}
