import * as fs from "node:fs";
import * as path from "node:path";
import type { CheckArguments } from "./args";
import { CheckError } from "./check-error";
import { loadPackConfig } from "./config/pack-config";
import { buildReport, toolInfo } from "./report/build-report";
import type { CheckReport } from "./report/model";
import { displayPath } from "./report/source-lines";
import { PACKAGE_ROOT } from "./package-root";
import { findProjectFile } from "./pulumi/project";
import { checkTerraformStacks } from "./terraform/check-terraform";
import { isSynthOutputDir, readSynthOutputDir, readTerraformFile, type TerraformStack } from "./terraform/synth-output";

export interface CheckEnvironment {
  readonly progress: (message: string) => void;
  readonly onProgramOutput?: (line: string) => void;
}

type InputKind = { kind: "pulumi-project"; dir: string } | { kind: "terraform-json"; stacks: () => TerraformStack[] };

/** Decides what `<path>` is; a path that is neither input kind is a clear error, never a guess. */
function classifyInput(target: string): InputKind {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new CheckError(`no such file or directory: ${target}`);
  }
  if (stat.isFile()) {
    const base = path.basename(target);
    if (base === "Pulumi.yaml" || base === "Pulumi.yml") return { kind: "pulumi-project", dir: path.dirname(target) };
    if (base === "manifest.json") return { kind: "terraform-json", stacks: () => readSynthOutputDir(path.dirname(target)) };
    if (base.endsWith(".json")) return { kind: "terraform-json", stacks: () => [readTerraformFile(target)] };
    throw new CheckError(`${target} is not a cdk.tf.json file (nor a directory): pass a Pulumi project directory, a cdktf.out directory or a cdk.tf.json file.`);
  }
  if (findProjectFile(target)) return { kind: "pulumi-project", dir: target };
  if (isSynthOutputDir(target)) return { kind: "terraform-json", stacks: () => readSynthOutputDir(target) };
  const cdktfHint = fs.existsSync(path.join(target, "cdktf.json"))
    ? ` It is a CDKTF app: run \`cdktf synth\` there and check ${path.join(target, "cdktf.out")}.`
    : "";
  throw new CheckError(
    `${target} is neither a Pulumi project (no Pulumi.yaml) nor a CDKTF synth output (no manifest.json, cdk.tf.json or stacks/*/cdk.tf.json).${cdktfHint}`,
  );
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
    { kind: "terraform-json", ...common, stacks: stacks.map((s) => ({ name: s.name, file: displayPath(s.file) })), resourcesSeen: check.resourcesSeen },
    config,
    check.resources,
    notes,
  );
}
