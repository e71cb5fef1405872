import { spawn, type ChildProcessByStdio } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Readable } from "node:stream";
import { CheckError } from "../check-error";
import type { HostMessage, HostRequest, RegisteredResource } from "./host-protocol";
import type { PulumiProject } from "./project";

export interface ProgramRun {
  readonly resources: readonly RegisteredResource[];
  /** Provider functions the program called; offline they answered with an empty result. */
  readonly invokes: readonly string[];
}

export interface RunProgramOptions {
  readonly timeoutMs: number;
  /** Receives the program's own stdout (console.log), line by line. */
  readonly onProgramOutput?: (line: string) => void;
}

const HOST_SCRIPT = path.join(__dirname, "program-host.js");

function readRecords(file: string): HostMessage[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as HostMessage);
}

/** The runtime's own error lines, without stack frames: for a program that died before the host could say why. */
function lastWords(stderr: string): string {
  const lines = stderr.split("\n").filter((line) => line.trim() !== "" && !/^\s+at /.test(line));
  return lines.slice(-8).join("\n");
}

function explainFailure(project: PulumiProject, message: string): string {
  const hints: string[] = [];
  if (/Missing required configuration variable/.test(message)) {
    hints.push(
      project.secureKeysMissing.length > 0
        ? `Secret config values (${project.secureKeysMissing.join(", ")}) cannot be decrypted offline.`
        : `Stack '${project.stack}' has no such config value${project.stackFile ? "" : ` (no Pulumi.${project.stack}.yaml; choose a stack with --stack)`}.`,
    );
  }
  return `the Pulumi program in ${project.dir} failed under the offline mock runtime:\n  ${message.replace(/\n/g, "\n  ")}${hints.length ? `\n${hints.join("\n")}` : ""}`;
}

/** What the host records say about a run that ended: the resources and invokes, or why the program failed. */
function programRunOf(project: PulumiProject, recordsFile: string, ending: { code: number | null; stderr: string; timedOut: boolean }, timeoutMs: number): ProgramRun {
  if (ending.timedOut) throw new CheckError(`the Pulumi program in ${project.dir} did not finish within ${timeoutMs / 1000} s (--timeout).`);
  const records = readRecords(recordsFile);
  const failure = records.find((r): r is Extract<HostMessage, { kind: "failed" }> => r.kind === "failed");
  if (failure) throw new CheckError(failure.stage === "setup" ? `cannot run the Pulumi program in ${project.dir}: ${failure.message}` : explainFailure(project, failure.message));
  if (ending.code !== 0 || !records.some((r) => r.kind === "done")) {
    throw new CheckError(explainFailure(project, lastWords(ending.stderr) || `the program exited with code ${ending.code}`));
  }
  return {
    resources: records.flatMap((r) => (r.kind === "resource" ? [r.resource] : [])),
    invokes: [...new Set(records.flatMap((r) => (r.kind === "invoke" ? [r.token] : [])))],
  };
}

/** Starts the program host for the project, with the config the Pulumi CLI would give the language host. */
function spawnHost(project: PulumiProject, recordsFile: string): ChildProcessByStdio<null, Readable, Readable> {
  const request: HostRequest = {
    programDir: project.dir,
    entryPoint: project.entryPoint,
    project: project.name,
    stack: project.stack,
    organization: "organization",
    typescript: project.typescript,
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(project.config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify([]),
    ...(project.tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: project.tsconfig } : {}),
  };
  return spawn(process.execPath, [...project.nodeargs, HOST_SCRIPT, JSON.stringify(request), recordsFile], {
    cwd: project.dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * Runs the project's program in a child process under Pulumi's mock runtime (see program-host.ts):
 * a program that throws or exits cannot take the CLI down, and its globals stay its own.
 */
export function runProgramOffline(project: PulumiProject, options: RunProgramOptions): Promise<ProgramRun> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-redis-guard-"));
  const recordsFile = path.join(workDir, "records.jsonl");
  const child = spawnHost(project, recordsFile);
  let stderr = "";
  let pending = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-64 * 1024);
  });
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) options.onProgramOutput?.(line);
  });

  return new Promise<ProgramRun>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new CheckError(`cannot start Node.js for the Pulumi program: ${error.message}`));
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      if (pending) options.onProgramOutput?.(pending);
      try {
        resolve(programRunOf(project, recordsFile, { code, stderr, timedOut }, options.timeoutMs));
      } catch (error) {
        reject(error);
      } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
      }
    });
  });
}
