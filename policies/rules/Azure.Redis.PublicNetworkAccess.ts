import { booleanJudge, choiceJudge } from "../core/judges";
import { MCSB_V1 } from "../core/controls";
import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineSettingRule } from "../core/setting-rules";
import { propertyCode } from "./property-text";
import type { RuleDocs } from "./rule-docs";

const id = "Azure.Redis.PublicNetworkAccess";

/**
 * PSRule for Azure's AZR-000165. Azure enables public network access unless told otherwise, so an
 * absent value fails. No automatic fix: turning public access off cuts off every client that does not
 * come through a private endpoint.
 */
export const redisPublicNetworkAccess = defineSettingRule({
  id,
  ref: "AZR-000165",
  policyName: policyNameOf(id),
  title: "Use private endpoints with Azure Cache for Redis",
  description:
    "A cache with public network access is reachable from the internet: its endpoint can be probed and its " +
    "access keys tried from anywhere. Private endpoints keep the cache inside the networks that use it.",
  recommendation: "Disable public network access and connect clients through private endpoints.",
  severity: "critical",
  pillar: "Security",
  category: "Network controls",
  control: MCSB_V1["NS-2"],
  defaultEnforcement: "advisory",
  remediationSteps: [
    "1. Create a private endpoint for the cache and make sure every client resolves and reaches it.",
    `2. Disable public network access: azure-native ${propertyCode("azure-native", "redisCache", "publicNetworkAccess", '"Disabled"')},`,
    `   classic ${propertyCode("azure", "redisCache", "publicNetworkAccessEnabled", "false")}, Terraform azurerm ${propertyCode("terraform", "redisCache", "publicNetworkAccessEnabled", "false")}.`,
    "No automatic fix is offered: it would cut off clients that still use the public endpoint.",
  ].join("\n"),
  docsUrl: ruleDocsUrl(id),
  resourceKinds: ["redisCache"],
  checks: [
    { setting: "publicNetworkAccess", judge: choiceJudge(["Disabled"], ["Enabled"]), expected: '"Enabled" or "Disabled"' },
    { setting: "publicNetworkAccessEnabled", judge: booleanJudge(false), expected: "a boolean" },
  ],
  absentComplies: false,
  wording: {
    nonCompliant: (p) => `is reachable from public networks: '${p}' enables public network access`,
    compliant: "is not reachable from public networks",
    fix: (p) => `set '${p}' to ${p === "publicNetworkAccess" ? '"Disabled"' : "false"} once clients use a private endpoint`,
  },
});

/** What this rule's docs say around the property names the bindings give (`npm run docs`). */
export const docs: RuleDocs = {
  passesWhen: "public network access disabled",
  propertyNotes: { "azure-native:redisCache": '`"Enabled"` / `"Disabled"`', "azure:redisCache": "boolean", "terraform:redisCache": "boolean" },
};
