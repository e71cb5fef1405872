/**
 * `npm run bench [-- --quick]`: what the guard costs its users, as ratios against baselines measured in
 * the same run (alternating, with warm-ups and repetitions). Absolute times on a shared 2-core machine
 * are noise; the ratios are the figures. The last line is one JSON object for machines.
 * `npm run bench -- --install-only [--quick]`: only the install figures (bench/install.ts), in a few minutes.
 * `npm run bench -- --hcl-only [--quick]`: only hclCheckRatio (bench/hcl-check.ts), in a minute.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { allRules } from "../policies";
import { writeBaselinePack, writeFloorPack } from "./baseline-pack";
import { measureCoreEvaluations } from "./core";
import { measureInstall, type InstallFigures } from "./install";
import { measureColdStarts, measureThroughputInterleaved, pairedThroughputRatio, type PackUnderTest, type ThroughputResult } from "./pack";
import { measureHclCheck, type HclCheckResult } from "./hcl-check";
import { measurePlanCheck } from "./plan-check";
import { writeProbe } from "./probe";
import { PARTS, profileAnalyze, type AnalyzeProfile, type Part } from "./profile";
import { median, repoRoot } from "./stats";
import { highestRssOfFifth, STRESS_TARGETS, stressMemory } from "./stress";
import { measureSynth, SYNTH_APPS, type SynthApp } from "./synth";
import { analyzeWorkload } from "./workload";

const REPO_ROOT = repoRoot();
const quick = process.argv.includes("--quick");
const installOnly = process.argv.includes("--install-only");
const hclOnly = process.argv.includes("--hcl-only");
const plan = quick
  ? {
      startWarmups: 1, startReps: 3,
      analyzeCalls: 2_000, analyzeRounds: 1, concurrentRepeats: 2,
      profileCalls: 3_000,
      synthWarmups: 1, synthReps: 2,
      coreSeconds: 0.5, coreReps: 3,
      // The same fifths as the full run's 10,000 / 30,000 / 50,000, on a fifth of the calls.
      stressCalls: 10_000, planWarmups: 0, planReps: 1,
      installBundledRuns: 5, installRegistryRuns: 1, installStartReps: 4,
    }
  : {
      startWarmups: 2, startReps: 9,
      analyzeCalls: 4_000, analyzeRounds: 4, concurrentRepeats: 4,
      profileCalls: 10_000,
      synthWarmups: 2, synthReps: 11,
      coreSeconds: 1, coreReps: 5,
      stressCalls: 50_000, planWarmups: 1, planReps: 5,
      installBundledRuns: 9, installRegistryRuns: 3, installStartReps: 8,
    };

/** The two Analyze workloads (bench/workload.ts): share of the stack's resources from the Redis family. */
const WORKLOADS = { realistic: 0.05, redisHeavy: 0.4 } as const;
type Workload = keyof typeof WORKLOADS;

interface Row {
  figure: string;
  ours: string;
  baseline: string;
  /** NaN where a figure has no ratio. */
  ratio: number;
  target: string;
  /** `undefined`: information, no target. */
  met: boolean | undefined;
}

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

const fixed = (digits: number) => (value: number) => (Number.isFinite(value) ? value.toFixed(digits) : "-");
const mib = (kib: number) => fixed(1)(kib / 1024);

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist", "policies", "pack.js"))) throw new Error("run `npm run build` first");
  const started = Date.now();
  const rows: Row[] = [];
  const info = (figure: string, ours: string, baseline: string, ratio = Number.NaN) => rows.push({ figure, ours, baseline, ratio, target: "(information)", met: undefined });
  const target = (figure: string, ours: string, baseline: string, ratio: number, text: string, met: boolean) => rows.push({ figure, ours, baseline, ratio, target: text, met });

  if (hclOnly) {
    const hclCheck = await hclCheckRow(target);
    printTable(rows, undefined, (Date.now() - started) / 1000);
    console.log(JSON.stringify(roundFigures({ hclCheckRatio: hclCheck.ratio, node: process.version, quick, hclOnly })));
    return;
  }
  if (installOnly) {
    const install = await measureInstall(REPO_ROOT, { bundledRuns: plan.installBundledRuns, registryRuns: plan.installRegistryRuns, startReps: plan.installStartReps }, progress);
    installRows(install, target, info);
    printTable(rows, undefined, (Date.now() - started) / 1000);
    console.log(JSON.stringify(roundFigures({ ...installSummary(install), node: process.version, quick, installOnly })));
    return;
  }
  const baselineDir = writeBaselinePack(REPO_ROOT);
  const floorDir = writeFloorPack(REPO_ROOT, allRules.map((rule) => rule.defaultEnforcement));
  const packs: PackUnderTest[] = [
    { label: "ours", dir: REPO_ROOT },
    { label: "floor", dir: floorDir },
    { label: "baseline", dir: baselineDir },
  ];
  const probe = writeProbe();
  try {
    // First, while this process's heap is small: the synth phase leaves a large heap behind whose
    // garbage collection would be charged to the predicate.
    progress("rule core: evaluations per second in process");
    const coreEvalsPerSec = measureCoreEvaluations(plan.coreSeconds, plan.coreReps);

    progress(`pack cold start: ${plan.startWarmups} warm-up + ${plan.startReps} runs per pack, alternating`);
    const starts = await measureColdStarts([packs[0]!, packs[2]!], plan.startWarmups, plan.startReps);
    const ours = starts["ours"]!, one = starts["baseline"]!;
    const startupRatio = ours.ms / one.ms;
    target("pack cold start (ms, median)", fixed(0)(ours.ms), fixed(0)(one.ms), startupRatio, "<= 1.15", startupRatio <= 1.15);
    const rssRatio = ours.rssKiB / one.rssKiB;
    target("pack peak RSS at start (MiB, median)", mib(ours.rssKiB), mib(one.rssKiB), rssRatio, "<= 1.10", rssRatio <= 1.1);

    // Analyze: both workloads, our pack against the floor (as many no-op policies as ours has rules)
    // and against one no-op policy, all three running and taking turns in batches.
    const analyze = {} as Record<Workload, Record<string, { seq: number; conc: number; cpu: number; rssKiB: number; rounds: ThroughputResult[] }>>;
    let analyzeErrors = 0;
    for (const [workload, share] of Object.entries(WORKLOADS) as [Workload, number][]) {
      progress(`Analyze, ${workload} workload (${share * 100}% Redis family): ${plan.analyzeCalls} calls one at a time (batches of 500) and ${plan.concurrentRepeats} x ${plan.analyzeCalls} with 16 in flight (batches of ${plan.concurrentRepeats * 500}) per pack, ${packs.length} packs taking turns, ${plan.analyzeRounds} round(s)`);
      const resources = analyzeWorkload(plan.analyzeCalls, share);
      const rounds: Record<string, ThroughputResult>[] = [];
      for (let round = 0; round < plan.analyzeRounds; round++) rounds.push(await measureThroughputInterleaved(packs, resources, 16, 500, plan.concurrentRepeats));
      analyzeErrors += rounds.flatMap((r) => Object.values(r)).reduce((sum, r) => sum + r.errors, 0);
      analyze[workload] = Object.fromEntries(
        packs.map(({ label }) => [
          label,
          {
            seq: median(rounds.map((r) => r[label]!.sequentialPerSec)),
            conc: median(rounds.map((r) => r[label]!.concurrentPerSec)),
            cpu: median(rounds.map((r) => r[label]!.cpuMsPerCall)),
            rssKiB: median(rounds.map((r) => r[label]!.peakRssKiB)),
            rounds: rounds.map((r) => r[label]!),
          },
        ]),
      );
    }
    const a = (workload: Workload, label: string) => analyze[workload][label]!;
    // Ratios of ours to a baseline: the median of batch-by-batch ratios (see pairedThroughputRatio).
    const ratioOf = (workload: Workload, against: string, mode: "seq" | "conc") =>
      pairedThroughputRatio(a(workload, "ours").rounds, a(workload, against).rounds, mode === "seq" ? "sequential" : "concurrent");
    const analyzeRatioFloor = ratioOf("realistic", "floor", "seq");
    const analyzeRatioFloorConcurrent = ratioOf("realistic", "floor", "conc");
    const analyzeRatioFloorRedisHeavy = ratioOf("redisHeavy", "floor", "seq");
    const analyzeRatioFloorRedisHeavyConcurrent = ratioOf("redisHeavy", "floor", "conc");
    const analyzeRatio = ratioOf("realistic", "baseline", "seq");
    const analyzeRatioConcurrent = ratioOf("realistic", "baseline", "conc");
    const analyzeRatioRedisHeavy = ratioOf("redisHeavy", "baseline", "seq");
    const analyzeCpuRatioFloor = a("realistic", "floor").cpu / a("realistic", "ours").cpu;
    const analyzeCpuRatioFloorRedisHeavy = a("redisHeavy", "floor").cpu / a("redisHeavy", "ours").cpu;
    const perSec = (workload: Workload, label: string, mode: "seq" | "conc") => fixed(0)(a(workload, label)[mode]);
    target("Analyze vs floor, realistic, sequential (resources/s)", perSec("realistic", "ours", "seq"), perSec("realistic", "floor", "seq"), analyzeRatioFloor, ">= 0.95", analyzeRatioFloor >= 0.95);
    target("Analyze vs floor, realistic, 16 in flight (resources/s)", perSec("realistic", "ours", "conc"), perSec("realistic", "floor", "conc"), analyzeRatioFloorConcurrent, ">= 0.95", analyzeRatioFloorConcurrent >= 0.95);
    info("Analyze vs floor, Redis-heavy, sequential (resources/s)", perSec("redisHeavy", "ours", "seq"), perSec("redisHeavy", "floor", "seq"), analyzeRatioFloorRedisHeavy);
    info("Analyze vs floor, Redis-heavy, 16 in flight (resources/s)", perSec("redisHeavy", "ours", "conc"), perSec("redisHeavy", "floor", "conc"), analyzeRatioFloorRedisHeavyConcurrent);
    info("Analyze CPU per call vs floor, realistic (ms; floor/ours)", fixed(3)(a("realistic", "ours").cpu), fixed(3)(a("realistic", "floor").cpu), analyzeCpuRatioFloor);
    info("Analyze CPU per call vs floor, Redis-heavy (ms; floor/ours)", fixed(3)(a("redisHeavy", "ours").cpu), fixed(3)(a("redisHeavy", "floor").cpu), analyzeCpuRatioFloorRedisHeavy);
    info("Analyze vs one-policy pack, realistic, sequential (resources/s)", perSec("realistic", "ours", "seq"), perSec("realistic", "baseline", "seq"), analyzeRatio);
    info("Analyze vs one-policy pack, realistic, 16 in flight (resources/s)", perSec("realistic", "ours", "conc"), perSec("realistic", "baseline", "conc"), analyzeRatioConcurrent);
    info("Analyze vs one-policy pack, Redis-heavy, sequential (resources/s)", perSec("redisHeavy", "ours", "seq"), perSec("redisHeavy", "baseline", "seq"), analyzeRatioRedisHeavy);
    // What a user feels: the time the pack takes per 1,000 resources of a preview, one at a time.
    const analyzeMsPer1000 = 1e6 / a("realistic", "ours").seq;
    info("pack's time per 1,000 resources, realistic, sequential (ms)", fixed(0)(analyzeMsPer1000), `${fixed(0)(1e6 / a("realistic", "floor").seq)} floor, ${fixed(0)(1e6 / a("realistic", "baseline").seq)} one-policy`);
    info("pack peak RSS after the Analyze runs (MiB)", mib(a("redisHeavy", "ours").rssKiB), mib(a("redisHeavy", "baseline").rssKiB), a("redisHeavy", "ours").rssKiB / a("redisHeavy", "baseline").rssKiB);

    // Where one Analyze call's time goes inside our pack.
    const profiles = {} as Record<Workload, AnalyzeProfile>;
    for (const [workload, share] of Object.entries(WORKLOADS) as [Workload, number][]) {
      progress(`profile: ${plan.profileCalls} Analyze calls one at a time, ${workload} workload`);
      profiles[workload] = await profileAnalyze(REPO_ROOT, analyzeWorkload(plan.profileCalls, share), probe);
    }
    const ourShare = profiles.realistic.share.ours;
    target("our code's share of the pack's Analyze CPU, realistic", `${fixed(1)(ourShare * 100)}%`, "-", Number.NaN, "<= 10%", ourShare <= 0.1);
    info("our code's share of the pack's Analyze CPU, Redis-heavy", `${fixed(1)(profiles.redisHeavy.share.ours * 100)}%`, "-");

    // Synth: each app without the aspect and with it, alternating.
    const synth = {} as Record<SynthApp, ReturnType<typeof measureSynth>>;
    for (const app of Object.keys(SYNTH_APPS) as SynthApp[]) {
      progress(`synth, ${app} app (${SYNTH_APPS[app].describe}): ${plan.synthWarmups} warm-up + ${plan.synthReps} runs without and with the aspect, alternating`);
      synth[app] = measureSynth(app, ["without", "with", "withoutRetirementNotices"], plan.synthWarmups, plan.synthReps);
    }
    // Ratios are medians of per-round ratios (see measureSynth): each synth with its neighbour in time.
    const synthRatio = synth.stress.with.ratio;
    const synthRatioRealistic = synth.realistic.with.ratio;
    for (const [app, goal] of [["realistic", 1.03], ["stress", 1.1]] as const) {
      const { with: guarded, without } = synth[app];
      target(`app.synth(), ${app} app, with / without the aspect (ms)`, fixed(0)(guarded.wallMs), fixed(0)(without.wallMs), guarded.ratio, `<= ${goal.toFixed(2)}`, guarded.ratio <= goal);
      info(`  ${app} app: CPU (ms) / ratio`, fixed(0)(guarded.cpuMs), fixed(0)(without.cpuMs), guarded.cpuRatio);
      info(`  ${app} app: the aspect's own time (ms) / ratio within each synth`, fixed(1)(guarded.aspectMs), fixed(0)(guarded.wallMs), guarded.directRatio);
      const quiet = synth[app].withoutRetirementNotices;
      info(`  ${app} app: retirement notices off (ms) / ratio`, fixed(0)(quiet.wallMs), fixed(0)(without.wallMs), quiet.ratio);
    }
    const synthRatioWithoutRetirementNotices = synth.stress.withoutRetirementNotices.ratio;

    target("rule core (evaluations/s)", fixed(0)(coreEvalsPerSec), "-", coreEvalsPerSec / 5_000_000, ">= 5,000,000/s", coreEvalsPerSec >= 5_000_000);

    // Plan check: `check --format json` on a large Terraform plan against JSON.parse, and its peak RSS
    // against the plan's size (bench/plan-check.ts).
    progress(`planCheck: check --format json on a generated 20,000-resource plan (2,000 Redis) vs node -e JSON.parse, ${plan.planWarmups} warm-up + ${plan.planReps} runs each, alternating`);
    const planCheck = await measurePlanCheck(REPO_ROOT, { resources: 20_000, redis: 2_000, warmups: plan.planWarmups, reps: plan.planReps });
    const planCheckRatio = planCheck.ratio;
    target(
      `check on a ${fixed(0)(planCheck.fileBytes / 1048576)} MiB plan vs JSON.parse (ms)`, fixed(0)(planCheck.checkMs), fixed(0)(planCheck.parseMs),
      planCheckRatio, "<= 3.0", planCheckRatio <= 3 && planCheck.resourcesChecked === planCheck.redisResources,
    );
    const planCheckRssRatio = planCheck.rssToFileRatio;
    target("check peak RSS vs plan file size (MiB)", mib(planCheck.checkPeakRssKiB), fixed(1)(planCheck.fileBytes / 1048576), planCheckRssRatio, "<= 3.0", planCheckRssRatio <= 3);

    const hclCheck = await hclCheckRow(target);
    const hclCheckRatio = hclCheck.ratio;

    // Memory under sustained load, last: the long run, twice (RSS left alone; retained heap at checkpoints).
    progress(`memory: ${plan.stressCalls} Analyze calls with 64 in flight sampling RSS, then again with the heap collected and read at 1/5, 3/5 and 5/5`);
    const memory = await stressMemory(REPO_ROOT, plan.stressCalls);
    const stressErrors = memory.rss.unexpectedErrors + memory.heap.unexpectedErrors;
    const stressSound = [memory.rss, memory.heap].every((run) => run.unexpectedErrors === 0 && run.answered + run.unparsableRefused === run.calls);
    const heapMiB = (bytes: number) => fixed(2)(bytes / 1024 / 1024);
    const first = memory.heap.retainedHeap[0]!, last = memory.heap.retainedHeap[memory.heap.retainedHeap.length - 1]!;
    const heapGrowthAfterGc = memory.heap.heapGrowthAfterGc;
    target(
      `retained heap after GC, ${first.calls} -> ${last.calls} calls (MiB; growth)`,
      heapMiB(last.bytes), heapMiB(first.bytes), heapGrowthAfterGc, `<= ${STRESS_TARGETS.heapGrowthAfterGc}`,
      stressSound && heapGrowthAfterGc <= STRESS_TARGETS.heapGrowthAfterGc,
    );
    const rssPlateau = memory.rss.rssPlateau;
    const rssFigure = "RSS under load, last fifth / second fifth (MiB, highest)";
    const rssOurs = mib(highestRssOfFifth(memory.rss.rssKiB, 4)), rssEarlier = mib(highestRssOfFifth(memory.rss.rssKiB, 1));
    // On 10,000 calls V8 (Node.js 24) is still sizing its heap for the load: the plateau needs the full run.
    if (quick) info(`${rssFigure} [full run only]`, rssOurs, rssEarlier, rssPlateau);
    else target(rssFigure, rssOurs, rssEarlier, rssPlateau, `<= ${STRESS_TARGETS.rssPlateau}`, stressSound && rssPlateau <= STRESS_TARGETS.rssPlateau);

    // What an organisation waits for before its first verdict: the published pack's install (bench/install.ts).
    const install = await measureInstall(REPO_ROOT, { bundledRuns: plan.installBundledRuns, registryRuns: plan.installRegistryRuns, startReps: plan.installStartReps }, progress);
    installRows(install, target, info);

    printTable(rows, { analyzeErrors, stressErrors, profiles }, (Date.now() - started) / 1000);
    const summary: Record<string, number | string | boolean | null> = {
      startupRatio, rssRatio,
      analyzeRatio, analyzeRatioConcurrent, analyzeRatioRedisHeavy,
      analyzeRatioFloor, analyzeRatioFloorConcurrent, analyzeRatioFloorRedisHeavy, analyzeRatioFloorRedisHeavyConcurrent,
      analyzeCpuRatioFloor, analyzeCpuRatioFloorRedisHeavy,
      analyzeMsPer1000,
      ourShareOfAnalyze: ourShare, ourShareOfAnalyzeRedisHeavy: profiles.redisHeavy.share.ours,
      synthRatio, synthRatioRealistic, synthRatioWithoutRetirementNotices,
      synthRatioCpu: synth.stress.with.cpuRatio, synthRatioRealisticCpu: synth.realistic.with.cpuRatio,
      synthRatioDirect: synth.stress.with.directRatio, synthRatioRealisticDirect: synth.realistic.with.directRatio,
      coreEvalsPerSec: Math.round(coreEvalsPerSec),
      planCheckRatio, planCheckRssRatio, hclCheckRatio,
      heapGrowthAfterGc, rssPlateau,
      ...installSummary(install),
      node: process.version, quick,
    };
    console.log(JSON.stringify(roundFigures(summary)));
  } finally {
    probe.remove();
    fs.rmSync(baselineDir, { recursive: true, force: true });
    fs.rmSync(floorDir, { recursive: true, force: true });
  }
}

/** `check` on a 2,000-resource HCL directory against the same configuration as `.tf.json` (bench/hcl-check.ts). */
async function hclCheckRow(target: Adder): Promise<HclCheckResult> {
  progress(`hclCheck: check --format json on a generated 2,000-resource HCL directory (200 Redis, 10 files) vs the same as .tf.json, ${plan.planWarmups} warm-up + ${plan.planReps} runs each, alternating`);
  const result = await measureHclCheck(REPO_ROOT, { resources: 2_000, redis: 200, files: 10, warmups: plan.planWarmups, reps: plan.planReps });
  target(
    "check on a 2,000-resource HCL directory vs the same as .tf.json (ms)", fixed(0)(result.hclMs), fixed(0)(result.jsonMs),
    result.ratio, "<= 3.0", result.ratio <= 3 && result.hclChecked === result.redisResources && result.jsonChecked === result.redisResources,
  );
  return result;
}

type Adder = (figure: string, ours: string, baseline: string, ratio: number, text: string, met: boolean) => void;

function installRows(install: InstallFigures, target: Adder, info: (figure: string, ours: string, baseline: string, ratio?: number) => void): void {
  const s = fixed(2);
  target("published pack: npm install offline, empty cache (s, median) vs today's shape from the registry, cold cache", s(install.installSeconds), s(install.installSecondsRegistry), install.installSeconds / install.installSecondsRegistry, "<= 1 s", install.installSeconds <= 1);
  info("  install runs (s): published pack offline / today's shape from the registry", install.installRuns.map(s).join(" "), install.installRegistryRuns.map(s).join(" "));
  info("  packages installed", String(install.packages), String(install.packagesRegistry));
  target("published pack tarball (MiB)", s(install.tarballMiB), "-", Number.NaN, "<= 15 MiB", install.tarballMiB <= 15);
  const coldStartRatio = install.coldStartMs / install.coldStartMsRegistry;
  target("pack cold start from that install (ms, median) vs from today's", fixed(0)(install.coldStartMs), fixed(0)(install.coldStartMsRegistry), coldStartRatio, "<= 1.05", coldStartRatio <= 1.05);
  info("time to first verdict: install + cold start + first Analyze (s, median)", s(install.timeToFirstVerdict), s(install.timeToFirstVerdictRegistry), install.timeToFirstVerdict / install.timeToFirstVerdictRegistry);
}

function installSummary(install: InstallFigures): Record<string, number> {
  return {
    installSeconds: install.installSeconds,
    installSecondsRegistry: install.installSecondsRegistry,
    tarballMiB: install.tarballMiB,
    coldStartRatioInstalled: install.coldStartMs / install.coldStartMsRegistry,
    timeToFirstVerdict: install.timeToFirstVerdict,
    timeToFirstVerdictRegistry: install.timeToFirstVerdictRegistry,
  };
}

function roundFigures(summary: Record<string, number | string | boolean | null>): Record<string, number | string | boolean | null> {
  return Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, typeof v === "number" && k !== "coreEvalsPerSec" ? Math.round(v * 1000) / 1000 : v]));
}

function printTable(rows: readonly Row[], analysis: { analyzeErrors: number; stressErrors: number; profiles: Record<Workload, AnalyzeProfile> } | undefined, seconds: number): void {
  const header = ["figure", "ours", "baseline", "ratio", "target", "met"];
  const cells = rows.map((r) => [r.figure, r.ours, r.baseline, fixed(3)(r.ratio), r.target, r.met === undefined ? "" : r.met ? "yes" : "NO"]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join("  ").trimEnd();
  console.log(`azure-redis-guard benchmark (${quick ? "quick" : "full"}${installOnly ? " install-only" : ""} run, node ${process.version}, ${new Date().toISOString()}, ${seconds.toFixed(0)} s)`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
  if (!analysis) return;
  const { analyzeErrors, stressErrors, profiles } = analysis;
  console.log(
    `Analyze errors: ${analyzeErrors}; unexpected errors under load: ${stressErrors}. Baselines: the floor is a pack of ${allRules.length} no-op ` +
      "policies shaped like ours, the one-policy pack a single no-op policy (both import only @pulumi/policy); synth without the aspect; " +
      "the heap and RSS figures compare the pack with itself earlier in the same run.",
  );
  console.log("");
  console.log("One Analyze call inside the pack (CPU profile, share of busy time):");
  const parts = Object.keys(PARTS) as Part[];
  const width = Math.max(...parts.map((p) => PARTS[p].length));
  console.log(`${"".padEnd(width)}  realistic  Redis-heavy`);
  for (const part of parts) {
    console.log(`${PARTS[part].padEnd(width)}  ${`${fixed(1)(profiles.realistic.share[part] * 100)}%`.padStart(9)}  ${`${fixed(1)(profiles.redisHeavy.share[part] * 100)}%`.padStart(11)}`);
  }
  console.log(`${"CPU per call (ms, profiler on)".padEnd(width)}  ${fixed(3)(profiles.realistic.busyMsPerCall).padStart(9)}  ${fixed(3)(profiles.redisHeavy.busyMsPerCall).padStart(11)}`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(2);
});
