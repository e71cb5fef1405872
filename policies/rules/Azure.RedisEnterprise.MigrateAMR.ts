import { prefixJudge } from "../core/judges";
import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineSettingRule } from "../core/setting-rules";
import { propertyCode } from "./property-text";
import type { RuleDocs } from "./rule-docs";

const id = "Azure.RedisEnterprise.MigrateAMR";

/** The SKU families of Azure Managed Redis, and of the retiring Enterprise tiers (names as ARM spells them). */
export const AZURE_MANAGED_REDIS_SKU_PREFIXES = ["Balanced_", "MemoryOptimized_", "ComputeOptimized_", "FlashOptimized_"] as const;
export const RETIRING_ENTERPRISE_SKU_PREFIXES = ["Enterprise_", "EnterpriseFlash_"] as const;

/**
 * PSRule for Azure's AZR-000534 (rule set 2025_12, Operational Excellence): Enterprise and Enterprise
 * Flash retire on 2027-03-31 (no new clusters since 2026-04-01; from 2027-04-01 Microsoft migrates the
 * remaining ones), per Microsoft's retirement FAQ and PSRule's rule page. A cluster passes on an Azure
 * Managed Redis SKU. Matched by prefix, so azurerm's `Enterprise_E10-2` counts; an unknown SKU fails
 * closed. Not a security control: no MCSB control, advisory, and no automatic fix (a SKU change
 * replaces the cluster on every provider).
 */
export const redisEnterpriseMigrateAmr = defineSettingRule({
  id,
  ref: "AZR-000534",
  policyName: policyNameOf(id),
  title: "Migrate Redis Enterprise to Azure Managed Redis",
  description:
    "Azure Cache for Redis Enterprise and Enterprise Flash are retiring: no new clusters can be created since " +
    "2026-04-01, the tiers retire on 2027-03-31, and from 2027-04-01 Microsoft migrates the remaining clusters to " +
    "Azure Managed Redis on its own schedule. Azure Managed Redis is where new caches go.",
  recommendation: "Plan the move of Enterprise and Enterprise Flash clusters to Azure Managed Redis before 2027-03-31.",
  severity: "high",
  pillar: "Operational Excellence",
  category: "Infrastructure as code",
  control: null,
  defaultEnforcement: "advisory",
  remediationSteps: [
    "1. Choose an Azure Managed Redis SKU (Balanced_*, MemoryOptimized_*, ComputeOptimized_*, FlashOptimized_*).",
    "2. Migrate with Azure's tooling (it keeps the hostname) or side by side: azure-native `RedisEnterprise` with",
    `   ${propertyCode("azure-native", "redisEnterpriseCluster", "skuName")} set to that SKU, classic \`azure.managedredis.ManagedRedis\` (\`skuName\`), Terraform`,
    "   `azurerm_managed_redis` (`sku_name`) instead of `azurerm_redis_enterprise_cluster`.",
    "3. Until then, record an exemption with a reason and an expiry, or turn the rule off in one line of config.",
    "No automatic fix is offered: changing the SKU replaces the cluster and its data.",
  ].join("\n"),
  docsUrl: ruleDocsUrl(id),
  resourceKinds: ["redisEnterpriseCluster"],
  checks: [
    {
      setting: "skuName",
      judge: prefixJudge(AZURE_MANAGED_REDIS_SKU_PREFIXES, RETIRING_ENTERPRISE_SKU_PREFIXES),
      expected: "an Azure Managed Redis (Balanced_, MemoryOptimized_, ComputeOptimized_, FlashOptimized_) or Enterprise (Enterprise_, EnterpriseFlash_) SKU",
    },
  ],
  absentComplies: false,
  wording: {
    nonCompliant: (p) =>
      `is an Enterprise or Enterprise Flash cluster ('${p}' is an Enterprise_ or EnterpriseFlash_ SKU), which Microsoft retires on ` +
      `2027-03-31 (no new clusters since 2026-04-01; from 2027-04-01 Microsoft migrates the remaining ones)`,
    compliant: "is Azure Managed Redis (an Azure Managed Redis SKU)",
    fix: (p) =>
      `migrate to Azure Managed Redis, a cluster whose '${p}' is a Balanced_, MemoryOptimized_, ComputeOptimized_ or FlashOptimized_ SKU, ` +
      `before 2027-03-31; until then record an exemption with a reason and an expiry`,
    absentFails: "the SKU is required, so the rule cannot tell whether the cluster is Azure Managed Redis",
  },
});

/** What this rule's docs say around the property names the bindings give (`npm run docs`). */
export const docs: RuleDocs = {
  passesWhen: "an Azure Managed Redis SKU (`Enterprise_*` / `EnterpriseFlash_*` retire 2027-03-31)",
  propertyNotes: {
    "azure-native:redisEnterpriseCluster": '`"Enterprise_E10"`, `"Balanced_B5"`',
    "azure:redisEnterpriseCluster": '`"Enterprise_E10-2"`: name and capacity',
    "terraform:redisEnterpriseCluster": '`"Enterprise_E10-2"`',
  },
  notApplicable: {
    "azure:managedRedis": "Azure Managed Redis SKUs only: nothing to migrate",
    "terraform:managedRedis": "Azure Managed Redis SKUs only: nothing to migrate",
  },
};
