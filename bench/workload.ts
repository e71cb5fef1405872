import type { AnalyzedResource } from "../cli/engine/analyzer-client";

const UNKNOWN_BOOLEAN = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

/** Every other setting a rule reads, compliant, in the property names of each SDK family. */
const COMPLIANT_AZURE_NATIVE_CACHE = {
  minimumTlsVersion: "1.2",
  publicNetworkAccess: "Disabled",
  disableAccessKeyAuthentication: true,
  redisConfiguration: { aadEnabled: "true", maxmemoryPolicy: "allkeys-lru" },
  redisVersion: "6",
};
const COMPLIANT_CLASSIC_CACHE = {
  minimumTlsVersion: "1.2",
  publicNetworkAccessEnabled: false,
  accessKeysAuthenticationEnabled: false,
  redisConfiguration: { activeDirectoryAuthenticationEnabled: true, maxmemoryPolicy: "allkeys-lru" },
  redisVersion: "6",
};
/** Redis caches of every token family, the property their non-SSL port setting lives at, and the rest. */
const REDIS_CACHE_TYPES: readonly [string, string, Record<string, unknown>][] = [
  ["azure-native:redis:Redis", "enableNonSslPort", COMPLIANT_AZURE_NATIVE_CACHE],
  ["azure-native:cache:Redis", "enableNonSslPort", COMPLIANT_AZURE_NATIVE_CACHE],
  ["azure-native:cache/v20230401:Redis", "enableNonSslPort", COMPLIANT_AZURE_NATIVE_CACHE],
  ["azure-native:redis/v20250801preview:Redis", "enableNonSslPort", COMPLIANT_AZURE_NATIVE_CACHE],
  ["azure:redis/cache:Cache", "nonSslPortEnabled", COMPLIANT_CLASSIC_CACHE],
];
/** Compliant, violating, absent, a string, unknown during preview, and secrets of both. */
const VALUES: readonly unknown[] = [false, true, undefined, "TRUE", UNKNOWN_BOOLEAN, secret(true), secret(false)];
/**
 * The rest of the Redis family, compliant with every rule too: Azure Managed Redis as azure-native
 * builds it (a RedisEnterprise cluster with an AMR SKU, and its database) and as the classic provider
 * does (ManagedRedis). An Enterprise_* SKU would draw the retirement notice on every one.
 */
const OTHER_FAMILY: readonly ((common: Record<string, unknown>) => Omit<AnalyzedResource, "name">)[] = [
  (common) => ({
    type: "azure-native:redisenterprise:RedisEnterprise",
    properties: { ...common, sku: { name: "Balanced_B10" }, minimumTlsVersion: "1.2", publicNetworkAccess: "Disabled" },
  }),
  (common) => ({
    type: "azure-native:redisenterprise:Database",
    properties: { ...common, clusterName: "cluster", clientProtocol: "Encrypted", accessKeysAuthentication: "Disabled" },
  }),
  (common) => ({
    type: "azure:managedredis/managedRedis:ManagedRedis",
    properties: { ...common, skuName: "Balanced_B0", publicNetworkAccess: "Disabled", defaultDatabase: { clientProtocol: "Encrypted", accessKeysAuthenticationEnabled: false } },
  }),
];
const OTHER_TYPES: readonly string[] = [
  "azure-native:resources:ResourceGroup",
  "azure-native:storage:StorageAccount",
  "azure-native:network:VirtualNetwork",
  "azure-native:web:WebApp",
  "azure:keyvault/keyVault:KeyVault",
];

/**
 * A stack's resources as the engine sends them: `redisShare` of them from the Redis family, evenly
 * spread, the rest unrelated resources with ordinary properties. Of the family, four in five are
 * caches of every token family, configured as an estate under the guard is (every setting a rule
 * reads compliant) except the non-SSL port, which cycles through compliant, violating, absent, a
 * string, unknown and secret; one in five is an Azure Managed Redis cluster, database or ManagedRedis.
 * Deterministic, so every pack analyzes the same sequence.
 *
 * - 0.05, the realistic stack: a few caches among the application's other resources;
 * - 0.40, the Redis-heavy mix the bench measured from the start.
 */
export function analyzeWorkload(count: number, redisShare = 0.4): AnalyzedResource[] {
  const resources: AnalyzedResource[] = [];
  let redis = 0;
  for (let i = 0; i < count; i++) {
    const common = { location: "westeurope", tags: { team: "payments", env: "prod" }, resourceGroupName: "rg-payments" };
    // Resource i is from the Redis family when it brings the running count up to its share.
    if (Math.floor((i + 1) * redisShare) > Math.floor(i * redisShare)) {
      resources.push(redisResource(redis++, common));
    } else {
      resources.push({ type: OTHER_TYPES[i % OTHER_TYPES.length]!, name: `res-${i}`, properties: { ...common, kind: "StorageV2" } });
    }
  }
  return resources;
}

function redisResource(n: number, common: Record<string, unknown>): AnalyzedResource {
  if (n % 5 === 4) return { name: `redis-${n}`, ...OTHER_FAMILY[Math.floor(n / 5) % OTHER_FAMILY.length]!(common) };
  const cache = n - Math.floor(n / 5); // caches before this one, so every token family and value comes round
  const [type, property, compliant] = REDIS_CACHE_TYPES[cache % REDIS_CACHE_TYPES.length]!;
  const value = VALUES[cache % VALUES.length];
  const properties: Record<string, unknown> = { ...common, sku: { name: "Premium", family: "P", capacity: 1 }, ...compliant };
  if (value !== undefined) properties[property] = value;
  return { type, name: `cache-${cache}`, properties };
}
