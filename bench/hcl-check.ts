/**
 * `hclCheckRatio`: what `azure-redis-guard check --format json` costs on a Terraform directory written in HCL (`*.tf`),
 * against the same configuration written as `*.tf.json`, which check reads without a parser of its own. Both run as
 * child processes, alternating, in one run (as planCheck does, bench/plan-check.ts). The HCL side pays for starting
 * HashiCorp's parser (WebAssembly), parsing, finding the blocks' lines and resolving variables and locals.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PRELOAD, runChild, type ChildRun } from "./plan-check";
import { median } from "./stats";

export interface HclCheckResult {
  readonly resources: number;
  readonly redisResources: number;
  readonly files: number;
  /** Median wall time of `check` on the HCL directory and on the JSON directory, in ms. */
  readonly hclMs: number;
  readonly jsonMs: number;
  readonly ratio: number;
  /** What each check judged (a sanity check that both read the whole configuration). */
  readonly hclChecked: number;
  readonly jsonChecked: number;
}

const LOCATIONS = ["westeurope", "northeurope", "swedencentral", "germanywestcentral"];

/** One resource as HCL text and as its JSON body: the same configuration written both ways. */
function resource(i: number, redisEvery: number): { type: string; name: string; hcl: string; json: Record<string, unknown> } {
  const location = LOCATIONS[i % LOCATIONS.length]!;
  if (i % redisEvery === 0) {
    const open = i % 10 === 0;
    return {
      type: "azurerm_redis_cache",
      name: `cache_${i}`,
      hcl: [
        `resource "azurerm_redis_cache" "cache_${i}" {`,
        `  name                          = "redis-${i}"`,
        `  location                      = var.location`,
        `  resource_group_name           = local.resource_group`,
        `  capacity                      = 1`,
        `  family                        = "P"`,
        `  sku_name                      = "Premium"`,
        `  non_ssl_port_enabled          = ${open}`,
        `  minimum_tls_version           = "1.2"`,
        `  public_network_access_enabled = false`,
        `  redis_version                 = "6"`,
        `  zones                         = ["1", "2", "3"]`,
        `  tags = {`,
        `    environment = "prod"`,
        `    owner       = "team-${i % 17}"`,
        `  }`,
        `  redis_configuration {`,
        `    active_directory_authentication_enabled = true`,
        `    maxmemory_policy                        = "volatile-lru"`,
        `  }`,
        `}`,
      ].join("\n"),
      json: {
        name: `redis-${i}`, location: "${var.location}", resource_group_name: "${local.resource_group}", capacity: 1, family: "P", sku_name: "Premium",
        non_ssl_port_enabled: open, minimum_tls_version: "1.2", public_network_access_enabled: false, redis_version: "6", zones: ["1", "2", "3"],
        tags: { environment: "prod", owner: `team-${i % 17}` },
        redis_configuration: [{ active_directory_authentication_enabled: true, maxmemory_policy: "volatile-lru" }],
      },
    };
  }
  return {
    type: "azurerm_storage_account",
    name: `st_${i}`,
    hcl: [
      `resource "azurerm_storage_account" "st_${i}" {`,
      `  # data for team ${i % 17}`,
      `  name                     = "st${i.toString(36)}data"`,
      `  resource_group_name      = local.resource_group`,
      `  location                 = "${location}"`,
      `  account_tier             = "Standard"`,
      `  account_replication_type = "ZRS"`,
      `  min_tls_version          = "TLS1_2"`,
      `  tags = {`,
      `    environment = "${i % 3 === 0 ? "prod" : "test"}"`,
      `  }`,
      `  network_rules {`,
      `    default_action = "Deny"`,
      `    bypass         = ["AzureServices"]`,
      `  }`,
      `}`,
    ].join("\n"),
    json: {
      name: `st${i.toString(36)}data`, resource_group_name: "${local.resource_group}", location, account_tier: "Standard", account_replication_type: "ZRS", min_tls_version: "TLS1_2",
      tags: { environment: i % 3 === 0 ? "prod" : "test" },
      network_rules: [{ default_action: "Deny", bypass: ["AzureServices"] }],
    },
  };
}

/** Writes the configuration twice: `hcl/` (*.tf) and `json/` (*.tf.json), `files` files of each. */
export function writeConfigurations(dir: string, total: number, redis: number, files: number): { hclDir: string; jsonDir: string } {
  const hclDir = path.join(dir, "hcl");
  const jsonDir = path.join(dir, "json");
  fs.mkdirSync(hclDir, { recursive: true });
  fs.mkdirSync(jsonDir, { recursive: true });
  const redisEvery = Math.max(1, Math.floor(total / redis));
  const perFile = Math.ceil(total / files);
  fs.writeFileSync(path.join(hclDir, "variables.tf"), `variable "location" {\n  default = "westeurope"\n}\n\nlocals {\n  resource_group = "rg-bench"\n}\n`);
  fs.writeFileSync(path.join(jsonDir, "variables.tf.json"), JSON.stringify({ variable: { location: { default: "westeurope" } }, locals: { resource_group: "rg-bench" } }, null, 2));
  for (let f = 0; f < files; f++) {
    const hcl: string[] = [];
    const json: Record<string, Record<string, unknown>> = {};
    for (let i = f * perFile; i < Math.min(total, (f + 1) * perFile); i++) {
      const r = resource(i, redisEvery);
      hcl.push(r.hcl);
      (json[r.type] ??= {})[r.name] = r.json;
    }
    fs.writeFileSync(path.join(hclDir, `part${f}.tf`), `${hcl.join("\n\n")}\n`);
    fs.writeFileSync(path.join(jsonDir, `part${f}.tf.json`), JSON.stringify({ resource: json }, null, 2));
  }
  return { hclDir, jsonDir };
}

function checked(run: ChildRun): number {
  return (JSON.parse(run.stdout) as { summary: { resourcesChecked: number } }).summary.resourcesChecked;
}

/** Alternates `check` on the HCL directory and on the JSON one, after warm-ups, and reports medians. */
export async function measureHclCheck(repoRoot: string, options: { resources: number; redis: number; files: number; warmups: number; reps: number }): Promise<HclCheckResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arg-hcl-check-"));
  try {
    const { hclDir, jsonDir } = writeConfigurations(dir, options.resources, options.redis, options.files);
    const preload = path.join(dir, "report-usage.js");
    fs.writeFileSync(preload, PRELOAD);
    const cli = path.join(repoRoot, "dist", "cli", "main.js");
    const hclRuns: ChildRun[] = [];
    const jsonRuns: ChildRun[] = [];
    for (let i = 0; i < options.warmups + options.reps; i++) {
      const hclRun = await runChild(["-r", preload, cli, "check", hclDir, "--format", "json"]);
      const jsonRun = await runChild(["-r", preload, cli, "check", jsonDir, "--format", "json"]);
      for (const run of [hclRun, jsonRun]) if (run.status !== 0 && run.status !== 1) throw new Error(`check exited ${run.status} on the generated configuration`);
      if (i < options.warmups) continue;
      hclRuns.push(hclRun);
      jsonRuns.push(jsonRun);
    }
    const hclMs = median(hclRuns.map((r) => r.ms));
    const jsonMs = median(jsonRuns.map((r) => r.ms));
    return { resources: options.resources, redisResources: options.redis, files: options.files, hclMs, jsonMs, ratio: hclMs / jsonMs, hclChecked: checked(hclRuns[0]!), jsonChecked: checked(jsonRuns[0]!) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
