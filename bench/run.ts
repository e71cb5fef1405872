/**
 * `npm run bench [-- --quick]`: what the guard costs its users, as ratios against baselines measured in
 * the same run (alternating, with warm-ups and repetitions). Absolute times on a shared 2-core machine
 * are noise; the ratios are the figures. The last line is one JSON object for machines.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { writeBaselinePack } from "./baseline-pack";
import { measureCoreEvaluations } from "./core";
import { measureColdStarts, measureThroughputInterleaved, type PackUnderTest, type ThroughputResult } from "./pack";
import { measurePlanCheck } from "./plan-check";
import { median, repoRoot } from "./stats";
import { measureSynth } from "./synth";
import { analyzeWorkload } from "./workload";

const REPO_ROOT = repoRoot();
const quick = process.argv.includes("--quick");
const plan = quick
  ? { startWarmups: 1, startReps: 3, analyzeCalls: 10_000, analyzeReps: 1, synthWarmups: 1, synthReps: 5, coreSeconds: 0.5, coreReps: 3, planWarmups: 1, planReps: 3 }
  : { startWarmups: 2, startReps: 9, analyzeCalls: 10_000, analyzeReps: 3, synthWarmups: 2, synthReps: 7, coreSeconds: 1, coreReps: 5, planWarmups: 1, planReps: 5 };

interface Row {
  figure: string;
  ours: string;
  baseline: string;
  ratio: number;
  target: string;
  met: boolean;
}

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist", "policies", "pack.js"))) throw new Error("run `npm run build` first");
  const baselineDir = writeBaselinePack(REPO_ROOT);
  const packs: PackUnderTest[] = [
    { label: "ours", dir: REPO_ROOT },
    { label: "baseline", dir: baselineDir },
  ];
  const rows: Row[] = [];

  // First, while this process's heap is small: the synth phase leaves a large heap behind whose
  // garbage collection would be charged to the predicate.
  progress("rule core: evaluations per second in process");
  const coreEvalsPerSec = measureCoreEvaluations(plan.coreSeconds, plan.coreReps);

  progress(`pack cold start: ${plan.startWarmups} warm-up + ${plan.startReps} runs per pack, alternating`);
  const starts = await measureColdStarts(packs, plan.startWarmups, plan.startReps);
  const startupRatio = starts.ours.ms / starts.baseline.ms;
  rows.push({ figure: "pack cold start (ms, median)", ours: starts.ours.ms.toFixed(0), baseline: starts.baseline.ms.toFixed(0), ratio: startupRatio, target: "<= 1.15", met: startupRatio <= 1.15 });
  const rssRatio = starts.ours.rssKiB / starts.baseline.rssKiB;
  rows.push({ figure: "pack peak RSS at start (MiB, median)", ours: (starts.ours.rssKiB / 1024).toFixed(1), baseline: (starts.baseline.rssKiB / 1024).toFixed(1), ratio: rssRatio, target: "<= 1.10", met: rssRatio <= 1.1 });

  progress(`Analyze throughput: ${plan.analyzeCalls} calls sequential and 16 in flight per pack, both packs taking turns in batches of 500, ${plan.analyzeReps} round(s)`);
  const workload = analyzeWorkload(plan.analyzeCalls);
  const results = { ours: [] as ThroughputResult[], baseline: [] as ThroughputResult[] };
  for (let round = 0; round < plan.analyzeReps; round++) {
    const round_ = await measureThroughputInterleaved(packs, workload, 16);
    results.ours.push(round_.ours);
    results.baseline.push(round_.baseline);
  }
  const med = (label: "ours" | "baseline", key: "sequentialPerSec" | "concurrentPerSec" | "peakRssKiB") => median(results[label].map((r) => r[key]));
  const errors = [...results.ours, ...results.baseline].reduce((sum, r) => sum + r.errors, 0);
  // Informational: the high-water mark after 20,000 calls depends on when V8 collected garbage.
  const rssAfterRatio = med("ours", "peakRssKiB") / med("baseline", "peakRssKiB");
  rows.push({ figure: "pack peak RSS after the Analyze runs (MiB)", ours: (med("ours", "peakRssKiB") / 1024).toFixed(1), baseline: (med("baseline", "peakRssKiB") / 1024).toFixed(1), ratio: rssAfterRatio, target: "(informational)", met: true });
  const analyzeRatio = med("ours", "sequentialPerSec") / med("baseline", "sequentialPerSec");
  rows.push({ figure: "Analyze, sequential (resources/s)", ours: med("ours", "sequentialPerSec").toFixed(0), baseline: med("baseline", "sequentialPerSec").toFixed(0), ratio: analyzeRatio, target: ">= 0.90", met: analyzeRatio >= 0.9 });
  const analyzeRatioConcurrent = med("ours", "concurrentPerSec") / med("baseline", "concurrentPerSec");
  rows.push({ figure: "Analyze, 16 in flight (resources/s)", ours: med("ours", "concurrentPerSec").toFixed(0), baseline: med("baseline", "concurrentPerSec").toFixed(0), ratio: analyzeRatioConcurrent, target: ">= 0.90", met: analyzeRatioConcurrent >= 0.9 });

  progress(`synth: 1,000 azurerm_redis_cache + 1,000 other resources, ${plan.synthWarmups} warm-up + ${plan.synthReps} runs each, alternating`);
  const synth = measureSynth(1000, 1000, plan.synthWarmups, plan.synthReps);
  const synthRatio = synth.withMs / synth.withoutMs;
  rows.push({ figure: "app.synth() with the aspect (ms)", ours: synth.withMs.toFixed(0), baseline: synth.withoutMs.toFixed(0), ratio: synthRatio, target: "<= 1.10", met: synthRatio <= 1.1 });

  progress(`planCheck: check --format json on a generated 20,000-resource plan (2,000 Redis) vs node -e JSON.parse, ${plan.planWarmups} warm-up + ${plan.planReps} runs each, alternating`);
  const planCheck = await measurePlanCheck(REPO_ROOT, { resources: 20_000, redis: 2_000, warmups: plan.planWarmups, reps: plan.planReps });
  const planCheckRatio = planCheck.ratio;
  rows.push({ figure: `check on a ${(planCheck.fileBytes / 1048576).toFixed(0)} MiB plan vs JSON.parse (ms)`, ours: planCheck.checkMs.toFixed(0), baseline: planCheck.parseMs.toFixed(0), ratio: planCheckRatio, target: "<= 3.0", met: planCheckRatio <= 3 && planCheck.resourcesChecked === planCheck.redisResources });
  const planCheckRssRatio = planCheck.rssToFileRatio;
  rows.push({ figure: "check peak RSS vs plan file size (MiB)", ours: (planCheck.checkPeakRssKiB / 1024).toFixed(1), baseline: (planCheck.fileBytes / 1048576).toFixed(1), ratio: planCheckRssRatio, target: "<= 3.0", met: planCheckRssRatio <= 3 });

  rows.push({ figure: "rule core (evaluations/s)", ours: coreEvalsPerSec.toFixed(0), baseline: "-", ratio: coreEvalsPerSec / 5_000_000, target: ">= 5,000,000/s", met: coreEvalsPerSec >= 5_000_000 });
  fs.rmSync(baselineDir, { recursive: true, force: true });
  printTable(rows, errors);
  const summary = { startupRatio, rssRatio, analyzeRatio, analyzeRatioConcurrent, synthRatio, planCheckRatio, planCheckRssRatio, coreEvalsPerSec: Math.round(coreEvalsPerSec) };
  const rounded = Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, k === "coreEvalsPerSec" ? v : Math.round(v * 1000) / 1000]));
  console.log(JSON.stringify(rounded));
}

function printTable(rows: readonly Row[], errors: number): void {
  const header = ["figure", "ours", "baseline", "ratio", "target", "met"];
  const cells = rows.map((r) => [r.figure, r.ours, r.baseline, r.ratio.toFixed(3), r.target, r.met ? "yes" : "NO"]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join("  ");
  console.log(`azure-redis-guard benchmark (${quick ? "quick" : "full"} run, node ${process.version}, ${new Date().toISOString()})`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
  console.log(
    `Analyze errors: ${errors}. Baselines: a no-op pack importing only @pulumi/policy; synth without the aspect; ` +
      "node -e that only JSON.parses the plan (planCheck; the RSS row's baseline is the plan's size); core target 5,000,000/s.",
  );
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
