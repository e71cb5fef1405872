import * as fs from "node:fs";
import * as yaml from "js-yaml";
import { CheckError } from "../check-error";
import { displayPath } from "../report/source-lines";

/** A Pulumi project or program file larger than this is not read: no hand-written program comes near it. */
export const MAX_YAML_BYTES = 8 * 1024 * 1024;

/**
 * How many values a document may hold once its aliases are counted as often as they are used. js-yaml hands an
 * alias back as a reference to the anchored value, so parsing a "billion laughs" document is cheap; every walk
 * over the result (reading config, evaluating properties, JSON) would expand it. {@link copyWithinBudget} walks it
 * once, counting each use, and refuses past this many: a real program holds a few thousand.
 */
export const MAX_YAML_VALUES = 200_000;

/** js-yaml's own nesting bound (its default, stated so the check does not depend on it). */
const MAX_YAML_DEPTH = 100;

/**
 * YAML 1.2's core schema (null, booleans, numbers, strings) with merge keys: js-yaml's default schema would also
 * turn `2026-12-31` into a Date and `!!binary` into bytes, where Pulumi (Go's yaml.v3; pulumi-yaml's
 * syntax/encoding/yaml.go keeps any other scalar as its text) reads a string. Like the default one, it builds data
 * only, never code.
 */
// js-yaml 4 exports its types as `types`; @types/js-yaml does not declare it.
const PULUMI_YAML_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [(yaml as unknown as { types: { merge: yaml.Type } }).types.merge] });

/**
 * The reason js-yaml gives, without the document's text: some reasons quote a tag, a tag handle or an alias
 * name from the input, and an error message never repeats what the user's file holds.
 */
function reasonWithoutText(reason: string): string {
  return reason
    .replace(/"[^"]*"/g, '"…"')
    .replace(/!<[^>]*>/g, "!<…>")
    .replace(/(malformed|characters): .*$/, "$1");
}

/** A copy of `value` as plain data, each alias use copied anew; throws when it would exceed the budget. */
function copyWithinBudget(value: unknown, file: string): unknown {
  let remaining = MAX_YAML_VALUES;
  const copy = (node: unknown): unknown => {
    if (--remaining < 0) {
      throw new CheckError(
        `${displayPath(file)} holds more than ${MAX_YAML_VALUES} values once its YAML aliases are expanded (an alias expansion bomb?): not read.`,
      );
    }
    if (Array.isArray(node)) return node.map(copy);
    if (node !== null && typeof node === "object") {
      const record: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node as Record<string, unknown>)) {
        // Defined, not assigned: a key named `__proto__` stays a key.
        Object.defineProperty(record, key, { value: copy(item), enumerable: true, writable: true, configurable: true });
      }
      return record;
    }
    return node;
  };
  return copy(value);
}

/**
 * Reads a YAML file of a Pulumi project safely: bounded in size, the core schema ({@link PULUMI_YAML_SCHEMA}), bounded nesting,
 * aliases counted. A syntax error is a {@link CheckError} (exit 2) with the file, line and column and js-yaml's
 * reason, never the text around it (js-yaml's message carries a snippet of the file; it is not used).
 */
export function loadYamlFile(file: string): { readonly value: unknown; readonly text: string } {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_YAML_BYTES) throw new CheckError(`${displayPath(file)} is larger than ${MAX_YAML_BYTES / 1024 / 1024} MB: not read.`);
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof CheckError) throw error;
    throw new CheckError(`cannot read ${displayPath(file)}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  let parsed: unknown;
  try {
    parsed = yaml.load(text, { filename: file, schema: PULUMI_YAML_SCHEMA, maxDepth: MAX_YAML_DEPTH } as yaml.LoadOptions);
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      const mark = error.mark as { line?: number; column?: number } | undefined;
      const at = mark && typeof mark.line === "number" ? `:${mark.line + 1}:${(mark.column ?? 0) + 1}` : "";
      throw new CheckError(`cannot read ${displayPath(file)}${at}: not valid YAML (${reasonWithoutText(error.reason || "syntax error")}).`);
    }
    throw new CheckError(`cannot read ${displayPath(file)}: ${(error as Error).message}`);
  }
  return { value: copyWithinBudget(parsed, file), text };
}
