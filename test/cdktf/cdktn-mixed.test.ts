/**
 * Halfway through a move to CDK Terrain: `cdktn` stacks still holding prebuilt `@cdktf/provider-azurerm`
 * classes (built on `cdktf`). The aspect follows the stack's library and reaches the same verdicts.
 *
 * Only `Testing.synth` here: cdktn 0.24's `app.synth()` itself cannot prepare cdktf-built resources
 * (`_resetResolveDiscoveredProviderFeatureUsage is not a function`, with or without this aspect), so
 * a real cdktn app needs cdktn-built provider bindings, which the cdktn tests stand in for.
 */
import { TerraformStack, TerraformVariable, Testing } from "cdktn";
import { RedisCache } from "@cdktf/provider-azurerm/lib/redis-cache";
import { afterAll, expect, it } from "vitest";
import { RedisPolicyAspect } from "../../cdktf-aspect/index";
import { CACHE_BASE } from "./cdktf-support";
import { RULE_ID, annotationsUnder, parseSynth, removeTempDirs, ruleAnnotationsUnder, tempOutdir } from "./support";

afterAll(removeTempDirs);

it("cdktf-built RedisCache constructs in a cdktn stack get the same verdicts", () => {
  const stack = new TerraformStack(Testing.app({ outdir: tempOutdir() }), "stack");
  new RedisCache(stack, "open", { ...CACHE_BASE, nonSslPortEnabled: true });
  new RedisCache(stack, "closed", { ...CACHE_BASE, nonSslPortEnabled: false });
  new RedisCache(stack, "variable", { ...CACHE_BASE, nonSslPortEnabled: new TerraformVariable(stack, "port_open", { type: "bool" }).booleanValue });
  RedisPolicyAspect.applyTo(stack);
  const synthesized = parseSynth(Testing.synth(stack));
  expect(synthesized.resource?.["azurerm_redis_cache"]?.["variable"]?.["non_ssl_port_enabled"]).toBe("${var.port_open}");
  expect(ruleAnnotationsUnder(stack).map((a) => [a.path, a.level])).toEqual([
    ["stack/open", "error"],
    ["stack/variable", "warning"],
  ]);
  // The other rules read these caches too: the advisory ones only warn, so nothing else is an error.
  expect(annotationsUnder(stack).filter((a) => a.level === "error" && !a.message.startsWith(`${RULE_ID}: `))).toEqual([]);
});
