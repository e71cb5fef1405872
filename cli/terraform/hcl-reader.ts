import * as fs from "node:fs";
import * as path from "node:path";
import { UnknownValue } from "../../policies/core/values";
import { findTerraformBinding } from "../../policies/terraform";
import { CheckError } from "../check-error";
import { readJsonBytes } from "../input/json-input";
import type { InputDescription, ReadItem } from "../input/reader";
import { displayPath } from "../report/source-lines";
import { readBlock } from "./config-reader";
import { resolveBody, resolveValue, type ExpressionScope } from "./hcl-expressions";
import { parseHcl, readHclFile, type HclFile, type HclLabelledBlock } from "./hcl-syntax";
import { resolveConfiguration, scanTerraformJson, type TerraformJsonFile } from "./tf-json-syntax";

/**
 * `check <dir>` on Terraform written in HCL (`*.tf`, with `*.tf.json` beside them), `cdktf synth --hcl` output and
 * Pulumi HCL projects: each `.tf` file is parsed by HashiCorp's parser into the JSON configuration form (hcl-syntax.ts),
 * the files of a module are merged as Terraform merges them (tf-json-syntax.ts: override files last), values are
 * resolved as far as hcl-expressions.ts does (a whole `var.x` or `local.y`, else unknown naming the root), local
 * modules are followed with the call's arguments as their variables, and every resource block goes through the same
 * `readBlock` as the Terraform JSON reader, with its address as Terraform writes it (`module.a.azurerm_x.y`).
 */

/** One configuration to read: a root module directory (or one file of it), and where its variables come from. */
export interface HclConfiguration {
  /** A Pulumi HCL project's name. */
  readonly project?: string;
  /** The stack the report names: the directory, a CDKTF stack, a Pulumi stack. */
  readonly name: string;
  /** What the report's stack points at. */
  readonly file: string;
  readonly dir: string;
  /** The root module's files: `.tf` (HCL) and `.tf.json`, in lexical order. */
  readonly files: readonly string[];
  /** Variable values in Terraform's precedence, lowest first (each later source wins). */
  readonly variableSources: readonly VariableSource[];
  /** What the report should say about how it was read (files beside it that were not). */
  readonly notes?: readonly string[];
}

/** One source of variable values: a `.tfvars` file, the environment, a Pulumi stack's config. */
export interface VariableSource {
  readonly label: string;
  readonly values: () => Promise<Record<string, unknown>>;
}

/** How deep local modules are followed; Terraform itself has no limit, but a cycle would never end. */
const MAX_MODULE_DEPTH = 16;

/** Files Terraform reads as one module: `*.tf` and `*.tf.json`, by name. */
export function moduleFilesIn(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && (entry.name.endsWith(".tf") || entry.name.endsWith(".tf.json")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(dir, name));
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CheckError(`cannot read ${displayPath(file)}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
}

/** A `.tfvars` file (HCL) or `.tfvars.json` file: its attributes. */
async function readTfvars(file: string): Promise<Record<string, unknown>> {
  if (file.endsWith(".json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(readJsonBytes(file)).toString("utf8"));
    } catch (error) {
      if (error instanceof CheckError) throw error;
      throw new CheckError(`${displayPath(file)} is not JSON: Terraform would refuse it as a variables file.`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new CheckError(`${displayPath(file)} is not a JSON object of variable values.`);
    return parsed as Record<string, unknown>;
  }
  return parseHcl(file, readText(file));
}

/**
 * Terraform's sources of root-module variable values, lowest precedence first (Terraform's "Variable Definition
 * Precedence", hashicorp/terraform website/docs/language/values/variables.mdx: environment variables, then
 * terraform.tfvars, terraform.tfvars.json, *.auto.tfvars(.json) in lexical order, then -var-file in the order given).
 * `extra` sits just below the -var-files: a Pulumi HCL stack's config.
 */
export function terraformVariableSources(dir: string, varFiles: readonly string[], extra: readonly VariableSource[] = []): VariableSource[] {
  const sources: VariableSource[] = [
    {
      label: "TF_VAR_ environment variables",
      values: () => {
        const values: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(process.env)) if (key.startsWith("TF_VAR_") && value !== undefined) values[key.slice("TF_VAR_".length)] = value;
        return Promise.resolve(values);
      },
    },
  ];
  const inDir = fs.readdirSync(dir);
  const tfvars = (file: string): VariableSource => ({ label: displayPath(file), values: () => readTfvars(file) });
  for (const name of ["terraform.tfvars", "terraform.tfvars.json"]) if (inDir.includes(name)) sources.push(tfvars(path.join(dir, name)));
  for (const name of inDir.filter((n) => n.endsWith(".auto.tfvars") || n.endsWith(".auto.tfvars.json")).sort()) sources.push(tfvars(path.join(dir, name)));
  sources.push(...extra);
  for (const file of varFiles) {
    if (!fs.existsSync(file)) throw new CheckError(`--var-file ${file}: no such file.`);
    sources.push(tfvars(file));
  }
  return sources;
}

/** A module's declarations once its files are read and merged. */
interface LoadedModule {
  readonly files: readonly (HclFile | TerraformJsonFile)[];
  readonly variables: Map<string, HclLabelledBlock>;
  readonly locals: Map<string, unknown>;
  readonly moduleCalls: readonly HclLabelledBlock[];
}

function isHclFile(file: HclFile | TerraformJsonFile): file is HclFile {
  return "variables" in file;
}

async function loadModule(files: readonly string[]): Promise<LoadedModule> {
  const read: (HclFile | TerraformJsonFile)[] = [];
  for (const file of files) {
    if (file.endsWith(".tf.json")) read.push(scanTerraformJson(file, readJsonBytes(file)));
    else read.push(await readHclFile(file, readText(file)));
  }
  const isOverride = (file: string): boolean => /(^|_)override\.tf(\.json)?$/.test(path.basename(file)) && files.length > 1;
  // Overrides last, as Terraform merges them: a variable's or local's override replaces the original.
  const ordered = [...read.filter((f) => !isOverride(f.file)), ...read.filter((f) => isOverride(f.file))];
  const variables = new Map<string, HclLabelledBlock>();
  const locals = new Map<string, unknown>();
  const moduleCalls: HclLabelledBlock[] = [];
  for (const file of ordered.filter(isHclFile)) {
    for (const variable of file.variables) {
      const earlier = variables.get(variable.name);
      variables.set(variable.name, earlier && isOverride(variable.file) ? { ...earlier, body: { ...earlier.body, ...variable.body } } : variable);
    }
    for (const block of file.locals) for (const [key, value] of Object.entries(block)) locals.set(key, value);
    for (const call of file.moduleCalls) {
      const index = moduleCalls.findIndex((c) => c.name === call.name);
      if (index >= 0 && isOverride(call.file)) moduleCalls[index] = { ...moduleCalls[index]!, body: { ...moduleCalls[index]!.body, ...call.body } };
      else moduleCalls.push(call);
    }
  }
  return { files: read, variables, locals, moduleCalls };
}

/** Where a module comes from, for a note: a local path is followed, anything else is not. */
function moduleSourceKind(source: unknown): "local" | "registry" | "remote" | "computed" {
  if (typeof source !== "string" || source.includes("${")) return "computed";
  if (source.startsWith("./") || source.startsWith("../") || source === "." || source === "..") return "local";
  // Terraform's registry address: [<host>/]<namespace>/<name>/<provider>.
  if (/^([a-z0-9.-]+\/)?[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+(\/\/.*)?$/.test(source)) return "registry";
  return "remote";
}

/** `count = 0` or an empty `for_each`: Terraform creates no instance of the block. */
function createsNothing(body: Record<string, unknown>, scope: ExpressionScope): boolean {
  if ("count" in body) {
    const count = resolveValue(body["count"], scope);
    if (count === 0 || count === "0") return true;
  }
  if ("for_each" in body) {
    const forEach = resolveValue(body["for_each"], scope);
    if ((Array.isArray(forEach) && forEach.length === 0) || (typeof forEach === "object" && forEach !== null && !(forEach instanceof UnknownValue) && !Array.isArray(forEach) && Object.keys(forEach).length === 0)) return true;
  }
  return false;
}

interface ReadState {
  readonly notes: string[];
  readonly notFollowed: string[];
  readonly emptyModules: string[];
  repeated: boolean;
}

/** Every block of one module (and of the local modules it calls), with its module path. */
async function* readModule(
  stack: string,
  files: readonly string[],
  variableValues: ReadonlyMap<string, unknown>,
  modulePath: string,
  chain: readonly string[],
  state: ReadState,
): AsyncGenerator<ReadItem, void, void> {
  const loaded = await loadModule(files);
  const scope: ExpressionScope = {
    variable: (name) => {
      if (variableValues.has(name)) return { value: variableValues.get(name) };
      const declared = loaded.variables.get(name);
      if (declared && "default" in declared.body && declared.body["default"] !== null) return { value: resolveValue(declared.body["default"], NO_SCOPE) };
      return undefined;
    },
    local: (name) => (loaded.locals.has(name) ? { value: loaded.locals.get(name) } : undefined),
  };
  const resolved = resolveConfiguration(loaded.files.map((f) => (isHclFile(f) ? { file: f.file, blocks: f.blocks, moduleCalls: [], comment: undefined } : f)));
  state.notes.push(...resolved.notes);
  for (const block of resolved.blocks) {
    if (createsNothing(block.body, scope)) {
      if (findTerraformBinding(block.type) && block.mode === "managed") {
        yield { kind: "skipped", reason: "resources with count = 0 or an empty for_each (Terraform creates no instance of them)", name: `${modulePath}${block.type}.${block.name}` };
      }
      continue;
    }
    if (block.mode === "managed" && ("count" in block.body || "for_each" in block.body) && findTerraformBinding(block.type)) state.repeated = true;
    yield readBlock(stack, block, { modulePath, values: resolveBody(block.body, scope) });
  }
  for (const call of loaded.moduleCalls) {
    const address = `${modulePath}module.${call.name}`;
    const where = `${displayPath(call.file)} line ${call.line}`;
    const kind = moduleSourceKind(call.body["source"]);
    if (kind !== "local") {
      state.notFollowed.push(`${address} (${where}; ${kind === "registry" ? "a registry module" : kind === "remote" ? "a remote module" : "a source check cannot read"})`);
      continue;
    }
    if (createsNothing(call.body, scope)) {
      state.emptyModules.push(`${address} (${where})`);
      continue;
    }
    const dir = path.resolve(path.dirname(call.file), call.body["source"] as string);
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      throw new CheckError(`${where}: module ${address} calls ${displayPath(dir)}, which does not exist (Terraform: "Unreadable module directory").`);
    }
    if (chain.includes(real)) throw new CheckError(`${where}: module ${address} calls ${displayPath(dir)}, which is already being read: the modules call each other in a cycle.`);
    if (chain.length > MAX_MODULE_DEPTH) throw new CheckError(`${where}: module ${address} is nested more than ${MAX_MODULE_DEPTH} modules deep; check a plan instead.`);
    if ("count" in call.body || "for_each" in call.body) state.repeated = true;
    const args = new Map<string, unknown>();
    for (const [key, value] of Object.entries(call.body)) {
      if (["source", "version", "count", "for_each", "providers", "depends_on"].includes(key)) continue;
      args.set(key, resolveValue(value, scope));
    }
    yield* readModule(stack, moduleFilesIn(dir), args, `${address}.`, [...chain, real], state);
  }
}

/** A scope with nothing in it: a variable's default or a `.tfvars` value must be a literal. */
const NO_SCOPE: ExpressionScope = { variable: () => undefined, local: () => undefined };

/** The root module's variable values: each source's values over the earlier ones, expressions unknown. */
async function rootVariableValues(sources: readonly VariableSource[]): Promise<Map<string, unknown>> {
  const values = new Map<string, unknown>();
  for (const source of sources) {
    for (const [name, value] of Object.entries(await source.values())) {
      values.set(name, resolveValue(value, NO_SCOPE));
    }
  }
  return values;
}

export async function* readHclConfigurations(configurations: readonly HclConfiguration[], extraNotes: readonly string[] = []): AsyncGenerator<ReadItem, InputDescription, void> {
  const state: ReadState = { notes: [], notFollowed: [], emptyModules: [], repeated: false };
  for (const configuration of configurations) {
    const values = await rootVariableValues(configuration.variableSources);
    state.notes.push(...(configuration.notes ?? []));
    yield* readModule(configuration.name, configuration.files, values, "", [fs.realpathSync(configuration.dir)], state);
  }
  const notes = [
    "Offline check of Terraform configuration written in HCL: nothing was planned or applied. A value written as a whole variable or local " +
      "(var.x, local.y) is read from the variable's default, terraform.tfvars, *.auto.tfvars, --var-file or TF_VAR_ variables; " +
      "any other expression (a function call, a template, another resource's attribute, a dynamic block) is only known at plan time and is reported as unknown.",
    ...extraNotes,
    ...new Set(state.notes),
  ];
  if (state.notFollowed.length > 0) {
    notes.push(
      `Module calls not followed: ${state.notFollowed.join(", ")}. check follows local modules (source "./…" or "../…") only; ` +
        "to check what the others declare, check a plan (terraform plan -out tfplan && terraform show -json tfplan > plan.json), which covers every module.",
    );
  }
  if (state.emptyModules.length > 0) notes.push(`Module calls with count = 0 or an empty for_each create nothing and were not read: ${state.emptyModules.join(", ")}.`);
  if (state.repeated) notes.push("Resources and modules with count or for_each are judged once per block, not once per instance: every instance is written by the same block.");
  return {
    kind: "terraform-json",
    stacks: configurations.map((c) => ({ name: c.name, file: displayPath(c.file) })),
    ...(configurations[0]?.project !== undefined ? { project: configurations[0].project } : {}),
    notes,
  };
}
