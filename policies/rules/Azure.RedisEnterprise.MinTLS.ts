import { AZURE_TLS_VERSIONS, versionJudge } from "../core/judges";
import { MCSB_V1 } from "../core/controls";
import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineSettingRule } from "../core/setting-rules";

const id = "Azure.RedisEnterprise.MinTLS";

/**
 * PSRule for Azure's AZR-000301, on Redis Enterprise and Azure Managed Redis clusters. Absent passes
 * (new clusters only support 1.2). Classic `ManagedRedis` and `azurerm_managed_redis` have no TLS
 * property at all, so the rule does not apply to them.
 */
export const redisEnterpriseMinTls = defineSettingRule({
  id,
  ref: "AZR-000301",
  policyName: policyNameOf(id),
  title: "Redis Enterprise minimum TLS version",
  description:
    "A Redis Enterprise or Azure Managed Redis cluster that accepts TLS 1.0 or 1.1 lets clients negotiate " +
    "protocol versions with known weaknesses.",
  recommendation: "Set the cluster's minimum TLS version to 1.2, or leave it unset.",
  severity: "critical",
  pillar: "Security",
  category: "Encryption",
  control: MCSB_V1["DP-3"],
  defaultEnforcement: "mandatory",
  remediationSteps: [
    "1. Set the minimum TLS version to \"1.2\" (or remove it): azure-native and classic `minimumTlsVersion`,",
    "   Terraform azurerm `minimum_tls_version`.",
    "On the classic provider and azurerm this attribute forces the cluster to be replaced: plan the change,",
    "which is why the automatic fix only rewrites azure-native resources (updated in place).",
  ].join("\n"),
  docsUrl: ruleDocsUrl(id),
  resourceKinds: ["redisEnterpriseCluster"],
  fix: { setting: "minimumTlsVersion", value: "1.2" },
  checks: [{ setting: "minimumTlsVersion", judge: versionJudge(AZURE_TLS_VERSIONS), expected: 'a TLS version: "1.0", "1.1" or "1.2"' }],
  absentComplies: true,
  wording: {
    nonCompliant: (p) => `accepts TLS versions older than 1.2: '${p}' allows TLS 1.0 or 1.1`,
    compliant: "only accepts TLS 1.2 or later",
    fix: (p) => `set '${p}' to "1.2"`,
  },
});
