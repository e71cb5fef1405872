import { App, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ManagedRedis } from "@cdktf/provider-azurerm/lib/managed-redis";
import { RedisCache, type RedisCacheConfig } from "@cdktf/provider-azurerm/lib/redis-cache";
import { RedisEnterpriseCluster } from "@cdktf/provider-azurerm/lib/redis-enterprise-cluster";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RedisPolicyAspect } from "azure-redis-guard-cdktf";

/** A stack with its provider and resource group, which its caches go into. */
abstract class RedisStack extends TerraformStack {
  protected readonly group: ResourceGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzurermProvider(this, "azurerm", { features: [{}] });
    this.group = new ResourceGroup(this, "group", { name: `rg-redis-guard-${id}`, location: "westeurope" });
  }

  /** A Basic C0 Azure Cache for Redis with the given security settings. */
  protected cache(id: string, settings: Omit<RedisCacheConfig, "name" | "location" | "resourceGroupName" | "skuName" | "family" | "capacity">): RedisCache {
    return new RedisCache(this, id, {
      name: `redis-guard-${this.node.id}-${id}`,
      location: this.group.location,
      resourceGroupName: this.group.name,
      skuName: "Basic",
      family: "C",
      capacity: 0,
      ...settings,
    });
  }

  /** An Azure Managed Redis (Balanced B0) with the given network access and default database settings. */
  protected managedRedis(
    id: string,
    settings: { publicNetworkAccess: "Enabled" | "Disabled"; clientProtocol: "Encrypted" | "Plaintext"; accessKeysAuthenticationEnabled?: boolean },
  ): ManagedRedis {
    const { publicNetworkAccess, ...defaultDatabase } = settings;
    return new ManagedRedis(this, id, {
      name: `amr-redis-guard-${this.node.id}`,
      location: this.group.location,
      resourceGroupName: this.group.name,
      skuName: "Balanced_B0",
      publicNetworkAccess,
      defaultDatabase,
    });
  }
}

/** Complies with every security rule of azure-redis-guard. */
class CompliantStack extends RedisStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // TLS only on 1.2 or later, private endpoints only, Microsoft Entra ID instead of access keys, Redis 6.
    // Every Azure Cache for Redis still gets the advisory notice Azure.Redis.MigrateAMR (AZR-000533): the
    // service retires on 2028-09-30, and new caches go to Azure Managed Redis.
    this.cache("compliant-cache", {
      nonSslPortEnabled: false,
      minimumTlsVersion: "1.2",
      publicNetworkAccessEnabled: false,
      accessKeysAuthenticationEnabled: false,
      redisConfiguration: { activeDirectoryAuthenticationEnabled: true },
      redisVersion: "6",
    });
    // Azure Managed Redis passing every rule that applies to it: encrypted client connections only
    // (Azure.RedisEnterprise.ClientProtocol), private endpoints only (Azure.RedisEnterprise.PublicNetworkAccess),
    // and access keys left at the provider's default, false (Azure.RedisEnterprise.LocalAuth).
    this.managedRedis("managed-redis", { publicNetworkAccess: "Disabled", clientProtocol: "Encrypted" });
  }
}

/** Violates the mandatory encryption-in-transit rules on purpose, and some advisory ones: `cdktf synth` fails on this stack. */
class ViolatingStack extends RedisStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Azure.Redis.NonSslPort (AZR-000163, mandatory): opens the plaintext port 6379. Public network access,
    // access keys and Entra ID stay at the Azure defaults: advisory warnings of Azure.Redis.PublicNetworkAccess,
    // Azure.Redis.LocalAuth and Azure.Redis.EntraID.
    this.cache("legacy-cache", { nonSslPortEnabled: true, minimumTlsVersion: "1.2" });
    // Azure.RedisEnterprise.ClientProtocol (mandatory): the default database accepts plaintext connections.
    // Advisory warnings: reachable from public networks (Azure.RedisEnterprise.PublicNetworkAccess) and
    // access keys on (Azure.RedisEnterprise.LocalAuth).
    this.managedRedis("managed-redis", { publicNetworkAccess: "Enabled", clientProtocol: "Plaintext", accessKeysAuthenticationEnabled: true });
    // Azure.RedisEnterprise.MigrateAMR (AZR-000534, advisory): an Enterprise-tier cluster, which Microsoft
    // retires on 2027-03-31 (`azurerm_redis_enterprise_cluster` only takes those SKUs).
    new RedisEnterpriseCluster(this, "enterprise-cluster", {
      name: `ent-redis-guard-${this.node.id}`,
      location: this.group.location,
      resourceGroupName: this.group.name,
      skuName: "Enterprise_E10-2",
      minimumTlsVersion: "1.2",
    });
  }
}

const app = new App();
new CompliantStack(app, "compliant");
new ViolatingStack(app, "violating");

// Every Redis resource of every stack (azurerm_redis_cache, azurerm_managed_redis, the Redis Enterprise
// cluster and database) is checked when the app synthesizes: a mandatory violation is an error annotation,
// and `cdktf synth` fails with the rule's message; an advisory one is a warning.
RedisPolicyAspect.applyTo(app);

app.synth();
