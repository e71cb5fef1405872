/**
 * Regressions: bugs of the aspect found while testing the rule family, now fixed. Each has a plain test
 * of its premise next to it (what cdktf itself writes), so a change in cdktf cannot make the test vacuous.
 * 1. an element override under a block synthesized as a one-element list (cdktf drops it) was judged as applied;
 * 2. fix mode wrote such an override, which changed nothing;
 * 3. a resource it could not read was reported under rules the options had disabled.
 */
import { TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { afterAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect } from "../../cdktf-aspect/index";
import { RawResource, testingStack } from "./cdktf-support";
import { annotationsUnder, parseSynth, removeTempDirs } from "./support";

afterAll(removeTempDirs);

const CLIENT_PROTOCOL = "Azure.RedisEnterprise.ClientProtocol";
const ENTRA = "Azure.Redis.EntraID";
const OVERRIDE = "resource.azurerm_managed_redis.managed.default_database.client_protocol";

/** A hand-written `azurerm_managed_redis` whose default_database block is a one-element list (Terraform JSON's block form). */
function managedAsList(stack: TerraformStack, clientProtocol: string): RawResource {
  return new RawResource(stack, "managed", "azurerm_managed_redis", { name: "managed", public_network_access: "Disabled", default_database: [{ client_protocol: clientProtocol }] });
}

/** `[path, rule id, level]` of every annotation under `scope`. */
function summary(scope: Construct): [string, string, string][] {
  return annotationsUnder(scope).map((a) => [a.path, a.message.slice(0, a.message.indexOf(":")), a.level]);
}

/**
 * Bug 1 (cdktf-aspect/synthesized.ts, `mergeLikeSynthesis`): a stack-level override of an attribute
 * inside a block that the resource synthesizes as a one-element list. cdktf's `deepMerge` recurses
 * into the list and sets a non-index property on the array, which serialization drops: the written
 * block keeps its value. `mergeLikeSynthesis` instead replaces the list with an object holding the
 * override, so the aspect judges a value that is never written.
 */
describe("bug 1: a stack-level override inside a block written as a list", () => {
  it("premise: cdktf ignores such an override, the written block keeps its value", () => {
    const stack = testingStack();
    managedAsList(stack, "Plaintext");
    stack.addOverride(OVERRIDE, "Encrypted");
    expect(parseSynth(Testing.synth(stack)).resource?.["azurerm_managed_redis"]?.["managed"]?.["default_database"]).toEqual([{ client_protocol: "Plaintext" }]);
  });

  it("a Plaintext database stays a violation (an override cdktf drops is not judged as applied)", () => {
    const stack = testingStack();
    managedAsList(stack, "Plaintext");
    stack.addOverride(OVERRIDE, "Encrypted");
    RedisPolicyAspect.applyTo(stack);
    Testing.synth(stack);
    expect(summary(stack)).toEqual([["stack/managed", CLIENT_PROTOCOL, "error"]]);
  });

  it("an Encrypted database stays compliant (no error for a value that is never written)", () => {
    const stack = testingStack();
    managedAsList(stack, "Encrypted");
    stack.addOverride(OVERRIDE, "Plaintext");
    RedisPolicyAspect.applyTo(stack);
    Testing.synth(stack);
    expect(summary(stack)).toEqual([]);
  });

  it("the same on azurerm_redis_cache's redis_configuration (Entra ID off stays off)", () => {
    const stack = testingStack();
    new RawResource(stack, "cache", "azurerm_redis_cache", {
      name: "cache",
      public_network_access_enabled: false,
      access_keys_authentication_enabled: false,
      redis_configuration: [{ active_directory_authentication_enabled: false }],
    });
    stack.addOverride("resource.azurerm_redis_cache.cache.redis_configuration.active_directory_authentication_enabled", true);
    RedisPolicyAspect.applyTo(stack);
    const written = parseSynth(Testing.synth(stack)).resource?.["azurerm_redis_cache"]?.["cache"]?.["redis_configuration"];
    expect(written).toEqual([{ active_directory_authentication_enabled: false }]);
    expect(summary(stack)).toEqual([
      ["stack/cache", ENTRA, "warning"],
      ["stack/cache", "Azure.Redis.MigrateAMR", "warning"],
    ]);
  });
});

/**
 * Bug 2 (cdktf-aspect/check.ts `applyFix`, with policies/core/fix.ts `planFix`): `fix: true` writes the
 * override at `default_database.client_protocol`. On a block written as a one-element list, cdktf
 * merges that into the array as a non-index property (dropped when written), so nothing changes; the
 * re-read sees the violation and reports it as an error blaming "a stack-level override". It fails
 * safe, but `azurerm_managed_redis` written by hand is never fixed: the override would have to be
 * `default_database.0.client_protocol` when the block is a list.
 */
describe("bug 2: fix: true on a default_database written as a list", () => {
  it("premise: an override at the list's index is what reaches the written block", () => {
    const stack = testingStack();
    managedAsList(stack, "Plaintext").addOverride("default_database.0.client_protocol", "Encrypted");
    expect(parseSynth(Testing.synth(stack)).resource?.["azurerm_managed_redis"]?.["managed"]?.["default_database"]).toEqual([{ client_protocol: "Encrypted" }]);
  });

  it("whatever it does, it never claims a fix that was not written", () => {
    const stack = testingStack();
    managedAsList(stack, "Plaintext");
    RedisPolicyAspect.applyTo(stack, { fix: true });
    const written = parseSynth(Testing.synth(stack)).resource?.["azurerm_managed_redis"]?.["managed"]?.["default_database"];
    const levels = summary(stack).map(([, , level]) => level);
    expect([JSON.stringify(written), levels]).toSatisfy(
      ([block, found]: [string, string[]]) =>
        (block === JSON.stringify([{ client_protocol: "Encrypted" }]) && found.join() === "info") ||
        (block === JSON.stringify([{ client_protocol: "Plaintext" }]) && found.join() === "error"),
    );
  });

  it("the written block holds Encrypted, with an info annotation (the fix writes at the list index)", () => {
    const stack = testingStack();
    managedAsList(stack, "Plaintext");
    RedisPolicyAspect.applyTo(stack, { fix: true });
    const written = parseSynth(Testing.synth(stack)).resource?.["azurerm_managed_redis"]?.["managed"]?.["default_database"];
    expect({ written, annotations: summary(stack) }).toEqual({
      written: [{ client_protocol: "Encrypted" }],
      annotations: [["stack/managed", CLIENT_PROTOCOL, "info"]],
    });
  });
});

/**
 * Bug 3 (cdktf-aspect/aspect.ts, `reportUnreadable`): when a guarded resource cannot be read, the
 * annotation names every rule of its kind from `allRules` and uses `level`, ignoring the `rules`
 * option: a resource whose only rule is disabled still fails synthesis, naming the disabled rule.
 */
describe("bug 3: an unreadable resource and disabled rules", () => {
  class BrokenCluster extends RawResource {
    constructor(scope: Construct, id: string) {
      super(scope, id, "azurerm_redis_enterprise_cluster", {});
    }

    protected override synthesizeAttributes(): Record<string, unknown> {
      throw new Error("cannot synthesize");
    }
  }

  it("premise: with its rules enabled, an unreadable cluster is an error naming them", () => {
    const stack = testingStack();
    new RedisPolicyAspect().visit(new BrokenCluster(stack, "cluster"));
    expect(annotationsUnder(stack).map((a) => [a.path, a.level])).toEqual([["stack/cluster", "error"]]);
    expect(annotationsUnder(stack)[0]!.message).toMatch(/^Azure\.RedisEnterprise\.MinTLS, Azure\.RedisEnterprise\.MigrateAMR: RedisPolicyAspect could not read/);
  });

  it("with only an advisory rule left, it is a warning naming that rule", () => {
    const stack = testingStack();
    new RedisPolicyAspect({ rules: { "Azure.RedisEnterprise.MinTLS": { enforcement: "disabled" } } }).visit(new BrokenCluster(stack, "cluster"));
    expect(summary(stack)).toEqual([["stack/cluster", "Azure.RedisEnterprise.MigrateAMR", "warning"]]);
  });

  it("with every rule of its type disabled, it is not annotated (a disabled rule does not speak)", () => {
    const stack = testingStack();
    const disabled = { enforcement: "disabled" } as const;
    new RedisPolicyAspect({ rules: { "Azure.RedisEnterprise.MinTLS": disabled, "Azure.RedisEnterprise.MigrateAMR": disabled } }).visit(new BrokenCluster(stack, "cluster"));
    expect(summary(stack)).toEqual([]);
  });
});
