import type { ResourceBinding } from "../core/read";
import { terraformBindings, type TerraformBinding } from "../terraform/bindings";

/**
 * How Pulumi type tokens map onto the core. Matching is by token string only: loading
 * `@pulumi/azure-native` (hundreds of modules) to call `isType` would cost every preview seconds.
 */
export interface PulumiBinding extends ResourceBinding {
  /**
   * Which family the token belongs to, for messages and docs: an Azure SDK, or a resource a Terraform
   * module creates under Pulumi's terraform-module provider.
   */
  readonly family: "azure-native" | "azure" | "terraform-module";
  readonly matches: (type: string) => boolean;
  /** terraform-module family: the Terraform binding whose attribute paths this binding reads. */
  readonly terraform?: TerraformBinding;
}

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
    settings: { minimumTlsVersion: ["minimumTlsVersion"] },
  },
  {
    kind: "redisEnterpriseCluster",
    family: "azure",
    matches: is(CLASSIC_ENTERPRISE_CLUSTER_TOKEN),
    settings: { minimumTlsVersion: ["minimumTlsVersion"] },
    // Changing it replaces the cluster and its data: never rewrite it automatically.
    replacedOnChange: ["minimumTlsVersion"],
  },
  {
    kind: "redisEnterpriseDatabase",
    family: "azure-native",
    matches: (type) => AZURE_NATIVE_REDIS_ENTERPRISE_DATABASE_TOKEN.test(type),
    settings: { clientProtocol: ["clientProtocol"] },
  },
  {
    kind: "redisEnterpriseDatabase",
    family: "azure",
    matches: is(CLASSIC_ENTERPRISE_DATABASE_TOKEN),
    settings: { clientProtocol: ["clientProtocol"] },
    replacedOnChange: ["clientProtocol"],
  },
  {
    kind: "managedRedis",
    family: "azure",
    matches: is(CLASSIC_MANAGED_REDIS_TOKEN),
    settings: { clientProtocol: ["defaultDatabase.clientProtocol"] },
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
  // The provider plans from the module's own configuration and ignores rewritten properties: a fix
  // written here would be reported and never applied.
  noAutomaticFix: "the resource is created by a Terraform module: fix it through the module's inputs",
  matches: (type: string) => terraformTypeOfModuleChild(type) === terraform.terraformType,
  terraform,
}));

const bindingByType = new Map<string, PulumiBinding | null>();

/**
 * The binding for a Pulumi type token, or `undefined` when no rule applies to that type. Every policy
 * asks this for every resource of every preview, so answers are remembered (a stack has few types).
 */
export function findPulumiBinding(type: string): PulumiBinding | undefined {
  let binding = bindingByType.get(type);
  if (binding === undefined) {
    binding = pulumiBindings.find((candidate) => candidate.matches(type)) ?? terraformModuleBindings.find((candidate) => candidate.matches(type)) ?? null;
    if (bindingByType.size < 10_000) bindingByType.set(type, binding);
  }
  return binding ?? undefined;
}
