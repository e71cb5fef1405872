import type { ResourceKind } from "../../policies/core/types";
import type { BindingRef } from "../../policies/rules/rule-docs";
import type { PropertySurface } from "../../policies/rules/property-text";

/**
 * How the docs name each binding's resource types: the rows a rule page lists per binding and the
 * columns of the README tables. Every full token written here must resolve to the binding it is listed
 * under (test/core/generated-docs.test.ts), so a token family the bindings drop cannot linger in the docs.
 */
export interface BindingRows {
  readonly ref: BindingRef;
  /** The class or type name in a README cell that lists several bindings: `ManagedRedis`. */
  readonly short: string;
  readonly rows: readonly BindingRow[];
}

export interface BindingRow {
  readonly surface: string;
  /** Markdown; every full token in it must resolve to the binding. */
  readonly resourceTypes: string;
  /** Said after the resource types, in parentheses: "deprecated in favour of `azurerm_managed_redis`". */
  readonly remark?: string;
}

const nativeRows = (module: string, className: string, versioned: readonly string[]): BindingRows["rows"] => [
  { surface: "Pulumi azure-native 3.x", resourceTypes: `\`azure-native:${module}:${className}\`` },
  {
    surface: "Pulumi azure-native 2.x and aliases",
    resourceTypes:
      `\`azure-native:cache:${className}\`, and every versioned token of both modules ` +
      `(${versioned.map((version) => `\`azure-native:${version}:${className}\``).join(", ")}, …)`,
  },
];

const classic = "Pulumi classic `@pulumi/azure` v6 and v5";
const azurerm = "Terraform azurerm 4.x and 3.x (CDKTF, `check`)";

export const BINDING_ROWS: readonly BindingRows[] = [
  { ref: "azure-native:redisCache", short: "Redis", rows: nativeRows("redis", "Redis", ["cache/v20230401", "redis/v20241101", "redis/v20250801preview"]) },
  { ref: "azure:redisCache", short: "Cache", rows: [{ surface: classic, resourceTypes: "`azure:redis/cache:Cache`" }] },
  { ref: "terraform:redisCache", short: "azurerm_redis_cache", rows: [{ surface: azurerm, resourceTypes: "`azurerm_redis_cache`" }] },
  {
    ref: "azure-native:redisEnterpriseCluster",
    short: "RedisEnterprise",
    rows: nativeRows("redisenterprise", "RedisEnterprise", ["cache/v20241001", "redisenterprise/v20250701", "redisenterprise/v20260601preview"]),
  },
  {
    ref: "azure-native:redisEnterpriseDatabase",
    short: "Database",
    rows: nativeRows("redisenterprise", "Database", ["cache/v20241001", "redisenterprise/v20250701", "redisenterprise/v20260601preview"]),
  },
  {
    ref: "azure:redisEnterpriseCluster",
    short: "EnterpriseCluster",
    rows: [{ surface: classic, resourceTypes: "`azure:redis/enterpriseCluster:EnterpriseCluster`", remark: "deprecated in favour of Managed Redis" }],
  },
  {
    ref: "azure:redisEnterpriseDatabase",
    short: "EnterpriseDatabase",
    rows: [{ surface: classic, resourceTypes: "`azure:redis/enterpriseDatabase:EnterpriseDatabase`", remark: "deprecated in favour of Managed Redis" }],
  },
  { ref: "azure:managedRedis", short: "ManagedRedis", rows: [{ surface: "Pulumi classic `@pulumi/azure` v6", resourceTypes: "`azure:managedredis/managedRedis:ManagedRedis`" }] },
  {
    ref: "terraform:redisEnterpriseCluster",
    short: "azurerm_redis_enterprise_cluster",
    rows: [{ surface: azurerm, resourceTypes: "`azurerm_redis_enterprise_cluster`", remark: "deprecated in favour of `azurerm_managed_redis`" }],
  },
  {
    ref: "terraform:redisEnterpriseDatabase",
    short: "azurerm_redis_enterprise_database",
    rows: [{ surface: azurerm, resourceTypes: "`azurerm_redis_enterprise_database`", remark: "deprecated in favour of `azurerm_managed_redis`" }],
  },
  { ref: "terraform:managedRedis", short: "azurerm_managed_redis", rows: [{ surface: "Terraform azurerm ≥ 4.50.0 (CDKTF, `check`)", resourceTypes: "`azurerm_managed_redis`" }] },
];

/** The README's two rules tables: which resource kinds each covers, and its columns per surface. */
export interface ReadmeTable {
  readonly id: string;
  readonly kinds: readonly ResourceKind[];
  readonly columns: readonly { readonly surface: PropertySurface; readonly header: string }[];
}

export const README_TABLES: readonly ReadmeTable[] = [
  {
    id: "azure-cache-for-redis",
    kinds: ["redisCache"],
    columns: [
      { surface: "azure-native", header: "Pulumi azure-native (`redis:Redis`, `cache:Redis`, versioned)" },
      { surface: "azure", header: "Pulumi classic `azure:redis/cache:Cache`" },
      { surface: "terraform", header: "Terraform `azurerm_redis_cache`" },
    ],
  },
  {
    id: "azure-managed-redis",
    kinds: ["redisEnterpriseCluster", "redisEnterpriseDatabase", "managedRedis"],
    columns: [
      { surface: "azure-native", header: "Pulumi azure-native (`redisenterprise:RedisEnterprise` / `:Database`, `cache:` aliases, versioned)" },
      { surface: "azure", header: "Pulumi classic `@pulumi/azure`" },
      { surface: "terraform", header: "Terraform azurerm" },
    ],
  },
];

export function surfaceOf(ref: BindingRef): PropertySurface {
  return ref.slice(0, ref.indexOf(":")) as PropertySurface;
}

export function kindOf(ref: BindingRef): ResourceKind {
  return ref.slice(ref.indexOf(":") + 1) as ResourceKind;
}
