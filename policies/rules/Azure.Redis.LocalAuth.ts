import { booleanJudge } from "../core/judges";
import { MCSB_V1 } from "../core/controls";
import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineSettingRule } from "../core/setting-rules";
import { propertyCode } from "./property-text";
import type { RuleDocs } from "./rule-docs";

const id = "Azure.Redis.LocalAuth";

/**
 * PSRule for Azure's AZR-000496. Access keys are enabled unless disabled, so an absent value fails.
 * The setting has opposite polarity per surface (azure-native `disableAccessKeyAuthentication: true`,
 * classic/azurerm `accessKeysAuthenticationEnabled: false`): two settings, one rule. No automatic fix:
 * disabling keys drops every client that still authenticates with them.
 */
export const redisLocalAuth = defineSettingRule({
  id,
  ref: "AZR-000496",
  policyName: policyNameOf(id),
  title: "Azure Cache for Redis access keys are enabled",
  description:
    "Access keys are shared secrets: anyone who holds one has full access to the cache, with no identity " +
    "attached, no per-user revocation and no conditional access.",
  recommendation: "Authenticate clients with Microsoft Entra ID and disable access key authentication.",
  severity: "high",
  pillar: "Security",
  category: "Identity and access management",
  control: MCSB_V1["IM-1"],
  defaultEnforcement: "advisory",
  remediationSteps: [
    "1. Enable Microsoft Entra ID authentication (see Azure.Redis.EntraID) and move every client to it.",
    `2. Disable access keys: azure-native ${propertyCode("azure-native", "redisCache", "accessKeyAuthenticationDisabled", "true")}, classic`,
    `   ${propertyCode("azure", "redisCache", "accessKeysAuthenticationEnabled", "false")}, Terraform azurerm ${propertyCode("terraform", "redisCache", "accessKeysAuthenticationEnabled", "false")}.`,
    "   azurerm 3.x has no such argument: upgrade to azurerm 4.x, or record an exemption with a reason.",
    "No automatic fix is offered: disabling keys terminates every connection that still uses them.",
  ].join("\n"),
  docsUrl: ruleDocsUrl(id),
  resourceKinds: ["redisCache"],
  checks: [
    { setting: "accessKeyAuthenticationDisabled", judge: booleanJudge(true), expected: "a boolean" },
    { setting: "accessKeysAuthenticationEnabled", judge: booleanJudge(false), expected: "a boolean" },
  ],
  absentComplies: false,
  wording: {
    nonCompliant: (p) => `accepts access keys: '${p}' leaves access key authentication on`,
    compliant: "does not accept access keys",
    fix: (p) => `set '${p}' to ${p === "disableAccessKeyAuthentication" ? "true" : "false"} once clients authenticate with Entra ID`,
    // azurerm 3.x has no way to turn access keys off: say what the user can do with the provider they have.
    unavailable: (p, lack) =>
      `${lack.provider} cannot turn access-key authentication off ('${p}' was added in ${lack.addedIn}): upgrade to ${lack.upgradeTo} and turn it off there once clients authenticate with Entra ID, or record an exemption with a reason`,
  },
});

/** What this rule's docs say around the property names the bindings give (`npm run docs`). */
export const docs: RuleDocs = {
  passesWhen: "access keys disabled",
  propertyNotes: {
    "azure-native:redisCache": "`true` passes",
    "azure:redisCache": "`false` passes; v5 has no such property",
    "terraform:redisCache": "`false` passes; 3.x has no such attribute, it arrived in 4.0.0",
  },
};
