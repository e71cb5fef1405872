import type { PulumiBinding } from "../../policies/pulumi";

/** One concrete Pulumi type token per binding (family/kind), to drive the pack and the policies. */
export const TOKEN_OF_BINDING: Readonly<Record<string, string>> = {
  "azure-native/redisCache": "azure-native:redis:Redis",
  "azure-native/redisEnterpriseCluster": "azure-native:redisenterprise:RedisEnterprise",
  "azure-native/redisEnterpriseDatabase": "azure-native:redisenterprise:Database",
  "azure/redisCache": "azure:redis/cache:Cache",
  "azure/redisEnterpriseCluster": "azure:redis/enterpriseCluster:EnterpriseCluster",
  "azure/redisEnterpriseDatabase": "azure:redis/enterpriseDatabase:EnterpriseDatabase",
  "azure/managedRedis": "azure:managedredis/managedRedis:ManagedRedis",
};

export function tokenOf(binding: PulumiBinding): string {
  return TOKEN_OF_BINDING[`${binding.family}/${binding.kind}`]!;
}
