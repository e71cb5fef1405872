import { AnalyzerConnection, type AnalyzedResource } from "../cli/engine/analyzer-client";
import { startPolicyPack } from "../cli/engine/pack-process";
import { median, nowMs, peakRssKiB } from "./stats";

export interface PackUnderTest {
  readonly label: "ours" | "baseline";
  readonly dir: string;
}

/** Milliseconds from spawning the pack as the Pulumi CLI does to its port on stdout, and its peak RSS then. */
export async function coldStart(pack: PackUnderTest): Promise<{ ms: number; rssKiB: number }> {
  const started = nowMs();
  const running = await startPolicyPack(pack.dir, { timeoutMs: 120_000 });
  const ms = nowMs() - started;
  const rssKiB = peakRssKiB(running.child.pid);
  await running.stop();
  return { ms, rssKiB };
}

/** Alternates the packs, `warmups` discarded runs each, then `repetitions` measured runs each. */
export async function measureColdStarts(packs: readonly PackUnderTest[], warmups: number, repetitions: number) {
  const ms = new Map<string, number[]>(packs.map((p) => [p.label, []]));
  const rss = new Map<string, number[]>(packs.map((p) => [p.label, []]));
  for (let round = 0; round < warmups + repetitions; round++) {
    // Swap the order every round so neither pack always runs on a warmer machine.
    const order = round % 2 === 0 ? packs : [...packs].reverse();
    for (const pack of order) {
      const result = await coldStart(pack);
      if (round >= warmups) {
        ms.get(pack.label)!.push(result.ms);
        rss.get(pack.label)!.push(result.rssKiB);
      }
    }
  }
  return Object.fromEntries(packs.map((p) => [p.label, { ms: median(ms.get(p.label)!), rssKiB: median(rss.get(p.label)!) }])) as Record<
    PackUnderTest["label"],
    { ms: number; rssKiB: number }
  >;
}

async function runWithConcurrency(engine: AnalyzerConnection, resources: readonly AnalyzedResource[], inFlight: number): Promise<number> {
  let next = 0;
  let errors = 0;
  const worker = async () => {
    while (next < resources.length) {
      const resource = resources[next++]!;
      await engine.analyze(resource).catch(() => errors++);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return errors;
}

export interface ThroughputResult {
  readonly sequentialPerSec: number;
  readonly concurrentPerSec: number;
  readonly peakRssKiB: number;
  readonly errors: number;
}

/** Resources per second over real gRPC, one at a time and with `inFlight` calls outstanding. */
export async function measureThroughput(pack: PackUnderTest, resources: readonly AnalyzedResource[], inFlight: number): Promise<ThroughputResult> {
  const running = await startPolicyPack(pack.dir, { timeoutMs: 120_000 });
  const engine = new AnalyzerConnection(running.port);
  try {
    // Warm-up: let V8 optimise both sides before the clock starts.
    await runWithConcurrency(engine, resources.slice(0, 500), 1);
    let started = nowMs();
    let errors = await runWithConcurrency(engine, resources, 1);
    const sequentialPerSec = resources.length / ((nowMs() - started) / 1000);
    started = nowMs();
    errors += await runWithConcurrency(engine, resources, inFlight);
    const concurrentPerSec = resources.length / ((nowMs() - started) / 1000);
    return { sequentialPerSec, concurrentPerSec, peakRssKiB: peakRssKiB(running.child.pid), errors };
  } finally {
    engine.close();
    await running.stop();
  }
}
