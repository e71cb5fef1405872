/**
 * The command line without the process: parse the arguments, run the check, write the report, answer the
 * exit code. Exit codes: 0 nothing fails the check at the `--fail-on` level (by default: no mandatory
 * violation), 1 something does, 2 the check could not run. A user's mistake gets a message, never a stack
 * trace; only a bug in this tool rejects (main.ts prints that one).
 */
import * as fs from "node:fs";
import { escapeForDisplay } from "../policies/core/display";
import { parseArguments, USAGE, type Arguments, type OutputFormat } from "./args";
import { readBaselineFile } from "./baseline/file";
import { settleBaseline } from "./baseline/settle";
import { runCheck } from "./check";
import { CheckError } from "./check-error";
import { toolInfo } from "./report/build-report";
import { displaySafeReport } from "./report/display-safe";
import { renderGithub } from "./report/github";
import { renderJunit } from "./report/junit";
import { renderSarif } from "./report/sarif";
import { ansiStyle, plainStyle, useColour } from "./report/style";
import { renderText } from "./report/text";
import type { CheckReport } from "./report/model";
import { PACKAGE_ROOT } from "./package-root";

/** Where the command line writes: the process's streams in main.ts, buffers in tests. */
export interface CommandLineIo {
  readonly stdout: { readonly isTTY?: boolean; write(text: string): unknown };
  readonly stderr: { readonly isTTY?: boolean; write(text: string): unknown };
  readonly env: NodeJS.ProcessEnv;
}

function render(report: CheckReport, format: OutputFormat, colour: boolean): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "sarif":
      return renderSarif(report);
    case "junit":
      return renderJunit(displaySafeReport(report));
    case "github":
      return renderGithub(displaySafeReport(report));
    case "text":
      return renderText(displaySafeReport(report), colour ? ansiStyle : plainStyle);
  }
}

function writeReport(file: string, content: string): void {
  try {
    fs.writeFileSync(file, content);
  } catch (error) {
    throw new CheckError(`cannot write ${file}: ${(error as Error).message}`);
  }
}

/** Progress lines on stderr, only for a person watching a terminal; CI logs and pipes stay clean. */
function progressReporter(io: CommandLineIo): (message: string) => void {
  if (!io.stderr.isTTY) return () => undefined;
  const style = useColour(io.stderr) ? ansiStyle : plainStyle;
  return (message) => io.stderr.write(`${style.dim(`› ${escapeForDisplay(message)}`)}\n`);
}

/**
 * Runs the command line on `argv` (without `node` and the script) with the given streams, and resolves to
 * the exit code. Nothing here touches the process: main.ts wires it to the real streams, and the fuzz tests
 * run thousands of inputs through it in one process. A rejection is a bug in this tool, never the input's.
 */
export async function runCommandLine(argv: readonly string[], io: CommandLineIo): Promise<number> {
  let args: Arguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (error instanceof CheckError) {
      io.stderr.write(`azure-redis-guard: ${escapeForDisplay(error.message)}\n`);
      return 2;
    }
    throw error;
  }
  if (args.command === "help") {
    io.stdout.write(USAGE);
    return 0;
  }
  if (args.command === "version") {
    io.stdout.write(`${toolInfo(PACKAGE_ROOT).version}\n`);
    return 0;
  }
  try {
    // Read first: a baseline that cannot be used stops the check before a program runs for minutes.
    const baseline = args.baseline !== undefined ? { file: args.baseline, content: readBaselineFile(args.baseline) } : undefined;
    const checked = await runCheck(args, {
      progress: progressReporter(io),
      onProgramOutput: (line) => io.stderr.write(`[program] ${escapeForDisplay(line)}\n`),
    });
    const { report, write } = settleBaseline(checked, { ...(baseline ? { baseline } : {}), ...(args.createBaseline !== undefined ? { createBaseline: args.createBaseline } : {}) });
    if (write) {
      writeReport(write.file, write.content);
      io.stderr.write(`azure-redis-guard: ${escapeForDisplay(write.message)}\n`);
    }
    if (args.jsonReport !== undefined) writeReport(args.jsonReport, render(report, "json", false));
    if (args.output !== undefined) {
      writeReport(args.output, render(report, args.format, false));
      const s = report.summary;
      io.stderr.write(
        `azure-redis-guard: wrote the ${args.format} report to ${escapeForDisplay(args.output)}: ${s.mandatoryViolations} mandatory violation(s), ` +
          `${s.advisoryViolations} advisory, ${s.unknown} unknown, ${s.passed} passed, ${s.exempted} exempted` +
          `${report.baseline ? `, ${s.baselined} baselined, ${s.resolved} resolved` : ""} (offline check).\n`,
      );
    } else {
      io.stdout.write(render(report, args.format, args.format === "text" && useColour(io.stdout, io.env)));
    }
    return report.exitCode;
  } catch (error) {
    if (error instanceof CheckError) {
      io.stderr.write(`azure-redis-guard: the check could not run: ${escapeForDisplay(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}
