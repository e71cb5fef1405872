import * as path from "node:path";
import { CheckError } from "../check-error";
import { notJsonError } from "../input/json-input";
import { JsonDocument, JsonScanError } from "../input/json-scan";
import { displayPath } from "../report/source-lines";

/**
 * Terraform JSON configuration (`*.tf.json`, `cdk.tf.json`) read the way Terraform reads it, for the blocks `check`
 * needs: `resource`, `data` and `module`. The rules come from the HCL JSON syntax specification
 * (hashicorp/hcl, json/spec.md, and its reader json/structure.go: `unpackBlock`, `collectDeepAttrs`) and from
 * Terraform's "JSON Configuration Syntax" and "Override Files" pages (hashicorp/terraform,
 * website/docs/language/syntax/json.mdx and website/docs/language/files/override.mdx):
 *
 * - every labelling level (`resource` → type → name) is an object or an array of objects, flattened in order;
 *   at least one label is required ("Missing block label"), a label is an identifier (configs/resource.go:
 *   "Invalid resource type name"), so `"//"` there is not a comment but a label Terraform refuses;
 * - after the labels, an object is one block body, an array of objects is several blocks, `null` is none;
 * - a property may repeat: a repeated `"resource"` key, type key or nested block type is one more block each
 *   (JSON.parse would keep only the last); a repeated argument is Terraform's "Duplicate argument";
 * - `"//"` is a comment at the top level and in a block body (CDKTF keeps its metadata there, which `check`
 *   still reads for construct paths and exemptions);
 * - override files (`override.tf.json`, `*_override.tf.json`) are merged after the others, in lexical order: an
 *   override block's arguments replace the original's, a nested block type replaces all blocks of that type,
 *   `lifecycle` merges argument by argument; an override without an original is an error.
 *
 * Only block bodies are turned into values; the structure around them is walked with the strict scanner
 * (bounded depth, positions for errors), so an error names the file, the JSON path and the line, never the text.
 */

/** One `resource` or `data` block as Terraform sees it, with where it is written. */
export interface TerraformBlock {
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** The block's arguments and nested blocks, `"//"` (CDKTF's metadata) included. */
  readonly body: Record<string, unknown>;
  readonly file: string;
  /** The line of the block body's opening brace, and its byte offset (which tells blocks on one line apart). */
  readonly line: number;
  readonly offset: number;
}

/** A module call: named in the notes as not followed. */
export interface TerraformModuleCall {
  readonly name: string;
  readonly file: string;
  readonly line: number;
}

/** What one `.tf.json` file declares. */
export interface TerraformJsonFile {
  readonly file: string;
  readonly blocks: readonly TerraformBlock[];
  readonly moduleCalls: readonly TerraformModuleCall[];
  /** The top-level `"//"` value (CDKTF writes its stack metadata there); the last one when repeated. */
  readonly comment: unknown;
}

/** What Terraform wants in a label: hclsyntax.ValidIdentifier (a letter or `_`, then letters, digits, `_`, `-`). */
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

/** The label names of the blocks read, for messages: `resource "<type>" "<name>"`. */
const LABELS: Record<"resource" | "data" | "module", readonly string[]> = {
  resource: ["resource type", "resource name"],
  data: ["data source type", "data source name"],
  module: ["module name"],
};

/** A JSON path segment for a message: `.key` for a name-like key, `["…"]` (shortened) for anything else. */
function pathOf(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`;
}

function kindName(document: JsonDocument, offset: number): string {
  const kind = document.kindAt(offset);
  return kind === "true" || kind === "false" ? "a boolean" : kind === "object" ? "an object" : kind === "array" ? "a list" : kind === "null" ? "null" : `a ${kind}`;
}

function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** Sets a property as JSON.parse does (a data property, so `__proto__` is a key like any other). */
function define(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A value that can stand for blocks: an object, or a list of objects. */
function isBlockShaped(value: unknown): boolean {
  const isObject = (item: unknown): boolean => typeof item === "object" && item !== null && !Array.isArray(item);
  return isObject(value) || (Array.isArray(value) && value.every(isObject));
}

class TerraformJsonWalker {
  private readonly line: (offset: number) => number;
  readonly blocks: TerraformBlock[] = [];
  readonly moduleCalls: TerraformModuleCall[] = [];
  comment: unknown;

  constructor(
    private readonly file: string,
    private readonly document: JsonDocument,
  ) {
    this.line = document.lineCounter();
  }

  /** Exit 2: what Terraform would refuse, where, and what it expects there; never the value itself. */
  refuse(jsonPath: string, offset: number, problem: string, expected: string): never {
    const { line, column } = this.document.lineAndColumn(offset);
    throw new CheckError(
      `${displayPath(this.file)} is Terraform JSON configuration that Terraform would refuse: ${jsonPath} (line ${line}, column ${column}) ${problem}; ` +
        `expected ${expected} (HCL JSON syntax).`,
    );
  }

  walkRoot(start: number): void {
    for (const member of this.document.members(start)) {
      if (member.key === "//") this.comment = this.document.parse(member.start, member.end);
      else if (member.key === "resource" || member.key === "data" || member.key === "module") this.walkBlockType(member.key, member.start);
    }
  }

  /** Every block of one top-level block type: the labelling levels, then the bodies. */
  private walkBlockType(blockType: "resource" | "data" | "module", start: number): void {
    const [first, second] = LABELS[blockType];
    for (const outer of this.labels(blockType, start, first!)) {
      if (blockType === "module") {
        for (const body of this.bodies(outer.path, outer.start, "module")) this.moduleCalls.push({ name: outer.key, file: this.file, line: this.line(body) });
        continue;
      }
      for (const inner of this.labels(outer.path, outer.start, second!)) {
        for (const body of this.bodies(inner.path, inner.start, `${blockType} "${outer.key}"`)) {
          const line = this.line(body);
          this.blocks.push({ mode: blockType === "data" ? "data" : "managed", type: outer.key, name: inner.key, body: this.object(body, inner.path), file: this.file, line, offset: body });
        }
      }
    }
  }

  /** One labelling level: an object or an array of objects, flattened in order, each property a label. */
  private *labels(parent: string, start: number, labelName: string): Generator<{ key: string; start: number; path: string }> {
    const kind = this.document.kindAt(start);
    const expected = `an object, or a list of objects, whose property names are the ${labelName}s`;
    let count = 0;
    const objects: { start: number; path: string }[] = [];
    if (kind === "object") objects.push({ start, path: parent });
    else if (kind === "array") {
      let index = 0;
      for (const element of this.document.elements(start)) {
        const elementPath = pathOf(parent, index++);
        if (this.document.kindAt(element.start) !== "object") this.refuse(elementPath, element.start, `is ${kindName(this.document, element.start)}`, `an object whose property names are the ${labelName}s`);
        objects.push({ start: element.start, path: elementPath });
      }
    } else this.refuse(parent, start, `is ${kindName(this.document, start)}`, expected);
    for (const object of objects) {
      for (const member of this.document.members(object.start)) {
        if (!IDENTIFIER.test(member.key)) {
          const problem =
            member.key === "//"
              ? `holds "//", which is a comment only at the top level and inside a block body: here Terraform reads it as a ${labelName} and refuses it`
              : `holds a property name that is not a valid ${labelName}`;
          this.refuse(object.path, member.start, problem, `${labelName}s that start with a letter or "_" and hold only letters, digits, "_" and "-"`);
        }
        count++;
        yield { key: member.key, start: member.start, path: pathOf(object.path, member.key) };
      }
    }
    // Terraform's "Missing block label": an empty level declares nothing and is an error, not "no resources".
    if (count === 0) this.refuse(parent, start, `holds no ${labelName}`, expected);
  }

  /** After the labels: one body (an object), several (a list of objects), or none (`null`); their offsets. */
  private *bodies(parent: string, start: number, what: string): Generator<number> {
    const kind = this.document.kindAt(start);
    if (kind === "object") yield start;
    else if (kind === "array") {
      let index = 0;
      for (const element of this.document.elements(start)) {
        if (this.document.kindAt(element.start) !== "object") {
          this.refuse(pathOf(parent, index), element.start, `is ${kindName(this.document, element.start)}`, `an object: the arguments of a ${what} block`);
        }
        index++;
        yield element.start;
      }
    } else if (kind !== "null") {
      this.refuse(parent, start, `is ${kindName(this.document, start)}`, `an object (one ${what} block) or a list of objects (several)`);
    }
  }

  /**
   * A body or a value in it, with every repeated property kept: a repeated nested block type is more blocks of
   * that type (their lists joined in order), a repeated argument is Terraform's "Duplicate argument".
   */
  private object(start: number, jsonPath: string): Record<string, unknown> {
    const record: Record<string, unknown> = {};
    for (const member of this.document.members(start)) {
      const memberPath = pathOf(jsonPath, member.key);
      const value = this.value(member.start, member.end, memberPath);
      if (member.key !== "//" && hasOwn(record, member.key)) {
        const earlier = record[member.key];
        if (!isBlockShaped(earlier) || !isBlockShaped(value)) {
          this.refuse(memberPath, member.start, "is set twice", "each argument once (Terraform: \"Duplicate argument\"); only a nested block type may repeat");
        }
        define(record, member.key, [...(Array.isArray(earlier) ? earlier : [earlier]), ...(Array.isArray(value) ? value : [value])]);
      } else define(record, member.key, value);
    }
    return record;
  }

  private value(start: number, end: number, jsonPath: string): unknown {
    const kind = this.document.kindAt(start);
    if (kind === "object") return this.object(start, jsonPath);
    if (kind === "array") {
      const list: unknown[] = [];
      let index = 0;
      for (const element of this.document.elements(start)) list.push(this.value(element.start, element.end, pathOf(jsonPath, index++)));
      return list;
    }
    return this.document.parse(start, end);
  }
}

/** Reads one Terraform JSON file; a CheckError (exit 2) for anything that is not JSON or that Terraform would refuse. */
export function scanTerraformJson(file: string, bytes: Uint8Array): TerraformJsonFile {
  const document = new JsonDocument(bytes);
  const walker = new TerraformJsonWalker(file, document);
  try {
    // Proves the whole file is JSON (nesting bounded, nothing after it) before anything is read from it.
    if (!document.rootObject()) throw new CheckError(`${displayPath(file)} is JSON but not a Terraform JSON configuration (expected a JSON object with a "resource" block).`);
    let start = 0;
    while (start < bytes.length && bytes[start] !== 0x7b) start++;
    walker.walkRoot(start);
  } catch (error) {
    if (error instanceof JsonScanError) throw notJsonError(displayPath(file), document, error);
    throw error;
  }
  return { file, blocks: walker.blocks, moduleCalls: walker.moduleCalls, comment: walker.comment };
}

/** Terraform's override files: `override.tf.json` and `*_override.tf.json`, and in HCL `override.tf` and `*_override.tf`. */
export function isOverrideFile(file: string): boolean {
  const base = path.basename(file);
  return base === "override.tf.json" || base.endsWith("_override.tf.json") || base === "override.tf" || base.endsWith("_override.tf");
}

/** One configuration's blocks after Terraform's merge, and what the report should say about how they were read. */
export interface ResolvedConfiguration {
  readonly blocks: readonly TerraformBlock[];
  readonly notes: readonly string[];
}

function blockAddress(block: TerraformBlock): string {
  return `${block.mode === "data" ? "data." : ""}${block.type}.${block.name}`;
}

/** An override body merged into the original as Terraform merges it (website/docs/language/files/override.mdx). */
function mergeOverride(original: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(original)) define(merged, key, value);
  for (const [key, value] of Object.entries(override)) {
    // A comment overrides nothing: the original's "//" (CDKTF's metadata and exemption records) stays.
    if (key === "//") continue;
    const earlier = merged[key];
    const single = (item: unknown): Record<string, unknown> | undefined =>
      typeof item === "object" && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : Array.isArray(item) && item.length === 1 ? single(item[0]) : undefined;
    const earlierLifecycle = key === "lifecycle" && hasOwn(merged, key) ? single(earlier) : undefined;
    const overrideLifecycle = key === "lifecycle" ? single(value) : undefined;
    // `lifecycle` merges argument by argument; any other argument or nested block type is replaced as a whole.
    if (earlierLifecycle && overrideLifecycle) define(merged, key, mergeOverride(earlierLifecycle, overrideLifecycle));
    else define(merged, key, value);
  }
  return merged;
}

/**
 * The blocks of one configuration (one file, or a directory's files in lexical order) as Terraform loads them:
 * a second block with the same address is Terraform's "Duplicate resource configuration" (exit 2, both places
 * named), override files are merged last. A lone file is read as it is, even when named like an override file.
 */
export function resolveConfiguration(files: readonly TerraformJsonFile[]): ResolvedConfiguration {
  const overrides = files.length > 1 ? files.filter((f) => isOverrideFile(f.file)).sort((a, b) => (path.basename(a.file) < path.basename(b.file) ? -1 : 1)) : [];
  const primaries = files.filter((f) => !overrides.includes(f));
  const blocks: TerraformBlock[] = [];
  const byAddress = new Map<string, number>();
  for (const block of primaries.flatMap((f) => f.blocks)) {
    const address = blockAddress(block);
    const earlier = byAddress.get(address);
    if (earlier !== undefined) {
      const first = blocks[earlier]!;
      // A JSON block's byte offset tells blocks on one line apart; an HCL block (hcl-syntax.ts) has only its line.
      const where = (b: TerraformBlock): string => `${displayPath(b.file)} line ${b.line}${b.file.endsWith(".json") ? `, byte ${b.offset}` : ""}`;
      throw new CheckError(
        `${displayPath(block.file)} is Terraform ${block.file.endsWith(".json") ? "JSON " : ""}configuration that Terraform would refuse: ${address} is declared twice ` +
          `(${where(first)} and ${where(block)}; Terraform: "Duplicate resource configuration"). ` +
          `Give each block its own name; to change a block from another file, use an override file.`,
      );
    }
    byAddress.set(address, blocks.length);
    blocks.push(block);
  }
  for (const override of overrides.flatMap((f) => f.blocks)) {
    const index = byAddress.get(blockAddress(override));
    if (index === undefined) {
      throw new CheckError(
        `${displayPath(override.file)} overrides ${blockAddress(override)} (line ${override.line}), which no other file of the configuration declares: ` +
          `Terraform refuses an override without an original ("Missing resource to override").`,
      );
    }
    blocks[index] = { ...blocks[index]!, body: mergeOverride(blocks[index]!.body, override.body) };
  }
  const notes: string[] = [];
  if (overrides.length > 0) {
    notes.push(
      `Override files merged as Terraform merges them (after the other files, in lexical order; their arguments and nested blocks replace the original's): ` +
        `${overrides.map((f) => displayPath(f.file)).join(", ")}. Each resource keeps the location of its original block.`,
    );
  }
  if (files.length === 1 && isOverrideFile(files[0]!.file)) {
    notes.push(`${displayPath(files[0]!.file)} is named as an override file: Terraform merges it into the other files of its directory. Check the directory to see the merged configuration.`);
  }
  const moduleCalls = files.flatMap((f) => f.moduleCalls);
  if (moduleCalls.length > 0) {
    const names = [...new Set(moduleCalls.map((call) => `${call.name} (${displayPath(call.file)} line ${call.line})`))];
    notes.push(
      `Module calls not followed: ${names.join(", ")}. check reads only the resources this configuration declares itself; ` +
        "to check what a module declares, check a plan (terraform plan -out tfplan && terraform show -json tfplan > plan.json), which covers every module.",
    );
  }
  return { blocks, notes };
}
