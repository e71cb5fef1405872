import { MCSB_V1 } from "../core/controls";
import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineBooleanSettingRule } from "../core/setting-rules";
import { propertyCode } from "./property-text";
import type { RuleDocs } from "./rule-docs";

const id = "Azure.Redis.NonSslPort";

/**
 * PSRule for Azure's AZR-000163: Azure Cache for Redis must not accept unencrypted connections on
 * the non-SSL port (6379). Azure disables that port unless asked, so an absent property passes
 * (`requireExplicit` reproduces PSRule, whose `equals: false` condition fails an absent property).
 */
export const redisNonSslPort = defineBooleanSettingRule({
  id,
  ref: "AZR-000163",
  policyName: policyNameOf(id),
  title: "Use secure connections to Redis instances",
  description:
    "Azure Cache for Redis can accept plaintext connections on the non-SSL port 6379. Anything sent there, " +
    "access keys and cached data included, crosses the network unencrypted and can be read or altered on the way.",
  recommendation:
    "Keep the non-SSL port disabled so that clients can only connect with TLS on port 6380.",
  severity: "critical",
  pillar: "Security",
  category: "Encryption",
  control: MCSB_V1["DP-3"],
  defaultEnforcement: "mandatory",
  remediationSteps: [
    "1. Set the non-SSL port property to false, or remove it (Azure's default is disabled):",
    `   azure-native ${propertyCode("azure-native", "redisCache", "nonSslPortEnabled")}, classic provider ${propertyCode("azure", "redisCache", "nonSslPortEnabled")},`,
    `   Terraform azurerm ${propertyCode("terraform", "redisCache", "nonSslPortEnabled")}.`,
    "2. Point clients at port 6380 with TLS enabled before you deploy the change.",
  ].join("\n"),
  docsUrl: ruleDocsUrl(id),
  resourceKinds: ["redisCache"],
  fix: { setting: "nonSslPortEnabled", value: false },
  setting: "nonSslPortEnabled",
  compliantValue: false,
  azureDefault: false,
  wording: {
    nonCompliant: (p) => `accepts unencrypted connections: '${p}' enables the non-SSL port 6379`,
    compliant: "only accepts TLS connections (the non-SSL port is disabled)",
    fix: (p) => `set '${p}' to false (or remove it) and connect clients with TLS on port 6380`,
  },
});

/** What this rule's docs say around the property names the bindings give (`npm run docs`). */
export const docs: RuleDocs = {
  passesWhen: "the non-SSL port is off",
  propertyNotes: { "terraform:redisCache": "the only name before 3.114" },
};
