/**
 * reads-synthesis.test.ts inside a CDK Terrain (`cdktn`) app: the aspect reads what cdktn writes,
 * cdktn's write-only wrapper token and its data sources included. Like cdktn.test.ts, this file loads
 * nothing that loads `cdktf`.
 */
import { TerraformDataSource, TerraformResource, TerraformStack, TerraformVariable, Testing } from "cdktn";
import type { Construct } from "constructs";
import { afterAll, describe, expect, it } from "vitest";
import { libraryOf } from "../../cdktf-aspect/construct-library";
import { selectAttributes, synthesizedResourcesOf, type TerraformElementLike } from "../../cdktf-aspect/synthesized";
import { terraformBindings } from "../../policies/terraform/bindings";
import { COMPLIANT_CACHE_ATTRIBUTES, parseSynth, removeTempDirs, tempOutdir, terraformViewOf } from "./support";

afterAll(removeTempDirs);

const SELECTIONS = new Map(terraformBindings.map((binding) => [binding.terraformType, selectAttributes(Object.values(binding.settings).flatMap((paths) => paths ?? []))]));
const attributesRead = (terraformType: string) => SELECTIONS.get(terraformType);

class CdktnRedis extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly attributes: Record<string, unknown>, private readonly writeOnly = false) {
    super(scope, id, { terraformResourceType: "azurerm_redis_cache" });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    // cdktn wraps a write-only attribute in a token of its own (a plain object with a `resolve`).
    const attributes = this.writeOnly ? Object.fromEntries(Object.entries(this.attributes).map(([k, v]) => [k, this.markWriteOnlyAttribute(v)])) : this.attributes;
    return { name: this.node.id, ...attributes };
  }
}

class CdktnRedisData extends TerraformDataSource {
  constructor(scope: Construct, id: string) {
    super(scope, id, { terraformResourceType: "azurerm_redis_cache" });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { name: this.node.id, resource_group_name: "rg" };
  }
}

const CASES: readonly { name: string; build: (stack: TerraformStack) => Construct }[] = [
  { name: "a cdktn resource that sets every attribute a rule reads", build: (stack) => new CdktnRedis(stack, "cache", { ...COMPLIANT_CACHE_ATTRIBUTES }) },
  { name: "a cdktn resource with non-compliant values", build: (stack) => new CdktnRedis(stack, "cache", { non_ssl_port_enabled: true, minimum_tls_version: "1.0" }) },
  {
    name: "a value only known at plan time",
    build: (stack) => new CdktnRedis(stack, "cache", { non_ssl_port_enabled: new TerraformVariable(stack, "open", { type: "bool" }).booleanValue }),
  },
  { name: "cdktn's write-only wrapper token", build: (stack) => new CdktnRedis(stack, "cache", { non_ssl_port_enabled: true, minimum_tls_version: "1.2" }, true) },
  {
    name: "an override of its own",
    build: (stack) => {
      const element = new CdktnRedis(stack, "cache", { non_ssl_port_enabled: false });
      element.addOverride("non_ssl_port_enabled", true);
      return element;
    },
  },
  { name: "a cdktn data source of the same type", build: (stack) => new CdktnRedisData(stack, "cache") },
];

describe("the aspect reads what cdktn writes", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
    const stack = new TerraformStack(Testing.app({ outdir: tempOutdir() }), "stack");
    const element = testCase.build(stack) as unknown as TerraformElementLike;
    const library = libraryOf(stack);
    expect(library?.packageName).toBe("cdktn");
    if (!library) return;

    const read = synthesizedResourcesOf(element, stack, library, attributesRead);

    const written = parseSynth(Testing.synth(stack)).resource ?? {};
    for (const resource of read) {
      const block = written[resource.terraformType]?.[resource.logicalId];
      expect(block).toBeDefined();
      expect(terraformViewOf(resource.terraformType, resource.attributes)).toEqual(terraformViewOf(resource.terraformType, block));
    }
    expect(read.map((r) => `${r.terraformType}.${r.logicalId}`)).toEqual(Object.keys(written["azurerm_redis_cache"] ?? {}).map((id) => `azurerm_redis_cache.${id}`));
  });
});
