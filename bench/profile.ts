/**
 * Where the time of an Analyze call goes inside the pack: a CPU profile of the running pack (taken by
 * the probe, see probe.ts) over many calls made one at a time, split by whose code each sample was in.
 * One call takes a fraction of a millisecond, below what a sampling profiler resolves; the average
 * over thousands of identical-in-kind calls is the split of one call.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AnalyzerConnection, type AnalyzedResource } from "../cli/engine/analyzer-client";
import { startPolicyPack } from "../cli/engine/pack-process";
import type { Probe } from "./probe";

/** The parts of a V8 `.cpuprofile` this reads. */
interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: { functionName: string; url: string }; children?: readonly number[] }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/**
 * Where a sample's time goes. A sample belongs to the first part in this order that has a frame
 * anywhere on its stack, so each part holds what it calls: our policies with the SDK's proxy reads
 * and the not-applicable error they cause; the SDK's deserialization with the protobuf `Struct`
 * conversion it runs; the SDK's analyze loop with the arguments and diagnostics it builds; then
 * protobuf decoding and encoding and the gRPC / HTTP/2 transport the SDK does not call.
 */
export const PARTS = {
  ours: "azure-redis-guard's policies (dist/policies, and the SDK calls they make)",
  sdkDeserialize: "@pulumi/policy: deserialize the property bag, once per policy",
  sdkProxy: "@pulumi/policy: wrap it in the unknown-checking proxy",
  sdkAnalyze: "@pulumi/policy: analyze loop, arguments, diagnostics, response",
  protobuf: "protobuf: decode the request, encode the response",
  transport: "gRPC and HTTP/2",
  garbageCollection: "garbage collection",
  other: "Node.js event loop and other",
} as const;
export type Part = keyof typeof PARTS;

export interface AnalyzeProfile {
  readonly calls: number;
  /** Milliseconds of CPU the pack spent per call, idle and the profiler's own work excluded. */
  readonly busyMsPerCall: number;
  /** Share of the busy time in each part (sums to 1). */
  readonly share: Readonly<Record<Part, number>>;
}

type FramePart = Exclude<Part, "garbageCollection" | "other"> | "idle" | "profiler";

/** The part a single frame stands for, if it names one. */
function framePart(functionName: string, url: string, ourCode: string): FramePart | undefined {
  if (functionName === "(idle)") return "idle";
  if (url.startsWith(ourCode) || url.startsWith(`file://${ourCode}`)) return "ours";
  if (/@pulumi\/policy\/deserialize\.js$/.test(url)) return "sdkDeserialize";
  if (/@pulumi\/policy\/proxy\.js$/.test(url)) return "sdkProxy";
  if (/@pulumi\/policy\//.test(url)) return "sdkAnalyze";
  if (/google-protobuf\/|@pulumi\/pulumi\/proto\//.test(url)) return "protobuf";
  if (/@grpc\/grpc-js\/|^node:internal\/http2\//.test(url)) return "transport";
  if (/^node:inspector$|^node:internal\/inspector/.test(url)) return "profiler";
  return undefined;
}

/** First on the stack wins, in this order (the profiler's and idle samples are not counted). */
const PRECEDENCE: readonly FramePart[] = ["idle", "profiler", "ours", "sdkDeserialize", "sdkProxy", "sdkAnalyze", "protobuf", "transport"];

/** Splits a CPU profile of the pack into {@link PARTS}. */
export function splitProfile(profile: CpuProfile, packDir: string, calls: number): AnalyzeProfile {
  const ourCode = path.join(packDir, "dist", "policies");
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const partOfNode = new Map<number, Part | "idle" | "profiler">();
  const classify = (id: number): Part | "idle" | "profiler" => {
    const known = partOfNode.get(id);
    if (known) return known;
    const { functionName } = byId.get(id)!.callFrame;
    const onStack = new Set<FramePart>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const part = framePart(frame.functionName, frame.url, ourCode);
      if (part) onStack.add(part);
    }
    const part = PRECEDENCE.find((candidate) => onStack.has(candidate)) ?? (functionName === "(garbage collector)" ? "garbageCollection" : "other");
    partOfNode.set(id, part);
    return part;
  };
  const us = Object.fromEntries(Object.keys(PARTS).map((part) => [part, 0])) as Record<Part, number>;
  let busyUs = 0;
  profile.samples.forEach((id, i) => {
    const part = classify(id);
    if (part === "idle" || part === "profiler") return;
    us[part] += profile.timeDeltas[i] ?? 0;
    busyUs += profile.timeDeltas[i] ?? 0;
  });
  return {
    calls,
    busyMsPerCall: busyUs / 1000 / calls,
    share: Object.fromEntries(Object.entries(us).map(([part, partUs]) => [part, partUs / busyUs])) as Record<Part, number>,
  };
}

/** Profiles `calls` Analyze calls made one at a time against the pack in `packDir`, after a warm-up. */
export async function profileAnalyze(packDir: string, workload: readonly AnalyzedResource[], probe: Probe, warmupCalls = 2000): Promise<AnalyzeProfile> {
  const running = await startPolicyPack(packDir, { timeoutMs: 120_000, env: probe.env() });
  const engine = new AnalyzerConnection(running.port);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "arg-bench-profile-")), "analyze.cpuprofile");
  try {
    for (let i = 0; i < warmupCalls; i++) await engine.analyze(workload[i % workload.length]!).catch(() => undefined);
    await probe.ask(running, "profile-start");
    for (const resource of workload) await engine.analyze(resource).catch(() => undefined);
    await probe.ask(running, `profile-stop ${file}`);
    return splitProfile(JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile, path.resolve(packDir), workload.length);
  } finally {
    engine.close();
    await running.stop();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}
