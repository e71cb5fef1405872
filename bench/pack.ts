import { AnalyzerConnection, type AnalyzedResource } from "../cli/engine/analyzer-client";
import { startPolicyPack } from "../cli/engine/pack-process";
import { cpuMs, median, nowMs, peakRssKiB } from "./stats";

export interface PackUnderTest {
  /** `ours`, `baseline` (one no-op policy), `floor` (as many no-op policies as ours has rules). */
  readonly label: string;
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
    string,
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
  /**
   * CPU milliseconds the pack process spent per call, both modes together. Unlike throughput it
   * hardly moves when other processes compete for the cores: a second opinion on a busy machine.
   */
  readonly cpuMsPerCall: number;
  readonly peakRssKiB: number;
  readonly errors: number;
  /**
   * Milliseconds of each batch, in the order the batches ran (the same batches for every pack, each
   * pack's turn right after or before the others'): ratios paired batch by batch see the same load.
   */
  readonly batchMs: { readonly sequential: readonly number[]; readonly concurrent: readonly number[] };
}

/**
 * The median over batches of `other`'s time over `ours`'s for the same batch: `ours`'s throughput
 * relative to `other`'s, each batch compared with its neighbour in time. On a busy machine the median
 * of paired ratios is far steadier than the ratio of the totals.
 */
export function pairedThroughputRatio(ours: readonly ThroughputResult[], other: readonly ThroughputResult[], mode: "sequential" | "concurrent"): number {
  const ratios: number[] = [];
  ours.forEach((round, r) => round.batchMs[mode].forEach((ms, b) => ratios.push(other[r]!.batchMs[mode][b]! / ms)));
  return median(ratios);
}

/**
 * Resources per second over real gRPC for every pack, one call at a time and with `inFlight` calls
 * outstanding. All packs run at once and take turns in batches, so a load spike on this shared
 * machine hits them alike instead of whichever pack happened to be measured at the time.
 *
 * Calls in flight go three times as fast, so that mode goes through the resources
 * `concurrentRepeats` times in batches `concurrentRepeats` times larger: a batch of 500 calls in
 * flight lasts about an eighth of a second, short enough for the scheduler's noise on two cores to
 * move a ratio by ±5% from one run to the next.
 */
export async function measureThroughputInterleaved(
  packs: readonly PackUnderTest[],
  resources: readonly AnalyzedResource[],
  inFlight: number,
  batchSize = 500,
  concurrentRepeats = 4,
): Promise<Record<string, ThroughputResult>> {
  const running = await Promise.all(packs.map((pack) => startPolicyPack(pack.dir, { timeoutMs: 120_000 })));
  const engines = running.map((r) => new AnalyzerConnection(r.port));
  try {
    const totals = packs.map(() => ({ sequentialMs: 0, concurrentMs: 0, cpuMs: 0, errors: 0, batches: { sequential: [] as number[], concurrent: [] as number[] } }));
    // Warm-up: let V8 optimise every pack before the clock starts.
    for (const engine of engines) await runWithConcurrency(engine, resources.slice(0, 500), 1);
    const concurrentCalls = Array.from({ length: concurrentRepeats }, () => resources).flat();
    for (const mode of ["sequential", "concurrent"] as const) {
      const calls = mode === "sequential" ? resources : concurrentCalls;
      const size = mode === "sequential" ? batchSize : batchSize * concurrentRepeats;
      for (let offset = 0, turn = 0; offset < calls.length; offset += size, turn++) {
        const batch = calls.slice(offset, offset + size);
        // Each pack takes each place in the turn equally often (with three packs, alternating the order
        // would leave the middle pack always between the other two).
        const order = engines.map((_, i) => (i + turn) % engines.length);
        for (const i of order) {
          const cpuBefore = cpuMs(running[i]!.child.pid);
          const started = nowMs();
          totals[i]!.errors += await runWithConcurrency(engines[i]!, batch, mode === "sequential" ? 1 : inFlight);
          const elapsed = nowMs() - started;
          totals[i]![mode === "sequential" ? "sequentialMs" : "concurrentMs"] += elapsed;
          totals[i]!.batches[mode].push(elapsed);
          totals[i]!.cpuMs += cpuMs(running[i]!.child.pid) - cpuBefore;
        }
      }
    }
    return Object.fromEntries(
      packs.map((pack, i) => [
        pack.label,
        {
          sequentialPerSec: resources.length / (totals[i]!.sequentialMs / 1000),
          concurrentPerSec: concurrentCalls.length / (totals[i]!.concurrentMs / 1000),
          cpuMsPerCall: totals[i]!.cpuMs / (resources.length + concurrentCalls.length),
          peakRssKiB: peakRssKiB(running[i]!.child.pid),
          errors: totals[i]!.errors,
          batchMs: totals[i]!.batches,
        },
      ]),
    ) as Record<string, ThroughputResult>;
  } finally {
    for (const engine of engines) engine.close();
    await Promise.all(running.map((r) => r.stop()));
  }
}
