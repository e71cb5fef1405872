#!/usr/bin/env node
/**
 * `azure-redis-guard`: the package's command line (package.json `bin`). Exit codes: 0 nothing fails the check
 * at the `--fail-on` level (by default: no mandatory violation), 1 something does, 2 the check could not run. A user's mistake gets a message, never
 * a stack trace; only a bug in this tool prints one.
 */
import * as fs from "node:fs";
import { parseArguments, USAGE, type Arguments, type OutputFormat } from "./args";
import { readBaselineFile } from "./baseline/file";
import { settleBaseline } from "./baseline/settle";
import { runCheck } from "./check";
import { CheckError } from "./check-error";
import { toolInfo } from "./report/build-report";
import { escapeForDisplay } from "../policies/core/display";
import { displaySafeReport } from "./report/display-safe";
import { renderGithub } from "./report/github";
import { renderJunit } from "./report/junit";
import { renderSarif } from "./report/sarif";
import { ansiStyle, plainStyle, useColour } from "./report/style";
import { renderText } from "./report/text";
import type { CheckReport } from "./report/model";
import { PACKAGE_ROOT } from "./package-root";

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
function progressReporter(): (message: string) => void {
  if (!process.stderr.isTTY) return () => undefined;
  const style = useColour(process.stderr) ? ansiStyle : plainStyle;
  return (message) => process.stderr.write(`${style.dim(`› ${escapeForDisplay(message)}`)}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  let args: Arguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (error instanceof CheckError) {
      process.stderr.write(`azure-redis-guard: ${escapeForDisplay(error.message)}\n`);
      return 2;
    }
    throw error;
  }
  if (args.command === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.command === "version") {
    process.stdout.write(`${toolInfo(PACKAGE_ROOT).version}\n`);
    return 0;
  }
  try {
    // Read first: a baseline that cannot be used stops the check before a program runs for minutes.
    const baseline = args.baseline !== undefined ? { file: args.baseline, content: readBaselineFile(args.baseline) } : undefined;
    const checked = await runCheck(args, {
      progress: progressReporter(),
      onProgramOutput: (line) => process.stderr.write(`[program] ${escapeForDisplay(line)}\n`),
    });
    const { report, write } = settleBaseline(checked, { ...(baseline ? { baseline } : {}), ...(args.createBaseline !== undefined ? { createBaseline: args.createBaseline } : {}) });
    if (write) {
      writeReport(write.file, write.content);
      process.stderr.write(`azure-redis-guard: ${escapeForDisplay(write.message)}\n`);
    }
    if (args.jsonReport !== undefined) writeReport(args.jsonReport, render(report, "json", false));
    if (args.output !== undefined) {
      writeReport(args.output, render(report, args.format, false));
      const s = report.summary;
      process.stderr.write(
        `azure-redis-guard: wrote the ${args.format} report to ${escapeForDisplay(args.output)}: ${s.mandatoryViolations} mandatory violation(s), ` +
          `${s.advisoryViolations} advisory, ${s.unknown} unknown, ${s.passed} passed, ${s.exempted} exempted` +
          `${report.baseline ? `, ${s.baselined} baselined, ${s.resolved} resolved` : ""} (offline check).\n`,
      );
    } else {
      process.stdout.write(render(report, args.format, args.format === "text" && useColour(process.stdout)));
    }
    return report.exitCode;
  } catch (error) {
    if (error instanceof CheckError) {
      process.stderr.write(`azure-redis-guard: the check could not run: ${escapeForDisplay(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug in this tool, not the user's input: keep the stack trace so it can be reported.
    process.stderr.write(`azure-redis-guard: internal error (please report it): ${(error instanceof Error ? (error.stack ?? error.message) : String(error)).split("\n").map(escapeForDisplay).join("\n")}\n`);
    process.exitCode = 2;
  },
);
