import { versionJudge, type VersionScheme } from "../core/judges";
import { policyNameOf, ruleDocsUrl } from "../core/project";
import { defineSettingRule } from "../core/setting-rules";

const id = "Azure.Redis.Version";

/**
 * The Redis versions Azure Cache for Redis knows: 4 and 6 (azurerm validates `redis_version` as "4" or "6";
 * ARM's `redisVersion` takes "major[.minor]" or "latest" and reports the running version, such as "6.0.14").
 */
const REDIS_CACHE_VERSIONS: VersionScheme = Object.freeze<VersionScheme>({
  noun: "Redis version",
  known: ["4", "6"],
  match: "major",
  minimum: [6, 0],
  aliases: ["latest"],
});

/**
 * PSRule for Azure's AZR-000347 (a Reliability rule in PSRule; no MCSB control). Absent means
 * `latest`, which is 6, so it passes; Redis 4 was retired in 2023. No automatic fix: an upgrade of a
 * Basic cache loses its data, which no guard should decide on a user's behalf.
 */
export const redisVersion = defineSettingRule({
  id,
  ref: "AZR-000347",
  policyName: policyNameOf(id),
  title: "Redis version for Azure Cache for Redis",
  description:
    "Redis 4 is retired on Azure: it receives no fixes, security fixes included, and caches still declared with " +
    "it are upgraded by Azure on its own schedule rather than yours.",
  recommendation: "Declare Redis version 6 or `latest`, or leave the version unset (the default is the latest).",
  severity: "high",
  pillar: "Reliability",
  category: "Target metrics",
  control: null,
  defaultEnforcement: "advisory",
  remediationSteps: [
    "1. Set the Redis version to \"6\" (azurerm accepts \"4\" or \"6\"; azure-native also accepts \"latest\"):",
    "   azure-native and classic `redisVersion`, Terraform azurerm `redis_version`.",
    "2. On Basic caches the upgrade loses data; on Standard and Premium clients see a brief reconnect.",
    "No automatic fix is offered: whether losing a Basic cache's data is acceptable is the owner's call.",
  ].join("\n"),
  docsUrl: ruleDocsUrl(id),
  resourceKinds: ["redisCache"],
  checks: [{ setting: "redisVersion", judge: versionJudge(REDIS_CACHE_VERSIONS), expected: 'a Redis version: "4", "6" (or "6.0", "6.0.14") or "latest"' }],
  absentComplies: true,
  wording: {
    nonCompliant: (p) => `runs a retired Redis version: '${p}' is older than 6`,
    compliant: "runs Redis 6 or later",
    fix: (p) => `set '${p}' to "6"`,
  },
});
