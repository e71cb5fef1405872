import * as pulumi from "@pulumi/pulumi";
import * as redis from "@pulumi/azure-native/redis";
import * as redisenterprise from "@pulumi/azure-native/redisenterprise";
import * as resources from "@pulumi/azure-native/resources";

// One resource group for everything; its name is an output Azure assigns (auto-naming).
const resourceGroup = new resources.ResourceGroup("redis-guard-example");

const basicSku = { name: redis.SkuName.Basic, family: redis.SkuFamily.C, capacity: 0 };

// Compliant with every security rule of azure-redis-guard: TLS only (the non-SSL port 6379 stays closed), TLS
// 1.2 at minimum, reachable through private endpoints only, Microsoft Entra ID instead of access keys, Redis 6.
// Like every Azure Cache for Redis it still gets the advisory notice Azure.Redis.MigrateAMR (AZR-000533): the
// service retires on 2028-09-30, and new caches go to Azure Managed Redis.
const compliantCache = new redis.Redis("compliant-cache", {
    resourceGroupName: resourceGroup.name,
    sku: basicSku,
    enableNonSslPort: false,
    minimumTlsVersion: redis.TlsVersion.TlsVersion_1_2,
    publicNetworkAccess: redis.PublicNetworkAccess.Disabled,
    disableAccessKeyAuthentication: true,
    redisConfiguration: { aadEnabled: "true" },
    redisVersion: "6",
});

// Violating on purpose: opens the plaintext port 6379. azure-redis-guard's Azure.Redis.NonSslPort
// (AZR-000163, mandatory) stops this cache at `pulumi preview --policy-pack ../..`. It also leaves public
// network access, access keys and Entra ID at the Azure defaults: advisory findings of
// Azure.Redis.PublicNetworkAccess, Azure.Redis.LocalAuth and Azure.Redis.EntraID (and Azure.Redis.MigrateAMR).
const legacyCache = new redis.Redis("legacy-cache", {
    resourceGroupName: resourceGroup.name,
    sku: basicSku,
    enableNonSslPort: true,
    minimumTlsVersion: redis.TlsVersion.TlsVersion_1_2,
});

// Azure Managed Redis (the successor of Azure Cache for Redis) is a Redis Enterprise cluster with a
// Balanced, Memory Optimized, Compute Optimized or Flash Optimized SKU. The cluster complies with every rule
// that applies to it: Azure.RedisEnterprise.MinTLS (TLS 1.2 at minimum), Azure.RedisEnterprise.PublicNetworkAccess
// (private endpoints only) and Azure.RedisEnterprise.MigrateAMR (an Azure Managed Redis SKU).
const managedRedis = new redisenterprise.RedisEnterprise("managed-redis", {
    resourceGroupName: resourceGroup.name,
    sku: { name: redisenterprise.SkuName.Balanced_B0 },
    minimumTlsVersion: redisenterprise.TlsVersion.TlsVersion_1_2,
    publicNetworkAccess: redisenterprise.PublicNetworkAccess.Disabled,
});

// Violating on purpose: its one database (Azure Managed Redis names it "default") accepts plaintext
// connections, the non-SSL port of Azure Managed Redis. Azure.RedisEnterprise.ClientProtocol (mandatory)
// stops it. It also keeps access keys on: an advisory finding of Azure.RedisEnterprise.LocalAuth (set
// "Disabled" once clients use Microsoft Entra ID; left unset, this unversioned token's default is not
// established, because azure-native 3.x has used API versions with either default).
const managedRedisDatabase = new redisenterprise.Database("managed-redis-db", {
    resourceGroupName: resourceGroup.name,
    clusterName: managedRedis.name,
    databaseName: "default",
    clientProtocol: redisenterprise.Protocol.Plaintext,
    accessKeysAuthentication: redisenterprise.AccessKeysAuthentication.Enabled,
});

// Violating on purpose: an Azure Cache for Redis Enterprise cluster (Enterprise_E10), a tier Microsoft retires on
// 2027-03-31 (Azure.RedisEnterprise.MigrateAMR, AZR-000534, advisory), reachable from public networks
// (Azure.RedisEnterprise.PublicNetworkAccess, advisory).
const enterpriseCluster = new redisenterprise.RedisEnterprise("enterprise-cluster", {
    resourceGroupName: resourceGroup.name,
    sku: { name: redisenterprise.SkuName.Enterprise_E10, capacity: 2 },
    minimumTlsVersion: redisenterprise.TlsVersion.TlsVersion_1_2,
    publicNetworkAccess: redisenterprise.PublicNetworkAccess.Enabled,
});

export const compliantCacheHost = compliantCache.hostName;
export const legacyCacheHost = legacyCache.hostName;
export const managedRedisHost = managedRedis.hostName;
export const managedRedisDatabaseName = managedRedisDatabase.name;
export const enterpriseClusterHost = enterpriseCluster.hostName;
export const resourceGroupName = pulumi.interpolate`${resourceGroup.name}`;
