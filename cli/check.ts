import * as fs from "node:fs";
import * as path from "node:path";
import type { CheckArguments } from "./args";
import { CheckError } from "./check-error";
import { loadPackConfig, type CheckConfig } from "./config/pack-config";
import { readJsonInput, type JsonInput } from "./input/json-input";
import type { ReadResult } from "./input/read-result";
import { buildReport, toolInfo } from "./report/build-report";
import type { CheckReport } from "./report/model";
import { displayPath } from "./report/source-lines";
import { PACKAGE_ROOT } from "./package-root";
import { readPulumiState } from "./pulumi/state-reader";
import { findProjectFile } from "./pulumi/project";
import { checkTerraformStacks } from "./terraform/check-terraform";
import { readTerraformPlan } from "./terraform/plan-reader";
import { readTerraformState } from "./terraform/state-reader";
import {
  isSynthOutputDir,
  readSynthOutputDir,
  readTerraformConfigDir,
  readTerraformFile,
  terraformJsonFilesIn,
  type TerraformStack,
} from "./terraform/synth-output";

export interface CheckEnvironment {
  readonly progress: (message: string) => void;
  readonly onProgramOutput?: (line: string) => void;
}

const DOCUMENT_LABELS: Record<JsonInput["kind"], string> = {
  "terraform-plan": "a Terraform plan",
  "terraform-state": "a Terraform state",
  "terraform-tfstate": "a Terraform state file",
  "pulumi-state": "a Pulumi state export",
  "terraform-json": "Terraform JSON configuration",
  "cdktf-manifest": "a CDKTF manifest",
};

type InputKind =
  | { kind: "pulumi-project"; dir: string }
  | { kind: "terraform-json"; stacks: () => TerraformStack[] }
  | { kind: "json-document"; input: JsonInput };

/**
 * Decides what `<path>` is. A file is told by its content, never its name (a plan saved as `cdk.tf.json`
 * is still a plan); a directory by what it holds. Anything else is a clear error, never a guess.
 */
function classifyInput(target: string): InputKind {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new CheckError(`no such file or directory: ${target}`);
  }
  if (stat.isFile()) {
    const base = path.basename(target);
    // Pulumi's project file is YAML and found by its name, as the Pulumi CLI finds it.
    if (base === "Pulumi.yaml" || base === "Pulumi.yml") return { kind: "pulumi-project", dir: path.dirname(target) };
    const input = readJsonInput(target);
    if (input.kind === "cdktf-manifest") return { kind: "terraform-json", stacks: () => readSynthOutputDir(path.dirname(target)) };
    if (input.kind === "terraform-json") return { kind: "terraform-json", stacks: () => [readTerraformFile(target)] };
    return { kind: "json-document", input };
  }
  if (findProjectFile(target)) return { kind: "pulumi-project", dir: target };
  if (isSynthOutputDir(target)) return { kind: "terraform-json", stacks: () => readSynthOutputDir(target) };
  const configFiles = terraformJsonFilesIn(target);
  if (configFiles.length > 0) {
    for (const file of configFiles) {
      const { kind } = readJsonInput(file);
      if (kind !== "terraform-json") {
        throw new CheckError(`${file} is ${DOCUMENT_LABELS[kind]}, not Terraform JSON configuration: check it on its own (azure-redis-guard check ${file}).`);
      }
    }
    return { kind: "terraform-json", stacks: () => [readTerraformConfigDir(target, configFiles)] };
  }
  const cdktfHint = fs.existsSync(path.join(target, "cdktf.json"))
    ? ` It is a CDKTF app: run \`cdktf synth\` there and check ${path.join(target, "cdktf.out")}.`
    : "";
  throw new CheckError(
    `${target} is neither a Pulumi project (no Pulumi.yaml) nor a CDKTF synth output (no manifest.json, cdk.tf.json or stacks/*/cdk.tf.json) ` +
      `nor a Terraform JSON configuration (no *.tf.json); a plan or state is checked as a file.${cdktfHint}`,
  );
}

/** Reads a plan, a state or a Pulumi export with its reader. */
function readDocument(input: JsonInput, config: CheckConfig, now: number): ReadResult {
  switch (input.kind) {
    case "terraform-plan":
      return readTerraformPlan(input, config, now);
    case "terraform-state":
    case "terraform-tfstate":
      return readTerraformState(input, config, now);
    case "pulumi-state":
      return readPulumiState(input, config, now);
    default:
      throw new CheckError(`${input.file}: no reader for ${input.kind}`);
  }
}

/** Runs `check` and returns the report; throws {@link CheckError} when the check cannot run. */
export async function runCheck(args: CheckArguments, environment: CheckEnvironment): Promise<CheckReport> {
  const input = classifyInput(args.path);
  const config = loadPackConfig(args.policyPackConfig);
  const tool = toolInfo(PACKAGE_ROOT);
  const common = {
    path: path.resolve(args.path),
    offline: true as const,
    ...(config.file ? { policyPackConfig: displayPath(config.file) } : {}),
  };

  if (input.kind === "pulumi-project") {
    // Loaded on demand: the analyzer client brings gRPC and protobuf, which the Terraform input never needs.
    const { checkPulumiProject } = await import("./pulumi/check-pulumi");
    const check = await checkPulumiProject(path.resolve(input.dir), config, {
      ...(args.stack !== undefined ? { stack: args.stack } : {}),
      timeoutMs: args.timeoutMs,
      packDir: PACKAGE_ROOT,
      progress: environment.progress,
      ...(environment.onProgramOutput ? { onProgramOutput: environment.onProgramOutput } : {}),
    });
    const stackFile = check.project.stackFile ? { file: displayPath(check.project.stackFile) } : {};
    return buildReport(
      tool,
      { kind: "pulumi-project", ...common, project: check.project.name, stacks: [{ name: check.project.stack, ...stackFile }], resourcesSeen: check.resourcesSeen },
      config,
      check.resources,
      check.notes,
      args.failOn,
    );
  }

  if (input.kind === "json-document") {
    environment.progress(`Reading ${DOCUMENT_LABELS[input.input.kind]} ${input.input.file}…`);
    const read = readDocument(input.input, config, Date.now());
    const { resources, notes, kind, stacks, project, resourcesSeen, formatVersion, producer } = read;
    if (args.stack !== undefined) notes.push("--stack only selects a Pulumi stack to run a program with; the whole file was checked.");
    return buildReport(
      tool,
      {
        kind,
        ...common,
        stacks,
        ...(project !== undefined ? { project } : {}),
        resourcesSeen,
        ...(formatVersion !== undefined ? { formatVersion } : {}),
        ...(producer !== undefined ? { producer } : {}),
      },
      config,
      resources,
      notes,
      args.failOn,
    );
  }

  environment.progress("Reading synthesized Terraform JSON…");
  const stacks = input.stacks();
  const check = checkTerraformStacks(stacks, config);
  const notes = [
    "Offline check of synthesized Terraform JSON: nothing was planned or applied. Values written as Terraform expressions " +
      "(`${...}`, such as references to variables or other resources) are only known at plan time and are reported as unknown.",
  ];
  if (args.stack !== undefined) notes.push("--stack only selects a Pulumi stack; every stack of the Terraform input was checked.");
  return buildReport(
    tool,
    {
      kind: "terraform-json",
      ...common,
      // A configuration of several *.tf.json files is named by its directory.
      stacks: stacks.map((s) => ({ name: s.name, file: displayPath(s.sources.length === 1 ? s.sources[0]!.file : path.dirname(s.sources[0]!.file)) })),
      resourcesSeen: check.resourcesSeen,
    },
    config,
    check.resources,
    notes,
    args.failOn,
  );
}
