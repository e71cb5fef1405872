import { App, TerraformIterator, Testing } from "cdktf";
import { Construct } from "constructs";
import { afterAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect } from "../../cdktf-aspect/index";
import { allRules, ruleApplies } from "../../policies";
import { terraformBindings } from "../../policies/terraform";
import { RawResource, rawRedis, testingStack } from "./cdktf-support";
import { RULE_ID, V4, annotationsUnder, removeTempDirs, ruleAnnotationsUnder, tempOutdir } from "./support";

afterAll(removeTempDirs);

const SECRET = "primary-access-key-0123456789";

/** An azurerm_redis_cache whose attributes cannot be produced: what a buggy binding or construct looks like. */
class BrokenRedis extends RawResource {
  constructor(scope: Construct, id: string, private readonly failure: unknown) {
    super(scope, id, "azurerm_redis_cache", {});
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    throw this.failure;
  }
}

describe("the aspect never throws during synthesis; it annotates what it cannot read", () => {
  it.each<[string, unknown, string]>([
    ["an Error quoting a secret", new Error(`cannot serialize key ${SECRET}`), "(Error)"],
    ["a TypeError", new TypeError(`bad ${SECRET}`), "(TypeError)"],
    ["a thrown string", `raw ${SECRET}`, "(string)"],
  ])("%s: an error annotation that fails closed and does not quote it", (_label, failure, named) => {
    const stack = testingStack();
    const broken = new BrokenRedis(stack, "cache", failure);
    const aspect = new RedisPolicyAspect();
    expect(() => aspect.visit(broken)).not.toThrow();
    const annotations = annotationsUnder(stack);
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatchObject({ path: "stack/cache", level: "error" });
    expect(annotations[0]!.message).toContain("Azure.Redis.MigrateAMR");
    expect(annotations[0]!.message).toContain(RULE_ID);
    expect(annotations[0]!.message).toContain(named);
    expect(annotations[0]!.message).toContain("does not treat it as compliant");
    expect(annotations[0]!.message).not.toContain(SECRET);
  });

  it("with level warning, an unreadable cache is a warning", () => {
    const stack = testingStack();
    new RedisPolicyAspect({ level: "warning" }).visit(new BrokenRedis(stack, "cache", new Error("x")));
    expect(annotationsUnder(stack).map((a) => a.level)).toEqual(["warning"]);
  });

  it("count and for_each together (cdktf's own assertion) is annotated, not thrown", () => {
    const stack = testingStack();
    const both = rawRedis(stack, "cache", { [V4]: false }, { count: 2, forEach: TerraformIterator.fromList(["a", "b"]) });
    const aspect = new RedisPolicyAspect();
    expect(() => aspect.visit(both)).not.toThrow();
    expect(annotationsUnder(stack)).toEqual([expect.objectContaining({ path: "stack/cache", level: "error" })]);
  });

  it("a Terraform element outside any stack is annotated through plain construct metadata", () => {
    const app = new App({ outdir: tempOutdir(), stackTraces: false });
    const orphan = new RawResource(app, "orphan", "azurerm_redis_cache", { [V4]: true });
    expect(() => new RedisPolicyAspect().visit(orphan)).not.toThrow();
    expect(annotationsUnder(app)).toEqual([expect.objectContaining({ path: "orphan", level: "error" })]);
  });

  it.each<[string, unknown]>([
    ["a list", [true]],
    ["a list of blocks", [{ enabled: false }]],
    ["an empty object", {}],
    ["a nested object", { value: false }],
    ["a huge string", "x".repeat(1_000_000)],
    ["an escaped literal that only looks like an expression", "$${var.open}"],
  ])("%s where a boolean belongs fails closed", (_label, value) => {
    const stack = testingStack();
    rawRedis(stack, "cache", { [V4]: value });
    RedisPolicyAspect.applyTo(stack);
    expect(() => Testing.synth(stack)).not.toThrow();
    const annotations = ruleAnnotationsUnder(stack);
    expect(annotations.map((a) => a.level)).toEqual(["error"]);
    expect(annotations[0]!.message).toContain("fails closed");
  });

  it("constructs that are not Terraform elements are skipped", () => {
    const stack = testingStack();
    const plain = new Construct(stack, "plain");
    const aspect = new RedisPolicyAspect();
    expect(() => aspect.visit(plain)).not.toThrow();
    expect(() => aspect.visit(stack)).not.toThrow();
    expect(annotationsUnder(stack)).toEqual([]);
  });
});

describe("no rule prints a value, whatever attribute holds it", () => {
  // Every attribute each type's binding reads holds the secret (blocks as Terraform JSON's one-element lists).
  it.each(terraformBindings.map((binding) => [binding.terraformType, binding] as const))("%s: every rule fails closed on a secret-looking string, without quoting it", (type, binding) => {
    const attributes: Record<string, unknown> = {};
    for (const path of Object.values(binding.settings).flat() as string[]) {
      const [block, inner] = path.split(".");
      if (inner === undefined) attributes[block!] = SECRET;
      else attributes[block!] = [{ ...((attributes[block!] as Record<string, unknown>[] | undefined)?.[0] ?? {}), [inner]: SECRET }];
    }
    const stack = testingStack();
    new RawResource(stack, "target", type, { name: "target", ...attributes });
    RedisPolicyAspect.applyTo(stack);
    Testing.synth(stack);
    const annotations = annotationsUnder(stack);
    const applicable = allRules.filter((rule) => ruleApplies(rule, binding));
    expect(annotations.map((a) => a.message.slice(0, a.message.indexOf(":")))).toEqual(applicable.map((rule) => rule.id));
    for (const annotation of annotations) {
      // A retirement notice reads no attribute: there is nothing for it to fail closed on.
      if (!annotation.message.startsWith("Azure.Redis.MigrateAMR:")) expect(annotation.message).toContain("fails closed");
      expect(annotation.message).not.toContain(SECRET);
    }
  });
});
