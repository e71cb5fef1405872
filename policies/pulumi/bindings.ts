import { apiVersionDefaults, type ApiVersion } from "../core/api-versions";
import type { ResourceBinding } from "../core/read";
import { terraformBindings, type TerraformBinding } from "../terraform/bindings";
import { bridgedAzurermBindings, terraformStackBindings } from "./bridged-azurerm";
import { AZURERM_MANAGED_REDIS_DEFAULTS } from "../terraform/provider-defaults";

/**
 * How Pulumi type tokens map onto the core. Matching is by token string only: loading
 * `@pulumi/azure-native` (hundreds of modules) to call `isType` would cost every preview seconds.
 */
export interface PulumiBinding extends ResourceBinding {
  /**
   * Which family the token belongs to, for messages and docs: an Azure SDK, a resource a Terraform
   * module creates under Pulumi's terraform-module provider, dynamically bridged azurerm, or a Terraform
   * stack's resource in Pulumi Cloud (the last two in bridged-azurerm.ts).
   */
  readonly family: "azure-native" | "azure" | "terraform-module" | "azurerm-bridged" | "terraform-stack";
  readonly matches: (type: string) => boolean;
  /** Families built from a Terraform binding (bridged-azurerm.ts too): the binding whose attribute paths this one reads or renames. */
  readonly terraform?: TerraformBinding;
  /**
   * azure-native: the Azure REST API versions a token stands for, which decide Azure's defaults for
   * absent properties (policies/core/api-versions.ts). The binding a token gets declares those defaults.
   */
  readonly apiVersionsOf?: (type: string) => readonly ApiVersion[];
}

const AZURE_NATIVE_TOKEN = /^azure-native:([a-z]+)(?:\/v(\d{4})(\d{2})(\d{2})(preview)?)?:[A-Za-z]+$/;

/**
 * The API versions an azure-native token stands for: the one a versioned token names
 * (`azure-native:redisenterprise/v20240901preview:Database` is 2024-09-01-preview), else every default
 * API version the SDK has given that unversioned token, listed per module in `unversioned`.
 */
function azureNativeApiVersions(unversioned: Readonly<Record<string, readonly ApiVersion[]>>): (type: string) => readonly ApiVersion[] {
  return (type) => {
    const parts = AZURE_NATIVE_TOKEN.exec(type);
    if (!parts) return [];
    const [, module = "", year, month, day, preview] = parts;
    if (year) return [`${year}-${month}-${day}${preview ? "-preview" : ""}`];
    return unversioned[module] ?? [];
  };
}

/**
 * The default API versions of the unversioned Redis Enterprise tokens. azure-native 3.x changed the
 * `redisenterprise` default within the major version: 2024-03-01-preview (3.6.1), 2025-05-01-preview
 * (3.12.0 to at least 3.19; pulumi/pulumi-azure-native#4745), 2025-07-01 (#4747; 3.28.0, installed here,
 * says "Uses Azure REST API version 2025-07-01"); every release before #4747 used a version older than
 * 2025-07-01. The pack cannot see which SDK release a program uses, so a default that differs across them
 * is not established. azure-native 2.x's `cache` module used 2023-03-01-preview (its docs, 2.39 to 2.44).
 */
export const REDIS_ENTERPRISE_UNVERSIONED_API_VERSIONS: Readonly<Record<string, readonly ApiVersion[]>> = {
  redisenterprise: ["2024-03-01-preview", "2025-05-01-preview", "2025-07-01"],
  cache: ["2023-03-01-preview"],
};

/**
 * Every azure-native token of a class: the 3.x module (`azure-native:redis:Redis`), the 2.x `cache`
 * module still seen through aliases (`azure-native:cache:Redis`), and the explicitly versioned tokens
 * of both (`azure-native:cache/v20230401:Redis`, `azure-native:redis/v20250801preview:Redis`).
 */
function azureNativeTokens(module: string, className: string): RegExp {
  return new RegExp(`^azure-native:(?:cache|${module})(?:/v\\d{8}(?:preview)?)?:${className}$`);
}

export const AZURE_NATIVE_REDIS_TOKEN = azureNativeTokens("redis", "Redis");
export const AZURE_NATIVE_REDIS_ENTERPRISE_TOKEN = azureNativeTokens("redisenterprise", "RedisEnterprise");
export const AZURE_NATIVE_REDIS_ENTERPRISE_DATABASE_TOKEN = azureNativeTokens("redisenterprise", "Database");

export const CLASSIC_REDIS_CACHE_TOKEN = "azure:redis/cache:Cache";
export const CLASSIC_ENTERPRISE_CLUSTER_TOKEN = "azure:redis/enterpriseCluster:EnterpriseCluster";
export const CLASSIC_ENTERPRISE_DATABASE_TOKEN = "azure:redis/enterpriseDatabase:EnterpriseDatabase";
export const CLASSIC_MANAGED_REDIS_TOKEN = "azure:managedredis/managedRedis:ManagedRedis";

const is = (token: string) => (type: string) => type === token;

/** The Azure SDKs' classes (azure-native and the classic azure provider); {@link terraformModuleBindings} add the rest. */
export const pulumiBindings: readonly PulumiBinding[] = [
  {
    kind: "redisCache",
    family: "azure-native",
    matches: (type) => AZURE_NATIVE_REDIS_TOKEN.test(type),
    tagsProperty: "tags",
    settings: {
      nonSslPortEnabled: ["enableNonSslPort"],
      minimumTlsVersion: ["minimumTlsVersion"],
      publicNetworkAccess: ["publicNetworkAccess"],
      accessKeyAuthenticationDisabled: ["disableAccessKeyAuthentication"],
      entraIdAuthenticationEnabled: ["redisConfiguration.aadEnabled"],
      redisVersion: ["redisVersion"],
    },
  },
  {
    kind: "redisCache",
    family: "azure",
    matches: is(CLASSIC_REDIS_CACHE_TOKEN),
    tagsProperty: "tags",
    settings: {
      // v6 renamed the property; stacks on v5 still send the old name, so read both.
      nonSslPortEnabled: ["nonSslPortEnabled", "enableNonSslPort"],
      minimumTlsVersion: ["minimumTlsVersion"],
      publicNetworkAccessEnabled: ["publicNetworkAccessEnabled"],
      accessKeysAuthenticationEnabled: ["accessKeysAuthenticationEnabled"],
      entraIdAuthenticationEnabled: ["redisConfiguration.activeDirectoryAuthenticationEnabled"],
      redisVersion: ["redisVersion"],
    },
  },
  {
    kind: "redisEnterpriseCluster",
    family: "azure-native",
    matches: (type) => AZURE_NATIVE_REDIS_ENTERPRISE_TOKEN.test(type),
    tagsProperty: "tags",
    settings: { minimumTlsVersion: ["minimumTlsVersion"], publicNetworkAccess: ["publicNetworkAccess"], skuName: ["sku.name"] },
    apiVersionsOf: azureNativeApiVersions(REDIS_ENTERPRISE_UNVERSIONED_API_VERSIONS),
  },
  {
    kind: "redisEnterpriseCluster",
    family: "azure",
    matches: is(CLASSIC_ENTERPRISE_CLUSTER_TOKEN),
    tagsProperty: "tags",
    settings: { minimumTlsVersion: ["minimumTlsVersion"], skuName: ["skuName"] },
    // Changing either replaces the cluster and its data ("Changing this forces a new Redis Enterprise
    // Cluster to be created"): never rewrite them automatically.
    replacedOnChange: ["minimumTlsVersion", "skuName"],
  },
  {
    kind: "redisEnterpriseDatabase",
    family: "azure-native",
    matches: (type) => AZURE_NATIVE_REDIS_ENTERPRISE_DATABASE_TOKEN.test(type),
    // No tags: a database is an ARM proxy resource (the SDK's Database has no `tags`), so no tag exempts it.
    settings: { clientProtocol: ["clientProtocol"], accessKeysAuthentication: ["accessKeysAuthentication"] },
    apiVersionsOf: azureNativeApiVersions(REDIS_ENTERPRISE_UNVERSIONED_API_VERSIONS),
  },
  {
    kind: "redisEnterpriseDatabase",
    family: "azure",
    matches: is(CLASSIC_ENTERPRISE_DATABASE_TOKEN),
    // No tags either (EnterpriseDatabase has no `tags` input).
    settings: { clientProtocol: ["clientProtocol"] },
    replacedOnChange: ["clientProtocol"],
  },
  {
    kind: "managedRedis",
    family: "azure",
    matches: is(CLASSIC_MANAGED_REDIS_TOKEN),
    tagsProperty: "tags",
    // No TLS setting and no SKU rule: ManagedRedis only takes Azure Managed Redis SKUs.
    settings: {
      clientProtocol: ["defaultDatabase.clientProtocol"],
      publicNetworkAccess: ["publicNetworkAccess"],
      accessKeysAuthenticationEnabled: ["defaultDatabase.accessKeysAuthenticationEnabled"],
    },
    // Bridged from azurerm: the classic provider writes azurerm_managed_redis's defaults when a program leaves them out.
    absentDefaults: AZURERM_MANAGED_REDIS_DEFAULTS,
  },
];

/**
 * `pulumi package add terraform-module <module>` runs a Terraform module under Pulumi and registers each
 * resource it creates as a child of type `<package>:tf:<terraform type>` (pulumi/pulumi-terraform-module,
 * pkg/modprovider/child.go: module "tf", type name the Terraform type, resource name the Terraform
 * address). Its properties are the Terraform values as planned or applied: snake_case attributes,
 * blocks as lists, unknowns as Pulumi unknowns, sensitive values as secrets, plus the provider's own
 * `__address` and `__module`.
 */
const TERRAFORM_MODULE_CHILD_TOKEN = /^[^:]+:tf:([A-Za-z0-9_]+)$/;

/** The Terraform type of a terraform-module child's token (`redismod:tf:azurerm_redis_cache`), else `undefined`. */
export function terraformTypeOfModuleChild(type: string): string | undefined {
  return TERRAFORM_MODULE_CHILD_TOKEN.exec(type)?.[1];
}

/**
 * The terraform-module children of the Redis family: the Terraform bindings themselves (same attribute
 * paths, same verdicts as the aspect and `check` on Terraform), with values in Pulumi's wire form.
 */
export const terraformModuleBindings: readonly PulumiBinding[] = terraformBindings.map((terraform) => ({
  kind: terraform.kind,
  family: "terraform-module" as const,
  settings: terraform.settings,
  ...(terraform.replacedOnChange ? { replacedOnChange: terraform.replacedOnChange } : {}),
  // The module's provider applies the same defaults to absent attributes as in any Terraform configuration.
  ...(terraform.absentDefaults ? { absentDefaults: terraform.absentDefaults } : {}),
  // The module's resources carry their Azure tags, exemption tags included, like any Terraform resource.
  ...(terraform.tagsProperty ? { tagsProperty: terraform.tagsProperty } : {}),
  // The provider plans from the module's own configuration and ignores rewritten properties: a fix
  // written here would be reported and never applied.
  noAutomaticFix: "the resource is created by a Terraform module: fix it through the module's inputs",
  matches: (type: string) => terraformTypeOfModuleChild(type) === terraform.terraformType,
  terraform,
}));

/**
 * The binding a token gets: its class's, plus the absent-value defaults of the API versions the token
 * stands for (derived from the token, never listed per token), when a mapped setting's default depends on them.
 */
function bindingForToken(base: PulumiBinding, type: string): PulumiBinding {
  if (!base.apiVersionsOf) return base;
  const fromApi = apiVersionDefaults(base.kind, base.settings, base.apiVersionsOf(type), `'${type}'`);
  return fromApi ? { ...base, absentDefaults: { ...base.absentDefaults, ...fromApi } } : base;
}

/** The families that reuse the Terraform bindings, looked up after the Azure SDKs' classes. */
const terraformBindingFamilies: readonly PulumiBinding[] = [...terraformModuleBindings, ...bridgedAzurermBindings, ...terraformStackBindings];

const bindingByType = new Map<string, PulumiBinding | null>();

/**
 * The binding for a Pulumi type token, or `undefined` when no rule applies to that type. Every policy
 * asks this for every resource of every preview, so answers, derived defaults included, are remembered
 * per token (a stack has few types).
 */
export function findPulumiBinding(type: string): PulumiBinding | undefined {
  let binding = bindingByType.get(type);
  if (binding === undefined) {
    const base = pulumiBindings.find((candidate) => candidate.matches(type));
    binding = base
      ? bindingForToken(base, type)
      : (terraformBindingFamilies.find((candidate) => candidate.matches(type)) ?? null);
    if (bindingByType.size < 10_000) bindingByType.set(type, binding);
  }
  return binding ?? undefined;
}
