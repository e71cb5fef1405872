import type { ResourceBinding } from "../core/read";

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
    settings: {
      // azurerm 4.x name first (a fix writes it); 3.x used `enable_non_ssl_port` until 3.114 renamed it.
      nonSslPortEnabled: ["non_ssl_port_enabled", "enable_non_ssl_port"],
    },
  },
];

/** The binding for a Terraform resource type, or `undefined` when no rule applies to it. */
export function findTerraformBinding(terraformType: string): TerraformBinding | undefined {
  return terraformBindings.find((binding) => binding.terraformType === terraformType);
}
