import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { ManagedRedis } from "@cdktf/provider-azurerm/lib/managed-redis";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RedisCache, type RedisCacheConfig } from "@cdktf/provider-azurerm/lib/redis-cache";
import { RedisEnterpriseCluster } from "@cdktf/provider-azurerm/lib/redis-enterprise-cluster";
import { RedisEnterpriseDatabase } from "@cdktf/provider-azurerm/lib/redis-enterprise-database";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { RedisPolicyAspect, type RedisPolicyAspectOptions } from "../cdktf-aspect/index";
import { median, nowMs } from "./stats";

/** Every attribute a rule reads on `azurerm_redis_cache`, compliant: an estate the guard protects. */
const COMPLIANT_CACHE: Omit<RedisCacheConfig, "name" | "location" | "resourceGroupName" | "capacity" | "family" | "skuName"> = {
  minimumTlsVersion: "1.2",
  publicNetworkAccessEnabled: false,
  accessKeysAuthenticationEnabled: false,
  redisConfiguration: { activeDirectoryAuthenticationEnabled: true },
  redisVersion: "6",
};

const cacheConfig = (i: number, resourceGroupName: string, nonSslPortEnabled: boolean | undefined): RedisCacheConfig => ({
  name: `cache-${i}`,
  location: "westeurope",
  resourceGroupName,
  capacity: 1,
  family: "C",
  skuName: "Standard",
  ...COMPLIANT_CACHE,
  ...(nonSslPortEnabled === undefined ? {} : { nonSslPortEnabled }),
});

/**
 * The stress app: 1,000 `azurerm_redis_cache` and 1,000 resource groups. The caches are compliant
 * except one in ten, which opens the non-SSL port (an error annotation each); half set the port
 * explicitly to false, half leave it to the Azure default. No configuration passes the retirement
 * notice (Azure.Redis.MigrateAMR): every cache draws that advisory warning, 1,000 in all.
 */
function buildStressApp(stack: TerraformStack): void {
  for (let i = 0; i < 1000; i++) new ResourceGroup(stack, `rg-${i}`, { name: `rg-${i}`, location: "westeurope" });
  for (let i = 0; i < 1000; i++) new RedisCache(stack, `cache-${i}`, cacheConfig(i, `rg-${i}`, i % 10 === 0 ? true : i % 2 === 0 ? false : undefined));
}

/**
 * The realistic app: 2,000 resources of which 50 are from the Redis family (35 caches, 5 Enterprise
 * clusters with a database each, 5 Managed Redis), the rest what an application's stack holds
 * around them: resource groups, storage accounts, virtual networks, subnets and key vaults. Every
 * cache and Enterprise cluster draws its retirement notice (an advisory warning each).
 */
function buildRealisticApp(stack: TerraformStack): void {
  const groups = 50;
  const rg = (i: number) => `rg-${i % groups}`;
  for (let i = 0; i < groups; i++) new ResourceGroup(stack, `rg-${i}`, { name: `rg-${i}`, location: "westeurope", tags: { team: "payments" } });
  for (let i = 0; i < 2000 - groups - 50; i++) {
    const where = { location: "westeurope", resourceGroupName: rg(i) };
    switch (i % 4) {
      case 0:
        new StorageAccount(stack, `sa-${i}`, { ...where, name: `sa${i}`, accountTier: "Standard", accountReplicationType: "LRS", minTlsVersion: "TLS1_2", tags: { team: "payments" } });
        break;
      case 1:
        new VirtualNetwork(stack, `vnet-${i}`, { ...where, name: `vnet-${i}`, addressSpace: ["10.0.0.0/16"] });
        break;
      case 2:
        new Subnet(stack, `snet-${i}`, { name: `snet-${i}`, resourceGroupName: rg(i), virtualNetworkName: `vnet-${i - 1}`, addressPrefixes: ["10.0.1.0/24"] });
        break;
      default:
        new KeyVault(stack, `kv-${i}`, { ...where, name: `kv-${i}`, skuName: "standard", tenantId: "00000000-0000-0000-0000-000000000000", purgeProtectionEnabled: true });
    }
  }
  for (let i = 0; i < 35; i++) new RedisCache(stack, `cache-${i}`, cacheConfig(i, rg(i), i % 10 === 0 ? true : undefined));
  for (let i = 0; i < 5; i++) {
    const cluster = new RedisEnterpriseCluster(stack, `rec-${i}`, { name: `rec-${i}`, location: "westeurope", resourceGroupName: rg(i), skuName: "Enterprise_E10-2", minimumTlsVersion: "1.2" });
    new RedisEnterpriseDatabase(stack, `red-${i}`, { clusterId: cluster.id, name: "default", clientProtocol: "Encrypted" });
    new ManagedRedis(stack, `mr-${i}`, { name: `mr-${i}`, location: "westeurope", resourceGroupName: rg(i), skuName: "Balanced_B0", publicNetworkAccess: "Disabled", defaultDatabase: { clientProtocol: "Encrypted" } });
  }
}

export const SYNTH_APPS = {
  realistic: { describe: "50 Redis-family resources among 2,000", build: buildRealisticApp },
  stress: { describe: "1,000 azurerm_redis_cache + 1,000 resource groups", build: buildStressApp },
} as const;
export type SynthApp = keyof typeof SYNTH_APPS;

/**
 * Without the aspect, with it, or with it and the retirement notices off (`Azure.Redis.MigrateAMR` and
 * `Azure.RedisEnterprise.MigrateAMR` disabled): every Azure Cache for Redis draws that advisory warning,
 * whatever its configuration, and this variant shows what those warnings cost apart from the checks.
 */
export type SynthVariant = "without" | "with" | "withoutRetirementNotices";

const ASPECT_OPTIONS: Readonly<Record<Exclude<SynthVariant, "without">, RedisPolicyAspectOptions>> = {
  with: {},
  withoutRetirementNotices: { rules: { "Azure.Redis.MigrateAMR": { enforcement: "disabled" }, "Azure.RedisEnterprise.MigrateAMR": { enforcement: "disabled" } } },
};

export interface SynthFigures {
  /** Median wall-clock milliseconds of `app.synth()`, construction excluded. */
  readonly wallMs: number;
  /** Median CPU milliseconds of this process during `app.synth()`: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  /** Median milliseconds spent inside the aspect's `visit()` during one synth (0 without it). */
  readonly aspectMs: number;
  /**
   * Median of each synth's time over its time minus the aspect's: the ratio the aspect costs,
   * estimated within single synths (1 without it). Steady where the with/without ratio is not.
   */
  readonly directRatio: number;
  /**
   * Median over rounds of this variant's synth time over the time without the aspect in the same
   * round (1 for `without`): the two ran one after the other, so they saw the same machine.
   */
  readonly ratio: number;
  /** The same with CPU time. */
  readonly cpuRatio: number;
}

/** With `node --expose-gc` (as `npm run bench` runs), start each synth on a collected heap. */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/**
 * Wall time spent in `RedisPolicyAspect.prototype.visit` since the last reset: the aspect's own cost
 * inside a synth, measured directly rather than as the difference of two synth times. Compared with
 * the rest of the same synth, so a busy machine slows both alike. (A CPU clock per call would be a
 * system call per visited construct: it cost more than the aspect itself.)
 */
const aspectClock = (() => {
  let ms = 0;
  const visit = RedisPolicyAspect.prototype.visit;
  RedisPolicyAspect.prototype.visit = function timedVisit(this: RedisPolicyAspect, node) {
    const started = nowMs();
    try {
      visit.call(this, node);
    } finally {
      ms += nowMs() - started;
    }
  };
  return { reset: () => (ms = 0), readMs: () => ms };
})();

interface SynthRun {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly aspectMs: number;
}

function synthOnce(app: SynthApp, variant: SynthVariant): SynthRun {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "arg-synth-bench-"));
  try {
    const root = new App({ outdir });
    const stack = new TerraformStack(root, "estate");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    SYNTH_APPS[app].build(stack);
    if (variant !== "without") RedisPolicyAspect.applyTo(root, ASPECT_OPTIONS[variant]);
    collectGarbage();
    aspectClock.reset();
    const cpu = process.cpuUsage();
    const started = nowMs();
    root.synth();
    const wallMs = nowMs() - started;
    const { user, system } = process.cpuUsage(cpu);
    return { wallMs, cpuMs: (user + system) / 1000, aspectMs: aspectClock.readMs() };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * `app.synth()` of one app in each variant, alternating (the order reversed every round so neither
 * always runs on a warmer process), `warmups` rounds discarded; medians of `repetitions` rounds.
 */
export function measureSynth(app: SynthApp, variants: readonly SynthVariant[], warmups: number, repetitions: number): Record<SynthVariant, SynthFigures> {
  // As `cdktf synth` does: error annotations are collected into the manifest instead of aborting synth.
  process.env["CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS"] = "true";
  const runs = new Map(variants.map((variant) => [variant, [] as SynthRun[]]));
  for (let round = 0; round < warmups + repetitions; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) {
      const run = synthOnce(app, variant);
      if (round >= warmups) runs.get(variant)!.push(run);
    }
  }
  const without = runs.get("without");
  const paired = (list: readonly SynthRun[], clock: "wallMs" | "cpuMs") => (without ? median(list.map((r, i) => r[clock] / without[i]![clock])) : Number.NaN);
  return Object.fromEntries(
    [...runs].map(([variant, list]) => [
      variant,
      {
        wallMs: median(list.map((r) => r.wallMs)),
        cpuMs: median(list.map((r) => r.cpuMs)),
        aspectMs: median(list.map((r) => r.aspectMs)),
        directRatio: median(list.map((r) => r.wallMs / (r.wallMs - r.aspectMs))),
        ratio: paired(list, "wallMs"),
        cpuRatio: paired(list, "cpuMs"),
      },
    ]),
  ) as Record<SynthVariant, SynthFigures>;
}
