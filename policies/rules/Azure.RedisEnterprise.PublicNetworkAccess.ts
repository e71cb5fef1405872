import { choiceJudge } from "../core/judges";
import { MCSB_V1 } from "../core/controls";
import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineSettingRule } from "../core/setting-rules";
import { propertyCode } from "./property-text";
import type { RuleDocs } from "./rule-docs";

const id = "Azure.RedisEnterprise.PublicNetworkAccess";

/**
 * Ours (PSRule has no such rule for Azure Managed Redis): the cluster's public endpoint. Absent never
 * passes: azurerm and the classic provider default to "Enabled"; azure-native API versions before
 * 2025-07-01 have no such property and 2025-07-01 requires it (the surfaces declare those defaults,
 * see policies/core/api-versions.ts). No automatic fix: it cuts off clients without a private endpoint.
 */
export const redisEnterprisePublicNetworkAccess = defineSettingRule({
  id,
  ref: null,
  policyName: policyNameOf(id),
  title: "Use private endpoints with Azure Managed Redis",
  description:
    "An Azure Managed Redis or Redis Enterprise cluster with public network access is reachable from the internet: " +
    "its endpoint can be probed and its access keys or tokens tried from anywhere. Private endpoints keep it inside " +
    "the networks that use it.",
  recommendation: "Disable public network access on the cluster and connect clients through private endpoints.",
  severity: "critical",
  pillar: "Security",
  category: "Network controls",
  control: MCSB_V1["NS-2"],
  defaultEnforcement: "advisory",
  remediationSteps: [
    "1. Create a private endpoint for the cluster and make sure every client resolves and reaches it.",
    `2. Disable public network access: azure-native \`RedisEnterprise\` ${propertyCode("azure-native", "redisEnterpriseCluster", "publicNetworkAccess", '"Disabled"')} (API version`,
    `   2025-07-01 or later), classic \`ManagedRedis\` ${propertyCode("azure", "managedRedis", "publicNetworkAccess", '"Disabled"')}, Terraform azurerm`,
    `   \`azurerm_managed_redis\` ${propertyCode("terraform", "managedRedis", "publicNetworkAccess", '"Disabled"')}.`,
    "No automatic fix is offered: it would cut off clients that still use the public endpoint.",
  ].join("\n"),
  docsUrl: ruleDocsUrl(id),
  resourceKinds: ["redisEnterpriseCluster", "managedRedis"],
  checks: [{ setting: "publicNetworkAccess", judge: choiceJudge(["Disabled"], ["Enabled"]), expected: '"Enabled" or "Disabled"' }],
  absentComplies: false,
  wording: {
    nonCompliant: (p) => `is reachable from public networks: '${p}' enables public network access`,
    compliant: "is not reachable from public networks",
    fix: (p) => `set '${p}' to "Disabled" once clients use a private endpoint`,
  },
});

/** What this rule's docs say around the property names the bindings give (`npm run docs`). */
export const docs: RuleDocs = {
  passesWhen: "public network access `Disabled`",
  propertyNotes: {
    "azure-native:redisEnterpriseCluster": '`"Enabled"` / `"Disabled"`',
    "azure:managedRedis": '`"Enabled"` / `"Disabled"`',
    "terraform:managedRedis": '`"Enabled"` / `"Disabled"`',
  },
  tokenGroups: {
    "azure-native:redisEnterpriseCluster": [
      {
        surface: "Pulumi azure-native 3.x",
        resourceTypes: "`azure-native:redisenterprise:RedisEnterprise`",
        whenAbsent:
          "**fail**: no default is established. The unversioned token has stood for API versions 2024-03-01-preview " +
          "(azure-native 3.6), 2025-05-01-preview (3.12 to 3.19) and 2025-07-01 (3.28, installed here): the first two have " +
          "no such property, the last requires it",
      },
      {
        surface: "Pulumi azure-native, versioned tokens",
        resourceTypes: "`azure-native:redisenterprise/v20250701:RedisEnterprise` and every later version",
        whenAbsent: "**fail**: required from API version 2025-07-01, so Azure rejects a cluster without it",
      },
      {
        surface: "Pulumi azure-native, versioned tokens and 2.x",
        resourceTypes:
          "`azure-native:redisenterprise/v20240901preview:RedisEnterprise`, `azure-native:cache/v20241001:RedisEnterprise`, " +
          "`azure-native:cache:RedisEnterprise` (2.x: API 2023-03-01-preview), … before 2025-07-01",
        whenAbsent: "**fail**: the API version has no such property; the public endpoint cannot be turned off",
      },
    ],
  },
  notApplicable: {
    "azure:redisEnterpriseCluster": "no public network access setting",
    "terraform:redisEnterpriseCluster": "no public network access setting, as the resource pins API version 2024-10-01",
  },
};
