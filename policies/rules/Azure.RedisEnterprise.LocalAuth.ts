import { booleanJudge, choiceJudge } from "../core/judges";
import { MCSB_V1 } from "../core/controls";
import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineSettingRule } from "../core/setting-rules";
import { propertyCode } from "./property-text";
import type { RuleDocs } from "./rule-docs";

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

/** What this rule's docs say around the property names the bindings give (`npm run docs`). */
export const docs: RuleDocs = {
  passesWhen: "access keys disabled",
  propertyNotes: {
    "azure-native:redisEnterpriseDatabase": '`"Enabled"` / `"Disabled"`',
    "azure:managedRedis": "`false` passes",
    "terraform:managedRedis": "`false` passes",
  },
  tokenGroups: {
    "azure-native:redisEnterpriseDatabase": [
      {
        surface: "Pulumi azure-native, versioned tokens from 2025-07-01",
        resourceTypes:
          "`azure-native:redisenterprise/v20250701:Database`, `…/v20250801preview:Database`, `…/v20260601preview:Database`, …",
        whenAbsent: '**pass**: Azure\'s default at that API version is `"Disabled"`',
      },
      {
        surface: "Pulumi azure-native, versioned tokens before 2025-07-01",
        resourceTypes:
          "`azure-native:redisenterprise/v20240901preview:Database`, `…/v20250401:Database`, `…/v20250501preview:Database`, " +
          "`azure-native:cache/v20241001:Database`, …",
        whenAbsent: '**fail**: Azure\'s default at that API version is `"Enabled"`',
      },
      {
        surface: "Pulumi azure-native 3.x",
        resourceTypes: "`azure-native:redisenterprise:Database`",
        whenAbsent:
          "**fail**: no default is established. The unversioned token has stood for API versions 2024-03-01-preview " +
          "(azure-native 3.6), 2025-05-01-preview (3.12 to 3.19; pulumi/pulumi-azure-native#4745) and 2025-07-01 (3.28, " +
          "installed here), and the policy pack cannot see which release a program uses. Set the property, or use a versioned token",
      },
      {
        surface: "Pulumi azure-native 2.x",
        resourceTypes: "`azure-native:cache:Database`",
        whenAbsent: "**fail**: the 2.x default API version is 2023-03-01-preview, where keys are on",
      },
    ],
  },
  absentRemark: { "terraform:managedRedis": "the provider uses API version 2025-07-01 and writes the value itself" },
  notApplicable: {
    "azure:redisEnterpriseDatabase": "no access key setting",
    "terraform:redisEnterpriseDatabase": "no access key setting, as the resource pins API version 2024-10-01, where keys stay on",
  },
};
