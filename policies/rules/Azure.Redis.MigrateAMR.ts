import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineRetirementRule } from "../core/retirement-rules";
import type { RuleDocs } from "./rule-docs";

const id = "Azure.Redis.MigrateAMR";

/**
 * PSRule for Azure's AZR-000533 (rule set 2025_12, Operational Excellence): every Azure Cache for Redis
 * (Basic, Standard, Premium) fails, whatever its settings. Dates from Microsoft's retirement FAQ as
 * PSRule's rule page quotes them: creation blocked for new customers from 2026-04-01 and for existing
 * ones from 2026-10-01, retirement on 2028-09-30, caches disabled from 2028-10-01. Not a security
 * control: no MCSB control, advisory, no automatic fix; teams with a plan record an exemption.
 */
export const redisMigrateAmr = defineRetirementRule({
  id,
  ref: "AZR-000533",
  policyName: policyNameOf(id),
  title: "Migrate Azure Cache for Redis to Azure Managed Redis",
  description:
    "Azure Cache for Redis (Basic, Standard and Premium) is retiring: new caches are blocked for new customers from " +
    "2026-04-01 and for existing customers from 2026-10-01, the service retires on 2028-09-30, and caches still " +
    "running are disabled from 2028-10-01. Azure Managed Redis is where new caches go.",
  recommendation: "Plan the move of every Azure Cache for Redis to Azure Managed Redis before 2028-09-30.",
  severity: "high",
  pillar: "Operational Excellence",
  category: "Infrastructure as code",
  control: null,
  defaultEnforcement: "advisory",
  remediationSteps: [
    "1. Choose an Azure Managed Redis SKU (Balanced_*, MemoryOptimized_*, ComputeOptimized_*, FlashOptimized_*).",
    "2. Declare it instead of the cache: azure-native `redisenterprise.RedisEnterprise` and `redisenterprise.Database`,",
    "   classic `azure.managedredis.ManagedRedis`, Terraform `azurerm_managed_redis`; migrate the data with Azure's",
    "   migration tooling (it can keep the cache's hostname) or side by side, then remove the cache.",
    "3. Until then, record an exemption with a reason and an expiry, or turn the rule off in one line of config.",
    "No automatic fix is offered: a different resource type is a migration, not a setting.",
  ].join("\n"),
  docsUrl: ruleDocsUrl(id),
  resourceKinds: ["redisCache"],
  finding:
    "is an Azure Cache for Redis (Basic, Standard or Premium), which Microsoft retires on 2028-09-30: new caches are blocked " +
    "from 2026-04-01 for new customers and from 2026-10-01 for existing ones, and caches still running are disabled from 2028-10-01",
  howToFix:
    "move the workload to Azure Managed Redis (azure-native redisenterprise RedisEnterprise and Database, classic ManagedRedis, " +
    "Terraform azurerm_managed_redis) before 2028-09-30; until then record an exemption with a reason and an expiry",
});

/** What this rule's docs say around the property names the bindings give (`npm run docs`). */
export const docs: RuleDocs = {
  passesWhen: "never: the cache type retires 2028-09-30",
};
