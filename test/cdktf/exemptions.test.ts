import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { ManagedRedis } from "@cdktf/provider-azurerm/lib/managed-redis";
import { RedisCache } from "@cdktf/provider-azurerm/lib/redis-cache";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, RedisPolicyAspect, type RedisPolicyAspectOptions } from "../../cdktf-aspect/index";
import { CACHE_BASE, appWithStack, rawRedis, testingStack } from "./cdktf-support";
import { annotationsUnder, removeTempDirs, ruleAnnotationsUnder, writtenStack } from "./support";

afterAll(removeTempDirs);

/**
 * `RedisPolicyAspect.exempt()` and exemption tags on real synthesis: what the aspect annotates, what
 * lands in cdk.tf.json (for `check`) and in manifest.json (the record).
 */

const OPEN = { ...CACHE_BASE, nonSslPortEnabled: true };

/** Azure.Redis.NonSslPort's annotations, as [path, level], after `build` and a Testing.synth with the aspect. */
function synth(build: (stack: TerraformStack) => void, options: RedisPolicyAspectOptions = {}) {
  const stack = testingStack();
  build(stack);
  RedisPolicyAspect.applyTo(stack, options);
  Testing.synth(stack);
  return { stack, annotations: ruleAnnotationsUnder(stack) };
}

const levels = (annotations: readonly { path: string; level: string }[]) => annotations.map((a) => [a.path, a.level]);

describe("RedisPolicyAspect.exempt on a resource", () => {
  it("replaces the error with an info naming the exemption, its reason and its expiry", () => {
    const { annotations } = synth((stack) => {
      const cache = new RedisCache(stack, "legacy", OPEN);
      RedisPolicyAspect.exempt(cache, { rule: "Azure.Redis.NonSslPort", reason: "client without TLS, CHG-1234", expires: "2099-12-31" });
      new RedisCache(stack, "other", OPEN);
    });
    expect(levels(annotations)).toEqual([
      ["stack/legacy", "info"],
      ["stack/other", "error"],
    ]);
    expect(annotations[0]!.message).toBe(
      "Azure.Redis.NonSslPort: not enforced on 'stack/legacy': exempt by RedisPolicyAspect.exempt() on 'stack/legacy' until 2099-12-31 (client without TLS, CHG-1234).",
    );
  });

  it("exempts only the rules it names", () => {
    const { stack } = synth((stack) => {
      const cache = new RedisCache(stack, "legacy", { ...OPEN, minimumTlsVersion: "1.0" });
      RedisPolicyAspect.exempt(cache, { rule: ["Azure.Redis.NonSslPort"], reason: "r" });
    });
    expect(levels(ruleAnnotationsUnder(stack, "Azure.Redis.NonSslPort"))).toEqual([["stack/legacy", "info"]]);
    expect(levels(ruleAnnotationsUnder(stack, "Azure.Redis.MinTLS"))).toEqual([["stack/legacy", "error"]]);
  });

  it("a list of rules, in any case", () => {
    const { stack } = synth((stack) => {
      const cache = new RedisCache(stack, "legacy", { ...OPEN, minimumTlsVersion: "1.0" });
      RedisPolicyAspect.exempt(cache, { rule: ["azure.redis.nonsslport", "Azure.Redis.MinTLS"], reason: "r" });
    });
    expect(levels(ruleAnnotationsUnder(stack, "Azure.Redis.NonSslPort"))).toEqual([["stack/legacy", "info"]]);
    expect(levels(ruleAnnotationsUnder(stack, "Azure.Redis.MinTLS"))).toEqual([["stack/legacy", "info"]]);
  });

  it("expired: the error returns and says the exemption expired", () => {
    const { annotations } = synth((stack) => {
      RedisPolicyAspect.exempt(new RedisCache(stack, "legacy", OPEN), { rule: "Azure.Redis.NonSslPort", reason: "migration", expires: "2020-01-31" });
    });
    expect(levels(annotations)).toEqual([["stack/legacy", "error"]]);
    expect(annotations[0]!.message).toContain("The exemption RedisPolicyAspect.exempt() on 'stack/legacy' (migration) expired on 2020-01-31.");
  });
});

describe("RedisPolicyAspect.exempt on a scope above resources", () => {
  function team(stack: TerraformStack): void {
    const legacy = new Construct(stack, "legacy");
    new RedisCache(legacy, "sessions", OPEN);
    new RedisCache(new Construct(legacy, "nested"), "queue", OPEN);
    new RedisCache(stack, "cache", OPEN);
    RedisPolicyAspect.exempt(legacy, { rule: "Azure.Redis.NonSslPort", reason: "legacy team, CHG-9" });
  }

  it("exempts every resource below it, and only those", () => {
    const { annotations } = synth(team);
    expect(levels(annotations)).toEqual([
      ["stack/legacy/sessions", "info"],
      ["stack/legacy/nested/queue", "info"],
      ["stack/cache", "error"],
    ]);
    expect(annotations[1]!.message).toContain("exempt by RedisPolicyAspect.exempt() on 'stack/legacy'");
  });

  it("on the stack: every resource of the stack", () => {
    const { annotations } = synth((stack) => {
      new RedisCache(stack, "a", OPEN);
      new RedisCache(new Construct(stack, "group"), "b", OPEN);
      RedisPolicyAspect.exempt(stack, { rule: "Azure.Redis.NonSslPort", reason: "sandbox stack" });
    });
    expect(levels(annotations)).toEqual([
      ["stack/a", "info"],
      ["stack/group/b", "info"],
    ]);
  });

  it("on the app: every stack that exists", () => {
    const app = Testing.app();
    const stacks = ["one", "two"].map((id) => new TerraformStack(app, id));
    for (const stack of stacks) new RedisCache(stack, "cache", OPEN);
    RedisPolicyAspect.exempt(app, { rule: "Azure.Redis.NonSslPort", reason: "whole sandbox app" });
    RedisPolicyAspect.applyTo(app);
    for (const stack of stacks) Testing.synth(stack);
    expect(stacks.flatMap((s) => levels(ruleAnnotationsUnder(s)))).toEqual([
      ["one/cache", "info"],
      ["two/cache", "info"],
    ]);
    expect(ruleAnnotationsUnder(stacks[0]!)[0]!.message).toContain("exempt by RedisPolicyAspect.exempt() on '(app)'");
  });

  it("a resource's own exemption and its scope's: both are records, the first in force applies", () => {
    const { annotations } = synth((stack) => {
      const group = new Construct(stack, "group");
      const cache = new RedisCache(group, "cache", OPEN);
      RedisPolicyAspect.exempt(group, { rule: "Azure.Redis.NonSslPort", reason: "old", expires: "2020-01-01" });
      RedisPolicyAspect.exempt(cache, { rule: "Azure.Redis.NonSslPort", reason: "renewed" });
    });
    expect(levels(annotations)).toEqual([["stack/group/cache", "info"]]);
    expect(annotations[0]!.message).toContain("(renewed)");
  });
});

describe("the exemption is visible after synthesis", () => {
  it("in manifest.json (an info annotation on the exempted construct) and in each covered resource's \"//\" block", () => {
    const { app, stack } = appWithStack("records");
    const legacy = new Construct(stack, "legacy");
    new RedisCache(legacy, "sessions", OPEN);
    new RedisCache(stack, "compliant", { ...CACHE_BASE, nonSslPortEnabled: false });
    RedisPolicyAspect.exempt(legacy, { rule: "Azure.Redis.NonSslPort", reason: "legacy team, CHG-9", expires: "2099-01-01" });
    RedisPolicyAspect.applyTo(stack, { rules: { "Azure.Redis.PublicNetworkAccess": { enforcement: "disabled" }, "Azure.Redis.LocalAuth": { enforcement: "disabled" }, "Azure.Redis.EntraID": { enforcement: "disabled" } } });
    app.synth();

    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { annotations: { constructPath: string; level: string; message: string }[] }>;
    };
    expect(manifest.stacks["records"]!.annotations).toEqual(
      expect.arrayContaining([
        {
          constructPath: "records/legacy",
          level: "@cdktf/info",
          message:
            "azure-redis-guard: Azure.Redis.NonSslPort not enforced on 'records/legacy' and every resource below it until 2099-01-01: legacy team, CHG-9 (RedisPolicyAspect.exempt()).",
        },
        expect.objectContaining({ constructPath: "records/legacy/sessions", level: "@cdktf/info" }),
      ]),
    );

    const caches = writtenStack(app, "records").resource!["azurerm_redis_cache"]!;
    const sessions = Object.values(caches).find((body) => (body["//"] as { metadata: { path: string } }).metadata.path === "records/legacy/sessions")!;
    expect(sessions["//"]).toMatchObject({
      metadata: { path: "records/legacy/sessions" },
      "azure-redis-guard": { exemptions: [{ construct: "records/legacy", rules: ["Azure.Redis.NonSslPort"], reason: "legacy team, CHG-9", expires: "2099-01-01" }] },
    });
    const compliant = Object.values(caches).find((body) => body !== sessions)!;
    expect(compliant["//"]).not.toHaveProperty("azure-redis-guard");
  });

  it("without the aspect: exempt() still records the exemption for `check`", () => {
    const { app, stack } = appWithStack("bare");
    const cache = new RedisCache(stack, "legacy", OPEN);
    RedisPolicyAspect.exempt(cache, { rule: "Azure.Redis.NonSslPort", reason: "r" });
    app.synth();
    const body = Object.values(writtenStack(app, "bare").resource!["azurerm_redis_cache"]!)[0]!;
    expect(body["//"]).toMatchObject({ "azure-redis-guard": { exemptions: [{ construct: "bare/legacy", rules: ["Azure.Redis.NonSslPort"], reason: "r" }] } });
  });

  it("a second synth neither doubles the annotations nor the records", () => {
    const stack = testingStack();
    RedisPolicyAspect.exempt(new RedisCache(stack, "legacy", OPEN), { rule: "Azure.Redis.NonSslPort", reason: "r" });
    RedisPolicyAspect.applyTo(stack);
    const first = Testing.synth(stack);
    expect(Testing.synth(stack)).toBe(first);
    expect(annotationsUnder(stack).filter((a) => a.level === "info" && a.path === "stack/legacy")).toHaveLength(2);
  });
});

describe("exemption tags", () => {
  it("a redis-guard-exempt tag exempts the resource; the info names the tag", () => {
    const { annotations } = synth((stack) => {
      new RedisCache(stack, "legacy", { ...OPEN, tags: { owner: "team-a", "redis-guard-exempt": "Azure.Redis.NonSslPort; client without TLS; until 2099-12-31" } });
    });
    expect(levels(annotations)).toEqual([["stack/legacy", "info"]]);
    expect(annotations[0]!.message).toBe(
      "Azure.Redis.NonSslPort: not enforced on 'stack/legacy': exempt by its tag 'redis-guard-exempt' until 2099-12-31 (client without TLS).",
    );
  });

  it("a malformed tag exempts nothing: the error stays and names the tag key and why", () => {
    const { annotations } = synth((stack) => {
      new RedisCache(stack, "legacy", { ...OPEN, tags: { owner: "OTHER-TAG-VALUE", "redis-guard-exempt": "Azure.Redis.NonSSL; typo in the id" } });
    });
    expect(levels(annotations)).toEqual([["stack/legacy", "error"]]);
    expect(annotations[0]!.message).toContain(
      "The tag 'redis-guard-exempt' on 'stack/legacy' was ignored and exempts nothing: its value names 'Azure.Redis.NonSSL', which is not a rule of azure-redis-guard.",
    );
    expect(annotations[0]!.message).not.toContain("OTHER-TAG-VALUE");
  });

  it("a tag whose value is a Terraform expression exempts nothing and says so", () => {
    const { annotations } = synth((stack) => {
      rawRedis(stack, "legacy", { non_ssl_port_enabled: true, tags: { "redis-guard-exempt": "${var.exemption}" } });
    });
    expect(levels(annotations)).toEqual([["stack/legacy", "error"]]);
    expect(annotations[0]!.message).toContain("its value cannot be read yet (it is a Terraform expression only known at plan time)");
  });

  it("an expired tag: the error returns and says so", () => {
    const { annotations } = synth((stack) => {
      new RedisCache(stack, "legacy", { ...OPEN, tags: { "redis-guard-exempt": "Azure.Redis.NonSslPort; r; until 2020-01-01" } });
    });
    expect(annotations[0]!.message).toContain("The exemption tag 'redis-guard-exempt' on 'stack/legacy' (r) expired on 2020-01-01.");
  });

  it("an Azure Managed Redis is exempt by its tag", () => {
    const { stack } = synth((stack) => {
      new ManagedRedis(stack, "amr", {
        name: "amr",
        location: "westeurope",
        resourceGroupName: "rg",
        skuName: "Balanced_B0",
        defaultDatabase: { clientProtocol: "Plaintext" },
        tags: { "redis-guard-exempt": "Azure.RedisEnterprise.ClientProtocol; legacy client" },
      });
    });
    expect(levels(ruleAnnotationsUnder(stack, "Azure.RedisEnterprise.ClientProtocol"))).toEqual([["stack/amr", "info"]]);
  });
});

describe("allowInCodeExemptions", () => {
  const exempted = (stack: TerraformStack) => {
    RedisPolicyAspect.exempt(new RedisCache(stack, "by-construct", OPEN), { rule: "Azure.Redis.NonSslPort", reason: "r" });
    new RedisCache(stack, "by-tag", { ...OPEN, tags: { "redis-guard-exempt": "Azure.Redis.NonSslPort; r" } });
  };

  it.each<[string, RedisPolicyAspectOptions]>([
    ["aspect-wide", { allowInCodeExemptions: false }],
    ["for the rule", { rules: { "Azure.Redis.NonSslPort": { allowInCodeExemptions: false } } }],
    ["for the rule, over an aspect-wide true", { allowInCodeExemptions: true, rules: { "Azure.Redis.NonSslPort": { allowInCodeExemptions: false } } }],
  ])("false %s: both are refused, the errors say so and name the construct and the tag", (_label, options) => {
    const { annotations } = synth(exempted, options);
    expect(levels(annotations)).toEqual([
      ["stack/by-construct", "error"],
      ["stack/by-tag", "error"],
    ]);
    expect(annotations[0]!.message).toContain("The exemption RedisPolicyAspect.exempt() on 'stack/by-construct' (r) was refused: allowInCodeExemptions is false for Azure.Redis.NonSslPort");
    expect(annotations[1]!.message).toContain("The exemption tag 'redis-guard-exempt' on 'stack/by-tag' (r) was refused");
  });

  it("false for another rule: these are honoured", () => {
    const { annotations } = synth(exempted, { rules: { "Azure.Redis.MinTLS": { allowInCodeExemptions: false } } });
    expect(annotations.map((a) => a.level)).toEqual(["info", "info"]);
  });

  it("false aspect-wide but true for the rule: honoured", () => {
    const { annotations } = synth(exempted, { allowInCodeExemptions: false, rules: { "Azure.Redis.NonSslPort": { allowInCodeExemptions: true } } });
    expect(annotations.map((a) => a.level)).toEqual(["info", "info"]);
  });

  it("refuses a value that is not a boolean, naming the option", () => {
    expect(() => new RedisPolicyAspect({ allowInCodeExemptions: "no" as never })).toThrow(/^RedisPolicyAspect\.allowInCodeExemptions must be true or false$/);
    expect(() => new RedisPolicyAspect({ rules: { "Azure.Redis.MinTLS": { allowInCodeExemptions: 0 as never } } })).toThrow(
      /^RedisPolicyAspect\.rules\.Azure\.Redis\.MinTLS\.allowInCodeExemptions must be true or false$/,
    );
  });
});

describe("RedisPolicyAspect.exempt validates at the call", () => {
  it.each<[string, unknown, RegExp]>([
    ["an unknown rule", { rule: "Azure.Redis.NonSSL", reason: "r" }, /^RedisPolicyAspect\.exempt\('stack\/cache'\)\.rule names 'Azure\.Redis\.NonSSL', which is not a rule of azure-redis-guard$/],
    ["no rule", { reason: "r" }, /^RedisPolicyAspect\.exempt\('stack\/cache'\)\.rule must be a rule id or a non-empty list/],
    ["a wildcard", { rule: "*", reason: "r" }, /\.rule names '\*': wildcards are not accepted/],
    ["no reason", { rule: "Azure.Redis.NonSslPort" }, /^RedisPolicyAspect\.exempt\('stack\/cache'\)\.reason must be a non-empty string/],
    ["a blank reason", { rule: "Azure.Redis.NonSslPort", reason: " " }, /\.reason has no reason/],
    ["an impossible date", { rule: "Azure.Redis.NonSslPort", reason: "r", expires: "2026-02-30" }, /\.expires must be an ISO date/],
    ["a misspelt field", { rule: "Azure.Redis.NonSslPort", reason: "r", expiry: "2026-01-01" }, /^RedisPolicyAspect\.exempt\('stack\/cache'\)\.expiry is not a known field/],
  ])("%s throws a ConfigError naming the field, and records nothing", (_label, request, message) => {
    const stack = testingStack();
    const cache = new RedisCache(stack, "cache", OPEN);
    const call = () => RedisPolicyAspect.exempt(cache, request as never);
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(message);
    RedisPolicyAspect.applyTo(stack);
    Testing.synth(stack);
    expect(levels(ruleAnnotationsUnder(stack))).toEqual([["stack/cache", "error"]]);
  });

  it("a construct outside any stack is refused", () => {
    const app = new App({ outdir: "unused", stackTraces: false });
    const loose = new Construct(app, "loose");
    expect(() => RedisPolicyAspect.exempt(loose, { rule: "Azure.Redis.NonSslPort", reason: "r" })).toThrow(/needs a cdktf or cdktn App, TerraformStack or construct inside a stack/);
  });

  it("an exemption written into the metadata by hand is validated too: a bad one is ignored and says so", () => {
    const { annotations } = synth((stack) => {
      const cache = new RedisCache(stack, "cache", OPEN);
      RedisPolicyAspect.exempt(new Construct(stack, "unrelated"), { rule: "Azure.Redis.MinTLS", reason: "r" });
      cache.node.addMetadata("azure-redis-guard/exemption", { rules: ["Azure.Redis.NonSslPort"], reason: "" });
    });
    expect(levels(annotations)).toEqual([["stack/cache", "error"]]);
    expect(annotations[0]!.message).toContain("The exemption RedisPolicyAspect.exempt() on 'stack/cache' was ignored and exempts nothing: its metadata reason");
  });
});
