import * as pulumi from "@pulumi/pulumi";
import * as redis from "@pulumi/azure-native/redis";
import * as resources from "@pulumi/azure-native/resources";

// One resource group for both caches; its name is an output Azure assigns (auto-naming).
const resourceGroup = new resources.ResourceGroup("redis-guard-example");

const basicSku = { name: redis.SkuName.Basic, family: redis.SkuFamily.C, capacity: 0 };

// Compliant: TLS only (the non-SSL port 6379 stays closed) and TLS 1.2 at minimum.
const compliantCache = new redis.Redis("compliant-cache", {
    resourceGroupName: resourceGroup.name,
    sku: basicSku,
    enableNonSslPort: false,
    minimumTlsVersion: redis.TlsVersion.TlsVersion_1_2,
});

// Violating on purpose: opens the plaintext port 6379. azure-redis-guard's
// Azure.Redis.NonSslPort (AZR-000163) stops this cache at `pulumi preview --policy-pack ../..`.
const legacyCache = new redis.Redis("legacy-cache", {
    resourceGroupName: resourceGroup.name,
    sku: basicSku,
    enableNonSslPort: true,
    minimumTlsVersion: redis.TlsVersion.TlsVersion_1_2,
});

export const compliantCacheHost = compliantCache.hostName;
export const legacyCacheHost = legacyCache.hostName;
export const resourceGroupName = pulumi.interpolate`${resourceGroup.name}`;
