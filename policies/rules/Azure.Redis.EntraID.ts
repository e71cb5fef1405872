import { booleanJudge } from "../core/judges";
import { MCSB_V1 } from "../core/controls";
import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineSettingRule } from "../core/setting-rules";
import { propertyCode } from "./property-text";
import type { RuleDocs } from "./rule-docs";

const id = "Azure.Redis.EntraID";

/**
 * PSRule for Azure's AZR-000427. Entra ID authentication is off unless enabled, so an absent value
 * fails. azure-native carries it as the string "True"/"False" (ARM's `aad-enabled`), classic and
 * azurerm as a boolean: the shared boolean reading handles both. No automatic fix: it changes how
 * clients authenticate.
 */
export const redisEntraId = defineSettingRule({
  id,
  ref: "AZR-000427",
  policyName: policyNameOf(id),
  title: "Use Entra ID authentication with cache instances",
  description:
    "Without Microsoft Entra ID, clients can only authenticate with shared access keys: no identities, no " +
    "least-privilege access policies and no central revocation.",
  recommendation: "Enable Microsoft Entra ID authentication on the cache and give clients identities with data access policies.",
  severity: "critical",
  pillar: "Security",
  category: "Identity and access management",
  control: MCSB_V1["IM-1"],
  defaultEnforcement: "advisory",
  remediationSteps: [
    `1. Enable Entra ID authentication: azure-native ${propertyCode("azure-native", "redisCache", "entraIdAuthenticationEnabled", '"True"')}, classic`,
    `   ${propertyCode("azure", "redisCache", "entraIdAuthenticationEnabled", "true")}, Terraform azurerm`,
    `   ${propertyCode("terraform", "redisCache", "entraIdAuthenticationEnabled", "true")}.`,
    "2. Assign data access policies to the identities of your clients.",
    "No automatic fix is offered: it changes the cache's authentication and needs access policies to be useful.",
  ].join("\n"),
  docsUrl: ruleDocsUrl(id),
  resourceKinds: ["redisCache"],
  checks: [{ setting: "entraIdAuthenticationEnabled", judge: booleanJudge(true), expected: 'a boolean or "True"/"False"' }],
  absentComplies: false,
  wording: {
    nonCompliant: (p) => `does not use Microsoft Entra ID authentication: '${p}' turns it off`,
    compliant: "uses Microsoft Entra ID authentication",
    fix: (p) => `set '${p}' to ${p.endsWith("aadEnabled") ? '"True"' : "true"}`,
  },
});

/** What this rule's docs say around the property names the bindings give (`npm run docs`). */
export const docs: RuleDocs = {
  passesWhen: "Entra ID authentication on",
  propertyNotes: {
    "azure-native:redisCache": "a **string**, ARM's `aad-enabled`",
    "azure:redisCache": "boolean; in v5, the releases built on azurerm 3.83 or later",
    "terraform:redisCache": "boolean; from azurerm 3.83.0, earlier 3.x has none",
  },
};
