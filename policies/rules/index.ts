import type { SettingRule } from "../core/setting-rules";
import { redisEntraId } from "./Azure.Redis.EntraID";
import { redisLocalAuth } from "./Azure.Redis.LocalAuth";
import { redisMinTls } from "./Azure.Redis.MinTLS";
import { redisNonSslPort } from "./Azure.Redis.NonSslPort";
import { redisPublicNetworkAccess } from "./Azure.Redis.PublicNetworkAccess";
import { redisVersion } from "./Azure.Redis.Version";
import { redisEnterpriseClientProtocol } from "./Azure.RedisEnterprise.ClientProtocol";
import { redisEnterpriseMinTls } from "./Azure.RedisEnterprise.MinTLS";

export {
  redisEntraId,
  redisEnterpriseClientProtocol,
  redisEnterpriseMinTls,
  redisLocalAuth,
  redisMinTls,
  redisNonSslPort,
  redisPublicNetworkAccess,
  redisVersion,
};

/** Every rule of the core, in the order reports list them: encryption in transit first. */
export const allRules: readonly SettingRule[] = [
  redisNonSslPort,
  redisMinTls,
  redisEnterpriseClientProtocol,
  redisEnterpriseMinTls,
  redisPublicNetworkAccess,
  redisLocalAuth,
  redisEntraId,
  redisVersion,
];

/** A rule by its id (`Azure.Redis.NonSslPort`), or `undefined`. */
export function findRule(id: string): SettingRule | undefined {
  return allRules.find((rule) => rule.id === id);
}
