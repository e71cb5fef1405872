#!/usr/bin/env node
/**
 * `azure-redis-guard`: the package's command line (package.json `bin`), wired to the process's streams;
 * command-line.ts does the work. A user's mistake gets a message and exit 2, never a stack trace; only a bug
 * in this tool prints one, its lines escaped like any other output.
 */
import { escapeForDisplay } from "../policies/core/display";
import { runCommandLine } from "./command-line";

runCommandLine(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug in this tool, not the user's input: keep the stack trace so it can be reported.
    const trace = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`azure-redis-guard: internal error (please report it): ${trace.split("\n").map(escapeForDisplay).join("\n")}\n`);
    process.exitCode = 2;
  },
);
