import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";

/** A policy pack started the way the Pulumi CLI starts a Node.js pack. */
export interface PackProcess {
  /** The port the pack printed on stdout: where its Analyzer gRPC service listens on 127.0.0.1. */
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the pack wrote to stderr so far (for error messages). */
  stderr(): string;
  /** Ends the pack and waits for it to exit. */
  stop(): Promise<void>;
}

export interface StartPackOptions {
  /** How long to wait for the port; the first start after an install can be slow. */
  readonly timeoutMs?: number;
  /** Address the pack is told the engine is at; nothing here serves it, as in the engine's own tests. */
  readonly engineAddress?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Starts `packDir` exactly as `pulumi preview --policy-pack <packDir>` does: the CLI's
 * `pulumi-analyzer-policy` shim runs `node <packDir>/node_modules/@pulumi/pulumi/cmd/run-policy-pack
 * <engine-address> <packDir>` in the pack's directory, and the pack prints its gRPC port on stdout.
 */
export function startPolicyPack(packDir: string, options: StartPackOptions = {}): Promise<PackProcess> {
  const dir = path.resolve(packDir);
  let runPolicyPack: string;
  try {
    runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
  } catch {
    return Promise.reject(new Error(`${dir} has no @pulumi/pulumi installed (run npm ci there first).`));
  }
  const child = spawn(process.execPath, [runPolicyPack, options.engineAddress ?? "127.0.0.1:1", dir], {
    cwd: dir,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise<PackProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`policy pack in ${dir} printed no port within ${options.timeoutMs ?? 60_000} ms.\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const match = /^(\d+)\s*$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ port: Number(match[1]), child, stderr: () => stderr, stop });
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`policy pack in ${dir} exited (${signal ?? `code ${code}`}) before printing its port.\n${stderr}`));
    });
  });
}
