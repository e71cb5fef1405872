import type { ResourceBinding } from "../core/read";

/**
 * How Pulumi type tokens map onto the core. Matching is by token string only: loading
 * `@pulumi/azure-native` (hundreds of modules) to call `isType` would cost every preview seconds.
 */
export interface PulumiBinding extends ResourceBinding {
  /** Which SDK family the token belongs to, for messages and docs. */
  readonly family: "azure-native" | "azure";
  readonly matches: (type: string) => boolean;
}

/**
 * Every azure-native token of a class: the 3.x module (`azure-native:redis:Redis`), the 2.x `cache`
 * module still seen through aliases (`azure-native:cache:Redis`), and the explicitly versioned tokens
 * of both (`azure-native:cache/v20230401:Redis`, `azure-native:redis/v20250801preview:Redis`).
 */
function azureNativeTokens(module: string, className: string): RegExp {
  return new RegExp(`^azure-native:(?:cache|${module})(?:/v\\d{8}(?:preview)?)?:${className}$`);
}

export const AZURE_NATIVE_REDIS_TOKEN = azureNativeTokens("redis", "Redis");
export const AZURE_NATIVE_REDIS_ENTERPRISE_TOKEN = azureNativeTokens("redisenterprise", "RedisEnterprise");
export const AZURE_NATIVE_REDIS_ENTERPRISE_DATABASE_TOKEN = azureNativeTokens("redisenterprise", "Database");

export const CLASSIC_REDIS_CACHE_TOKEN = "azure:redis/cache:Cache";
export const CLASSIC_ENTERPRISE_CLUSTER_TOKEN = "azure:redis/enterpriseCluster:EnterpriseCluster";
export const CLASSIC_ENTERPRISE_DATABASE_TOKEN = "azure:redis/enterpriseDatabase:EnterpriseDatabase";
export const CLASSIC_MANAGED_REDIS_TOKEN = "azure:managedredis/managedRedis:ManagedRedis";

const is = (token: string) => (type: string) => type === token;

export const pulumiBindings: readonly PulumiBinding[] = [
  {
    kind: "redisCache",
    family: "azure-native",
    matches: (type) => AZURE_NATIVE_REDIS_TOKEN.test(type),
    tagsProperty: "tags",
    settings: {
      nonSslPortEnabled: ["enableNonSslPort"],
      minimumTlsVersion: ["minimumTlsVersion"],
      publicNetworkAccess: ["publicNetworkAccess"],
      accessKeyAuthenticationDisabled: ["disableAccessKeyAuthentication"],
      entraIdAuthenticationEnabled: ["redisConfiguration.aadEnabled"],
      redisVersion: ["redisVersion"],
    },
  },
  {
    kind: "redisCache",
    family: "azure",
    matches: is(CLASSIC_REDIS_CACHE_TOKEN),
    tagsProperty: "tags",
    settings: {
      // v6 renamed the property; stacks on v5 still send the old name, so read both.
      nonSslPortEnabled: ["nonSslPortEnabled", "enableNonSslPort"],
      minimumTlsVersion: ["minimumTlsVersion"],
      publicNetworkAccessEnabled: ["publicNetworkAccessEnabled"],
      accessKeysAuthenticationEnabled: ["accessKeysAuthenticationEnabled"],
      entraIdAuthenticationEnabled: ["redisConfiguration.activeDirectoryAuthenticationEnabled"],
      redisVersion: ["redisVersion"],
    },
  },
  {
    kind: "redisEnterpriseCluster",
    family: "azure-native",
    matches: (type) => AZURE_NATIVE_REDIS_ENTERPRISE_TOKEN.test(type),
    tagsProperty: "tags",
    settings: { minimumTlsVersion: ["minimumTlsVersion"] },
  },
  {
    kind: "redisEnterpriseCluster",
    family: "azure",
    matches: is(CLASSIC_ENTERPRISE_CLUSTER_TOKEN),
    tagsProperty: "tags",
    settings: { minimumTlsVersion: ["minimumTlsVersion"] },
    // Changing it replaces the cluster and its data: never rewrite it automatically.
    replacedOnChange: ["minimumTlsVersion"],
  },
  {
    kind: "redisEnterpriseDatabase",
    family: "azure-native",
    matches: (type) => AZURE_NATIVE_REDIS_ENTERPRISE_DATABASE_TOKEN.test(type),
    // No tags: a database is an ARM proxy resource (the SDK's Database has no `tags`), so no tag exempts it.
    settings: { clientProtocol: ["clientProtocol"] },
  },
  {
    kind: "redisEnterpriseDatabase",
    family: "azure",
    matches: is(CLASSIC_ENTERPRISE_DATABASE_TOKEN),
    // No tags either (EnterpriseDatabase has no `tags` input).
    settings: { clientProtocol: ["clientProtocol"] },
    replacedOnChange: ["clientProtocol"],
  },
  {
    kind: "managedRedis",
    family: "azure",
    matches: is(CLASSIC_MANAGED_REDIS_TOKEN),
    tagsProperty: "tags",
    settings: { clientProtocol: ["defaultDatabase.clientProtocol"] },
  },
];

const bindingByType = new Map<string, PulumiBinding | null>();

/**
 * The binding for a Pulumi type token, or `undefined` when no rule applies to that type. Every policy
 * asks this for every resource of every preview, so answers are remembered (a stack has few types).
 */
export function findPulumiBinding(type: string): PulumiBinding | undefined {
  let binding = bindingByType.get(type);
  if (binding === undefined) {
    binding = pulumiBindings.find((candidate) => candidate.matches(type)) ?? null;
    if (bindingByType.size < 10_000) bindingByType.set(type, binding);
  }
  return binding ?? undefined;
}
