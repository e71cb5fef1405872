/**
 * What the aspect reads of a resource (cdktf-aspect/synthesized.ts: `toTerraform()`, only the
 * attributes the rules read resolved, the stack's overrides merged) must be exactly what synthesis
 * writes. For a table of resources (prebuilt and hand-written, tokens, meta-arguments, overrides of
 * its own and of the stack, moves, data sources, dynamic blocks, token keys, odd objects, subclasses
 * that change what `toTerraform()` writes), the aspect's read and the written cdk.tf.json give the
 * rules the same view, and the aspect reads every guarded resource written and no other.
 */
import {
  Lazy,
  TerraformDataSource,
  TerraformIterator,
  TerraformResource,
  TerraformVariable,
  Testing,
  Token,
  listMapper,
  type TerraformStack,
} from "cdktf";
import type { Construct } from "constructs";
import { DataAzurermRedisCache } from "@cdktf/provider-azurerm/lib/data-azurerm-redis-cache";
import { ManagedRedis } from "@cdktf/provider-azurerm/lib/managed-redis";
import { RedisCache } from "@cdktf/provider-azurerm/lib/redis-cache";
import { RedisEnterpriseCluster } from "@cdktf/provider-azurerm/lib/redis-enterprise-cluster";
import { RedisEnterpriseDatabase } from "@cdktf/provider-azurerm/lib/redis-enterprise-database";
import { afterAll, describe, expect, it } from "vitest";
import { libraryOf } from "../../cdktf-aspect/construct-library";
import { selectAttributes, synthesizedResourcesOf, type TerraformElementLike } from "../../cdktf-aspect/synthesized";
import { terraformBindings } from "../../policies/terraform/bindings";
import { CACHE_BASE, COMPLIANT_CACHE, RawResource, testingStack } from "./cdktf-support";
import { parseSynth, removeTempDirs, terraformViewOf } from "./support";

afterAll(removeTempDirs);

/** What the aspect reads of each guarded type (as aspect.ts builds it from the bindings). */
const SELECTIONS = new Map(terraformBindings.map((binding) => [binding.terraformType, selectAttributes(Object.values(binding.settings).flatMap((paths) => paths ?? []))]));
const attributesRead = (terraformType: string) => SELECTIONS.get(terraformType);

/** A string token that resolves to `value`: a key or a value only known once resolved. */
const lazyString = (value: string): string => Token.asString(Lazy.stringValue({ produce: () => value }));

/** A dynamic block, as a prebuilt class makes one of `iterator.dynamic()` for a block list. */
const dynamicBlock = (content: Record<string, unknown>): unknown => listMapper((x: unknown) => x, true)(TerraformIterator.fromList([true]).dynamic(content));

class ToTerraformOverridden extends RawResource {
  override toTerraform(): Record<string, unknown> {
    const written = super.toTerraform() as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const block = written.resource["azurerm_redis_cache"]?.["cache"];
    if (block) block["non_ssl_port_enabled"] = true;
    return written;
  }
}

class MetaArgumentsOverridden extends RawResource {
  // A getter in cdktf's typings too: what toTerraform() snake-cases and merges over the attributes.
  override get terraformMetaArguments(): Record<string, unknown> {
    return { ...super.terraformMetaArguments, nonSslPortEnabled: true };
  }
}

/** Neither plain nor a token: synthesis resolves it key by key. */
class Box {
  constructor(readonly enabled: boolean) {}
}

interface Case {
  readonly name: string;
  /** Creates the guarded element (id "cache" unless the case says otherwise) in `stack`. */
  readonly build: (stack: TerraformStack) => Construct;
}

const cache = (config: Partial<typeof CACHE_BASE> = {}) => (stack: TerraformStack) => new RedisCache(stack, "cache", { ...CACHE_BASE, ...config });
const raw = (attributes: Record<string, unknown>, type = "azurerm_redis_cache") => (stack: TerraformStack) => new RawResource(stack, "cache", type, { name: "cache", ...attributes });

const CASES: readonly Case[] = [
  { name: "a prebuilt RedisCache that sets every attribute a rule reads", build: cache(COMPLIANT_CACHE) },
  { name: "a prebuilt RedisCache that sets none of them", build: cache() },
  {
    name: "a prebuilt RedisCache with non-compliant values and other redis_configuration keys",
    build: cache({
      nonSslPortEnabled: true,
      minimumTlsVersion: "1.0",
      publicNetworkAccessEnabled: true,
      accessKeysAuthenticationEnabled: true,
      redisVersion: "4",
      redisConfiguration: { activeDirectoryAuthenticationEnabled: false, maxmemoryPolicy: "allkeys-lru", rdbBackupEnabled: false },
    }),
  },
  {
    name: "values only known at plan time (variables)",
    build: (stack) =>
      cache({
        nonSslPortEnabled: new TerraformVariable(stack, "open", { type: "bool" }).booleanValue,
        minimumTlsVersion: new TerraformVariable(stack, "tls", { type: "string" }).stringValue,
        redisConfiguration: { activeDirectoryAuthenticationEnabled: new TerraformVariable(stack, "entra", { type: "bool" }).booleanValue },
      })(stack),
  },
  { name: "a string token that resolves to a literal", build: cache({ minimumTlsVersion: lazyString("1.2"), redisVersion: lazyString("6") }) },
  {
    name: "meta-arguments: count, depends_on, lifecycle",
    build: (stack) => {
      const other = new RawResource(stack, "other", "azurerm_resource_group", { name: "rg" });
      return new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, count: 2, dependsOn: [other], lifecycle: { preventDestroy: true, ignoreChanges: ["tags"] } });
    },
  },
  {
    name: "for_each over an iterator, values from the iterator",
    build: (stack) => {
      const each = TerraformIterator.fromList(["a", "b"]);
      return new RedisCache(stack, "cache", { ...CACHE_BASE, forEach: each, name: each.value as string, minimumTlsVersion: each.getString("tls") });
    },
  },
  {
    name: "an import block",
    build: (stack) => {
      const element = cache(COMPLIANT_CACHE)(stack);
      element.importFrom("/subscriptions/0/resourceGroups/rg/providers/Microsoft.Cache/redis/cache");
      return element;
    },
  },
  { name: "a hand-written resource", build: raw({ non_ssl_port_enabled: "TRUE", minimum_tls_version: 1.2 }) },
  { name: "redis_configuration as a one-element list", build: raw({ redis_configuration: [{ active_directory_authentication_enabled: false }] }) },
  { name: "redis_configuration as a list of two blocks", build: raw({ redis_configuration: [{ active_directory_authentication_enabled: true }, {}] }) },
  { name: "redis_configuration as a string", build: raw({ redis_configuration: "on" }) },
  { name: "redis_configuration null", build: raw({ redis_configuration: null, non_ssl_port_enabled: null }) },
  {
    name: "redis_configuration as one token",
    build: raw({ redis_configuration: Lazy.anyValue({ produce: () => ({ active_directory_authentication_enabled: false }) }) }),
  },
  {
    // Not a block until a prebuilt class's list mapper makes it one: a token, written as a for expression.
    name: "a dynamic expression (iterator.dynamic) where a rule reads",
    build: raw({ redis_configuration: TerraformIterator.fromList([true]).dynamic({ active_directory_authentication_enabled: false }) }),
  },
  {
    name: "a token key inside redis_configuration",
    build: raw({ redis_configuration: { [lazyString("active_directory_authentication_enabled")]: false } }),
  },
  {
    name: "azurerm_managed_redis with default_database",
    build: (stack) => new ManagedRedis(stack, "cache", { name: "m", location: "westeurope", resourceGroupName: "rg", skuName: "Balanced_B1", defaultDatabase: { clientProtocol: "Plaintext" } }),
  },
  {
    name: "azurerm_redis_enterprise_cluster",
    build: (stack) => new RedisEnterpriseCluster(stack, "cache", { name: "c", location: "westeurope", resourceGroupName: "rg", skuName: "Enterprise_E10-2", minimumTlsVersion: "1.0" }),
  },
  {
    name: "azurerm_redis_enterprise_database",
    build: (stack) => new RedisEnterpriseDatabase(stack, "cache", { clusterId: "/c", clientProtocol: "Encrypted" }),
  },

  {
    name: "an override of its own on a read attribute",
    build: (stack) => {
      const element = cache(COMPLIANT_CACHE)(stack);
      element.addOverride("non_ssl_port_enabled", true);
      return element;
    },
  },
  {
    name: "an override of its own inside redis_configuration",
    build: (stack) => {
      const element = cache(COMPLIANT_CACHE)(stack);
      element.addOverride("redis_configuration.active_directory_authentication_enabled", false);
      return element;
    },
  },
  {
    name: "an override of its own on an attribute no rule reads",
    build: (stack) => {
      const element = cache(COMPLIANT_CACHE)(stack);
      element.addOverride("tags", { team: "a" });
      return element;
    },
  },
  {
    name: "a stack-level override of it",
    build: (stack) => {
      stack.addOverride("resource.azurerm_redis_cache.cache.minimum_tls_version", "1.0");
      return cache(COMPLIANT_CACHE)(stack);
    },
  },
  {
    name: "moved away (moveToId): no resource block",
    build: (stack) => {
      const element = cache(COMPLIANT_CACHE)(stack);
      element.moveToId("azurerm_redis_cache.renamed");
      return element;
    },
  },
  {
    name: "moved here (moveFromId)",
    build: (stack) => {
      const element = cache({ nonSslPortEnabled: true })(stack);
      element.moveFromId("azurerm_redis_cache.old");
      return element;
    },
  },
  { name: "a data source of the same type", build: (stack) => new DataAzurermRedisCache(stack, "cache", { name: "c", resourceGroupName: "rg" }) },
  {
    name: "a data source that has a resource's fields",
    build: (stack) => Object.assign(new DataAzurermRedisCache(stack, "cache", { name: "c", resourceGroupName: "rg" }), { _hasMoved: false }),
  },
  {
    name: "a dynamic block where a rule reads (written under dynamic)",
    build: raw({ redis_configuration: dynamicBlock({ active_directory_authentication_enabled: false }) }),
  },
  {
    name: "a dynamic block inside a block a rule reads",
    build: raw({ redis_configuration: { active_directory_authentication_enabled: true, patch: dynamicBlock({ day: "Monday" }) } }),
  },
  { name: "an object that is neither plain nor a token", build: raw({ public_network_access_enabled: new Box(false) }) },
  { name: "a token key at the top level", build: raw({ [lazyString("non_ssl_port_enabled")]: true, non_ssl_port_enabled: false }) },
  {
    name: "a logical id that is not a plain name",
    build: (stack) => {
      const element = cache(COMPLIANT_CACHE)(stack);
      element.overrideLogicalId("cache.v2");
      return element;
    },
  },
  { name: "a subclass that overrides toTerraform()", build: (stack) => new ToTerraformOverridden(stack, "cache", "azurerm_redis_cache", { name: "c", non_ssl_port_enabled: false }) },
  {
    name: "a subclass that overrides terraformMetaArguments",
    build: (stack) => new MetaArgumentsOverridden(stack, "cache", "azurerm_redis_cache", { name: "c", non_ssl_port_enabled: false }),
  },
];

describe("the aspect reads what synthesis writes", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
    const stack = testingStack();
    const element = testCase.build(stack) as unknown as TerraformElementLike;
    const library = libraryOf(stack);
    if (!library) throw new Error("no library");

    const read = synthesizedResourcesOf(element, stack, library, attributesRead);

    // What is written: the same view for each resource, and no resource it missed.
    const written = parseSynth(Testing.synth(stack)).resource ?? {};
    for (const resource of read) {
      const block = written[resource.terraformType]?.[resource.logicalId];
      expect(block).toBeDefined();
      expect(terraformViewOf(resource.terraformType, resource.attributes)).toEqual(terraformViewOf(resource.terraformType, block));
    }
    const writtenIds = terraformBindings.flatMap(({ terraformType }) => Object.keys(written[terraformType] ?? {}).map((id) => `${terraformType}.${id}`));
    expect(read.map((r) => `${r.terraformType}.${r.logicalId}`)).toEqual(writtenIds);
  });

  it("a resource whose count and for_each are both set throws, as synthesis does", () => {
    const stack = testingStack();
    const element = new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, count: 2, forEach: TerraformIterator.fromList(["a"]) }) as unknown as TerraformElementLike;
    const library = libraryOf(stack);
    if (!library) throw new Error("no library");
    expect(() => synthesizedResourcesOf(element, stack, library, attributesRead)).toThrow(/mutually exclusive/);
    expect(() => Testing.synth(stack)).toThrow(/mutually exclusive/);
  });

  it("the premise of the data source case: its toTerraform() writes data, not resource", () => {
    const stack = testingStack();
    const source = new DataAzurermRedisCache(stack, "cache", { name: "c", resourceGroupName: "rg" });
    expect(source).toBeInstanceOf(TerraformDataSource);
    expect(source).not.toBeInstanceOf(TerraformResource);
    expect(Object.keys(source.toTerraform())).toContain("data");
  });
});
