/**
 * `npm run stress`: the pack under sustained load. 50,000 Analyze calls with 64 in flight over real gRPC,
 * plus resources the SDK cannot parse mixed in; every call must be answered, parse failures must only
 * fail their own call, and RSS after the run must stay within 20% of RSS after the first 1,000 calls.
 */
import { AnalyzerConnection, type AnalyzedResource } from "../cli/engine/analyzer-client";
import { startPolicyPack } from "../cli/engine/pack-process";
import { repoRoot } from "./stats";
import { analyzeWorkload } from "./workload";

export interface StressResult {
  readonly calls: number;
  readonly answered: number;
  readonly unexpectedErrors: number;
  readonly unparsableRefused: number;
  readonly rssAfterWarmupKiB: number;
  readonly rssAfterRunKiB: number;
  readonly rssGrowth: number;
}

/** An asset with none of path, text or uri: the policy SDK refuses to deserialize it. */
const UNPARSABLE: AnalyzedResource = {
  type: "azure-native:redis:Redis",
  name: "unparsable",
  properties: { enableNonSslPort: false, blob: { "4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17" } },
};

function currentRssKiB(pid: number | undefined): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- Linux-only read, done lazily
  const status: string = require("node:fs").readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
}

export async function stressPack(packDir: string, calls: number, inFlight: number, warmupCalls = 1000): Promise<StressResult> {
  const running = await startPolicyPack(packDir, { timeoutMs: 120_000 });
  const engine = new AnalyzerConnection(running.port);
  const workload = analyzeWorkload(2000);
  let answered = 0;
  let unexpectedErrors = 0;
  let unparsableRefused = 0;
  let rssAfterWarmupKiB = Number.NaN;
  try {
    let next = 0;
    const worker = async () => {
      while (next < calls) {
        const index = next++;
        // Every 997th call is a resource the SDK cannot parse: it must fail alone.
        const unparsable = index % 997 === 500;
        const resource = unparsable ? UNPARSABLE : workload[index % workload.length]!;
        try {
          await engine.analyze(resource);
          answered++;
          if (unparsable) unexpectedErrors++;
        } catch {
          if (unparsable) unparsableRefused++;
          else unexpectedErrors++;
        }
        if (index === warmupCalls - 1) rssAfterWarmupKiB = currentRssKiB(running.child.pid);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const rssAfterRunKiB = currentRssKiB(running.child.pid);
    return {
      calls,
      answered,
      unexpectedErrors,
      unparsableRefused,
      rssAfterWarmupKiB,
      rssAfterRunKiB,
      rssGrowth: rssAfterRunKiB / rssAfterWarmupKiB - 1,
    };
  } finally {
    engine.close();
    await running.stop();
  }
}

if (require.main === module) {
  const calls = Number(process.argv[2] ?? 50_000);
  stressPack(repoRoot(), calls, 64)
    .then((result) => {
      console.log(JSON.stringify(result));
      const ok = result.unexpectedErrors === 0 && result.answered + result.unparsableRefused === result.calls && result.rssGrowth <= 0.2;
      console.log(ok ? "stress: OK" : "stress: FAILED");
      process.exit(ok ? 0 : 1);
    })
    .catch((error: unknown) => {
      console.error(`stress failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    });
}
