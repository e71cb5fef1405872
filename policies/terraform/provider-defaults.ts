import type { AbsentDefaults } from "../core/types";

/**
 * Defaults the azurerm provider writes for attributes a configuration leaves out: facts about another tool,
 * kept in one place with their source. Every binding of a resource the provider manages reads them from here:
 * `azurerm_managed_redis` (Terraform, CDKTF) and the classic Pulumi provider's `ManagedRedis`, which is
 * bridged from azurerm and so applies the same schema defaults.
 */

/**
 * `azurerm_managed_redis`: `public_network_access` defaults to `Enabled` and
 * `default_database.access_keys_authentication_enabled` to `false`.
 * Source: hashicorp/terraform-provider-azurerm, tag v4.55.0 (API 2025-07-01),
 * internal/services/managedredis/managed_redis_resource.go, the schema's `Default` of both attributes.
 */
export const AZURERM_MANAGED_REDIS_DEFAULTS: AbsentDefaults = {
  publicNetworkAccess: { value: "Enabled", basis: "the provider's default" },
  accessKeysAuthenticationEnabled: { value: false, basis: "the provider's default" },
};
