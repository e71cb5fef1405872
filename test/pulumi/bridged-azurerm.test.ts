import { describe, expect, it } from "vitest";
import {
  BRIDGED_MAX_ITEMS_ONE_BLOCKS,
  bridgedAzurermBindings,
  bridgedPropertyName,
  bridgedPropertyPath,
  bridgedResourceToken,
  terraformStackBindings,
  terraformTypeOfStackResource,
} from "../../policies/pulumi/bridged-azurerm";
import { findPulumiBinding } from "../../policies/pulumi";
import { terraformBindings } from "../../policies/terraform";

/** The bridge's rules (pulumi-terraform-bridge pkg/tfbridge/internal/naming/naming.go, tokens/tokens.go), case by case. */
describe("the bridge's naming rule", () => {
  it.each([
    ["non_ssl_port_enabled", "nonSslPortEnabled"],
    ["enable_non_ssl_port", "enableNonSslPort"],
    ["minimum_tls_version", "minimumTlsVersion"],
    ["redis_configuration", "redisConfiguration"],
    ["active_directory_authentication_enabled", "activeDirectoryAuthenticationEnabled"],
    ["tags", "tags"],
    // A digit after `_` is not upper-cased; the `_` still goes.
    ["rdb_backup_frequency_1", "rdbBackupFrequency1"],
    ["foo__bar", "fooBar"],
    // Leading underscores are kept, a trailing one too.
    ["_private", "_private"],
    ["__x_y", "__xY"],
    ["name_", "name_"],
  ])("%s -> %s", (terraform, pulumi) => {
    expect(bridgedPropertyName(terraform)).toBe(pulumi);
  });

  it("maps dotted paths segment by segment", () => {
    expect(bridgedPropertyPath("default_database.client_protocol")).toBe("defaultDatabase.clientProtocol");
  });

  it.each([
    ["azurerm_redis_cache", "azurerm:index/redisCache:RedisCache"],
    ["azurerm_managed_redis", "azurerm:index/managedRedis:ManagedRedis"],
    ["azurerm_redis_enterprise_cluster", "azurerm:index/redisEnterpriseCluster:RedisEnterpriseCluster"],
    ["azurerm_redis_enterprise_database", "azurerm:index/redisEnterpriseDatabase:RedisEnterpriseDatabase"],
  ])("%s is %s", (terraformType, token) => {
    expect(bridgedResourceToken(terraformType)).toBe(token);
    expect(findPulumiBinding(token)).toMatchObject({ family: "azurerm-bridged", terraform: { terraformType } });
  });
});

describe("bindings derived from the Terraform bindings", () => {
  it("one bridged and one Terraform-stack binding per Terraform binding, same kind and every setting", () => {
    expect(bridgedAzurermBindings.map((b) => b.terraform)).toEqual(terraformBindings);
    expect(terraformStackBindings.map((b) => b.terraform)).toEqual(terraformBindings);
    for (const [i, terraform] of terraformBindings.entries()) {
      const bridged = bridgedAzurermBindings[i]!;
      expect(bridged.kind).toBe(terraform.kind);
      expect(Object.keys(bridged.settings)).toEqual(Object.keys(terraform.settings));
      for (const [setting, paths] of Object.entries(terraform.settings)) {
        expect(bridged.settings[setting as keyof typeof bridged.settings]).toEqual(paths.map(bridgedPropertyPath));
      }
      expect(bridged.replacedOnChange).toEqual(terraform.replacedOnChange);
      expect(bridged.absentDefaults).toEqual(terraform.absentDefaults);
      expect(terraformStackBindings[i]!.settings).toBe(terraform.settings);
    }
  });

  it("covers both azurerm majors' names of the non-SSL port", () => {
    expect(findPulumiBinding("azurerm:index/redisCache:RedisCache")!.settings.nonSslPortEnabled).toEqual(["nonSslPortEnabled", "enableNonSslPort"]);
  });

  it("every block a path goes through is MaxItemsOne in azurerm, so the bridge does not pluralize it", () => {
    for (const terraform of terraformBindings) {
      for (const paths of Object.values(terraform.settings)) {
        for (const path of paths) {
          for (const block of path.split(".").slice(0, -1)) expect(BRIDGED_MAX_ITEMS_ONE_BLOCKS.has(block), `${terraform.terraformType} ${path}`).toBe(true);
        }
      }
    }
  });

  it("pulumi:terraform:<type> names the Terraform type; other tokens do not", () => {
    expect(terraformTypeOfStackResource("pulumi:terraform:azurerm_redis_cache")).toBe("azurerm_redis_cache");
    expect(terraformTypeOfStackResource("pulumi:providers:terraform")).toBeUndefined();
    expect(findPulumiBinding("pulumi:terraform:azurerm_redis_cache")).toMatchObject({ family: "terraform-stack", kind: "redisCache" });
    expect(findPulumiBinding("pulumi:terraform:azurerm_storage_account")).toBeUndefined();
  });
});
