import * as fs from "node:fs";
import { isPlainRecord } from "../../policies/core/values";
import { CheckError } from "../check-error";
import type { BaselineEntryRef, BaselineFindingStatus } from "../report/model";

/**
 * The baseline file: the findings a team accepted when it switched the guard on, as a small, sorted JSON
 * list that is reviewed like code. Described by docs/baseline.schema.json; keep the two in step and bump
 * {@link BASELINE_VERSION} on any change an older reader would misread.
 *
 * ```json
 * {
 *   "kind": "azure-redis-guard-baseline",
 *   "version": 1,
 *   "findings": [
 *     { "resource": "azurerm_redis_cache.legacy", "ruleId": "Azure.Redis.NonSslPort", "status": "fail" }
 *   ]
 * }
 * ```
 *
 * A finding is a rule id and the resource's identity (the Pulumi URN, or the full Terraform address, which a
 * plan and a state of the same resource share; CDKTF synthesized JSON adds the stack, whose addresses repeat
 * across stacks) and the status found then. Nothing that changes without the finding changing is kept: no
 * message, no property value, no file or line, no date or tool version. So the same findings always give
 * the same bytes, and a diff of the file shows exactly the findings added or removed, one per line.
 */
export const BASELINE_KIND = "azure-redis-guard-baseline";
export const BASELINE_VERSION = 1;

export type BaselineEntry = BaselineEntryRef;

export interface Baseline {
  readonly findings: readonly BaselineEntry[];
}

const STATUSES: readonly BaselineFindingStatus[] = ["fail", "unknown"];
const ENTRY_KEYS = ["stack", "resource", "ruleId", "status"] as const;

/** The order entries are written in: stack, resource, rule, by code unit (never the locale's collation). */
function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  for (const key of ENTRY_KEYS) {
    const x = a[key] ?? "";
    const y = b[key] ?? "";
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The key one finding is matched by: the stack (when recorded), the resource identity and the rule id. */
export function entryKey(entry: Pick<BaselineEntry, "stack" | "resource" | "ruleId">): string {
  return JSON.stringify([entry.stack ?? null, entry.resource, entry.ruleId]);
}

/** Sorted, without duplicates (a finding recorded twice keeps its strongest status, `fail`). */
export function normalizeBaseline(findings: readonly BaselineEntry[]): Baseline {
  const byKey = new Map<string, BaselineEntry>();
  for (const entry of findings) {
    const key = entryKey(entry);
    const known = byKey.get(key);
    if (!known || (known.status === "unknown" && entry.status === "fail")) byKey.set(key, entry);
  }
  return { findings: [...byKey.values()].sort(compareEntries) };
}

/**
 * The file's bytes: one finding per line, keys in a fixed order, sorted, a final newline. Deterministic, so
 * that re-creating a baseline on unchanged findings changes nothing and a review sees one line per finding.
 */
export function formatBaseline(baseline: Baseline): string {
  const { findings } = normalizeBaseline(baseline.findings);
  const lines = findings.map((entry) => {
    const fields = ENTRY_KEYS.filter((key) => entry[key] !== undefined).map((key) => `${JSON.stringify(key)}: ${JSON.stringify(entry[key])}`);
    return `    { ${fields.join(", ")} }`;
  });
  const list = lines.length === 0 ? "[]" : `[\n${lines.join(",\n")}\n  ]`;
  return `{\n  "kind": ${JSON.stringify(BASELINE_KIND)},\n  "version": ${BASELINE_VERSION},\n  "findings": ${list}\n}\n`;
}

/** What a JSON document that is not a baseline is, for the one-line error. */
function whatItIs(document: unknown): string {
  if (!isPlainRecord(document)) return Array.isArray(document) ? "a JSON array" : `a JSON ${document === null ? "null" : typeof document}`;
  if (typeof document["$schema"] === "string" && document["$schema"].includes("sarif") || (Array.isArray(document["runs"]) && "version" in document)) return "a SARIF log";
  if ("schemaVersion" in document && "resources" in document && "summary" in document) return "an azure-redis-guard check report (--format json)";
  if ("failed_checks" in document) return "a checkov baseline";
  // The value of "kind" is not echoed: whatever the file is, the check prints no value it holds.
  if ("kind" in document) return 'a JSON object whose "kind" is not "azure-redis-guard-baseline"';
  return 'a JSON object without "kind": "azure-redis-guard-baseline"';
}

function entryOf(value: unknown, index: number, file: string): BaselineEntry {
  const where = `${file}: findings[${index}]`;
  if (!isPlainRecord(value)) throw new CheckError(`${where} is not an object; each finding is { "resource", "ruleId", "status" }.`);
  const unknownKey = Object.keys(value).find((key) => !(ENTRY_KEYS as readonly string[]).includes(key));
  if (unknownKey !== undefined) throw new CheckError(`${where} has a key the baseline format does not have: '${unknownKey}' (a finding has stack, resource, ruleId and status).`);
  const { resource, ruleId, status, stack } = value;
  if (typeof resource !== "string" || resource === "") throw new CheckError(`${where}: "resource" must be the resource's identity (a URN or Terraform address).`);
  if (typeof ruleId !== "string" || ruleId === "") throw new CheckError(`${where}: "ruleId" must be a rule id such as Azure.Redis.NonSslPort.`);
  if (typeof status !== "string" || !(STATUSES as readonly string[]).includes(status)) throw new CheckError(`${where}: "status" must be "fail" or "unknown".`);
  if (stack !== undefined && (typeof stack !== "string" || stack === "")) throw new CheckError(`${where}: "stack", when present, must be a stack name.`);
  return { ...(stack !== undefined ? { stack } : {}), resource, ruleId, status: status as BaselineFindingStatus };
}

/** Validates a parsed baseline document; every problem is one line naming the file (exit code 2). */
export function parseBaseline(document: unknown, file: string): Baseline {
  if (!isPlainRecord(document) || document["kind"] !== BASELINE_KIND) {
    throw new CheckError(`${file} is not an azure-redis-guard baseline: it is ${whatItIs(document)}. Create one with --create-baseline ${file}.`);
  }
  const version = document["version"];
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) throw new CheckError(`${file}: "version" must be a positive integer (this azure-redis-guard writes ${BASELINE_VERSION}).`);
  if (version > BASELINE_VERSION) {
    throw new CheckError(`${file} is a baseline of version ${version}, written by a newer azure-redis-guard; this one reads version ${BASELINE_VERSION}: upgrade azure-redis-guard.`);
  }
  const unknownKey = Object.keys(document).find((key) => !["kind", "version", "findings"].includes(key));
  if (unknownKey !== undefined) throw new CheckError(`${file} has a key the baseline format does not have: '${unknownKey}'.`);
  const findings = document["findings"];
  if (!Array.isArray(findings)) throw new CheckError(`${file}: "findings" must be a list.`);
  return normalizeBaseline(findings.map((entry, index) => entryOf(entry, index, file)));
}

/** Reads and validates a baseline file before anything runs, so a bad file stops the check at once. */
export function readBaselineFile(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new CheckError(`no such baseline file: ${file} (create it with --create-baseline ${file}).`);
    if (code === "EISDIR") throw new CheckError(`the baseline ${file} is a directory, not a file.`);
    throw new CheckError(`cannot read the baseline ${file}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // Node's message quotes the text around the error; only the position is repeated, never the content.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = position !== undefined ? ` at character ${position}` : text.trim() === "" ? " (the file is empty)" : "";
    throw new CheckError(`${file} is not an azure-redis-guard baseline: it is not valid JSON${where}.`);
  }
  return parseBaseline(document, file);
}
