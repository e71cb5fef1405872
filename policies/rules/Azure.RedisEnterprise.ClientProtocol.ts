import { choiceJudge } from "../core/judges";
import { MCSB_V1 } from "../core/controls";
import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineSettingRule } from "../core/setting-rules";
import { propertyCode, pulumiPropertyCode } from "./property-text";
import type { RuleDocs } from "./rule-docs";

const id = "Azure.RedisEnterprise.ClientProtocol";

/**
 * Ours (PSRule has no such rule): the non-SSL port of Azure Managed Redis and Redis Enterprise. A
 * database whose client protocol is `Plaintext` accepts unencrypted connections. Absent passes: the
 * default is `Encrypted`.
 */
export const redisEnterpriseClientProtocol = defineSettingRule({
  id,
  ref: null,
  policyName: policyNameOf(id),
  title: "Use encrypted client connections to Redis Enterprise and Azure Managed Redis databases",
  description:
    "A Redis Enterprise or Azure Managed Redis database with the Plaintext client protocol accepts unencrypted " +
    "connections: commands, data and credentials cross the network in the clear.",
  recommendation: "Keep the database's client protocol Encrypted (the default) and connect clients with TLS.",
  severity: "critical",
  pillar: "Security",
  category: "Encryption",
  control: MCSB_V1["DP-3"],
  defaultEnforcement: "mandatory",
  remediationSteps: [
    `1. Set the client protocol to "Encrypted" (or remove it): ${pulumiPropertyCode("redisEnterpriseDatabase", "clientProtocol")},`,
    `   classic \`ManagedRedis\` ${propertyCode("azure", "managedRedis", "clientProtocol")}, Terraform azurerm ${propertyCode("terraform", "redisEnterpriseDatabase", "clientProtocol")} or`,
    `   ${propertyCode("terraform", "managedRedis", "clientProtocol")} on \`azurerm_managed_redis\`.`,
    "2. Connect clients with TLS. On `azurerm_redis_enterprise_database` and the classic `EnterpriseDatabase`",
    "   the attribute forces the database to be replaced, so the automatic fix skips those resources.",
  ].join("\n"),
  docsUrl: ruleDocsUrl(id),
  resourceKinds: ["redisEnterpriseDatabase", "managedRedis"],
  fix: { setting: "clientProtocol", value: "Encrypted" },
  checks: [{ setting: "clientProtocol", judge: choiceJudge(["Encrypted"], ["Plaintext"]), expected: '"Encrypted" or "Plaintext"' }],
  absentComplies: true,
  wording: {
    nonCompliant: (p) => `accepts unencrypted connections: '${p}' lets clients connect without TLS`,
    compliant: "only accepts encrypted connections",
    fix: (p) => `set '${p}' to "Encrypted" and connect clients with TLS`,
  },
});

/** What this rule's docs say around the property names the bindings give (`npm run docs`). */
export const docs: RuleDocs = {
  passesWhen: "client protocol `Encrypted`",
  propertyNotes: { "azure-native:redisEnterpriseDatabase": '`"Encrypted"` / `"Plaintext"`' },
};
