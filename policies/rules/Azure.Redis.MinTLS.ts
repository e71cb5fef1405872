import { AZURE_TLS_VERSIONS, versionJudge } from "../core/judges";
import { MCSB_V1 } from "../core/controls";
import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineSettingRule } from "../core/setting-rules";

const id = "Azure.Redis.MinTLS";

/**
 * PSRule for Azure's AZR-000164. Azure has created caches with TLS 1.2 as the minimum since 2020 and
 * refuses 1.0 and 1.1 since 2024, so an absent value passes (PSRule: `hasDefault: '1.2'`).
 */
export const redisMinTls = defineSettingRule({
  id,
  ref: "AZR-000164",
  policyName: policyNameOf(id),
  title: "Redis Cache minimum TLS version",
  description:
    "TLS 1.0 and 1.1 have known weaknesses. A cache that still accepts them lets a client, or an attacker in the " +
    "middle, negotiate a protocol version that no longer protects the data in transit.",
  recommendation: "Set the minimum TLS version of the cache to 1.2, or leave it unset: Azure then enforces 1.2.",
  severity: "critical",
  pillar: "Security",
  category: "Encryption",
  control: MCSB_V1["DP-3"],
  defaultEnforcement: "mandatory",
  remediationSteps: [
    "1. Set the minimum TLS version to \"1.2\" (or remove it; Azure's default is 1.2):",
    "   azure-native and classic `minimumTlsVersion`, Terraform azurerm `minimum_tls_version`.",
    "2. Check that clients support TLS 1.2 (every supported Redis client library does).",
  ].join("\n"),
  docsUrl: ruleDocsUrl(id),
  resourceKinds: ["redisCache"],
  fix: { setting: "minimumTlsVersion", value: "1.2" },
  checks: [{ setting: "minimumTlsVersion", judge: versionJudge(AZURE_TLS_VERSIONS), expected: 'a TLS version: "1.0", "1.1" or "1.2"' }],
  absentComplies: true,
  wording: {
    nonCompliant: (p) => `accepts TLS versions older than 1.2: '${p}' allows TLS 1.0 or 1.1`,
    compliant: "only accepts TLS 1.2 or later",
    fix: (p) => `set '${p}' to "1.2"`,
  },
});
