import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { UnknownValue, isPlainRecord } from "../../policies/core/values";
import { CheckError } from "../check-error";
import { findProjectFile } from "../pulumi/project";
import { displayPath } from "../report/source-lines";
import { moduleFilesIn, terraformVariableSources, type HclConfiguration, type VariableSource } from "./hcl-reader";

/**
 * Which inputs are HCL: a directory holding `*.tf` files (`.tf.json` beside them are read with them), a `cdktf.out`
 * whose stacks `cdktf synth --hcl` wrote as `cdk.tf`, and a Pulumi project with `runtime: hcl`. What the reader
 * needs at read time (`--var-file`, `--stack`) comes in {@link HclOptions}.
 */
export interface HclOptions {
  readonly varFiles: readonly string[];
  readonly stack?: string;
}

export interface HclInput {
  readonly label: string;
  readonly configurations: (options: HclOptions) => HclConfiguration[];
  readonly notes?: readonly string[];
}

function hasTfFiles(dir: string): boolean {
  return fs.readdirSync(dir).some((name) => name.endsWith(".tf") && fs.statSync(path.join(dir, name)).isFile());
}

function runtimeOf(projectFile: string): string | undefined {
  let project: unknown;
  try {
    project = yaml.load(fs.readFileSync(projectFile, "utf8"));
  } catch {
    return undefined;
  }
  const runtime = isPlainRecord(project) ? project["runtime"] : undefined;
  const name = typeof runtime === "string" ? runtime : isPlainRecord(runtime) ? runtime["name"] : undefined;
  return typeof name === "string" ? name : undefined;
}

/** A Pulumi HCL project: Pulumi.yaml with `runtime: hcl`, and `.tf` (earlier `.hcl`) files beside it. */
function pulumiHclProject(dir: string, projectFile: string): HclInput {
  return {
    label: "a Pulumi HCL project",
    configurations: (options) => {
      const project = yaml.load(fs.readFileSync(projectFile, "utf8")) as Record<string, unknown>;
      const name = typeof project["name"] === "string" ? project["name"] : path.basename(dir);
      const files = fs
        .readdirSync(dir)
        .filter((file) => (file.endsWith(".tf") || file.endsWith(".tf.json") || file.endsWith(".hcl")) && fs.statSync(path.join(dir, file)).isFile())
        .sort()
        .map((file) => path.join(dir, file));
      if (files.length === 0) throw new CheckError(`${displayPath(projectFile)} declares runtime 'hcl' but ${displayPath(dir)} holds no .tf or .hcl files.`);
      const stackFiles = fs.readdirSync(dir).filter((file) => /^Pulumi\.[^.]+\.ya?ml$/.test(file));
      const stackName = (file: string): string => file.replace(/^Pulumi\./, "").replace(/\.ya?ml$/, "");
      const stackFile = options.stack !== undefined ? stackFiles.find((f) => stackName(f) === options.stack) : stackFiles.length === 1 ? stackFiles[0] : undefined;
      const stack = options.stack ?? (stackFile ? stackName(stackFile) : "dev");
      const stackConfig: VariableSource[] = stackFile
        ? [
            {
              label: stackFile,
              values: () => {
                let doc: unknown;
                try {
                  doc = yaml.load(fs.readFileSync(path.join(dir, stackFile), "utf8"));
                } catch {
                  throw new CheckError(`cannot read ${displayPath(path.join(dir, stackFile))}: it is not YAML.`);
                }
                const values: Record<string, unknown> = {};
                const config = isPlainRecord(doc) && isPlainRecord(doc["config"]) ? doc["config"] : {};
                // `<project>:<var>` and a bare `<var>` both set the variable; another namespace is another package's.
                for (const [key, value] of Object.entries(config)) {
                  const variable = key.startsWith(`${name}:`) ? key.slice(name.length + 1) : key.includes(":") ? undefined : key;
                  if (variable === undefined) continue;
                  // An encrypted secret cannot be read offline: the variable is unknown, never its default.
                  values[variable] = isPlainRecord(value) && "secure" in value ? new UnknownValue(`var.${variable} is a secret in ${stackFile}, which cannot be decrypted offline`) : value;
                }
                return Promise.resolve(values);
              },
            },
          ]
        : [];
      return [{ project: name, name: stack, file: dir, dir, files, variableSources: terraformVariableSources(dir, options.varFiles, stackConfig) }];
    },
  };
}

/** The stacks of a `cdktf.out` that `cdktf synth --hcl` wrote (`cdk.tf`), or undefined when they are JSON. */
function synthHclStacks(dir: string): { name: string; file: string }[] | undefined {
  const manifestFile = path.join(dir, "manifest.json");
  let stacks: { name: string; file: string }[] = [];
  if (fs.existsSync(manifestFile)) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    } catch {
      return undefined;
    }
    const entries = isPlainRecord(manifest) && isPlainRecord(manifest["stacks"]) ? Object.entries(manifest["stacks"]) : [];
    stacks = entries.flatMap(([name, entry]) =>
      isPlainRecord(entry) && typeof entry["synthesizedStackPath"] === "string" && entry["synthesizedStackPath"].endsWith(".tf") ? [{ name, file: path.join(dir, entry["synthesizedStackPath"]) }] : [],
    );
    if (stacks.length > 0 && stacks.length !== entries.length) return undefined;
  } else if (fs.existsSync(path.join(dir, "cdk.tf")) && !fs.existsSync(path.join(dir, "cdk.tf.json"))) {
    stacks = [{ name: path.basename(path.resolve(dir)), file: path.join(dir, "cdk.tf") }];
  } else if (fs.existsSync(path.join(dir, "stacks")) && fs.statSync(path.join(dir, "stacks")).isDirectory()) {
    stacks = fs
      .readdirSync(path.join(dir, "stacks"))
      .filter((name) => fs.existsSync(path.join(dir, "stacks", name, "cdk.tf")) && !fs.existsSync(path.join(dir, "stacks", name, "cdk.tf.json")))
      .sort()
      .map((name) => ({ name, file: path.join(dir, "stacks", name, "cdk.tf") }));
  }
  return stacks.length > 0 ? stacks : undefined;
}

/** OpenTofu's own files (`.tofu`, `.tofu.json`), which OpenTofu would read and check does not. */
function openTofuNote(dir: string): string[] {
  const tofu = fs.readdirSync(dir).filter((name) => name.endsWith(".tofu") || name.endsWith(".tofu.json")).sort();
  return tofu.length
    ? [`Not read: ${tofu.length} OpenTofu file(s) (${tofu.slice(0, 10).join(", ")}); only the .tf and .tf.json files were checked. To check the whole configuration, check a plan (tofu plan -out tfplan && tofu show -json tfplan > plan.json).`]
    : [];
}

/** What `target` is when it is an HCL input; `undefined` when it is none (another classification decides). */
export function classifyHclInput(target: string, stat: fs.Stats): HclInput | undefined {
  if (stat.isFile()) {
    const base = path.basename(target);
    if ((base === "Pulumi.yaml" || base === "Pulumi.yml") && runtimeOf(target) === "hcl") return pulumiHclProject(path.dirname(target), target);
    if (!base.endsWith(".tf")) return undefined;
    // One .tf file on its own, as one .tf.json file is read: its directory's variable files still apply.
    const dir = path.dirname(target);
    return {
      label: "a Terraform file in HCL",
      configurations: (options) => [
        {
          name: path.basename(path.resolve(dir)),
          file: target,
          dir,
          files: [target],
          variableSources: terraformVariableSources(dir, options.varFiles),
          notes: [`Only ${displayPath(target)} was read; Terraform reads every .tf and .tf.json file of its directory as one module: check the directory to see them all.`],
        },
      ],
    };
  }
  const projectFile = findProjectFile(target);
  if (projectFile) return runtimeOf(projectFile) === "hcl" ? pulumiHclProject(target, projectFile) : undefined;
  const synthStacks = synthHclStacks(target);
  if (synthStacks) {
    return {
      label: "cdktf synth --hcl output",
      configurations: (options) =>
        synthStacks.map((stack) => ({ name: stack.name, file: stack.file, dir: path.dirname(stack.file), files: [stack.file], variableSources: terraformVariableSources(path.dirname(stack.file), options.varFiles) })),
    };
  }
  if (fs.existsSync(path.join(target, "manifest.json")) || fs.existsSync(path.join(target, "cdk.tf.json"))) return undefined;
  if (!hasTfFiles(target)) return undefined;
  return {
    label: "a Terraform configuration in HCL",
    configurations: (options) => [
      {
        name: path.basename(path.resolve(target)),
        file: target,
        dir: target,
        files: moduleFilesIn(target),
        variableSources: terraformVariableSources(target, options.varFiles),
        notes: openTofuNote(target),
      },
    ],
  };
}
