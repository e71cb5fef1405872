import { choiceJudge } from "../core/judges";
import { MCSB_V1 } from "../core/controls";
import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineSettingRule } from "../core/setting-rules";
import { propertyCode } from "./property-text";

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
