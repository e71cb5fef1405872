/**
 * Which azurerm releases know an attribute, where the releases the guard reads differ: the label users
 * see next to the attribute in fix steps and docs (`non_ssl_port_enabled` (4.x)). Only attributes a
 * Terraform binding reads belong here (test/core/generated-docs.test.ts checks it). Source:
 * hashicorp/terraform-provider-azurerm, website/docs/r/redis_cache.html.markdown per release and the 4.0
 * upgrade guide: `enable_non_ssl_port` became `non_ssl_port_enabled` (the new name from 3.114, the old one
 * gone in 4.0); `access_keys_authentication_enabled` arrived in 4.0.0.
 */
export const AZURERM_ATTRIBUTE_RELEASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  azurerm_redis_cache: {
    non_ssl_port_enabled: "4.x",
    enable_non_ssl_port: "3.x",
    access_keys_authentication_enabled: "4.x",
  },
};
