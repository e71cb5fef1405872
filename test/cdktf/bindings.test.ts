import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { terraformBindings } from "../../policies/terraform";

/**
 * The Terraform bindings read the attribute names the installed provider bindings synthesize
 * (@cdktf/provider-azurerm, generated from the azurerm schema): each `toTerraform` writes
 * `<attribute>: cdktf.<type>ToTerraform(...)`, blocks included.
 */
const LIB: Readonly<Record<string, string>> = {
  azurerm_redis_cache: "redis-cache",
  azurerm_redis_enterprise_cluster: "redis-enterprise-cluster",
  azurerm_redis_enterprise_database: "redis-enterprise-database",
  azurerm_managed_redis: "managed-redis",
};

/** Names azurerm 3.x used and 4.x removed: still read for configurations that have not upgraded. */
const AZURERM_3X_ONLY = new Set(["enable_non_ssl_port"]);

const source = (type: string): string => fs.readFileSync(require.resolve(`@cdktf/provider-azurerm/lib/${LIB[type]}/index.js`), "utf8");

describe("Terraform attribute names come from the installed provider bindings", () => {
  it("every binding has its provider class", () => {
    expect(terraformBindings.map((b) => b.terraformType).sort()).toEqual(Object.keys(LIB).sort());
  });

  it.each(terraformBindings.map((b) => [b.terraformType, b] as const))("%s: every attribute (and block) read is one the provider writes", (type, binding) => {
    const lib = source(type);
    for (const path of Object.values(binding.settings).flat() as string[]) {
      for (const segment of path.split(".")) {
        if (AZURERM_3X_ONLY.has(segment)) {
          expect(lib, `${type} ${segment} is 3.x only`).not.toMatch(new RegExp(`\\b${segment}:`));
          continue;
        }
        // An attribute is written with cdktf's converter, a block with its generated one (`…ToTerraform(`).
        expect(lib, `${type} ${segment}`).toMatch(new RegExp(`\\b${segment}: (?:cdktf\\.)?\\w+ToTerraform\\(`));
      }
    }
  });

  it("azurerm_managed_redis has no TLS attribute: Azure.RedisEnterprise.MinTLS has nothing to read there", () => {
    expect(source("azurerm_managed_redis")).not.toMatch(/tls/i);
    expect(source("azurerm_redis_enterprise_cluster")).toMatch(/\bminimum_tls_version: cdktf\.stringToTerraform\(/);
  });
});
