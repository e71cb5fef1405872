import * as fs from "node:fs";
import * as path from "node:path";
import { isPlainRecord } from "../../policies/core/values";
import { CheckError } from "../check-error";
import { notJsonError, readJsonBytes } from "../input/json-input";
import { JsonDocument, JsonScanError } from "../input/json-scan";
import { displayPath } from "../report/source-lines";
import { scanTerraformJson } from "./tf-json-syntax";

/** One file of a Terraform JSON configuration, as read (a byte order mark dropped, UTF-16 converted). */
export interface TerraformSource {
  readonly file: string;
  readonly text: string;
}

/**
 * One Terraform JSON configuration: a CDKTF stack (one `cdk.tf.json`), a lone `*.tf.json`, or a
 * directory's `*.tf.json` files, which Terraform reads as one module (override files merged last).
 */
export interface TerraformConfiguration {
  readonly name: string;
  readonly sources: readonly TerraformSource[];
  /** What the report should say about how the configuration was read (files in it that were not). */
  readonly notes?: readonly string[];
}

function readSource(file: string): TerraformSource {
  return { file, text: Buffer.from(readJsonBytes(file)).toString("utf8") };
}

/** Reads one Terraform JSON file; the stack is named by CDKTF's metadata, else by its directory. */
export function readTerraformFile(file: string, fallbackName?: string): TerraformConfiguration {
  const source = readSource(file);
  const { comment } = scanTerraformJson(file, Buffer.from(source.text, "utf8"));
  const metadata = isPlainRecord(comment) && isPlainRecord(comment["metadata"]) ? comment["metadata"] : undefined;
  const stackName = typeof metadata?.["stackName"] === "string" ? metadata["stackName"] : undefined;
  return { name: stackName ?? fallbackName ?? path.basename(path.dirname(path.resolve(file))), sources: [source] };
}

/** Files Terraform or OpenTofu would read in a directory and check does not: HCL (`.tf`, `.tofu`) and `.tofu.json`. */
function unreadConfigurationFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && (entry.name.endsWith(".tf") || entry.name.endsWith(".tofu") || entry.name.endsWith(".tofu.json")))
    .map((entry) => entry.name)
    .sort();
}

const PLAN_INSTEAD = "check a plan instead (terraform plan -out tfplan && terraform show -json tfplan > plan.json), which covers every file and module";

/**
 * The `*.tf.json` files of a directory, sorted as Terraform loads them (by name). A directory that holds only
 * HCL files (`.tf`) is not an empty configuration: it is one check cannot read yet, and says so (exit 2).
 */
export function terraformJsonFilesIn(dir: string): string[] {
  const files = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".tf.json"))
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(dir, name));
  const unread = unreadConfigurationFiles(dir);
  if (files.length === 0 && unread.length > 0) {
    throw new CheckError(
      `${dir} holds Terraform configuration in HCL (${unread.slice(0, 5).join(", ")}${unread.length > 5 ? ` and ${unread.length - 5} more` : ""}), ` +
        `which this version of check does not read (it reads Terraform JSON, *.tf.json): ${PLAN_INSTEAD}.`,
    );
  }
  return files;
}

/** A directory of `*.tf.json` files: one Terraform configuration, named by the directory. */
export function readTerraformConfigDir(dir: string, files: readonly string[]): TerraformConfiguration {
  const unread = unreadConfigurationFiles(dir);
  const notes = unread.length
    ? [
        `Not read: ${unread.length} configuration file(s) in HCL or OpenTofu syntax (${unread.slice(0, 10).join(", ")}${unread.length > 10 ? ` and ${unread.length - 10} more` : ""}); ` +
          `only the *.tf.json files were checked, so resources declared there were not. To check the whole configuration, ${PLAN_INSTEAD}.`,
      ]
    : [];
  return { name: path.basename(path.resolve(dir)), sources: files.map(readSource), notes };
}

/** True when `dir` looks like a `cdktf synth` output directory (or one stack's directory in it). */
export function isSynthOutputDir(dir: string): boolean {
  return (
    fs.existsSync(path.join(dir, "manifest.json")) ||
    fs.existsSync(path.join(dir, "cdk.tf.json")) ||
    (fs.existsSync(path.join(dir, "stacks")) && fs.statSync(path.join(dir, "stacks")).isDirectory())
  );
}

/** The `stacks` object of a CDKTF manifest, read with the strict scanner: errors give positions, never the text. */
function readManifestStacks(manifestFile: string): Record<string, unknown> {
  const document = new JsonDocument(readJsonBytes(manifestFile));
  let stacks: unknown;
  try {
    const member = document.rootObject()?.get("stacks");
    stacks = member ? document.parse(member.start, member.end) : undefined;
  } catch (error) {
    if (error instanceof JsonScanError) throw new CheckError(`the CDKTF manifest: ${notJsonError(displayPath(manifestFile), document, error).message}`);
    throw error;
  }
  if (!isPlainRecord(stacks)) throw new CheckError(`${manifestFile} is not a CDKTF manifest (no "stacks" object).`);
  return stacks;
}

/**
 * Every stack of a `cdktf.out` directory: the stacks `manifest.json` lists (`synthesizedStackPath`),
 * or without a manifest every `stacks/<name>/cdk.tf.json`, or the directory's own `cdk.tf.json`.
 */
export function readSynthOutputDir(dir: string): TerraformConfiguration[] {
  const manifestFile = path.join(dir, "manifest.json");
  if (fs.existsSync(manifestFile)) {
    return Object.entries(readManifestStacks(manifestFile)).map(([name, entry]) => {
      const relative = isPlainRecord(entry) && typeof entry["synthesizedStackPath"] === "string" ? entry["synthesizedStackPath"] : path.join("stacks", name, "cdk.tf.json");
      return readTerraformFile(path.join(dir, relative), name);
    });
  }
  const own = path.join(dir, "cdk.tf.json");
  if (fs.existsSync(own)) return [readTerraformFile(own)];
  const stacksDir = path.join(dir, "stacks");
  const names = fs.readdirSync(stacksDir).filter((name) => fs.existsSync(path.join(stacksDir, name, "cdk.tf.json"))).sort();
  if (names.length === 0) throw new CheckError(`${dir} has a stacks/ directory but no stacks/<name>/cdk.tf.json: run cdktf synth first.`);
  return names.map((name) => readTerraformFile(path.join(stacksDir, name, "cdk.tf.json"), name));
}
