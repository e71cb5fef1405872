import { Aspects, Fn, Lazy, Op, TerraformIterator, TerraformLocal, TerraformStack, TerraformVariable, Testing, type IAspect } from "cdktf";
import { Construct } from "constructs";
import { DataAzurermRedisCache } from "@cdktf/provider-azurerm/lib/data-azurerm-redis-cache";
import { RedisCache } from "@cdktf/provider-azurerm/lib/redis-cache";
import { afterAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect } from "../../cdktf-aspect/index";
import { CACHE_BASE, RawResource, rawRedis, testingStack } from "./cdktf-support";
import { RULE_ID, V3, V4, annotationsUnder, parseSynth, removeTempDirs, ruleAnnotationsUnder, verdictFromAnnotations } from "./support";

afterAll(removeTempDirs);

/** Synthesizes `build`'s stack with the aspect as `Testing.synth` does, and returns Azure.Redis.NonSslPort's verdict on `stack/cache`. */
function verdictOf(build: (stack: TerraformStack) => void): "pass" | "fail" | "unknown" {
  const stack = testingStack();
  build(stack);
  RedisPolicyAspect.applyTo(stack);
  Testing.synth(stack);
  return verdictFromAnnotations(stack, "stack/cache");
}

describe("RedisPolicyAspect is a CDKTF aspect", () => {
  it("is assignable to cdktf's IAspect and is found where synthesis looks for it", () => {
    const stack = testingStack();
    const aspect: IAspect = RedisPolicyAspect.applyTo(stack);
    expect(Aspects.of(stack).all).toEqual([aspect]);
  });
});

describe("verdicts on the synthesized azurerm_redis_cache", () => {
  describe.each([
    ["azurerm 4.x", V4],
    ["azurerm 3.x", V3],
  ])("%s attribute", (_label, attribute) => {
    it.each([
      [true, "fail"],
      ["TRUE", "fail"],
      ["true", "fail"],
      [false, "pass"],
      ["False", "pass"],
      [null, "pass"],
      ["yes", "fail"],
      [1, "fail"],
    ] as const)("%j -> %s", (value, expected) => {
      expect(verdictOf((stack) => rawRedis(stack, "cache", { [attribute]: value }))).toBe(expected);
    });
  });

  it("absent on both names -> pass (Azure keeps the port closed)", () => {
    expect(verdictOf((stack) => rawRedis(stack, "cache", {}))).toBe("pass");
  });

  it.each([
    [{ [V4]: false, [V3]: true }, "fail"],
    [{ [V4]: true, [V3]: false }, "fail"],
    [{ [V4]: false, [V3]: false }, "pass"],
    [{ [V4]: false, [V3]: "maybe" }, "fail"],
  ])("both names, inconsistent or not: %j -> %s", (attributes, expected) => {
    expect(verdictOf((stack) => rawRedis(stack, "cache", attributes))).toBe(expected);
  });

  describe("the prebuilt RedisCache of @cdktf/provider-azurerm (azurerm 4.x)", () => {
    it.each([
      [true, "fail"],
      [false, "pass"],
      [undefined, "pass"],
    ] as const)("nonSslPortEnabled: %j -> %s", (value, expected) => {
      expect(verdictOf((stack) => new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: value }))).toBe(expected);
    });

    it("provider 14.x has no 3.x attribute; an override writes it, and it is read", () => {
      expect(verdictOf((stack) => new RedisCache(stack, "cache", CACHE_BASE).addOverride(V3, true))).toBe("fail");
    });
  });

  describe("tokens resolve as synthesis resolves them", () => {
    it.each<[string, (stack: TerraformStack) => unknown]>([
      ["a variable", (stack) => new TerraformVariable(stack, "non_ssl", { type: "bool" }).booleanValue],
      ["a local", (stack) => new TerraformLocal(stack, "non_ssl", new TerraformVariable(stack, "v", { type: "bool" }).booleanValue).asBoolean],
      ["a conditional", (stack) => Fn.conditional(new TerraformVariable(stack, "v", { type: "bool" }).booleanValue, true, false)],
      ["an operator", (stack) => Op.not(new TerraformVariable(stack, "v", { type: "bool" }).booleanValue)],
      ["another cache's attribute (a getter is a reference, not a value)", (stack) => new RedisCache(stack, "other", { ...CACHE_BASE, nonSslPortEnabled: false }).nonSslPortEnabled],
    ])("%s -> unknown (a warning that it cannot be verified at synth)", (_label, valueOf) => {
      const stack = testingStack();
      new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: valueOf(stack) as boolean });
      RedisPolicyAspect.applyTo(stack);
      const synthesized = parseSynth(Testing.synth(stack));
      // The premise: what synthesis writes is a Terraform expression.
      expect(synthesized.resource?.["azurerm_redis_cache"]?.["cache"]?.[V4]).toMatch(/^\$\{.+\}$/);
      const annotations = ruleAnnotationsUnder(stack).filter((a) => a.path === "stack/cache");
      expect(annotations).toHaveLength(1);
      expect(annotations[0]).toMatchObject({ level: "warning" });
      expect(annotations[0]!.message).toContain(RULE_ID);
      expect(annotations[0]!.message).toContain("cannot be verified");
      expect(annotations[0]!.message).toContain("Terraform expression");
    });

    it("a local holding a literal is still an expression at synth -> unknown", () => {
      expect(verdictOf((stack) => rawRedis(stack, "cache", { [V4]: new TerraformLocal(stack, "open", true).asBoolean }))).toBe("unknown");
    });

    it.each([
      [true, "fail"],
      [false, "pass"],
    ] as const)("a Lazy that produces %j resolves to it -> %s", (produced, expected) => {
      expect(verdictOf((stack) => rawRedis(stack, "cache", { [V4]: Lazy.anyValue({ produce: () => produced }) }))).toBe(expected);
    });
  });

  describe("escape-hatch overrides count", () => {
    it("an override adds a violation to a compliant resource", () => {
      expect(verdictOf((stack) => new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: false }).addOverride(V4, true))).toBe("fail");
    });

    it("an override removes a violation", () => {
      expect(verdictOf((stack) => new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: true }).addOverride(V4, false))).toBe("pass");
    });

    it("an override deleting the attribute (undefined) removes a violation", () => {
      expect(verdictOf((stack) => new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: true }).addOverride(V4, undefined))).toBe("pass");
    });

    it("a stack-level override of the resource counts", () => {
      expect(
        verdictOf((stack) => {
          new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: false });
          stack.addOverride(`resource.azurerm_redis_cache.cache.${V4}`, true);
        }),
      ).toBe("fail");
      expect(
        verdictOf((stack) => {
          new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: true });
          stack.addOverride(`resource.azurerm_redis_cache.cache.${V4}`, false);
        }),
      ).toBe("pass");
    });

    it("a cache that exists only as a stack-level override is checked, on the stack", () => {
      const stack = testingStack();
      stack.addOverride("resource.azurerm_redis_cache.raw", { name: "raw", [V3]: true });
      RedisPolicyAspect.applyTo(stack);
      Testing.synth(stack);
      const errors = annotationsUnder(stack).filter((a) => a.level === "error");
      expect(errors).toEqual([expect.objectContaining({ path: "stack" })]);
      expect(errors[0]!.message).toMatch(new RegExp(`^${RULE_ID.replace(/\./g, "\\.")}: `));
      expect(errors[0]!.message).toContain("stack/resource.azurerm_redis_cache.raw");
      expect(errors[0]!.message).toContain(`'${V3}'`);
    });
  });

  it("finds caches in nested constructs and names them by construct path", () => {
    const stack = testingStack();
    const platform = new Construct(new Construct(stack, "platform"), "sessions");
    new RedisCache(platform, "redis", { ...CACHE_BASE, nonSslPortEnabled: true });
    RedisPolicyAspect.applyTo(stack);
    Testing.synth(stack);
    const [error, ...others] = ruleAnnotationsUnder(stack);
    expect(others).toEqual([]);
    expect(error).toMatchObject({ path: "stack/platform/sessions/redis", level: "error" });
    expect(error!.message).toContain("'stack/platform/sessions/redis'");
  });

  it("applied to a construct inside a stack, guards that subtree only", () => {
    const stack = testingStack();
    const guarded = new Construct(stack, "guarded");
    rawRedis(guarded, "cache", { [V4]: true });
    rawRedis(stack, "outside", { [V4]: true });
    RedisPolicyAspect.applyTo(guarded);
    Testing.synth(stack);
    expect(ruleAnnotationsUnder(stack).map((a) => [a.path, a.level])).toEqual([["stack/guarded/cache", "error"]]);
    // Outside the subtree, no rule looked: not even the advisory rules that warn about every cache.
    expect(annotationsUnder(stack).filter((a) => !a.path.startsWith("stack/guarded/"))).toEqual([]);
  });

  it("ignores other resource types with the same attribute name, and the azurerm_redis_cache data source", () => {
    const stack = testingStack();
    new RawResource(stack, "enterprise", "azurerm_redis_enterprise_database", { [V4]: true, [V3]: true });
    new RawResource(stack, "lookalike", "azurerm_redis_cache_v2", { [V4]: true });
    const lookup = new DataAzurermRedisCache(stack, "existing", { name: "legacy", resourceGroupName: "rg" });
    lookup.addOverride(V4, true);
    RedisPolicyAspect.applyTo(stack);
    const synthesized = parseSynth(Testing.synth(stack)) as { data?: Record<string, unknown> };
    expect(synthesized.data).toHaveProperty("azurerm_redis_cache");
    expect(annotationsUnder(stack)).toEqual([]);
  });

  describe("count and for_each", () => {
    it("count: every instance has the literal -> one error on the construct", () => {
      const stack = testingStack();
      rawRedis(stack, "cache", { [V4]: true }, { count: 3 });
      RedisPolicyAspect.applyTo(stack);
      expect(parseSynth(Testing.synth(stack)).resource?.["azurerm_redis_cache"]?.["cache"]?.["count"]).toBe(3);
      expect(ruleAnnotationsUnder(stack)).toEqual([expect.objectContaining({ path: "stack/cache", level: "error" })]);
    });

    it("for_each with a literal -> fail; with each.value -> unknown", () => {
      expect(
        verdictOf((stack) => {
          const regions = TerraformIterator.fromList(["westeurope", "northeurope"]);
          new RedisCache(stack, "cache", { ...CACHE_BASE, forEach: regions, location: regions.value, nonSslPortEnabled: true });
        }),
      ).toBe("fail");
      expect(
        verdictOf((stack) => {
          const caches = TerraformIterator.fromMap({ a: { open: false }, b: { open: true } });
          new RedisCache(stack, "cache", { ...CACHE_BASE, forEach: caches, nonSslPortEnabled: caches.getBoolean("open") });
        }),
      ).toBe("unknown");
    });
  });

  describe("messages", () => {
    it("name the rule, the construct path, the attribute and the fix", () => {
      const stack = testingStack();
      new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: true });
      RedisPolicyAspect.applyTo(stack);
      Testing.synth(stack);
      const [error, ...others] = ruleAnnotationsUnder(stack);
      expect(others).toEqual([]);
      expect(error!.level).toBe("error");
      expect(error!.message).toMatch(new RegExp(`^${RULE_ID.replace(/\./g, "\\.")}: `));
      expect(error!.message).toContain("'stack/cache'");
      expect(error!.message).toContain(`'${V4}'`);
      expect(error!.message).toContain(`Fix: set '${V4}' to false`);
    });

    it("never print the value", () => {
      const secret = "s3cr3t-connection-string-not-a-boolean";
      const stack = testingStack();
      rawRedis(stack, "cache", { [V4]: secret });
      RedisPolicyAspect.applyTo(stack);
      Testing.synth(stack);
      const annotations = ruleAnnotationsUnder(stack);
      expect(annotations).toHaveLength(1);
      expect(annotations[0]!.level).toBe("error");
      // No annotation of any rule quotes it.
      for (const annotation of annotationsUnder(stack)) expect(annotation.message).not.toContain(secret);
    });
  });

  it("a second synth adds no second annotation", () => {
    const stack = testingStack();
    new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: true });
    new RedisCache(stack, "unknown", { ...CACHE_BASE, nonSslPortEnabled: new TerraformVariable(stack, "v", { type: "bool" }).booleanValue });
    RedisPolicyAspect.applyTo(stack);
    Testing.synth(stack);
    const first = annotationsUnder(stack);
    expect(ruleAnnotationsUnder(stack).map((a) => a.level).sort()).toEqual(["error", "warning"]);
    Testing.synth(stack);
    Testing.synth(stack);
    expect(annotationsUnder(stack)).toEqual(first);
  });
});
