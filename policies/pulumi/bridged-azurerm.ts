import type { SettingPaths } from "../core/read";
import type { SettingName } from "../core/types";
import { terraformBindings, type TerraformBinding } from "../terraform/bindings";
import type { PulumiBinding } from "./bindings";

/**
 * Dynamically bridged azurerm: `pulumi package add terraform-provider hashicorp/azurerm` (any Pulumi
 * language) and Pulumi programs written in HCL run the Terraform provider itself through
 * pulumi-terraform-bridge's `dynamic/` provider. Its resources are typed and named by the bridge's
 * rules, applied to whichever azurerm version the user pinned, so their names follow from the
 * Terraform bindings by a rule rather than by a second hand-written list that could drift.
 *
 * Source: pulumi/pulumi-terraform-bridge@59de6c661df1e7561e6ece7ad7f1c835c63010c4
 * - dynamic/info.go: `tokens.SingleModule(prov.GetResourcePrefix(), "index", tokens.MakeStandard(providerName))`,
 *   with the prefix inferred as the first `_`-part of the resource types (`azurerm`);
 * - pkg/tfbridge/tokens/known_modules.go (prefix cut, then `upperCamelCase`) and pkg/tfbridge/tokens/tokens.go
 *   (`MakeStandard`: `pkg:module/lowerFirst(Name):Name`; `camelCase` drops each `_` and `-` and upper-cases what follows):
 *   `azurerm_redis_cache` is `azurerm:index/redisCache:RedisCache`;
 * - pkg/tfbridge/internal/naming/naming.go (`terraformToPulumiName`): a property is its Terraform name with
 *   each `_` dropped and a following `a`-`z` upper-cased (a digit stays as is), leading `_` kept, a trailing
 *   `_` kept; a list or set attribute that is not MaxItemsOne is also pluralized (`inflector.Pluralize`);
 * - pkg/tfbridge/schema.go (`IsMaxItemsOne`): a list or set block with `MaxItems == 1` is projected as a single
 *   object; dynamic/ sets no overrides, and its shim passes the provider's own `MaxItems` through
 *   (dynamic/internal/shim/protov5/translate/tfplugin5.go). azurerm declares `redis_configuration` and
 *   `default_database` with `MaxItems: 1`, so they arrive as objects; the core's path reader also takes a
 *   one-element list, as a state written by another tool might hold.
 *
 * Every segment the Terraform bindings read is a scalar or such a MaxItemsOne block, so no pluralization
 * applies ({@link BRIDGED_MAX_ITEMS_ONE_BLOCKS} lists the blocks, and a test holds the bindings to it).
 */
export const BRIDGE_SOURCE = "pulumi/pulumi-terraform-bridge@59de6c661df1e7561e6ece7ad7f1c835c63010c4";

/** The package a dynamically bridged azurerm registers under (`pulumi package add terraform-provider hashicorp/azurerm`). */
export const BRIDGED_AZURERM_PACKAGE = "azurerm";

/** Blocks of the bound azurerm resources that are MaxItemsOne in azurerm (3.x and 4.x), so not pluralized. */
export const BRIDGED_MAX_ITEMS_ONE_BLOCKS: ReadonlySet<string> = new Set(["redis_configuration", "default_database"]);

/** The bridge's property name for a Terraform attribute name (naming.go, `terraformToPulumiName`, not pluralized). */
export function bridgedPropertyName(terraformName: string): string {
  let result = "";
  let nextCap = false;
  let casingActivated = false;
  let previous = "";
  for (const c of terraformName) {
    previous = c;
    if (c === "_" && casingActivated) {
      nextCap = true;
      continue;
    }
    if (c !== "_") casingActivated = true;
    result += nextCap && c >= "a" && c <= "z" ? c.toUpperCase() : c;
    nextCap = false;
  }
  return previous === "_" ? `${result}_` : result;
}

/** A dotted Terraform attribute path (`redis_configuration.active_directory_authentication_enabled`) in the bridge's names. */
export function bridgedPropertyPath(terraformPath: string): string {
  return terraformPath.split(".").map(bridgedPropertyName).join(".");
}

/** tokens.go `camelCase` then `UppercaseFirst`: each `_` and `-` dropped and what follows upper-cased. */
function upperCamelCase(text: string): string {
  return text
    .split(/[_-]/)
    .map((part) => (part === "" ? "" : part[0]!.toUpperCase() + part.slice(1)))
    .join("");
}

/** The bridged token of a Terraform resource type (`azurerm_managed_redis` is `azurerm:index/managedRedis:ManagedRedis`). */
export function bridgedResourceToken(terraformType: string, packageName = BRIDGED_AZURERM_PACKAGE): string {
  const rest = terraformType.startsWith(packageName) && terraformType !== packageName ? terraformType.slice(packageName.length) : terraformType;
  const name = upperCamelCase(rest);
  return `${packageName}:index/${name[0]!.toLowerCase()}${name.slice(1)}:${name}`;
}

function bridgedSettings(settings: SettingPaths): SettingPaths {
  const result: Partial<Record<SettingName, readonly string[]>> = {};
  for (const [setting, paths] of Object.entries(settings) as [SettingName, readonly string[]][]) {
    result[setting] = paths.map(bridgedPropertyPath);
  }
  return result;
}

/** The Pulumi binding of one Terraform binding, in the names the dynamic bridge gives its resource. */
function bridgedBinding(terraform: TerraformBinding): PulumiBinding {
  const token = bridgedResourceToken(terraform.terraformType);
  return {
    kind: terraform.kind,
    family: "azurerm-bridged",
    // Both azurerm majors' names come along: the Terraform binding reads the 4.x name and its 3.x twin.
    settings: bridgedSettings(terraform.settings),
    // Same provider, same ForceNew attributes and schema defaults as in any Terraform configuration.
    ...(terraform.replacedOnChange ? { replacedOnChange: terraform.replacedOnChange } : {}),
    ...(terraform.absentDefaults ? { absentDefaults: terraform.absentDefaults } : {}),
    ...(terraform.tagsProperty ? { tagsProperty: bridgedPropertyName(terraform.tagsProperty) } : {}),
    matches: (type: string) => type === token,
    terraform,
  };
}

/** The four dynamically bridged azurerm resources of the Redis family, one per Terraform binding. */
export const bridgedAzurermBindings: readonly PulumiBinding[] = terraformBindings.map(bridgedBinding);

/**
 * Terraform and OpenTofu stacks whose state Pulumi Cloud keeps record each resource as
 * `pulumi:terraform:<terraform type>` with Terraform's own snake_case attributes: the Terraform bindings
 * themselves read them. Pulumi changes nothing in these resources, so no fix is written.
 */
const TERRAFORM_STACK_TOKEN = /^pulumi:terraform:([A-Za-z0-9_]+)$/;

/** The Terraform type of a Terraform stack's resource token (`pulumi:terraform:azurerm_redis_cache`), else `undefined`. */
export function terraformTypeOfStackResource(type: string): string | undefined {
  return TERRAFORM_STACK_TOKEN.exec(type)?.[1];
}

export const terraformStackBindings: readonly PulumiBinding[] = terraformBindings.map((terraform) => ({
  kind: terraform.kind,
  family: "terraform-stack" as const,
  settings: terraform.settings,
  ...(terraform.replacedOnChange ? { replacedOnChange: terraform.replacedOnChange } : {}),
  ...(terraform.absentDefaults ? { absentDefaults: terraform.absentDefaults } : {}),
  ...(terraform.tagsProperty ? { tagsProperty: terraform.tagsProperty } : {}),
  noAutomaticFix: "the resource belongs to a Terraform or OpenTofu stack: fix it in that stack's configuration",
  matches: (type: string) => terraformTypeOfStackResource(type) === terraform.terraformType,
  terraform,
}));
