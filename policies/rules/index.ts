import type { RetirementRule } from "../core/retirement-rules";
import type { SettingRule } from "../core/setting-rules";
import { redisEntraId } from "./Azure.Redis.EntraID";
import { redisLocalAuth } from "./Azure.Redis.LocalAuth";
import { redisMigrateAmr } from "./Azure.Redis.MigrateAMR";
import { redisMinTls } from "./Azure.Redis.MinTLS";
import { redisNonSslPort } from "./Azure.Redis.NonSslPort";
import { redisPublicNetworkAccess } from "./Azure.Redis.PublicNetworkAccess";
import { redisVersion } from "./Azure.Redis.Version";
import { redisEnterpriseClientProtocol } from "./Azure.RedisEnterprise.ClientProtocol";
import { redisEnterpriseLocalAuth } from "./Azure.RedisEnterprise.LocalAuth";
import { redisEnterpriseMigrateAmr } from "./Azure.RedisEnterprise.MigrateAMR";
import { redisEnterpriseMinTls } from "./Azure.RedisEnterprise.MinTLS";
import { redisEnterprisePublicNetworkAccess } from "./Azure.RedisEnterprise.PublicNetworkAccess";

export {
  redisEntraId,
  redisEnterpriseClientProtocol,
  redisEnterpriseLocalAuth,
  redisEnterpriseMigrateAmr,
  redisEnterpriseMinTls,
  redisEnterprisePublicNetworkAccess,
  redisLocalAuth,
  redisMigrateAmr,
  redisMinTls,
  redisNonSslPort,
  redisPublicNetworkAccess,
  redisVersion,
};

/** A rule of this package: a setting rule, or a retirement notice that reads no setting. */
export type CoreRule = SettingRule | RetirementRule;

/**
 * Every rule of the core, in the order reports list them: encryption in transit first, then network
 * and identity, then the operational notices (retiring versions and SKUs).
 */
export const allRules: readonly CoreRule[] = [
  redisNonSslPort,
  redisMinTls,
  redisEnterpriseClientProtocol,
  redisEnterpriseMinTls,
  redisPublicNetworkAccess,
  redisEnterprisePublicNetworkAccess,
  redisLocalAuth,
  redisEnterpriseLocalAuth,
  redisEntraId,
  redisVersion,
  redisMigrateAmr,
  redisEnterpriseMigrateAmr,
];

/** A rule by its id (`Azure.Redis.NonSslPort`), or `undefined`. */
export function findRule(id: string): CoreRule | undefined {
  return allRules.find((rule) => rule.id === id);
}
