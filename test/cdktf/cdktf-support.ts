import { App, TerraformResource, TerraformStack, Testing, type TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import type { RedisCacheConfig } from "@cdktf/provider-azurerm/lib/redis-cache";
import { tempOutdir } from "./support";

/** Required arguments of a `RedisCache`, with nothing about the non-SSL port. */
export const CACHE_BASE: RedisCacheConfig = {
  name: "cache",
  location: "westeurope",
  resourceGroupName: "rg",
  capacity: 1,
  family: "C",
  skuName: "Standard",
};

/**
 * A cache that every rule passes: each attribute a rule reads on `azurerm_redis_cache` set to a
 * compliant value (see COMPLIANT_CACHE_ATTRIBUTES, the same in Terraform names).
 */
export const COMPLIANT_CACHE: RedisCacheConfig = {
  ...CACHE_BASE,
  nonSslPortEnabled: false,
  minimumTlsVersion: "1.2",
  publicNetworkAccessEnabled: false,
  accessKeysAuthenticationEnabled: false,
  redisConfiguration: { activeDirectoryAuthenticationEnabled: true },
  redisVersion: "6",
};

/**
 * A Terraform resource of any type with exactly the attributes given: how a user writes a resource
 * with no prebuilt binding, and the only way to synthesize the azurerm 3.x attribute or an odd value.
 */
export class RawResource extends TerraformResource {
  constructor(scope: Construct, id: string, terraformResourceType: string, private readonly attributes: Record<string, unknown>, meta: TerraformMetaArguments = {}) {
    super(scope, id, { terraformResourceType, ...meta });
  }

  // cdktf types attributes as `any`; a record of unknowns is what it accepts.
  protected override synthesizeAttributes(): Record<string, unknown> {
    return this.attributes;
  }
}

export function rawRedis(scope: Construct, id: string, attributes: Record<string, unknown>, meta: TerraformMetaArguments = {}): RawResource {
  return new RawResource(scope, id, "azurerm_redis_cache", { name: id, location: "westeurope", ...attributes }, meta);
}

/** A real `App` writing to a temp dir, and one stack with the azurerm provider (the provider check needs it). */
export function appWithStack(stackId = "stack"): { app: App; stack: TerraformStack } {
  const app = new App({ outdir: tempOutdir(), stackTraces: false });
  const stack = new TerraformStack(app, stackId);
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return { app, stack };
}

/** A stack from cdktf's `Testing.app()` (stubbed versions, future flags), for `Testing.synth`. */
export function testingStack(stackId = "stack"): TerraformStack {
  const stack = new TerraformStack(Testing.app({ outdir: tempOutdir() }), stackId);
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return stack;
}
