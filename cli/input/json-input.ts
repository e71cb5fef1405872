import * as fs from "node:fs";
import { CheckError } from "../check-error";
import { JsonDocument, JsonScanError, type JsonMember } from "./json-scan";

/** The JSON inputs `check` reads, told apart by what they hold, never by their file name. */
export type JsonInputKind = "terraform-plan" | "terraform-state" | "terraform-tfstate" | "pulumi-state" | "terraform-json" | "cdktf-manifest";

export interface JsonInput {
  readonly kind: JsonInputKind;
  readonly file: string;
  readonly document: JsonDocument;
  /** The top-level members. */
  readonly root: ReadonlyMap<string, JsonMember>;
}

/** What `check` reads, for the one line that says a file is none of it. */
export const EXPECTED_INPUTS =
  "expected a Terraform/OpenTofu plan (terraform show -json tfplan), a Terraform/OpenTofu state (terraform show -json), " +
  "a Pulumi state (pulumi stack export) or a Terraform JSON configuration (cdk.tf.json, *.tf.json)";

/** Top-level keys only a plan has (`terraform show -json <planfile>`); a state has `values` at most. */
const PLAN_KEYS = ["resource_changes", "planned_values", "prior_state", "configuration", "output_changes", "resource_drift", "relevant_attributes", "applyable", "complete", "errored", "variables", "checks"];
/** The blocks of a Terraform JSON configuration (and CDKTF's `//` metadata). */
const CONFIG_KEYS = new Set(["resource", "data", "provider", "terraform", "variable", "output", "locals", "module", "moved", "import", "removed", "check", "//"]);

/**
 * Reads a file's bytes for the JSON readers. A byte order mark is dropped; UTF-16 (what Windows
 * PowerShell's `>` writes) is converted, so `terraform show -json tfplan > plan.json` works there too.
 */
export function readJsonBytes(file: string): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new CheckError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return Buffer.from(bytes.subarray(2).toString("utf16le"), "utf8");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return Buffer.from(swapped.toString("utf16le"), "utf8");
  }
  return bytes;
}

/** Reads and classifies a JSON file; throws a one-line {@link CheckError} for anything else. */
export function readJsonInput(file: string): JsonInput {
  const bytes = readJsonBytes(file);
  // hashicorp/setup-terraform's wrapper writes its own "[command]..." line into what `terraform show` prints.
  if (Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 9)).toString("latin1") === "[command]") {
    throw new CheckError(
      `${file} starts with "[command]": the terraform wrapper of hashicorp/setup-terraform wrote into it. Set \`terraform_wrapper: false\` on that step and write it again; ${EXPECTED_INPUTS}.`,
    );
  }
  const document = new JsonDocument(bytes);
  let root: Map<string, JsonMember> | undefined;
  try {
    root = document.rootObject();
  } catch (error) {
    if (error instanceof JsonScanError) throw notJsonError(file, document, error);
    throw error;
  }
  if (!root) throw new CheckError(`${file} is JSON but not an object: ${EXPECTED_INPUTS}.`);
  const kind = classify(root);
  if (!kind) throw new CheckError(`${file} is a JSON object that is none of the inputs check reads (${describeKeys(root)}): ${EXPECTED_INPUTS}.`);
  return { kind, file, document, root };
}

/** Where a file stops being JSON and what was expected there, never the text itself (it may hold a secret). */
export function notJsonError(file: string, document: JsonDocument, error: JsonScanError): CheckError {
  const { line, column } = document.lineAndColumn(error.offset);
  const truncated = error.problem.startsWith("the file ends") ? " (a truncated file?)" : "";
  return new CheckError(`${file} is not valid JSON: ${error.problem} at line ${line}, column ${column} (byte ${error.offset})${truncated}; ${EXPECTED_INPUTS}.`);
}

function classify(root: ReadonlyMap<string, JsonMember>): JsonInputKind | undefined {
  if (root.has("format_version")) return PLAN_KEYS.some((key) => root.has(key)) ? "terraform-plan" : "terraform-state";
  if (root.has("deployment") || root.has("checkpoint")) return "pulumi-state";
  // A state file as a backend stores it (`terraform state pull`): version 4 with lineage and serial; versions 1 to 3
  // (Terraform before 0.12) have `modules` and may lack a lineage. The state reader names the version.
  if (root.has("version") && (root.has("lineage") || root.has("modules") || (root.has("serial") && !root.has("stacks")))) return "terraform-tfstate";
  if (root.has("stacks") && root.has("version")) return "cdktf-manifest";
  if (root.size > 0 && [...root.keys()].every((key) => CONFIG_KEYS.has(key))) return "terraform-json";
  return undefined;
}

/** What the top level holds, by count: the keys are the input's text, which an error never quotes. */
function describeKeys(root: ReadonlyMap<string, JsonMember>): string {
  if (root.size === 0) return "it is empty";
  return `${root.size} top-level key(s), none of them what a plan, a state, a Pulumi export or a Terraform configuration starts with`;
}

/**
 * A `format_version` ("1.2") the readers understand: major 1 (Terraform 1.x, OpenTofu) or 0 (Terraform
 * 0.12 to 0.15, the same shape), any minor. Terraform's rule for readers: reject an unsupported major,
 * ignore unknown properties of a later minor (developer.hashicorp.com/terraform/internals/json-format).
 */
export function checkFormatVersion(file: string, raw: unknown, what: string, command: string): string {
  if (typeof raw !== "string" || !/^\d+\.\d+$/.test(raw)) {
    throw new CheckError(`${file} has no readable format_version (${describeScalar(raw)}): expected ${what} in JSON format 1.x, as \`${command}\` writes it.`);
  }
  const major = Number(raw.split(".")[0]);
  if (major > 1) {
    throw new CheckError(`${file} is ${what} in JSON format ${raw}, which this version of azure-redis-guard does not read: expected format 1.x (\`${command}\`); upgrade azure-redis-guard.`);
  }
  return raw;
}

/** A scalar's type for a message, never its content. */
export function describeScalar(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (typeof value === "string") return "a string that is not a version";
  return `a ${typeof value}`;
}

/** A field's JSON type for a message (a `mode`, a deposed key), never its content. */
export function describeField(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (typeof value === "string") return value === "" ? "an empty string" : "a string it does not know";
  return `a ${typeof value}`;
}
