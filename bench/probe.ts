import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PackProcess } from "../cli/engine/pack-process";

/**
 * A probe preloaded into a policy pack (through `NODE_OPTIONS=--require`, which reaches the process
 * the Pulumi CLI would start without changing how it is started) so the bench can look inside it:
 *
 * - `gc`: a forced full garbage collection (the pack runs with `--expose-gc`), then the memory the
 *   heap still holds: what a leak would make grow, whatever V8 decides about the size of its heap;
 * - `profile-start` / `profile-stop <file>`: a CPU profile of the pack, written as a `.cpuprofile`.
 *
 * The bench writes a command into the probe's directory and sends SIGUSR2 (unused by Node.js, the
 * SDK and gRPC); the probe answers with one `[arg-probe] <json>` line on stderr.
 */
const PROBE_SOURCE = String.raw`"use strict";
const fs = require("node:fs");
const path = require("node:path");
const inspector = require("node:inspector");
const dir = process.env.ARG_BENCH_PROBE_DIR;
let session;
function answer(value) { process.stderr.write("[arg-probe] " + JSON.stringify(value) + "\n"); }
function post(method, params) {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}
async function run(command) {
  const [verb, argument] = command.trim().split(" ");
  if (verb === "gc") {
    if (typeof globalThis.gc !== "function") throw new Error("the pack was not started with --expose-gc");
    // Twice: objects kept alive by finalizers or weak references of the first pass go in the second.
    globalThis.gc();
    globalThis.gc();
    const m = process.memoryUsage();
    return { heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
  }
  if (verb === "profile-start") {
    session = new inspector.Session();
    session.connect();
    await post("Profiler.enable");
    await post("Profiler.setSamplingInterval", { interval: 100 });
    await post("Profiler.start");
    return { profiling: true };
  }
  if (verb === "profile-stop") {
    const { profile } = await post("Profiler.stop");
    fs.writeFileSync(argument, JSON.stringify(profile));
    session.disconnect();
    return { profile: argument };
  }
  throw new Error("unknown probe command " + verb);
}
process.on("SIGUSR2", () => {
  let command;
  try { command = fs.readFileSync(path.join(dir, "command"), "utf8"); } catch (error) { return answer({ error: String(error) }); }
  run(command).then(answer, (error) => answer({ error: String(error && error.message || error) }));
});
`;

export interface Probe {
  /** The environment that preloads the probe into a pack (and exposes `gc`), on top of `base`. */
  env(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Sends `command` to the pack and resolves with its answer. */
  ask<T>(pack: PackProcess, command: string, timeoutMs?: number): Promise<T>;
  /** Removes the probe's directory. */
  remove(): void;
}

export function writeProbe(): Probe {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arg-bench-probe-"));
  const script = path.join(dir, "probe.js");
  fs.writeFileSync(script, PROBE_SOURCE);
  return {
    env(base = process.env) {
      const nodeOptions = [base["NODE_OPTIONS"], "--expose-gc", `--require ${JSON.stringify(script)}`].filter(Boolean).join(" ");
      return { ...base, NODE_OPTIONS: nodeOptions, ARG_BENCH_PROBE_DIR: dir };
    },
    async ask<T>(pack: PackProcess, command: string, timeoutMs = 60_000): Promise<T> {
      const answered = () => pack.stderr().split("\n").filter((line) => line.startsWith("[arg-probe] ")).length;
      const before = answered();
      fs.writeFileSync(path.join(dir, "command"), command);
      pack.child.kill("SIGUSR2");
      const started = Date.now();
      while (answered() === before) {
        if (Date.now() - started > timeoutMs) throw new Error(`the probe did not answer '${command}' within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const lines = pack.stderr().split("\n").filter((line) => line.startsWith("[arg-probe] "));
      const result = JSON.parse(lines[lines.length - 1]!.slice("[arg-probe] ".length)) as T & { error?: string };
      if (result.error) throw new Error(`probe: ${result.error}`);
      return result;
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
