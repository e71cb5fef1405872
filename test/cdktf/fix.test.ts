import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ManagedRedis } from "@cdktf/provider-azurerm/lib/managed-redis";
import { RedisCache } from "@cdktf/provider-azurerm/lib/redis-cache";
import { RedisEnterpriseCluster } from "@cdktf/provider-azurerm/lib/redis-enterprise-cluster";
import { RedisEnterpriseDatabase } from "@cdktf/provider-azurerm/lib/redis-enterprise-database";
import { afterAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect, type RedisPolicyAspectOptions } from "../../cdktf-aspect/index";
import { CACHE_BASE, COMPLIANT_CACHE, appWithStack, rawRedis, testingStack } from "./cdktf-support";
import { RULE_ID, V3, V4, annotationsUnder, parseSynth, removeTempDirs, ruleAnnotationsUnder, tempOutdir, withEnv, writtenStack, type Annotation } from "./support";

afterAll(removeTempDirs);

const CACHE_RETIRING = "Azure.Redis.MigrateAMR";
const ruleOf = (a: Annotation) => a.message.slice(0, a.message.indexOf(":"));
/** The retirement notice every cache carries, fixed or not: it has no fix (a migration is not a setting). */
const RETIRING_NOTICE = { path: "stack/cache", level: "warning", message: expect.stringContaining(`${CACHE_RETIRING}: Redis cache 'stack/cache' is an Azure Cache for Redis`) };

/**
 * Synthesizes for real with `fix: true` and returns what was written for `stack/cache`, plus
 * Azure.Redis.NonSslPort's annotations (`annotations`) and every annotation (`all`).
 */
function synthWithFix(build: (stack: TerraformStack) => void, options: RedisPolicyAspectOptions = {}) {
  const { app, stack } = appWithStack();
  build(stack);
  RedisPolicyAspect.applyTo(app, { fix: true, ...options });
  app.synth();
  return {
    app,
    written: writtenStack(app, "stack").resource?.["azurerm_redis_cache"]?.["cache"] ?? {},
    annotations: ruleAnnotationsUnder(app),
    all: annotationsUnder(app),
  };
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
    // A cache every setting rule passes: nothing rewritten, only the retirement notice said.
    const allCompliant = synthWithFix((stack) => new RedisCache(stack, "cache", COMPLIANT_CACHE));
    expect(allCompliant.all).toEqual([RETIRING_NOTICE]);
    expect(allCompliant.written).toMatchObject({ [V4]: false, minimum_tls_version: "1.2", redis_version: "6" });
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
    expect(ruleAnnotationsUnder(app).map((a) => [a.path, a.level])).toEqual([["stack", "info"]]);
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

describe("fix: true across the rules: what each rule rewrites, and what it refuses to", () => {
  type Written = Record<string, Record<string, Record<string, unknown>>>;

  /** Synthesizes with `fix: true` (Testing.synth, so refused fixes do not throw); what was written and every annotation. */
  function fixWith(build: (stack: TerraformStack) => void, options: RedisPolicyAspectOptions = {}): { written: Written; annotations: Annotation[] } {
    const stack = testingStack();
    build(stack);
    RedisPolicyAspect.applyTo(stack, { fix: true, ...options });
    const written = (parseSynth(Testing.synth(stack)).resource ?? {}) as Written;
    return { written, annotations: annotationsUnder(stack) };
  }

  it("Azure.Redis.MinTLS on azurerm_redis_cache: rewritten to \"1.2\", with an info annotation", () => {
    const { written, annotations } = fixWith((stack) => new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, minimumTlsVersion: "1.0" }));
    expect(written["azurerm_redis_cache"]!["cache"]!["minimum_tls_version"]).toBe("1.2");
    expect(annotations).toEqual([
      {
        path: "stack/cache",
        level: "info",
        message: expect.stringContaining(`Azure.Redis.MinTLS: RedisPolicyAspect (fix: true) set 'minimum_tls_version' of 'stack/cache' to "1.2" with an escape-hatch override; the resource had a non-compliant value.`),
      },
      RETIRING_NOTICE,
    ]);
  });

  it("Azure.Redis.MinTLS absent with the rule's requireExplicit: written explicitly", () => {
    const { written, annotations } = fixWith((stack) => new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, minimumTlsVersion: undefined }), {
      rules: { "Azure.Redis.MinTLS": { requireExplicit: true } },
    });
    expect(written["azurerm_redis_cache"]!["cache"]!["minimum_tls_version"]).toBe("1.2");
    expect(annotations.map((a) => [ruleOf(a), a.level])).toEqual([
      ["Azure.Redis.MinTLS", "info"],
      [CACHE_RETIRING, "warning"],
    ]);
  });

  it.each([
    ["azurerm_redis_enterprise_cluster", "Azure.RedisEnterprise.MinTLS", "minimum_tls_version", "1.0"],
    ["azurerm_redis_enterprise_database", "Azure.RedisEnterprise.ClientProtocol", "client_protocol", "Plaintext"],
  ] as const)("%s (%s): not rewritten, the change would replace it; the error says the fix was refused", (type, ruleId, attribute, value) => {
    const { written, annotations } = fixWith((stack) =>
      type === "azurerm_redis_enterprise_cluster"
        ? new RedisEnterpriseCluster(stack, "target", { name: "c", location: "westeurope", resourceGroupName: "rg", skuName: "Enterprise_E10-2", minimumTlsVersion: value })
        : new RedisEnterpriseDatabase(stack, "target", { clusterId: "cluster-id", clientProtocol: value }),
    );
    expect(written[type]!["target"]![attribute]).toBe(value);
    // The Enterprise cluster also carries its retirement notice (advisory, no fix: a SKU change replaces it too).
    expect(annotations.filter((a) => ruleOf(a) !== ruleId).map((a) => [ruleOf(a), a.level])).toEqual(
      type === "azurerm_redis_enterprise_cluster" ? [["Azure.RedisEnterprise.MigrateAMR", "warning"]] : [],
    );
    const mine = annotations.filter((a) => ruleOf(a) === ruleId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ path: "stack/target", level: "error" });
    expect(mine[0]!.message).toContain(
      `RedisPolicyAspect (fix: true) did not fix it: changing '${attribute}' replaces the resource, so ${ruleId} does not rewrite it automatically.`,
    );
  });

  it("a refused fix still fails app.synth()", () => {
    const { app, stack } = appWithStack();
    new RedisEnterpriseCluster(stack, "cluster", { name: "c", location: "westeurope", resourceGroupName: "rg", skuName: "Enterprise_E10-2", minimumTlsVersion: "1.1" });
    RedisPolicyAspect.applyTo(app, { fix: true });
    expect(() => app.synth()).toThrow(/\[stack\/cluster\] Azure\.RedisEnterprise\.MinTLS: .*did not fix it/);
  });

  it("azurerm_managed_redis default_database.client_protocol: rewritten to \"Encrypted\" in place", () => {
    const { app, stack } = appWithStack();
    new ManagedRedis(stack, "managed", {
      name: "m",
      location: "westeurope",
      resourceGroupName: "rg",
      skuName: "Balanced_B1",
      publicNetworkAccess: "Disabled",
      defaultDatabase: { clientProtocol: "Plaintext", evictionPolicy: "NoEviction" },
    });
    RedisPolicyAspect.applyTo(app, { fix: true });
    app.synth();
    // Only the attribute changed: the rest of the block stays.
    expect(writtenStack(app, "stack").resource?.["azurerm_managed_redis"]?.["managed"]?.["default_database"]).toEqual({ client_protocol: "Encrypted", eviction_policy: "NoEviction" });
    expect(annotationsUnder(app)).toEqual([
      {
        path: "stack/managed",
        level: "info",
        message: expect.stringContaining(`Azure.RedisEnterprise.ClientProtocol: RedisPolicyAspect (fix: true) set 'default_database.client_protocol' of 'stack/managed' to "Encrypted"`),
      },
    ]);
  });

  it("PublicNetworkAccess, LocalAuth and EntraID have no fix: reported as usual, nothing rewritten", () => {
    const { written, annotations } = fixWith((stack) =>
      new RedisCache(stack, "cache", {
        ...COMPLIANT_CACHE,
        publicNetworkAccessEnabled: true,
        accessKeysAuthenticationEnabled: true,
        redisConfiguration: { activeDirectoryAuthenticationEnabled: false },
      }),
    );
    expect(written["azurerm_redis_cache"]!["cache"]).toMatchObject({
      public_network_access_enabled: true,
      access_keys_authentication_enabled: true,
      redis_configuration: { active_directory_authentication_enabled: false },
    });
    expect(annotations.map((a) => [ruleOf(a), a.level])).toEqual([
      ["Azure.Redis.PublicNetworkAccess", "warning"],
      ["Azure.Redis.LocalAuth", "warning"],
      ["Azure.Redis.EntraID", "warning"],
      [CACHE_RETIRING, "warning"],
    ]);
    for (const annotation of annotations) expect(annotation.message).not.toContain("fix: true");
    // Made mandatory, they are errors: still reported, never rewritten.
    const mandatory = { enforcement: "mandatory" } as const;
    const strict = fixWith((stack) => new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, publicNetworkAccessEnabled: true }), { rules: { "Azure.Redis.PublicNetworkAccess": mandatory } });
    expect(strict.written["azurerm_redis_cache"]!["cache"]!["public_network_access_enabled"]).toBe(true);
    expect(strict.annotations.map((a) => [ruleOf(a), a.level])).toEqual([
      ["Azure.Redis.PublicNetworkAccess", "error"],
      [CACHE_RETIRING, "warning"],
    ]);
  });

  it("Azure.Redis.Version has no fix (an upgrade loses a Basic cache's data): redis_version \"4\" is reported, not rewritten", () => {
    const { written, annotations } = fixWith((stack) => new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, redisVersion: "4" }));
    expect(written["azurerm_redis_cache"]!["cache"]!["redis_version"]).toBe("4");
    expect(annotations.map((a) => [ruleOf(a), a.level])).toEqual([
      ["Azure.Redis.Version", "warning"],
      [CACHE_RETIRING, "warning"],
    ]);
  });

  it("a disabled rule is neither reported nor fixed; an exempt resource is not fixed", () => {
    const disabled = fixWith((stack) => new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, redisVersion: "4" }), { rules: { "Azure.Redis.Version": { enforcement: "disabled" } } });
    expect(disabled.written["azurerm_redis_cache"]!["cache"]!["redis_version"]).toBe("4");
    expect(disabled.annotations).toEqual([RETIRING_NOTICE]);
    const exempt = fixWith((stack) => new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, minimumTlsVersion: "1.0" }), {
      rules: { "Azure.Redis.MinTLS": { exemptions: [{ resource: "stack/cache", reason: "TLS 1.0 client until Q3" }] } },
    });
    expect(exempt.written["azurerm_redis_cache"]!["cache"]!["minimum_tls_version"]).toBe("1.0");
    expect(exempt.annotations.map((a) => [ruleOf(a), a.level])).toEqual([
      ["Azure.Redis.MinTLS", "info"],
      [CACHE_RETIRING, "warning"],
    ]);
  });

  it("several rules fixed on one cache, each with its own info annotation; the one without a fix is reported", () => {
    const { written, annotations } = fixWith((stack) => new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, nonSslPortEnabled: true, minimumTlsVersion: "1.1", redisVersion: "4.0" }));
    expect(written["azurerm_redis_cache"]!["cache"]).toMatchObject({ [V4]: false, minimum_tls_version: "1.2", redis_version: "4.0" });
    expect(annotations.map((a) => [ruleOf(a), a.level])).toEqual([
      [RULE_ID, "info"],
      ["Azure.Redis.MinTLS", "info"],
      ["Azure.Redis.Version", "warning"],
      [CACHE_RETIRING, "warning"],
    ]);
  });
});
