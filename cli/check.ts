import * as fs from "node:fs";
import * as path from "node:path";
import type { CheckArguments } from "./args";
import { CheckError } from "./check-error";
import { loadPackConfig } from "./config/pack-config";
import { collect } from "./input/collect";
import { readJsonInput, type JsonInput } from "./input/json-input";
import type { ResourceReader } from "./input/reader";
import { buildReport, toolInfo } from "./report/build-report";
import type { CheckReport, ReportInput } from "./report/model";
import { displayPath } from "./report/source-lines";
import { PACKAGE_ROOT } from "./package-root";
import { readPulumiState } from "./pulumi/state-reader";
import { readPulumiProgram } from "./pulumi/program-reader";
import { findProjectFile, pulumiRuntimeOf } from "./pulumi/project";
import { readPulumiYamlProgram } from "./pulumi/yaml-program";
import { readTerraformConfigurations } from "./terraform/config-reader";
import { classifyHclInput } from "./terraform/hcl-input";
import { readHclConfigurations } from "./terraform/hcl-reader";
import { readTerraformPlan } from "./terraform/plan-reader";
import { readTerraformState } from "./terraform/state-reader";
import {
  isSynthOutputDir,
  readSynthOutputDir,
  readTerraformConfigDir,
  readTerraformFile,
  terraformJsonFilesIn,
  type TerraformConfiguration,
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

/**
 * What `<path>` turned out to be: how to start reading it, and what `--stack` means for it. Adding an input
 * is one reader (see input/reader.ts) and one entry here.
 */
interface ClassifiedInput {
  /** Says what is being read (progress on stderr), then starts the reader. */
  readonly read: (args: CheckArguments, environment: CheckEnvironment) => ResourceReader;
  /** The note a report gets when `--stack` was given to an input that has no stack to select. */
  readonly stackNote?: string;
}

function pulumiProject(dir: string): ClassifiedInput {
  if (pulumiRuntimeOf(dir) === "yaml") {
    return { read: (args, environment) => readPulumiYamlProgram(path.resolve(dir), { ...(args.stack !== undefined ? { stack: args.stack } : {}), progress: environment.progress }) };
  }
  return {
    read: (args, environment) =>
      readPulumiProgram(path.resolve(dir), {
        ...(args.stack !== undefined ? { stack: args.stack } : {}),
        timeoutMs: args.timeoutMs,
        progress: environment.progress,
        ...(environment.onProgramOutput ? { onProgramOutput: environment.onProgramOutput } : {}),
      }),
  };
}

function terraformJson(configurations: () => TerraformConfiguration[]): ClassifiedInput {
  return {
    read: (_args, environment) => {
      environment.progress("Reading synthesized Terraform JSON…");
      return readTerraformConfigurations(configurations);
    },
    stackNote: "--stack only selects a Pulumi stack; every stack of the Terraform input was checked.",
  };
}

/** A plan, a state or a Pulumi export: each with its reader. */
function jsonDocument(input: JsonInput): ClassifiedInput {
  return {
    read: (_args, environment) => {
      environment.progress(`Reading ${DOCUMENT_LABELS[input.kind]} ${input.file}…`);
      switch (input.kind) {
        case "terraform-plan":
          return readTerraformPlan(input);
        case "terraform-state":
        case "terraform-tfstate":
          return readTerraformState(input);
        case "pulumi-state":
          return readPulumiState(input);
        default:
          throw new CheckError(`${input.file}: no reader for ${input.kind}`);
      }
    },
    stackNote: "--stack only selects a Pulumi stack to run a program with; the whole file was checked.",
  };
}

/**
 * Decides what `<path>` is. A file is told by its content, never its name (a plan saved as `cdk.tf.json`
 * is still a plan); a directory by what it holds. Anything else is a clear error, never a guess.
 */
function classifyInput(target: string): ClassifiedInput {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new CheckError(`no such file or directory: ${target}`);
  }
  // HCL: a directory of *.tf files, `cdktf synth --hcl` output, a Pulumi project with `runtime: hcl`.
  const hcl = classifyHclInput(target, stat);
  if (hcl) {
    return {
      read: (args, environment) => {
        environment.progress(`Reading ${hcl.label} ${target}…`);
        return readHclConfigurations(hcl.configurations({ varFiles: args.varFiles ?? [], ...(args.stack !== undefined ? { stack: args.stack } : {}) }));
      },
      ...(hcl.label.startsWith("a Pulumi") ? {} : { stackNote: "--stack only selects a Pulumi stack; every stack of the Terraform input was checked." }),
    };
  }
  if (stat.isFile()) {
    const base = path.basename(target);
    // Pulumi's project file is YAML and found by its name, as the Pulumi CLI finds it.
    if (base === "Pulumi.yaml" || base === "Pulumi.yml") return pulumiProject(path.dirname(target));
    const input = readJsonInput(target);
    if (input.kind === "cdktf-manifest") {
      // A manifest names its stacks' files under stacks/ beside it: without that directory there is nothing it describes.
      const stacksDir = path.join(path.dirname(target), "stacks");
      if (!fs.existsSync(stacksDir) || !fs.statSync(stacksDir).isDirectory()) {
        throw new CheckError(
          `${target} is a CDKTF manifest (manifest.json) with no stacks/ directory beside it, so the stacks it describes are not there: check the whole cdktf.out directory that \`cdktf synth\` wrote.`,
        );
      }
      return terraformJson(() => readSynthOutputDir(path.dirname(target)));
    }
    if (input.kind === "terraform-json") return terraformJson(() => [readTerraformFile(target)]);
    return jsonDocument(input);
  }
  if (findProjectFile(target)) return pulumiProject(target);
  if (isSynthOutputDir(target)) return terraformJson(() => readSynthOutputDir(target));
  const configFiles = terraformJsonFilesIn(target);
  if (configFiles.length > 0) {
    for (const file of configFiles) {
      const { kind } = readJsonInput(file);
      if (kind !== "terraform-json") {
        throw new CheckError(`${file} is ${DOCUMENT_LABELS[kind]}, not Terraform JSON configuration: check it on its own (azure-redis-guard check ${file}).`);
      }
    }
    return terraformJson(() => [readTerraformConfigDir(target, configFiles)]);
  }
  const cdktfHint = fs.existsSync(path.join(target, "cdktf.json"))
    ? ` It is a CDKTF app: run \`cdktf synth\` there and check ${path.join(target, "cdktf.out")}.`
    : "";
  throw new CheckError(
    `${target} is neither a Pulumi project (no Pulumi.yaml) nor a CDKTF synth output (no manifest.json, cdk.tf.json or stacks/*/cdk.tf.json) ` +
      `nor a Terraform JSON configuration (no *.tf.json); a plan or state is checked as a file.${cdktfHint}`,
  );
}

/**
 * Runs `check` and returns the report; throws {@link CheckError} when the check cannot run. Every input takes
 * one path: its reader yields resources, the collector judges them through the core, one report is built.
 */
export async function runCheck(args: CheckArguments, environment: CheckEnvironment): Promise<CheckReport> {
  const input = classifyInput(args.path);
  const config = loadPackConfig(args.policyPackConfig);
  const tool = toolInfo(PACKAGE_ROOT);
  const collected = await collect(input.read(args, environment), config, Date.now());
  // The reader's stacks and project, in the order it wrote them, are the report input's (and so the JSON report's).
  const { kind, formatVersion, producer, notes: _notes, closingNotes: _closingNotes, ...described } = collected.description;
  const notes = [...collected.notes];
  if (args.stack !== undefined && input.stackNote !== undefined) notes.push(input.stackNote);
  const reportInput: ReportInput = {
    kind,
    path: path.resolve(args.path),
    offline: true,
    ...(config.file ? { policyPackConfig: displayPath(config.file) } : {}),
    ...described,
    resourcesSeen: collected.resourcesSeen,
    ...(formatVersion !== undefined ? { formatVersion } : {}),
    ...(producer !== undefined ? { producer } : {}),
  };
  return buildReport(tool, reportInput, config, collected.resources, notes, args.failOn);
}
