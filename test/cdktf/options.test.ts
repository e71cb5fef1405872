import { Testing } from "cdktf";
import { Construct } from "constructs";
import { RedisCache } from "@cdktf/provider-azurerm/lib/redis-cache";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, RedisPolicyAspect, type RedisPolicyAspectOptions } from "../../cdktf-aspect/index";
import { CACHE_BASE, rawRedis, testingStack } from "./cdktf-support";
import { ruleAnnotationsUnder, removeTempDirs } from "./support";

afterAll(removeTempDirs);

/**
 * Azure.Redis.NonSslPort's annotations on a violating cache, or on what `build` creates, with the given
 * options. (The advisory rules warn about these caches too; the `rules` option has its own tests.)
 */
function annotateWith(options: RedisPolicyAspectOptions, build?: (scope: Construct) => void) {
  const stack = testingStack();
  if (build) build(stack);
  else new RedisCache(stack, "cache", { ...CACHE_BASE, nonSslPortEnabled: true });
  RedisPolicyAspect.applyTo(stack, options);
  Testing.synth(stack);
  return ruleAnnotationsUnder(stack);
}

describe("invalid options throw at construction, naming the option", () => {
  it.each<[string, unknown, RegExp]>([
    ["a level that is not error or warning", { level: "fatal" }, /^RedisPolicyAspect\.level must be "error" or "warning"$/],
    ["a fix that is not a boolean", { fix: "yes" }, /^RedisPolicyAspect\.fix must be true or false$/],
    ["a misspelt key", { requireExplict: true }, /^RedisPolicyAspect\.requireExplict is not a known option \(known: requireExplicit, exemptions, allowInCodeExemptions, level, fix, rules\)$/],
    ["requireExplicit as a string", { requireExplicit: "true" }, /^RedisPolicyAspect\.requireExplicit must be true or false$/],
    ["exemptions that are not a list", { exemptions: { resource: "*" } }, /^RedisPolicyAspect\.exemptions must be a list/],
    ["an exemption without a reason", { exemptions: [{ resource: "stack/*" }] }, /^RedisPolicyAspect\.exemptions\[0\]\.reason must be a non-empty string/],
    ["an exemption with a blank reason", { exemptions: [{ resource: "stack/*", reason: "  " }] }, /^RedisPolicyAspect\.exemptions\[0\]\.reason /],
    ["an exemption without a resource glob", { exemptions: [{ reason: "legacy" }] }, /^RedisPolicyAspect\.exemptions\[0\]\.resource must be a non-empty glob/],
    ["an impossible expiry date", { exemptions: [{ resource: "a", reason: "r" }, { resource: "b", reason: "r", expires: "2026-02-30" }] }, /^RedisPolicyAspect\.exemptions\[1\]\.expires must be an ISO date/],
    ["an unknown exemption field", { exemptions: [{ resource: "a", reason: "r", until: "2030-01-01" }] }, /^RedisPolicyAspect\.exemptions\[0\]\.until is not a known exemption field/],
    ["options that are not an object", "strict", /^RedisPolicyAspect must be an object$/],
  ])("%s", (_label, options, message) => {
    const construct = () => new RedisPolicyAspect(options as RedisPolicyAspectOptions);
    expect(construct).toThrow(ConfigError);
    expect(construct).toThrow(message);
  });

  it("applyTo validates before adding anything", () => {
    const stack = testingStack();
    expect(() => RedisPolicyAspect.applyTo(stack, { level: "fatal" as never })).toThrow(/RedisPolicyAspect\.level/);
    expect(annotateWith({})).toHaveLength(1); // a fresh, valid aspect still works
  });

  it("no options and undefined options are the defaults", () => {
    expect(() => new RedisPolicyAspect()).not.toThrow();
    expect(() => new RedisPolicyAspect({ level: undefined, fix: undefined })).not.toThrow();
  });
});

describe("level", () => {
  it("error by default", () => {
    expect(annotateWith({}).map((a) => a.level)).toEqual(["error"]);
  });

  it('"warning" reports a violation without failing synthesis', () => {
    expect(annotateWith({ level: "warning" }).map((a) => a.level)).toEqual(["warning"]);
  });
});

describe("requireExplicit", () => {
  const absent = (scope: Construct) => new RedisCache(scope, "cache", CACHE_BASE);

  it("off: an absent attribute passes (Azure keeps the port closed)", () => {
    expect(annotateWith({}, absent)).toEqual([]);
  });

  it("on: an absent attribute fails, naming the current provider's attribute", () => {
    const [error, ...others] = annotateWith({ requireExplicit: true }, absent);
    expect(others).toEqual([]);
    expect(error).toMatchObject({ path: "stack/cache", level: "error" });
    expect(error!.message).toContain("does not set 'non_ssl_port_enabled'");
    expect(error!.message).toContain("requireExplicit");
  });

  it("on: an explicit false on either name passes", () => {
    expect(annotateWith({ requireExplicit: true }, (s) => new RedisCache(s, "cache", { ...CACHE_BASE, nonSslPortEnabled: false }))).toEqual([]);
    expect(annotateWith({ requireExplicit: true }, (s) => rawRedis(s, "cache", { enable_non_ssl_port: false }))).toEqual([]);
  });
});

describe("exemptions match the construct path", () => {
  const legacy = (scope: Construct) => {
    const team = new Construct(scope, "legacy");
    new RedisCache(team, "sessions", { ...CACHE_BASE, nonSslPortEnabled: true });
    new RedisCache(scope, "cache", { ...CACHE_BASE, nonSslPortEnabled: true });
  };

  it("an active exemption leaves an info annotation with its reason instead of the error", () => {
    const annotations = annotateWith({ exemptions: [{ resource: "stack/legacy/*", reason: "old client, CHG-1234" }] }, legacy);
    expect(annotations.map((a) => [a.path, a.level])).toEqual([
      ["stack/legacy/sessions", "info"],
      ["stack/cache", "error"],
    ]);
    expect(annotations[0]!.message).toContain("exempt by 'stack/legacy/*'");
    expect(annotations[0]!.message).toContain("old client, CHG-1234");
  });

  it("an exemption until a future date applies, and says until when", () => {
    const [info] = annotateWith({ exemptions: [{ resource: "*/sessions", reason: "migration", expires: "2999-12-31" }] }, legacy);
    expect(info).toMatchObject({ path: "stack/legacy/sessions", level: "info" });
    expect(info!.message).toContain("until 2999-12-31");
  });

  it("an expired exemption brings the error back and says it expired", () => {
    const annotations = annotateWith({ exemptions: [{ resource: "*/sessions", reason: "migration", expires: "2020-01-31" }] }, legacy);
    expect(annotations.map((a) => [a.path, a.level])).toEqual([
      ["stack/legacy/sessions", "error"],
      ["stack/cache", "error"],
    ]);
    expect(annotations[0]!.message).toContain("The exemption '*/sessions' (migration) expired on 2020-01-31.");
  });

  it("an expiry with a time of day is exact", () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(annotateWith({ exemptions: [{ resource: "stack/cache", reason: "r", expires: past }] }).map((a) => a.level)).toEqual(["error"]);
    expect(annotateWith({ exemptions: [{ resource: "stack/cache", reason: "r", expires: future }] }).map((a) => a.level)).toEqual(["info"]);
  });

  it("a glob that matches another construct does not exempt this one", () => {
    expect(annotateWith({ exemptions: [{ resource: "stack/cache?", reason: "r" }] }).map((a) => a.level)).toEqual(["error"]);
  });

  it("exempts unknowns too (no warning)", () => {
    const annotations = annotateWith({ exemptions: [{ resource: "stack/cache", reason: "set by the pipeline" }] }, (s) => rawRedis(s, "cache", { non_ssl_port_enabled: "${var.open}" }));
    expect(annotations.map((a) => a.level)).toEqual(["info"]);
  });
});
