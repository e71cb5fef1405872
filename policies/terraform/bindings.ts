import type { ResourceBinding } from "../core/read";
import { AZURERM_MANAGED_REDIS_DEFAULTS } from "./provider-defaults";

/**
 * How Terraform azurerm resource types map onto the core: shared by the CDKTF aspect and the
 * `check` command on synthesized Terraform JSON, so both read exactly the same attributes.
 */
export interface TerraformBinding extends ResourceBinding {
  readonly terraformType: string;
}

export const terraformBindings: readonly TerraformBinding[] = [
  {
    terraformType: "azurerm_redis_cache",
    kind: "redisCache",
    tagsProperty: "tags",
    settings: {
      // azurerm 4.x name first (a fix writes it); 3.x used `enable_non_ssl_port` until 3.114 renamed it.
      nonSslPortEnabled: ["non_ssl_port_enabled", "enable_non_ssl_port"],
      minimumTlsVersion: ["minimum_tls_version"],
      publicNetworkAccessEnabled: ["public_network_access_enabled"],
      // 4.x only: azurerm 3.x has no way to turn access keys off.
      accessKeysAuthenticationEnabled: ["access_keys_authentication_enabled"],
      // A block: an object from CDKTF, a one-element list in hand-written JSON; the reader takes both.
      entraIdAuthenticationEnabled: ["redis_configuration.active_directory_authentication_enabled"],
      redisVersion: ["redis_version"],
    },
  },
  {
    terraformType: "azurerm_redis_enterprise_cluster",
    kind: "redisEnterpriseCluster",
    tagsProperty: "tags",
    // `sku_name` is `<name>-<capacity>` (`Enterprise_E10-2`). No public network access setting: the
    // resource pins API version 2024-10-01, which has none (see Azure.RedisEnterprise.PublicNetworkAccess).
    settings: { minimumTlsVersion: ["minimum_tls_version"], skuName: ["sku_name"] },
    // ForceNew in azurerm (both attributes): a rewrite would destroy and recreate the cluster.
    replacedOnChange: ["minimumTlsVersion", "skuName"],
  },
  {
    terraformType: "azurerm_redis_enterprise_database",
    kind: "redisEnterpriseDatabase",
    // No `tags` in the azurerm schema (a proxy resource): only the configuration or RedisPolicyAspect.exempt() exempt it.
    settings: { clientProtocol: ["client_protocol"] },
    replacedOnChange: ["clientProtocol"],
  },
  {
    terraformType: "azurerm_managed_redis",
    kind: "managedRedis",
    // No TLS attribute, and only Azure Managed Redis SKUs (azurerm validates `sku_name` against them).
    tagsProperty: "tags",
    settings: {
      clientProtocol: ["default_database.client_protocol"],
      publicNetworkAccess: ["public_network_access"],
      accessKeysAuthenticationEnabled: ["default_database.access_keys_authentication_enabled"],
    },
    // The provider writes these when the configuration does not (see provider-defaults.ts for the source).
    absentDefaults: AZURERM_MANAGED_REDIS_DEFAULTS,
  },
];

/** The binding for a Terraform resource type, or `undefined` when no rule applies to it. */
export function findTerraformBinding(terraformType: string): TerraformBinding | undefined {
  return terraformBindings.find((binding) => binding.terraformType === terraformType);
}

/** The Terraform resource types some rule applies to: the types a reader looks at, every other one it skips. */
export const GUARDED_TERRAFORM_TYPES: ReadonlySet<string> = new Set(terraformBindings.map((binding) => binding.terraformType));
