import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { RedisCache } from "@cdktf/provider-azurerm/lib/redis-cache";
import { afterAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect, type RedisPolicyAspectOptions } from "../../cdktf-aspect";
import { CACHE_BASE, appWithStack, rawRedis } from "./cdktf-support";
import { RULE_ID, V3, V4, annotationsUnder, removeTempDirs, tempOutdir, withEnv, writtenStack } from "./support";

afterAll(removeTempDirs);

/** Synthesizes for real with `fix: true` and returns what was written for `stack/cache`, plus the annotations. */
function synthWithFix(build: (stack: TerraformStack) => void, options: RedisPolicyAspectOptions = {}) {
  const { app, stack } = appWithStack();
  build(stack);
  RedisPolicyAspect.applyTo(app, { fix: true, ...options });
  app.synth();
  return { app, written: writtenStack(app, "stack").resource?.["azurerm_redis_cache"]?.["cache"] ?? {}, annotations: annotationsUnder(app) };
}

describe("fix: true rewrites the resource instead of failing synthesis", () => {
  it("azurerm 4.x: the written cdk.tf.json holds false, and an info annotation says what changed", () => {
    const { written, annotations } = synthWithFix((stack) => new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: true }));
    expect(written[V4]).toBe(false);
    expect(written).not.toHaveProperty(V3);
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatchObject({ path: "stack/cache", level: "info" });
    expect(annotations[0]!.message).toContain(`${RULE_ID}: RedisPolicyAspect (fix: true) set '${V4}' of 'stack/cache' to false with an escape-hatch override`);
  });

  it("azurerm 3.x: writes the 3.x name the resource uses, not the 4.x one", () => {
    const { written } = synthWithFix((stack) => rawRedis(stack, "cache", { [V3]: true }));
    expect(written[V3]).toBe(false);
    expect(written).not.toHaveProperty(V4);
  });

  it("both names present: both are written false", () => {
    const { written, annotations } = synthWithFix((stack) => rawRedis(stack, "cache", { [V4]: false, [V3]: "TRUE" }));
    expect([written[V4], written[V3]]).toEqual([false, false]);
    expect(annotations[0]!.message).toContain(`'${V4}' and '${V3}'`);
  });

  it("absent with requireExplicit: writes the current provider's name", () => {
    const { written } = synthWithFix((stack) => new RedisCache(stack, "cache", CACHE_BASE), { requireExplicit: true });
    expect(written[V4]).toBe(false);
  });

  it("an unreadable value and a plan-time expression are replaced too (as the Pulumi remediation does)", () => {
    expect(synthWithFix((stack) => rawRedis(stack, "cache", { [V4]: "yes" })).written[V4]).toBe(false);
    const fromVariable = synthWithFix((stack) =>
      new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: new TerraformVariable(stack, "open", { type: "bool" }).booleanValue }),
    );
    expect(fromVariable.written[V4]).toBe(false);
    expect(fromVariable.annotations.map((a) => a.level)).toEqual(["info"]);
    expect(fromVariable.annotations[0]!.message).toContain("only known at plan time");
  });

  it("leaves compliant and exempt caches alone", () => {
    const compliant = synthWithFix((stack) => new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: false }));
    expect(compliant.written[V4]).toBe(false);
    expect(compliant.annotations).toEqual([]);
    const exempt = synthWithFix((stack) => new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: true }), {
      exemptions: [{ resource: "stack/cache", reason: "client without TLS" }],
    });
    expect(exempt.written[V4]).toBe(true);
    expect(exempt.annotations.map((a) => a.level)).toEqual(["info"]);
    expect(exempt.annotations[0]!.message).toContain("client without TLS");
  });

  it("a stack-level override still wins over the fix, so the violation is reported, not claimed fixed", () => {
    const { app, stack } = appWithStack();
    new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: true });
    stack.addOverride(`resource.azurerm_redis_cache.cache.${V4}`, true);
    RedisPolicyAspect.applyTo(app, { fix: true });
    expect(() => app.synth()).toThrow(/\[stack\/cache\] Azure\.Redis\.NonSslPort: .* still does not comply/);
  });

  it("fixes a cache that exists only as a stack-level override, through the stack", () => {
    const { app, stack } = appWithStack();
    stack.addOverride("resource.azurerm_redis_cache.raw", { name: "raw", [V3]: true });
    RedisPolicyAspect.applyTo(app, { fix: true });
    app.synth();
    expect(writtenStack(app, "stack").resource?.["azurerm_redis_cache"]?.["raw"]?.[V3]).toBe(false);
    expect(annotationsUnder(app).map((a) => [a.path, a.level])).toEqual([["stack", "info"]]);
  });

  it("a second synth finds nothing left to fix and adds nothing", () => {
    const { app, stack } = appWithStack();
    new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: true });
    RedisPolicyAspect.applyTo(app, { fix: true });
    app.synth();
    const first = annotationsUnder(app);
    app.synth();
    expect(annotationsUnder(app)).toEqual(first);
    expect(writtenStack(app, "stack").resource?.["azurerm_redis_cache"]?.["cache"]?.[V4]).toBe(false);
  });

  it("with HCL output (SYNTH_HCL_OUTPUT), the written cdk.tf holds false too", () => {
    const app = withEnv("SYNTH_HCL_OUTPUT", "true", () => {
      const built = new App({ outdir: tempOutdir(), stackTraces: false });
      rawRedis(new TerraformStack(built, "stack"), "cache", { [V4]: true });
      RedisPolicyAspect.applyTo(built, { fix: true });
      built.synth();
      return built;
    });
    const hcl = fs.readFileSync(path.join(app.outdir, "stacks", "stack", "cdk.tf"), "utf8");
    expect(hcl).toMatch(/resource "azurerm_redis_cache" "cache" \{[^}]*non_ssl_port_enabled = false/);
  });

  it("fixes every stack of an app", () => {
    const app = new App({ outdir: tempOutdir(), stackTraces: false });
    for (const id of ["one", "two"]) {
      const stack = new TerraformStack(app, id);
      rawRedis(stack, "cache", { [V4]: true });
    }
    RedisPolicyAspect.applyTo(app, { fix: true });
    app.synth();
    expect(writtenStack(app, "one").resource?.["azurerm_redis_cache"]?.["cache"]?.[V4]).toBe(false);
    expect(writtenStack(app, "two").resource?.["azurerm_redis_cache"]?.["cache"]?.[V4]).toBe(false);
  });
});
