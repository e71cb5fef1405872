/**
 * Every rule through one aspect: default enforcement (mandatory rules fail synth, advisory rules
 * warn), and the `rules` option that changes a rule's enforcement, requireExplicit and exemptions.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack, TerraformVariable, Testing } from "cdktf";
import type { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RedisCache } from "@cdktf/provider-azurerm/lib/redis-cache";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, RedisPolicyAspect, type RedisPolicyAspectOptions } from "../../cdktf-aspect/index";
import { allRules } from "../../policies";
import { CACHE_BASE, COMPLIANT_CACHE, RawResource, appWithStack, testingStack } from "./cdktf-support";
import { BARE_CACHE_WARNINGS, CACHE_RETIRING, RULE_ID, annotationsUnder, removeTempDirs, tempOutdir, withEnv, type Annotation, type Level } from "./support";

afterAll(removeTempDirs);

const NON_SSL = RULE_ID;
const MIN_TLS = "Azure.Redis.MinTLS";
const PUBLIC = "Azure.Redis.PublicNetworkAccess";
const LOCAL_AUTH = "Azure.Redis.LocalAuth";
const ENTRA = "Azure.Redis.EntraID";
const VERSION = "Azure.Redis.Version";
const ENTERPRISE_TLS = "Azure.RedisEnterprise.MinTLS";
const ENTERPRISE_RETIRING = "Azure.RedisEnterprise.MigrateAMR";

/** The rule id an annotation is about: its message starts with `<rule id>:`. */
function ruleOf(annotation: Annotation): string {
  return annotation.message.slice(0, annotation.message.indexOf(":"));
}

/** `[path, rule id, level]` of each annotation, in the order the aspect wrote them. */
function summary(annotations: readonly Annotation[]): [string, string, Level][] {
  return annotations.map((a) => [a.path, ruleOf(a), a.level]);
}

/** Synthesizes a testing stack built by `build` with the aspect and the given options; every annotation. */
function annotate(build: (scope: Construct) => void, options?: RedisPolicyAspectOptions): Annotation[] {
  const stack = testingStack();
  build(stack);
  RedisPolicyAspect.applyTo(stack, options);
  Testing.synth(stack);
  return annotationsUnder(stack);
}

/** A cache that every rule finds fault with, with a literal violation for each. */
const VIOLATING_CACHE = {
  ...CACHE_BASE,
  nonSslPortEnabled: true,
  minimumTlsVersion: "1.0",
  publicNetworkAccessEnabled: true,
  accessKeysAuthenticationEnabled: true,
  redisConfiguration: { activeDirectoryAuthenticationEnabled: false },
  redisVersion: "4",
};

/** Runs `app.synth()` and returns what it threw, if anything. */
function synthError(app: App): Error | undefined {
  try {
    app.synth();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe("default enforcement: a mandatory rule's violation is an error, an advisory rule's a warning", () => {
  it("a cache that sets only what azurerm requires: the three advisory rules whose Azure default fails and the retirement notice warn, and synth goes on", () => {
    const app = withEnv("CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS", "true", () => {
      const built = new App({ outdir: tempOutdir(), stackTraces: false });
      const stack = new TerraformStack(built, "stack");
      new AzurermProvider(stack, "azurerm", { features: [{}] });
      new RedisCache(stack, "cache", CACHE_BASE);
      RedisPolicyAspect.applyTo(built);
      built.synth();
      return built;
    });
    const annotations = annotationsUnder(app);
    expect(summary(annotations)).toEqual(BARE_CACHE_WARNINGS.map((id) => ["stack/cache", id, "warning"]));
    for (const [annotation, attribute] of [
      [annotations[0]!, "public_network_access_enabled"],
      [annotations[1]!, "access_keys_authentication_enabled"],
      [annotations[2]!, "redis_configuration.active_directory_authentication_enabled"],
    ] as const) {
      expect(annotation.message).toContain(`does not set '${attribute}', and the Azure default is not compliant`);
    }
    // What the cdktf CLI reads: warnings only, so `cdktf synth` succeeds.
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { annotations: { level: string }[] }>;
    };
    expect(annotations[3]!.message).toContain("Redis cache 'stack/cache' is an Azure Cache for Redis (Basic, Standard or Premium), which Microsoft retires on 2028-09-30");
    expect(manifest.stacks["stack"]!.annotations.map((a) => a.level)).toEqual(["@cdktf/warn", "@cdktf/warn", "@cdktf/warn", "@cdktf/warn"]);
  });

  it("without CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS too, advisory warnings do not fail app.synth()", () => {
    const { app, stack } = appWithStack();
    new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, publicNetworkAccessEnabled: true, accessKeysAuthenticationEnabled: true, redisVersion: "4" });
    RedisPolicyAspect.applyTo(app);
    expect(synthError(app)).toBeUndefined();
    expect(summary(annotationsUnder(app))).toEqual([
      ["stack/cache", PUBLIC, "warning"],
      ["stack/cache", LOCAL_AUTH, "warning"],
      ["stack/cache", VERSION, "warning"],
      ["stack/cache", CACHE_RETIRING, "warning"],
    ]);
  });

  it("every rule's violation on one cache: one annotation per rule, errors for the mandatory ones", () => {
    const annotations = annotate((stack) => new RedisCache(stack, "cache", VIOLATING_CACHE));
    expect(summary(annotations)).toEqual([
      ["stack/cache", NON_SSL, "error"],
      ["stack/cache", MIN_TLS, "error"],
      ["stack/cache", PUBLIC, "warning"],
      ["stack/cache", LOCAL_AUTH, "warning"],
      ["stack/cache", ENTRA, "warning"],
      ["stack/cache", VERSION, "warning"],
      ["stack/cache", CACHE_RETIRING, "warning"],
    ]);
    // The defaults are the rules' own: what the rule table and the Pulumi pack say.
    for (const annotation of annotations) {
      const rule = allRules.find((r) => r.id === ruleOf(annotation))!;
      expect(annotation.level).toBe(rule.defaultEnforcement === "mandatory" ? "error" : "warning");
      expect(annotation.message).toContain("'stack/cache'");
      expect(annotation.message).toContain("Fix: ");
      expect(annotation.message).toContain(rule.docsUrl);
    }
    expect(annotations[1]!.message).toContain("'minimum_tls_version' allows TLS 1.0 or 1.1");
    expect(annotations[4]!.message).toContain("'redis_configuration.active_directory_authentication_enabled' turns it off");
    expect(annotations[5]!.message).toContain("'redis_version' is older than 6");
  });

  it("app.synth() fails on a mandatory rule and lists only the errors", () => {
    const { app, stack } = appWithStack();
    new RedisCache(stack, "cache", { ...CACHE_BASE, minimumTlsVersion: "1.1" });
    RedisPolicyAspect.applyTo(app);
    const error = synthError(app);
    expect(error?.message).toMatch(/Encountered Annotations with level "ERROR":\n\[stack\/cache\] Azure\.Redis\.MinTLS: Redis cache 'stack\/cache' accepts TLS versions older than 1\.2/);
    expect(error?.message).not.toContain(PUBLIC);
  });

  it('level: "warning" turns the mandatory rules\' errors into warnings', () => {
    const annotations = annotate((stack) => new RedisCache(stack, "cache", VIOLATING_CACHE), { level: "warning" });
    expect(annotations.map((a) => a.level)).toEqual(Array(7).fill("warning"));
  });

  it("an unknown is a warning for a mandatory rule too", () => {
    const [annotation, ...others] = annotate((stack) =>
      new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, minimumTlsVersion: new TerraformVariable(stack, "tls", { type: "string" }).stringValue }),
    );
    expect(summary(others)).toEqual([["stack/cache", CACHE_RETIRING, "warning"]]);
    expect(summary([annotation!])).toEqual([["stack/cache", MIN_TLS, "warning"]]);
    expect(annotation!.message).toContain("cannot be verified");
  });
});

describe("the rules option", () => {
  describe("enforcement", () => {
    it('"disabled": the rule is not checked at all', () => {
      const disabled = { enforcement: "disabled" } as const;
      const quiet = { [PUBLIC]: disabled, [LOCAL_AUTH]: disabled, [ENTRA]: disabled, [CACHE_RETIRING]: disabled };
      expect(annotate((stack) => new RedisCache(stack, "cache", CACHE_BASE), { rules: quiet })).toEqual([]);
      // A mandatory rule too: the violation is not reported, and synth succeeds.
      const { app, stack } = appWithStack();
      new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, nonSslPortEnabled: true });
      RedisPolicyAspect.applyTo(app, { rules: { [NON_SSL]: disabled, [CACHE_RETIRING]: disabled } });
      expect(synthError(app)).toBeUndefined();
      expect(annotationsUnder(app)).toEqual([]);
    });

    it('"mandatory" on an advisory rule: its violation is an error, and app.synth() fails', () => {
      const { app, stack } = appWithStack();
      new RedisCache(stack, "cache", CACHE_BASE);
      RedisPolicyAspect.applyTo(app, { rules: { [PUBLIC]: { enforcement: "mandatory" } } });
      expect(synthError(app)?.message).toMatch(/\[stack\/cache\] Azure\.Redis\.PublicNetworkAccess: Redis cache 'stack\/cache' does not set 'public_network_access_enabled'/);
      // The rules not listed keep their default.
      expect(summary(annotationsUnder(app))).toEqual([
        ["stack/cache", PUBLIC, "error"],
        ["stack/cache", LOCAL_AUTH, "warning"],
        ["stack/cache", ENTRA, "warning"],
        ["stack/cache", CACHE_RETIRING, "warning"],
      ]);
    });

    it('"mandatory" follows level: with level "warning" it is a warning', () => {
      const annotations = annotate((stack) => new RedisCache(stack, "cache", CACHE_BASE), { level: "warning", rules: { [ENTRA]: { enforcement: "mandatory" } } });
      expect(annotations.map((a) => a.level)).toEqual(["warning", "warning", "warning", "warning"]);
    });

    it('"advisory" on a mandatory rule: its violation is only a warning, and app.synth() succeeds', () => {
      const { app, stack } = appWithStack();
      new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, nonSslPortEnabled: true, minimumTlsVersion: "1.0" });
      RedisPolicyAspect.applyTo(app, { rules: { [NON_SSL]: { enforcement: "advisory" } } });
      expect(synthError(app)?.message).toMatch(/\[stack\/cache\] Azure\.Redis\.MinTLS: /);
      expect(summary(annotationsUnder(app))).toEqual([
        ["stack/cache", NON_SSL, "warning"],
        ["stack/cache", MIN_TLS, "error"],
        ["stack/cache", CACHE_RETIRING, "warning"],
      ]);
    });

    it("applies to the rule on every resource type it covers", () => {
      const annotations = annotate(
        (stack) => new RawResource(stack, "cluster", "azurerm_redis_enterprise_cluster", { name: "cluster", sku_name: "Balanced_B1", minimum_tls_version: "1.0" }),
        { rules: { [ENTERPRISE_TLS]: { enforcement: "advisory" }, [ENTERPRISE_RETIRING]: { enforcement: "mandatory" } } },
      );
      expect(summary(annotations)).toEqual([["stack/cluster", ENTERPRISE_TLS, "warning"]]);
    });
  });

  describe("requireExplicit: the rule's own, else the aspect-wide one", () => {
    const absent = (scope: Construct) => new RedisCache(scope, "cache", CACHE_BASE);

    it("aspect-wide: every rule fails an absent attribute, at the rule's level", () => {
      expect(summary(annotate(absent, { requireExplicit: true }))).toEqual([
        ["stack/cache", NON_SSL, "error"],
        ["stack/cache", MIN_TLS, "error"],
        ["stack/cache", PUBLIC, "warning"],
        ["stack/cache", LOCAL_AUTH, "warning"],
        ["stack/cache", ENTRA, "warning"],
        ["stack/cache", VERSION, "warning"],
        // A retirement notice reads no attribute: requireExplicit changes nothing there.
        ["stack/cache", CACHE_RETIRING, "warning"],
      ]);
    });

    it("per rule: only that rule asks for an explicit value", () => {
      const annotations = annotate(absent, { rules: { [MIN_TLS]: { requireExplicit: true } } });
      expect(summary(annotations)).toEqual([
        ["stack/cache", MIN_TLS, "error"],
        ...BARE_CACHE_WARNINGS.map((id) => ["stack/cache", id, "warning"]),
      ]);
      expect(annotations[0]!.message).toContain("does not set 'minimum_tls_version', and requireExplicit asks every resource to say it explicitly");
    });

    it("a rule's false wins over the aspect-wide true", () => {
      const annotations = annotate(absent, { requireExplicit: true, rules: { [NON_SSL]: { requireExplicit: false }, [VERSION]: { requireExplicit: false } } });
      expect(summary(annotations).filter(([, id]) => !(BARE_CACHE_WARNINGS as readonly string[]).includes(id))).toEqual([["stack/cache", MIN_TLS, "error"]]);
    });
  });

  describe("exemptions: the aspect-wide ones apply to every rule, a rule's own to that rule", () => {
    /** `stack/a` and `stack/b`, both failing NonSslPort and the four advisory rules. */
    const twoCaches = (scope: Construct) => {
      new RedisCache(scope, "a", { ...CACHE_BASE, nonSslPortEnabled: true });
      new RedisCache(scope, "b", { ...CACHE_BASE, nonSslPortEnabled: true });
    };
    const failing = [NON_SSL, ...BARE_CACHE_WARNINGS];
    const warned = Object.fromEntries(BARE_CACHE_WARNINGS.map((id) => [id, "warning"]));
    const levels = (annotations: Annotation[], path: string) => Object.fromEntries(summary(annotations).filter(([p]) => p === path).map(([, id, level]) => [id, level]));

    it("aspect-wide: exempts the resource from every rule, with an info annotation per rule", () => {
      const annotations = annotate(twoCaches, { exemptions: [{ resource: "stack/a", reason: "legacy, CHG-1" }] });
      expect(levels(annotations, "stack/a")).toEqual(Object.fromEntries(failing.map((id) => [id, "info"])));
      expect(levels(annotations, "stack/b")).toEqual({ [NON_SSL]: "error", ...warned });
      for (const info of annotations.filter((a) => a.level === "info")) expect(info.message).toContain("exempt by 'stack/a'");
    });

    it("per rule: exempts the resource from that rule only", () => {
      const annotations = annotate(twoCaches, { rules: { [NON_SSL]: { exemptions: [{ resource: "stack/a", reason: "legacy client" }] } } });
      expect(levels(annotations, "stack/a")).toEqual({ [NON_SSL]: "info", ...warned });
      expect(levels(annotations, "stack/b")).toEqual({ [NON_SSL]: "error", ...warned });
    });

    it("both: a rule's exemptions are added to the aspect-wide ones, not instead of them", () => {
      const annotations = annotate(twoCaches, {
        exemptions: [{ resource: "stack/a", reason: "aspect-wide" }],
        rules: { [NON_SSL]: { exemptions: [{ resource: "stack/b", reason: "rule only" }] } },
      });
      expect(levels(annotations, "stack/a")).toEqual(Object.fromEntries(failing.map((id) => [id, "info"])));
      expect(levels(annotations, "stack/b")).toEqual({ [NON_SSL]: "info", ...warned });
      const nonSslNotes = annotations.filter((a) => ruleOf(a) === NON_SSL).map((a) => a.message);
      expect(nonSslNotes).toEqual([expect.stringContaining("(aspect-wide)"), expect.stringContaining("(rule only)")]);
    });

    it("an expired per-rule exemption brings the violation back and says so", () => {
      const annotations = annotate(twoCaches, { rules: { [PUBLIC]: { exemptions: [{ resource: "stack/*", reason: "private endpoint pending", expires: "2020-06-30" }] } } });
      const publicAccess = annotations.filter((a) => ruleOf(a) === PUBLIC);
      expect(publicAccess.map((a) => [a.path, a.level])).toEqual([
        ["stack/a", "warning"],
        ["stack/b", "warning"],
      ]);
      expect(publicAccess[0]!.message).toContain("The exemption 'stack/*' (private endpoint pending) expired on 2020-06-30.");
    });
  });

  describe("invalid rules options throw at construction, naming the option", () => {
    const ids = allRules.map((r) => r.id).join(", ").replace(/\./g, "\\.");
    it.each<[string, unknown, RegExp]>([
      ["a rule id that is not one of ours", { rules: { "Azure.Redis.AvailabilityZone": {} } }, new RegExp(`^RedisPolicyAspect\\.rules\\.Azure\\.Redis\\.AvailabilityZone is not a rule of azure-redis-guard \\(rules: ${ids}\\)$`)],
      ["a rule id in the wrong case", { rules: { "azure.redis.nonsslport": { enforcement: "disabled" } } }, /^RedisPolicyAspect\.rules\.azure\.redis\.nonsslport is not a rule of azure-redis-guard/],
      ["a Pulumi policy name instead of a rule id", { rules: { "azure-redis-non-ssl-port": {} } }, /^RedisPolicyAspect\.rules\.azure-redis-non-ssl-port is not a rule/],
      ["Pulumi's remediate", { rules: { [MIN_TLS]: { enforcement: "remediate" } } }, /^RedisPolicyAspect\.rules\.Azure\.Redis\.MinTLS\.enforcement must be "mandatory", "advisory", "disabled"$/],
      ["an enforcement in the wrong case", { rules: { [PUBLIC]: { enforcement: "Mandatory" } } }, /^RedisPolicyAspect\.rules\.Azure\.Redis\.PublicNetworkAccess\.enforcement must be/],
      ["an enforcement that is a boolean", { rules: { [PUBLIC]: { enforcement: false } } }, /^RedisPolicyAspect\.rules\.Azure\.Redis\.PublicNetworkAccess\.enforcement must be/],
      ["Pulumi's enforcementLevel key", { rules: { [PUBLIC]: { enforcementLevel: "mandatory" } } }, /^RedisPolicyAspect\.rules\.Azure\.Redis\.PublicNetworkAccess\.enforcementLevel is not a known option \(known: requireExplicit, exemptions, allowInCodeExemptions, enforcement\)$/],
      ["level, which is aspect-wide only", { rules: { [PUBLIC]: { level: "error" } } }, /^RedisPolicyAspect\.rules\.Azure\.Redis\.PublicNetworkAccess\.level is not a known option/],
      ["a rule's options as a bare string", { rules: { [VERSION]: "disabled" } }, /^RedisPolicyAspect\.rules\.Azure\.Redis\.Version must be an object$/],
      ["a rule's requireExplicit as a string", { rules: { [MIN_TLS]: { requireExplicit: "true" } } }, /^RedisPolicyAspect\.rules\.Azure\.Redis\.MinTLS\.requireExplicit must be true or false$/],
      ["a rule's exemption without a reason", { rules: { [LOCAL_AUTH]: { exemptions: [{ resource: "stack/*" }] } } }, /^RedisPolicyAspect\.rules\.Azure\.Redis\.LocalAuth\.exemptions\[0\]\.reason must be a non-empty string/],
      ["a rule's exemption with an impossible expiry", { rules: { [LOCAL_AUTH]: { exemptions: [{ resource: "a", reason: "r", expires: "2026-13-01" }] } } }, /^RedisPolicyAspect\.rules\.Azure\.Redis\.LocalAuth\.exemptions\[0\]\.expires must be an ISO date/],
      ["rules as a list", { rules: [NON_SSL] }, /^RedisPolicyAspect\.rules must be an object keyed by rule id$/],
      ["rules as a string", { rules: "all" }, /^RedisPolicyAspect\.rules must be an object keyed by rule id$/],
      ["rules as null", { rules: null }, /^RedisPolicyAspect\.rules must be an object keyed by rule id$/],
    ])("%s", (_label, options, message) => {
      const construct = () => new RedisPolicyAspect(options as RedisPolicyAspectOptions);
      expect(construct).toThrow(ConfigError);
      expect(construct).toThrow(message);
    });

    it("applyTo refuses them before adding anything", () => {
      const stack = testingStack();
      expect(() => RedisPolicyAspect.applyTo(stack, { rules: { "Azure.Redis.Nope": {} } })).toThrow(ConfigError);
      new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: true });
      Testing.synth(stack);
      expect(annotationsUnder(stack)).toEqual([]);
    });

    it("every rule id, each enforcement, and an empty or absent rules are accepted", () => {
      const enforcements = ["mandatory", "advisory", "disabled"] as const;
      const rules = Object.fromEntries(allRules.map((rule, i) => [rule.id, { enforcement: enforcements[i % 3]!, requireExplicit: i % 2 === 0, exemptions: [] }]));
      expect(() => new RedisPolicyAspect({ rules })).not.toThrow();
      expect(() => new RedisPolicyAspect({ rules: {} })).not.toThrow();
      expect(() => new RedisPolicyAspect({ rules: undefined })).not.toThrow();
      expect(() => new RedisPolicyAspect({ rules: { [NON_SSL]: {} } })).not.toThrow();
    });
  });
});
