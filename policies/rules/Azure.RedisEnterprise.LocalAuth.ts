import { booleanJudge, choiceJudge } from "../core/judges";
import { MCSB_V1 } from "../core/controls";
import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineSettingRule } from "../core/setting-rules";
import { propertyCode } from "./property-text";

const id = "Azure.RedisEnterprise.LocalAuth";

/**
 * Ours: access keys on Azure Managed Redis and Redis Enterprise databases. Two polarities, as for
 * caches: azure-native `accessKeysAuthentication: "Disabled"`, classic and azurerm
 * `accessKeysAuthenticationEnabled: false`. The default depends on the surface: the classic provider
 * and azurerm write `false`; Azure's own default changed with API version 2025-07-01 (before: keys
 * enabled), which azure-native tokens declare (policies/core/api-versions.ts). Where no default can be
 * established, absence fails. No automatic fix: disabling keys drops every client still using them.
 */
export const redisEnterpriseLocalAuth = defineSettingRule({
  id,
  ref: null,
  policyName: policyNameOf(id),
  title: "Azure Managed Redis access keys are enabled",
  description:
    "Access keys are shared secrets: anyone who holds one has full access to the database, with no identity " +
    "attached, no per-user revocation and no conditional access. With access keys disabled, only Microsoft Entra ID " +
    "tokens open the database.",
  recommendation: "Authenticate clients with Microsoft Entra ID and disable access key authentication on the database.",
  severity: "high",
  pillar: "Security",
  category: "Identity and access management",
  control: MCSB_V1["IM-1"],
  defaultEnforcement: "advisory",
  remediationSteps: [
    "1. Assign an access policy to the Microsoft Entra ID identity of every client and move clients to token authentication.",
    `2. Disable access keys: azure-native \`Database\` ${propertyCode("azure-native", "redisEnterpriseDatabase", "accessKeysAuthentication", '"Disabled"')}, classic \`ManagedRedis\``,
    `   ${propertyCode("azure", "managedRedis", "accessKeysAuthenticationEnabled", "false")}, Terraform azurerm \`azurerm_managed_redis\``,
    `   ${propertyCode("terraform", "managedRedis", "accessKeysAuthenticationEnabled", "false")}.`,
    "No automatic fix is offered: disabling keys terminates every connection that still uses them.",
  ].join("\n"),
  docsUrl: ruleDocsUrl(id),
  resourceKinds: ["redisEnterpriseDatabase", "managedRedis"],
  checks: [
    { setting: "accessKeysAuthentication", judge: choiceJudge(["Disabled"], ["Enabled"]), expected: '"Enabled" or "Disabled"' },
    { setting: "accessKeysAuthenticationEnabled", judge: booleanJudge(false), expected: "a boolean" },
  ],
  absentComplies: false,
  wording: {
    nonCompliant: (p) => `accepts access keys: '${p}' leaves access key authentication on`,
    compliant: "does not accept access keys",
    fix: (p) => `set '${p}' to ${p.endsWith("accessKeysAuthentication") ? '"Disabled"' : "false"} once clients authenticate with Microsoft Entra ID`,
  },
});
