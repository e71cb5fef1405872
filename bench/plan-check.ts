/**
 * `planCheck`: what `azure-redis-guard check --format json` costs on a large Terraform plan, against
 * the least any tool reading that plan must do: `node -e` that reads the file and `JSON.parse`s it.
 * Both run as child processes, alternating, in one run; each child reports its own peak RSS
 * (`process.resourceUsage().maxRSS`) through a preloaded module, so the figure is the process's, not
 * this harness's. Self-contained: the generator, the measurement and the preload live here.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { median, nowMs } from "./stats";

export interface PlanCheckResult {
  readonly resources: number;
  readonly redisResources: number;
  readonly fileBytes: number;
  /** Median wall time of `check --format json` and of `node -e JSON.parse`, in ms. */
  readonly checkMs: number;
  readonly parseMs: number;
  /** check / parse, from the medians. */
  readonly ratio: number;
  /** Median peak RSS of the check process, KiB, and as a multiple of the file size. */
  readonly checkPeakRssKiB: number;
  readonly rssToFileRatio: number;
  readonly parsePeakRssKiB: number;
  /** What the check found (a sanity check that it read the plan: every Redis resource checked). */
  readonly resourcesChecked: number;
}

const LOCATIONS = ["westeurope", "northeurope", "swedencentral", "germanywestcentral"];

/** Attribute values of the non-Redis resources, shaped like azurerm's (a few kinds, realistic sizes). */
function otherValues(i: number): { type: string; values: Record<string, unknown> } {
  const location = LOCATIONS[i % LOCATIONS.length]!;
  const tags = { environment: i % 3 === 0 ? "prod" : "test", owner: `team-${i % 17}`, costCenter: `cc-${1000 + (i % 50)}` };
  switch (i % 4) {
    case 0:
      return {
        type: "azurerm_storage_account",
        values: {
          name: `st${i.toString(36)}data`,
          resource_group_name: `rg-${i % 40}`,
          location,
          account_kind: "StorageV2",
          account_tier: "Standard",
          account_replication_type: "ZRS",
          access_tier: "Hot",
          min_tls_version: "TLS1_2",
          https_traffic_only_enabled: true,
          public_network_access_enabled: false,
          shared_access_key_enabled: false,
          allow_nested_items_to_be_public: false,
          blob_properties: [{ versioning_enabled: true, change_feed_enabled: false, delete_retention_policy: [{ days: 7, permanent_delete_enabled: false }], container_delete_retention_policy: [{ days: 7 }], cors_rule: [] }],
          network_rules: [{ default_action: "Deny", bypass: ["AzureServices"], ip_rules: [], virtual_network_subnet_ids: [], private_link_access: [] }],
          identity: [],
          tags,
          timeouts: null,
        },
      };
    case 1:
      return {
        type: "azurerm_network_interface",
        values: {
          name: `nic-${i}`,
          resource_group_name: `rg-${i % 40}`,
          location,
          accelerated_networking_enabled: false,
          ip_forwarding_enabled: false,
          dns_servers: [],
          ip_configuration: [
            { name: "internal", subnet_id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-${i % 40}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-${i % 8}`, private_ip_address_allocation: "Dynamic", private_ip_address_version: "IPv4", primary: true, public_ip_address_id: null, gateway_load_balancer_frontend_ip_configuration_id: null },
          ],
          tags,
          timeouts: null,
        },
      };
    case 2:
      return {
        type: "azurerm_key_vault_secret",
        values: { name: `secret-${i}`, key_vault_id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-${i % 40}/providers/Microsoft.KeyVault/vaults/kv-${i % 5}`, value: `value-${i}-${"x".repeat(24)}`, content_type: "text/plain", not_before_date: null, expiration_date: "2027-01-01T00:00:00Z", tags, timeouts: null },
      };
    default:
      return {
        type: "azurerm_role_assignment",
        values: { scope: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-${i % 40}`, role_definition_name: "Reader", principal_id: `${(i * 7919).toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`, principal_type: "ServicePrincipal", description: null, condition: null, condition_version: null, delegated_managed_identity_resource_id: null, skip_service_principal_aad_check: false, timeouts: null },
      };
  }
}

/** An azurerm 4.x cache; one in ten enables the non-SSL port, as in an estate the guard protects. */
function redisValues(i: number): Record<string, unknown> {
  return {
    name: `redis-${i}`,
    resource_group_name: `rg-${i % 40}`,
    location: LOCATIONS[i % LOCATIONS.length],
    capacity: 1,
    family: "P",
    sku_name: "Premium",
    non_ssl_port_enabled: i % 10 === 0,
    minimum_tls_version: "1.2",
    public_network_access_enabled: false,
    access_keys_authentication_enabled: false,
    redis_version: "6",
    replicas_per_master: 1,
    shard_count: 2,
    zones: ["1", "2", "3"],
    identity: [],
    patch_schedule: [{ day_of_week: "Sunday", start_hour_utc: 2, maintenance_window: "PT5H" }],
    redis_configuration: [{ active_directory_authentication_enabled: true, maxmemory_policy: "volatile-lru", maxmemory_reserved: 642, maxfragmentationmemory_reserved: 642, maxmemory_delta: 642, rdb_backup_enabled: false, aof_backup_enabled: false, notify_keyspace_events: "", authentication_enabled: true }],
    tenant_settings: null,
    tags: { environment: "prod", owner: `team-${i % 17}` },
    timeouts: null,
  };
}

/** Computed attributes the provider fills in: unknown until apply for a create. */
const COMPUTED = { id: true, hostname: true, port: true, ssl_port: true, primary_access_key: true, secondary_access_key: true, primary_connection_string: true, secondary_connection_string: true };

/**
 * A plan as `terraform show -json tfplan` writes it (compact, format 1.2): planned values, resource
 * changes, prior state and configuration of `total` resources, `redis` of them caches, some in modules
 * with for_each. Most resources exist already (no-op with prior state), some are updated or created.
 * Built as text, piece by piece, so the generator does not hold the whole document as objects.
 */
export function generatePlanText(total: number, redis: number): string {
  const changes: string[] = [];
  const planned: string[] = [];
  const prior: string[] = [];
  const config: string[] = [];
  const redisEvery = Math.max(1, Math.floor(total / redis));
  let redisCount = 0;
  for (let i = 0; i < total; i++) {
    const isRedis = redisCount < redis && i % redisEvery === 0;
    const { type, values } = isRedis ? { type: "azurerm_redis_cache", values: redisValues(redisCount) } : otherValues(i);
    if (isRedis) redisCount++;
    const inModule = isRedis && redisCount % 2 === 0;
    const name = isRedis ? "this" : `r${i}`;
    const moduleAddress = inModule ? `module.cache["region-${redisCount}"]` : undefined;
    const address = `${moduleAddress ? `${moduleAddress}.` : ""}${type}.${name}`;
    const action = i % 10 === 0 ? "create" : i % 5 === 0 ? "update" : "no-op";
    const existing = action !== "create";
    const withIds = { ...values, id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-${i % 40}/providers/${type}/${name}-${i}` };
    const head = { address, ...(moduleAddress ? { module_address: moduleAddress } : {}), mode: "managed", type, name, provider_name: "registry.terraform.io/hashicorp/azurerm" };
    changes.push(
      JSON.stringify({
        ...head,
        change: {
          actions: [action],
          before: existing ? withIds : null,
          after: existing ? withIds : values,
          after_unknown: existing ? {} : isRedis ? COMPUTED : { id: true },
          before_sensitive: existing ? (isRedis ? { primary_access_key: true, secondary_access_key: true } : {}) : false,
          after_sensitive: isRedis ? { primary_access_key: true, secondary_access_key: true } : type === "azurerm_key_vault_secret" ? { value: true } : {},
        },
      }),
    );
    planned.push(JSON.stringify({ ...head, schema_version: isRedis ? 1 : 0, values: existing ? withIds : values, sensitive_values: {} }));
    if (existing) prior.push(JSON.stringify({ ...head, schema_version: isRedis ? 1 : 0, values: withIds, sensitive_values: {}, depends_on: [] }));
    config.push(
      JSON.stringify({
        address: `${type}.${name}`,
        mode: "managed",
        type,
        name,
        provider_config_key: "azurerm",
        expressions: Object.fromEntries(Object.keys(values).slice(0, 6).map((key) => [key, { references: [`var.${key}`] }])),
        schema_version: 0,
      }),
    );
  }
  return (
    `{"format_version":"1.2","terraform_version":"1.9.5","variables":{"location":{"value":"westeurope"}},` +
    `"planned_values":{"root_module":{"resources":[${planned.join(",")}]}},` +
    `"resource_changes":[${changes.join(",")}],` +
    `"prior_state":{"format_version":"1.0","terraform_version":"1.9.5","values":{"root_module":{"resources":[${prior.join(",")}]}}},` +
    `"configuration":{"provider_config":{"azurerm":{"name":"azurerm","full_name":"registry.terraform.io/hashicorp/azurerm","version_constraint":"~> 4.0"}},"root_module":{"resources":[${config.join(",")}]}},` +
    `"timestamp":"2026-01-01T00:00:00Z","applyable":true,"complete":true,"errored":false}`
  );
}

/** Preloaded into both children: reports the process's resource usage on fd 3 as it exits. */
export const PRELOAD = `process.on("exit", () => { try { require("node:fs").writeSync(3, JSON.stringify(process.resourceUsage())); } catch {} });\n`;

export interface ChildRun {
  readonly ms: number;
  readonly maxRssKiB: number;
  readonly status: number | null;
  readonly stdout: string;
}

export function runChild(args: readonly string[]): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = nowMs();
    const child = spawn(process.execPath, [...args], { stdio: ["ignore", "pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const usage: Buffer[] = [];
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => usage.push(chunk));
    child.once("error", reject);
    child.once("close", (status) => {
      const ms = nowMs() - started;
      try {
        const report = JSON.parse(Buffer.concat(usage).toString("utf8")) as { maxRSS: number };
        resolve({ ms, maxRssKiB: report.maxRSS, status, stdout: Buffer.concat(out).toString("utf8") });
      } catch {
        reject(new Error(`a child reported no resource usage (exit ${status}): ${stderr.slice(0, 500)}`));
      }
    });
  });
}

/**
 * Alternates `check --format json` and the JSON.parse baseline on one generated plan, after warm-ups
 * that fill the file cache, and reports medians.
 */
export async function measurePlanCheck(repoRoot: string, options: { resources: number; redis: number; warmups: number; reps: number }): Promise<PlanCheckResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arg-plan-check-"));
  try {
    const planFile = path.join(dir, "plan.json");
    fs.writeFileSync(planFile, generatePlanText(options.resources, options.redis));
    const preload = path.join(dir, "report-usage.js");
    fs.writeFileSync(preload, PRELOAD);
    const fileBytes = fs.statSync(planFile).size;
    const check = ["-r", preload, path.join(repoRoot, "dist", "cli", "main.js"), "check", planFile, "--format", "json"];
    const parse = ["-r", preload, "-e", `JSON.parse(require("node:fs").readFileSync(${JSON.stringify(planFile)}, "utf8"))`];
    const checkRuns: ChildRun[] = [];
    const parseRuns: ChildRun[] = [];
    for (let i = 0; i < options.warmups + options.reps; i++) {
      const checkRun = await runChild(check);
      const parseRun = await runChild(parse);
      if (checkRun.status !== 0 && checkRun.status !== 1) throw new Error(`check exited ${checkRun.status} on the generated plan`);
      if (i < options.warmups) continue;
      checkRuns.push(checkRun);
      parseRuns.push(parseRun);
    }
    const report = JSON.parse(checkRuns[0]!.stdout) as { summary: { resourcesChecked: number } };
    const checkMs = median(checkRuns.map((r) => r.ms));
    const parseMs = median(parseRuns.map((r) => r.ms));
    const checkPeakRssKiB = median(checkRuns.map((r) => r.maxRssKiB));
    return {
      resources: options.resources,
      redisResources: options.redis,
      fileBytes,
      checkMs,
      parseMs,
      ratio: checkMs / parseMs,
      checkPeakRssKiB,
      rssToFileRatio: (checkPeakRssKiB * 1024) / fileBytes,
      parsePeakRssKiB: median(parseRuns.map((r) => r.maxRssKiB)),
      resourcesChecked: report.summary.resourcesChecked,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
