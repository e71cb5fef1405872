import * as fs from "node:fs";
import * as path from "node:path";
import { isPlainRecord } from "../../policies/core/values";
import { CheckError } from "../check-error";

/** One file of a Terraform JSON configuration. */
export interface TerraformSource {
  readonly file: string;
  readonly text: string;
  readonly document: Record<string, unknown>;
}

/**
 * One Terraform JSON configuration: a CDKTF stack (one `cdk.tf.json`), a lone `*.tf.json`, or a
 * directory's `*.tf.json` files, which Terraform reads as one module.
 */
export interface TerraformConfiguration {
  readonly name: string;
  readonly sources: readonly TerraformSource[];
}

function readJson(file: string, what: string): { text: string; document: unknown } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CheckError(`cannot read ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return { text, document: JSON.parse(text) as unknown };
  } catch (error) {
    throw new CheckError(`${what} ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads one Terraform JSON file; the stack is named by CDKTF's metadata, else by its directory. */
export function readTerraformFile(file: string, fallbackName?: string): TerraformConfiguration {
  const source = readTerraformSource(file);
  const metadata = isPlainRecord(source.document["//"]) && isPlainRecord(source.document["//"]["metadata"]) ? source.document["//"]["metadata"] : undefined;
  const stackName = typeof metadata?.["stackName"] === "string" ? metadata["stackName"] : undefined;
  return { name: stackName ?? fallbackName ?? path.basename(path.dirname(path.resolve(file))), sources: [source] };
}

function readTerraformSource(file: string): TerraformSource {
  const { text, document } = readJson(file, "the Terraform JSON");
  if (!isPlainRecord(document)) throw new CheckError(`${file} is not a Terraform JSON configuration (expected a JSON object with a "resource" block).`);
  return { file, text, document };
}

/** The `*.tf.json` files of a directory, sorted as Terraform loads them (by name). */
export function terraformJsonFilesIn(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".tf.json"))
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(dir, name));
}

/** A directory of `*.tf.json` files: one Terraform configuration, named by the directory. */
export function readTerraformConfigDir(dir: string, files: readonly string[]): TerraformConfiguration {
  return { name: path.basename(path.resolve(dir)), sources: files.map(readTerraformSource) };
}

/** True when `dir` looks like a `cdktf synth` output directory (or one stack's directory in it). */
export function isSynthOutputDir(dir: string): boolean {
  return (
    fs.existsSync(path.join(dir, "manifest.json")) ||
    fs.existsSync(path.join(dir, "cdk.tf.json")) ||
    (fs.existsSync(path.join(dir, "stacks")) && fs.statSync(path.join(dir, "stacks")).isDirectory())
  );
}

/**
 * Every stack of a `cdktf.out` directory: the stacks `manifest.json` lists (`synthesizedStackPath`),
 * or without a manifest every `stacks/<name>/cdk.tf.json`, or the directory's own `cdk.tf.json`.
 */
export function readSynthOutputDir(dir: string): TerraformConfiguration[] {
  const manifestFile = path.join(dir, "manifest.json");
  if (fs.existsSync(manifestFile)) {
    const { document } = readJson(manifestFile, "the CDKTF manifest");
    const stacks = isPlainRecord(document) && isPlainRecord(document["stacks"]) ? document["stacks"] : undefined;
    if (!stacks) throw new CheckError(`${manifestFile} is not a CDKTF manifest (no "stacks" object).`);
    return Object.entries(stacks).map(([name, entry]) => {
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
