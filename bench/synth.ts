import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RedisCache } from "@cdktf/provider-azurerm/lib/redis-cache";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RedisPolicyAspect } from "../cdktf-aspect/index";
import { median, nowMs } from "./stats";

function buildApp(outdir: string, caches: number, others: number, guarded: boolean): App {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "estate");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  for (let i = 0; i < others; i++) new ResourceGroup(stack, `rg-${i}`, { name: `rg-${i}`, location: "westeurope" });
  for (let i = 0; i < caches; i++) {
    new RedisCache(stack, `cache-${i}`, {
      name: `cache-${i}`,
      location: "westeurope",
      resourceGroupName: `rg-${i % others}`,
      capacity: 1,
      family: "C",
      skuName: "Standard",
      minimumTlsVersion: "1.2",
      // Mostly compliant, one in ten violating, as in an estate the guard is protecting.
      ...(i % 10 === 0 ? { nonSslPortEnabled: true } : i % 2 === 0 ? { nonSslPortEnabled: false } : {}),
    });
  }
  if (guarded) RedisPolicyAspect.applyTo(app);
  return app;
}

/** With `node --expose-gc` (as `npm run bench` runs), start each synth on a collected heap. */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** Median milliseconds of `app.synth()` with and without the aspect, alternating, construction excluded. */
export function measureSynth(caches: number, others: number, warmups: number, repetitions: number): { withMs: number; withoutMs: number } {
  // As `cdktf synth` does: error annotations are collected into the manifest instead of aborting synth.
  process.env["CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS"] = "true";
  const times = { with: [] as number[], without: [] as number[] };
  for (let round = 0; round < warmups + repetitions; round++) {
    const order = round % 2 === 0 ? [true, false] : [false, true];
    for (const guarded of order) {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "arg-synth-bench-"));
      const app = buildApp(outdir, caches, others, guarded);
      collectGarbage();
      const started = nowMs();
      app.synth();
      const elapsed = nowMs() - started;
      fs.rmSync(outdir, { recursive: true, force: true });
      if (round >= warmups) (guarded ? times.with : times.without).push(elapsed);
    }
  }
  return { withMs: median(times.with), withoutMs: median(times.without) };
}
