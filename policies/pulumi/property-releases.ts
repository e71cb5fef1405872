import { CLASSIC_REDIS_CACHE_TOKEN } from "./bindings";

/**
 * Which classic `@pulumi/azure` major versions know a property, where the versions the guard reads
 * differ: the label users see next to the property in fix steps and docs (`nonSslPortEnabled` (v6)).
 * Only properties a Pulumi binding reads belong here (test/core/generated-docs.test.ts checks it).
 * Source: pulumi/pulumi-azure v6 (bridged from azurerm 4.x) renamed `Cache.enableNonSslPort` to
 * `nonSslPortEnabled`, following azurerm's `non_ssl_port_enabled`; v5 stacks still send the old name.
 */
export const CLASSIC_PROPERTY_RELEASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [CLASSIC_REDIS_CACHE_TOKEN]: {
    nonSslPortEnabled: "v6",
    enableNonSslPort: "v5",
  },
};
