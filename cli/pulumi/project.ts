import * as fs from "node:fs";
import * as path from "node:path";
import { isPlainRecord } from "../../policies/core/values";
import { CheckError } from "../check-error";
import { loadYamlFile } from "./yaml-file";

/** What the check needs from a Pulumi project: Pulumi.yaml, and the selected stack's config file. */
export interface PulumiProject {
  readonly dir: string;
  readonly name: string;
  /** `main` of Pulumi.yaml, relative to the project; "." lets the package.json decide, as Pulumi does. */
  readonly entryPoint: string;
  readonly typescript: boolean;
  readonly tsconfig?: string;
  readonly nodeargs: readonly string[];
  readonly stack: string;
  readonly stackFile?: string;
  /** PULUMI_CONFIG as the language host passes it: fully qualified keys, string values. */
  readonly config: Record<string, string>;
  /** Keys whose values are encrypted in the stack file: they cannot be read offline. */
  readonly secureKeysMissing: readonly string[];
}

function loadYaml(file: string): unknown {
  return loadYamlFile(file).value;
}

/** Pulumi.yaml or Pulumi.yml in `dir`, or `undefined` when `dir` is no Pulumi project. */
export function findProjectFile(dir: string): string | undefined {
  return ["Pulumi.yaml", "Pulumi.yml"].map((name) => path.join(dir, name)).find((file) => fs.existsSync(file));
}

/** Config values are strings to the runtime; structured values travel as JSON, as `pulumi config set --path` stores them. */
function configString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function qualify(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** The stack: the one named, else the project's only stack file, else `dev` without config. */
function selectStack(dir: string, requested: string | undefined): { stack: string; stackFile?: string } {
  const stackFiles = fs.readdirSync(dir).filter((file) => /^Pulumi\.[^.]+\.ya?ml$/.test(file));
  const nameOf = (file: string): string => file.replace(/^Pulumi\./, "").replace(/\.ya?ml$/, "");
  if (requested !== undefined) {
    const file = stackFiles.find((f) => nameOf(f) === requested);
    return file ? { stack: requested, stackFile: path.join(dir, file) } : { stack: requested };
  }
  if (stackFiles.length === 1) return { stack: nameOf(stackFiles[0] as string), stackFile: path.join(dir, stackFiles[0] as string) };
  return { stack: "dev" };
}

/**
 * The runtimes Pulumi knows (its project file reference): an error names one of these, never another string of
 * the file, which might be anything the user wrote.
 */
const PULUMI_RUNTIMES: ReadonlySet<string> = new Set(["nodejs", "python", "go", "dotnet", "java", "yaml", "bun", "hcl"]);

/** The runtime Pulumi.yaml in `dir` declares (`runtime: yaml` or `runtime: { name: yaml }`), if it names one. */
export function pulumiRuntimeOf(dir: string): string | undefined {
  const projectFile = findProjectFile(dir);
  const project = projectFile ? loadYaml(projectFile) : undefined;
  const runtime = isPlainRecord(project) ? project["runtime"] : undefined;
  const name = typeof runtime === "string" ? runtime : isPlainRecord(runtime) ? runtime["name"] : undefined;
  return typeof name === "string" ? name : undefined;
}

/** `runtimes`: the runtimes the caller reads (the program reader runs `nodejs`; the YAML reader reads `yaml`). */
export function loadPulumiProject(dir: string, requestedStack?: string, runtimes: readonly string[] = ["nodejs"]): PulumiProject {
  const projectFile = findProjectFile(dir);
  if (!projectFile) throw new CheckError(`${dir} is not a Pulumi project (no Pulumi.yaml).`);
  const project = loadYaml(projectFile);
  if (!isPlainRecord(project) || typeof project["name"] !== "string") throw new CheckError(`${projectFile} has no project name.`);
  const name = project["name"];
  const runtime = project["runtime"];
  const runtimeName = typeof runtime === "string" ? runtime : isPlainRecord(runtime) ? runtime["name"] : undefined;
  if (typeof runtimeName !== "string" || !runtimes.includes(runtimeName)) {
    throw new CheckError(
      `${projectFile} declares ${typeof runtimeName === "string" && PULUMI_RUNTIMES.has(runtimeName) ? `runtime '${runtimeName}'` : "a runtime Pulumi does not know"}: the offline check runs Node.js (TypeScript/JavaScript) programs and reads Pulumi YAML programs only. ` +
        "Use `pulumi preview --policy-pack <this package>` for other languages.",
    );
  }
  const options = isPlainRecord(runtime) && isPlainRecord(runtime["options"]) ? runtime["options"] : {};
  const { stack, stackFile } = selectStack(dir, requestedStack);

  const config: Record<string, string> = {};
  const secureKeysMissing: string[] = [];
  // Project-wide values and defaults from Pulumi.yaml, then the stack's own values over them.
  for (const [key, declared] of Object.entries(isPlainRecord(project["config"]) ? project["config"] : {})) {
    const value = isPlainRecord(declared) && ("value" in declared || "default" in declared || "type" in declared) ? (declared["value"] ?? declared["default"]) : declared;
    if (value !== undefined && value !== null) config[qualify(key, name)] = configString(value);
  }
  if (stackFile) {
    const stackDoc = loadYaml(stackFile);
    const values = isPlainRecord(stackDoc) && isPlainRecord(stackDoc["config"]) ? stackDoc["config"] : {};
    for (const [key, value] of Object.entries(values)) {
      if (isPlainRecord(value) && "secure" in value) secureKeysMissing.push(qualify(key, name));
      else if (value !== undefined && value !== null) config[qualify(key, name)] = configString(value);
    }
  }
  const nodeargs = typeof options["nodeargs"] === "string" ? options["nodeargs"].split(/\s+/).filter(Boolean) : [];
  return {
    dir,
    name,
    entryPoint: typeof project["main"] === "string" ? project["main"] : ".",
    typescript: options["typescript"] !== false,
    ...(typeof options["tsconfig"] === "string" ? { tsconfig: options["tsconfig"] } : {}),
    nodeargs,
    stack,
    ...(stackFile ? { stackFile } : {}),
    config,
    secureKeysMissing,
  };
}
