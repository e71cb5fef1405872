import { describe, expect, it } from "vitest";
import { ConfigError, EXEMPTION_TAG_KEY, allRules, buildResourceView, evaluateRule, inCodeExemptionsReader, redisEnterpriseClientProtocol, redisNonSslPort, type InCodeExemptions, type RuleConfig } from "../../policies";
import { classifyTagKey, decideExemption, parseExemptionRequest, parseExemptionTagValue, readExemptionTags, readRecordedConstructExemptions, readResourceExemptionTags } from "../../policies/internal";
import { findPulumiBinding } from "../../policies/pulumi";
import { findTerraformBinding } from "../../policies/terraform";
import { pulumiSecret } from "../support/pack";

/** The grammar of an exemption tag and how the core decides with it: what every surface relies on. */

const NOW = Date.UTC(2026, 5, 15);
const PULUMI_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("the value of an exemption tag", () => {
  it.each<[string, string, { rules: string[]; reason: string; expires?: string }]>([
    ["one rule and a reason", "Azure.Redis.NonSslPort; legacy client without TLS", { rules: ["Azure.Redis.NonSslPort"], reason: "legacy client without TLS" }],
    ["an expiry date", "Azure.Redis.NonSslPort; CHG-1234; until 2026-12-31", { rules: ["Azure.Redis.NonSslPort"], reason: "CHG-1234", expires: "2026-12-31" }],
    ["an expiry date-time with a zone", "Azure.Redis.NonSslPort;CHG-1;until 2026-12-31T18:00:00+01:00", { rules: ["Azure.Redis.NonSslPort"], reason: "CHG-1", expires: "2026-12-31T18:00:00+01:00" }],
    ["several rules", "Azure.Redis.NonSslPort, Azure.Redis.MinTLS; BI connector", { rules: ["Azure.Redis.NonSslPort", "Azure.Redis.MinTLS"], reason: "BI connector" }],
    ["rule ids in any case, reported canonically", "azure.redis.nonsslport; r", { rules: ["Azure.Redis.NonSslPort"], reason: "r" }],
    ["a rule named twice, kept once", "Azure.Redis.MinTLS,azure.redis.mintls; r", { rules: ["Azure.Redis.MinTLS"], reason: "r" }],
    ["whitespace around every part", "  Azure.Redis.NonSslPort ;  spaced out  ;  UNTIL   2027-01-01 ", { rules: ["Azure.Redis.NonSslPort"], reason: "spaced out", expires: "2027-01-01" }],
    ["a reason with commas, colons and a URL", "Azure.Redis.Version; see https://example.com/chg?id=1, owner: data", { rules: ["Azure.Redis.Version"], reason: "see https://example.com/chg?id=1, owner: data" }],
  ])("accepts %s", (_label, value, expected) => {
    expect(parseExemptionTagValue(value, allRules)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string, RegExp, string[]]>([
    ["an empty value", "", /its value is empty/, []],
    ["only blanks", "   ", /its value is empty/, []],
    ["no reason", "Azure.Redis.NonSslPort", /has no reason/, ["Azure.Redis.NonSslPort"]],
    ["a blank reason", "Azure.Redis.NonSslPort;  ", /has no reason: the reason is required/, ["Azure.Redis.NonSslPort"]],
    ["a blank reason before an expiry", "Azure.Redis.NonSslPort; ; until 2030-01-01", /has no reason/, ["Azure.Redis.NonSslPort"]],
    ["an id that is no rule", "Azure.Redis.NonSSL; r", /names 'Azure\.Redis\.NonSSL', which is not a rule of azure-redis-guard/, []],
    ["a missing ';' after the id", "Azure.Redis.NonSslPort until 2099-01-01", /which is not a rule of azure-redis-guard \(a rule id has no spaces: is a ';' missing\?\)/, []],
    ["a known and an unknown id", "Azure.Redis.MinTLS, Azure.Redis.Nope; r", /names 'Azure\.Redis\.Nope'/, ["Azure.Redis.MinTLS"]],
    ["a wildcard", "*; everything", /wildcards are not accepted/, []],
    ["a glob of ids", "Azure.Redis.*; r", /wildcards are not accepted/, []],
    ["an empty id in the list", "Azure.Redis.MinTLS,,Azure.Redis.Version; r", /lists an empty rule id/, ["Azure.Redis.MinTLS", "Azure.Redis.Version"]],
    ["a reason with ';'", "Azure.Redis.MinTLS; one; two; until 2030-01-01", /more than three ';'-separated parts/, ["Azure.Redis.MinTLS"]],
    ["an expiry without 'until'", "Azure.Redis.MinTLS; r; 2030-01-01", /must read 'until <YYYY-MM-DD>'/, ["Azure.Redis.MinTLS"]],
    ["another keyword", "Azure.Redis.MinTLS; r; expires 2030-01-01", /must read 'until/, ["Azure.Redis.MinTLS"]],
    ["an impossible date", "Azure.Redis.MinTLS; r; until 2026-02-30", /a real date/, ["Azure.Redis.MinTLS"]],
    ["a date-time without a zone", "Azure.Redis.MinTLS; r; until 2026-02-01T10:00", /until/, ["Azure.Redis.MinTLS"]],
    ["'until' with nothing after it", "Azure.Redis.MinTLS; r; until", /until/, ["Azure.Redis.MinTLS"]],
    ["a line break in the reason", "Azure.Redis.MinTLS; line one\nline two", /control character/, ["Azure.Redis.MinTLS"]],
    ["a value longer than Azure accepts", `Azure.Redis.MinTLS; ${"x".repeat(240)}`, /longer than the 256 characters Azure accepts/, []],
  ])("refuses %s, saying why", (_label, value, problem, rules) => {
    const parsed = parseExemptionTagValue(value, allRules);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).toMatch(problem);
    expect(parsed.rules).toEqual(rules);
  });
});

describe("tag keys", () => {
  it.each([
    ["redis-guard-exempt", "exemption"],
    ["Redis-Guard-Exempt", "exemption"],
    ["REDIS-GUARD-EXEMPT-TLS", "exemption"],
    ["redis-guard-exempt-1", "exemption"],
    ["redis-guard-exempt-chg.1234_a", "exemption"],
    ["owner", "other"],
    ["redis", "other"],
    ["guard-exempt", "other"],
    ["redis-guard-exemption", "refused"],
    ["redis-guard-exempt-", "refused"],
    ["redis-guard-exempt-a/b", "refused"],
    ["redis-guard-exempt tls", "refused"],
    ["redis-guard-exmept", "refused"],
    ["azure-redis-guard-exempt", "refused"],
    ["Azure-Redis-Guard-Exempt-2", "refused"],
    [`redis-guard-exempt-${"a".repeat(500)}`, "refused"],
  ])("%s is %s", (key, kind) => {
    expect(classifyTagKey(key).kind).toBe(kind);
  });

  it("explains the key Azure reserves", () => {
    expect(classifyTagKey("azure-redis-guard-exempt")).toMatchObject({ problem: expect.stringMatching(/Azure refuses tag names that start with 'azure'.*'redis-guard-exempt'/) });
  });
});

describe("readExemptionTags over a resource's tags", () => {
  const valid = "Azure.Redis.NonSslPort; CHG-1";

  it("reads exemption tags and never reads another tag's value", () => {
    const tags = {
      owner: "SECRET-MARKER",
      get costCenter(): string {
        throw new Error("another tag's value was read");
      },
      [EXEMPTION_TAG_KEY]: valid,
      "redis-guard-exempt-tls": "Azure.Redis.MinTLS; BI connector; until 2026-12-31",
    };
    const read = readExemptionTags(tags, "terraform", allRules);
    expect(read.ignored).toEqual([]);
    expect(read.exemptions).toEqual([
      { source: "tag", origin: "redis-guard-exempt", rules: ["Azure.Redis.NonSslPort"], reason: "CHG-1" },
      { source: "tag", origin: "redis-guard-exempt-tls", rules: ["Azure.Redis.MinTLS"], reason: "BI connector", expires: "2026-12-31" },
    ]);
    expect(JSON.stringify(read)).not.toContain("SECRET-MARKER");
  });

  it.each<[string, unknown, "pulumi" | "terraform"]>([
    ["absent", undefined, "terraform"],
    ["null", null, "pulumi"],
    ["empty", {}, "pulumi"],
    ["without exemption tags", { env: "prod" }, "terraform"],
  ])("%s: nothing", (_label, tags, dialect) => {
    expect(readExemptionTags(tags, dialect, allRules)).toEqual({ exemptions: [], ignored: [] });
  });

  it.each<[string, unknown, "pulumi" | "terraform", RegExp]>([
    ["a Pulumi unknown map", PULUMI_UNKNOWN, "pulumi", /tags cannot be read yet \(Pulumi does not know it until the update\)/],
    ["a Terraform expression", "${merge(local.tags, { a = 1 })}", "terraform", /tags cannot be read yet \(it is a Terraform expression/],
    ["a list", [{ key: "redis-guard-exempt" }], "terraform", /tags are a list, not a map/],
    ["a string", "redis-guard-exempt=x", "terraform", /tags are a string, not a map/],
  ])("tags that are %s: no exemption, and it says so for every rule", (_label, tags, dialect, problem) => {
    const read = readExemptionTags(tags, dialect, allRules);
    expect(read.exemptions).toEqual([]);
    expect(read.ignored).toEqual([{ source: "tag", rules: [], problem: expect.stringMatching(problem) }]);
  });

  it("unwraps a Pulumi secret map and a secret value: the exemption applies", () => {
    expect(readExemptionTags(pulumiSecret({ [EXEMPTION_TAG_KEY]: valid }), "pulumi", allRules).exemptions).toHaveLength(1);
    expect(readExemptionTags({ [EXEMPTION_TAG_KEY]: pulumiSecret(valid) }, "pulumi", allRules).exemptions).toHaveLength(1);
  });

  it.each<[string, unknown, "pulumi" | "terraform", RegExp]>([
    ["unknown during preview", PULUMI_UNKNOWN, "pulumi", /its value cannot be read yet \(Pulumi does not know it until the update\); write it as a literal/],
    ["a Terraform expression", "Azure.Redis.NonSslPort; ${var.reason}", "terraform", /its value cannot be read yet \(it is a Terraform expression/],
    ["a number", 42, "terraform", /its value is a number, not text/],
    ["null", null, "terraform", /it has no value/],
    ["malformed", "Azure.Redis.NonSslPort", "terraform", /has no reason/],
  ])("an exemption tag whose value is %s exempts nothing and says why", (_label, value, dialect, problem) => {
    const read = readExemptionTags({ env: "prod", [EXEMPTION_TAG_KEY]: value }, dialect, allRules);
    expect(read.exemptions).toEqual([]);
    expect(read.ignored).toEqual([{ source: "tag", origin: EXEMPTION_TAG_KEY, rules: expect.any(Array), problem: expect.stringMatching(problem) }]);
  });

  it("two exemption tags that differ only in case are one tag to Azure: both are ignored", () => {
    const read = readExemptionTags({ "redis-guard-exempt": valid, "Redis-Guard-Exempt": valid }, "terraform", allRules);
    expect(read.exemptions).toEqual([]);
    expect(read.ignored.map((i) => i.origin)).toEqual(["redis-guard-exempt", "Redis-Guard-Exempt"]);
    expect(read.ignored[0]!.problem).toMatch(/case-insensitively/);
    expect(read.ignored[0]!.rules).toEqual(["Azure.Redis.NonSslPort"]);
  });

  it("the key Azure refuses is reported with the rules its value names", () => {
    const read = readExemptionTags({ "azure-redis-guard-exempt": valid }, "terraform", allRules);
    expect(read.ignored).toEqual([{ source: "tag", origin: "azure-redis-guard-exempt", rules: ["Azure.Redis.NonSslPort"], problem: expect.stringMatching(/start with 'azure'/) }]);
  });

  it("a resource type without tags has no tag exemptions, whatever its properties hold", () => {
    const database = findTerraformBinding("azurerm_redis_enterprise_database")!;
    expect(database.tagsProperty).toBeUndefined();
    expect(readResourceExemptionTags(database, { tags: { [EXEMPTION_TAG_KEY]: valid } }, "terraform", allRules).exemptions).toEqual([]);
    expect(findPulumiBinding("azure-native:redisenterprise:Database")!.tagsProperty).toBeUndefined();
    expect(findPulumiBinding("azure:redis/enterpriseDatabase:EnterpriseDatabase")!.tagsProperty).toBeUndefined();
  });

  it.each([
    ["azure-native:redis:Redis"],
    ["azure-native:redisenterprise:RedisEnterprise"],
    ["azure:redis/cache:Cache"],
    ["azure:redis/enterpriseCluster:EnterpriseCluster"],
    ["azure:managedredis/managedRedis:ManagedRedis"],
  ])("%s reads its tags", (type) => {
    expect(readResourceExemptionTags(findPulumiBinding(type)!, { tags: { [EXEMPTION_TAG_KEY]: valid } }, "pulumi", allRules).exemptions).toHaveLength(1);
  });
});

describe("inCodeExemptionsReader: a resource's tags and recorded exemptions, read once when first asked", () => {
  const cache = findTerraformBinding("azurerm_redis_cache")!;
  const valid = "Azure.Redis.NonSslPort; CHG-1";
  const recordedRecord = { rule: "Azure.Redis.MinTLS", reason: "legacy clients until the upgrade" };

  it("reads nothing until asked, then the tags and the recorded exemptions together, once", () => {
    let recordedReads = 0;
    const recorded = (): InCodeExemptions => {
      recordedReads++;
      return { exemptions: [{ source: "construct", origin: "stack/cache", ...parseExemptionRequest(recordedRecord, "exempt", allRules) }], ignored: [] };
    };
    const read = inCodeExemptionsReader(cache, { tags: { [EXEMPTION_TAG_KEY]: valid } }, "terraform", allRules, recorded);
    expect(recordedReads).toBe(0);
    const first = read();
    expect(first.exemptions.map((e) => [e.source, e.rules])).toEqual([
      ["tag", ["Azure.Redis.NonSslPort"]],
      ["construct", ["Azure.Redis.MinTLS"]],
    ]);
    expect(read()).toBe(first);
    expect(recordedReads).toBe(1);
  });

  it("without recorded exemptions, is the tags alone", () => {
    const body = { tags: { [EXEMPTION_TAG_KEY]: valid } };
    expect(inCodeExemptionsReader(cache, body, "terraform", allRules)()).toEqual(readResourceExemptionTags(cache, body, "terraform", allRules));
  });
});

describe("decideExemption: config and in-code exemptions, one decision", () => {
  const subject = (inCode: InCodeExemptions) => ({ identifiers: ["legacy"], displayName: "legacy", now: NOW, inCode });
  const tag = (rules: string[], expires?: string) => ({ source: "tag" as const, origin: "redis-guard-exempt", rules, reason: "CHG-1", ...(expires ? { expires } : {}) });
  const only = (...exemptions: ReturnType<typeof tag>[]): InCodeExemptions => ({ exemptions, ignored: [] });

  it("an in-code exemption of the rule is active; of another rule, nothing", () => {
    expect(decideExemption("Azure.Redis.NonSslPort", {}, subject(only(tag(["Azure.Redis.NonSslPort"])))).active).toEqual({
      state: "active",
      exemption: { source: "tag", resource: "legacy", tag: "redis-guard-exempt", reason: "CHG-1" },
    });
    expect(decideExemption("Azure.Redis.MinTLS", {}, subject(only(tag(["Azure.Redis.NonSslPort"]))))).toEqual({ inactive: [], ignored: [] });
  });

  it("through the end of the expiry day (UTC), then expired", () => {
    const decide = (now: number) => decideExemption("Azure.Redis.NonSslPort", {}, { ...subject(only(tag(["Azure.Redis.NonSslPort"], "2026-06-15"))), now });
    expect(decide(Date.UTC(2026, 5, 15, 23, 59, 59)).active?.state).toBe("active");
    expect(decide(Date.UTC(2026, 5, 16)).inactive).toEqual([{ state: "expired", exemption: expect.objectContaining({ expires: "2026-06-15" }) }]);
  });

  it("allowInCodeExemptions: false refuses in-code exemptions and keeps the config's", () => {
    const config: RuleConfig = { allowInCodeExemptions: false };
    const refused = decideExemption("Azure.Redis.NonSslPort", config, subject(only(tag(["Azure.Redis.NonSslPort"]))));
    expect(refused.active).toBeUndefined();
    expect(refused.inactive.map((m) => m.state)).toEqual(["refused"]);
    const withConfig = decideExemption("Azure.Redis.NonSslPort", { ...config, exemptions: [{ resource: "legacy", reason: "approved" }] }, subject(only(tag(["Azure.Redis.NonSslPort"]))));
    expect(withConfig.active?.exemption).toMatchObject({ source: "config", reason: "approved" });
  });

  it("the config's exemption comes first when both apply; an active in-code one wins over an expired config one", () => {
    const both = decideExemption("Azure.Redis.NonSslPort", { exemptions: [{ resource: "leg*", reason: "config" }] }, subject(only(tag(["Azure.Redis.NonSslPort"]))));
    expect(both.active?.exemption.source).toBe("config");
    const expiredConfig = decideExemption(
      "Azure.Redis.NonSslPort",
      { exemptions: [{ resource: "leg*", reason: "config", expires: "2020-01-01" }] },
      subject(only(tag(["Azure.Redis.NonSslPort"]))),
    );
    expect(expiredConfig.active?.exemption.source).toBe("tag");
    expect(expiredConfig.inactive.map((m) => m.exemption.source)).toEqual(["config"]);
  });

  it("an ignored exemption goes with the rules it names, or with every rule when it names none it could read", () => {
    const inCode: InCodeExemptions = {
      exemptions: [],
      ignored: [
        { source: "tag", origin: "a", rules: ["Azure.Redis.MinTLS"], problem: "p1" },
        { source: "tag", rules: [], problem: "p2" },
      ],
    };
    expect(decideExemption("Azure.Redis.MinTLS", {}, subject(inCode)).ignored.map((i) => i.problem)).toEqual(["p1", "p2"]);
    expect(decideExemption("Azure.Redis.NonSslPort", {}, subject(inCode)).ignored.map((i) => i.problem)).toEqual(["p2"]);
  });
});

describe("evaluateRule with in-code exemptions: what the finding says", () => {
  const binding = findTerraformBinding("azurerm_redis_cache")!;
  const evaluate = (tags: Record<string, unknown>, config: RuleConfig = {}, now = NOW) => {
    const body = { non_ssl_port_enabled: true, tags };
    const view = buildResourceView(binding, "azurerm_redis_cache.legacy", body, "terraform");
    let reads = 0;
    const finding = evaluateRule(redisNonSslPort, view, config, {
      identifiers: ["azurerm_redis_cache.legacy"],
      now,
      inCodeExemptions: () => {
        reads++;
        return readResourceExemptionTags(binding, body, "terraform", allRules);
      },
    });
    return { finding, reads };
  };

  it("active: not reported", () => {
    const { finding } = evaluate({ [EXEMPTION_TAG_KEY]: "Azure.Redis.NonSslPort; CHG-1; until 2026-12-31" });
    expect(finding).toMatchObject({ reportable: false, exemption: { state: "active", exemption: { source: "tag", reason: "CHG-1" } } });
  });

  it("expired: reported, naming the tag, its reason and the date", () => {
    const { finding } = evaluate({ [EXEMPTION_TAG_KEY]: "Azure.Redis.NonSslPort; CHG-1; until 2026-01-31" });
    expect(finding.reportable).toBe(true);
    expect(finding.exemption?.state).toBe("expired");
    expect(finding.message).toContain("The exemption tag 'redis-guard-exempt' on 'azurerm_redis_cache.legacy' (CHG-1) expired on 2026-01-31.");
  });

  it("refused: reported, saying allowInCodeExemptions refused it", () => {
    const { finding } = evaluate({ [EXEMPTION_TAG_KEY]: "Azure.Redis.NonSslPort; CHG-1" }, { allowInCodeExemptions: false });
    expect(finding).toMatchObject({ reportable: true, exemption: { state: "refused" } });
    expect(finding.message).toContain(
      "The exemption tag 'redis-guard-exempt' on 'azurerm_redis_cache.legacy' (CHG-1) was refused: allowInCodeExemptions is false for Azure.Redis.NonSslPort",
    );
  });

  it("malformed: reported, naming the resource and the tag key and saying why it was ignored", () => {
    const { finding } = evaluate({ "redis-guard-exempt-2": "Azure.Redis.NonSslPort" });
    expect(finding.reportable).toBe(true);
    expect(finding.exemption).toBeUndefined();
    expect(finding.ignoredExemptions).toHaveLength(1);
    expect(finding.message).toContain("The tag 'redis-guard-exempt-2' on 'azurerm_redis_cache.legacy' was ignored and exempts nothing: its value has no reason");
  });

  it("a passing resource never reads its tags", () => {
    const binding = findTerraformBinding("azurerm_redis_cache")!;
    const view = buildResourceView(binding, "ok", { non_ssl_port_enabled: false }, "terraform");
    const finding = evaluateRule(redisNonSslPort, view, {}, {
      identifiers: ["ok"],
      inCodeExemptions: () => {
        throw new Error("read");
      },
    });
    expect(finding.reportable).toBe(false);
  });

  it("a resource without tags (a Redis Enterprise database) is reported as usual", () => {
    const database = findTerraformBinding("azurerm_redis_enterprise_database")!;
    const body = { client_protocol: "Plaintext", tags: { [EXEMPTION_TAG_KEY]: "Azure.RedisEnterprise.ClientProtocol; r" } };
    const view = buildResourceView(database, "db", body, "terraform");
    const finding = evaluateRule(redisEnterpriseClientProtocol, view, {}, {
      identifiers: ["db"],
      inCodeExemptions: () => readResourceExemptionTags(database, body, "terraform", allRules),
    });
    expect(finding).toMatchObject({ reportable: true, verdict: { status: "fail" } });
  });
});

describe("RedisPolicyAspect.exempt()'s request, validated by the core", () => {
  it("takes one rule or a list, in any case, and keeps the expiry as written", () => {
    expect(parseExemptionRequest({ rule: "azure.redis.mintls", reason: " BI connector " }, "f", allRules)).toEqual({ rules: ["Azure.Redis.MinTLS"], reason: "BI connector" });
    expect(parseExemptionRequest({ rule: ["Azure.Redis.MinTLS", "Azure.Redis.NonSslPort"], reason: "r", expires: "2026-12-31" }, "f", allRules)).toEqual({
      rules: ["Azure.Redis.MinTLS", "Azure.Redis.NonSslPort"],
      reason: "r",
      expires: "2026-12-31",
    });
  });

  it.each<[string, unknown, string]>([
    ["not an object", "Azure.Redis.MinTLS", "f must be an object"],
    ["no rule", { reason: "r" }, "f.rule must be a rule id or a non-empty list"],
    ["an empty list", { rule: [], reason: "r" }, "f.rule must be a rule id or a non-empty list"],
    ["an unknown rule", { rule: "Azure.Redis.Nope", reason: "r" }, "f.rule names 'Azure.Redis.Nope', which is not a rule"],
    ["a wildcard", { rule: "*", reason: "r" }, "f.rule names '*': wildcards are not accepted"],
    ["no reason", { rule: "Azure.Redis.MinTLS" }, "f.reason must be a non-empty string"],
    ["a blank reason", { rule: "Azure.Redis.MinTLS", reason: "  " }, "f.reason has no reason"],
    ["a multi-line reason", { rule: "Azure.Redis.MinTLS", reason: "a\nb" }, "f.reason has a control character"],
    ["a malformed expiry", { rule: "Azure.Redis.MinTLS", reason: "r", expires: "next year" }, "f.expires must be an ISO date"],
    ["an unknown field", { rule: "Azure.Redis.MinTLS", reason: "r", until: "2026-01-01" }, "f.until is not a known field"],
  ])("refuses %s with a ConfigError naming the field", (_label, raw, message) => {
    expect(() => parseExemptionRequest(raw, "f", allRules)).toThrow(ConfigError);
    expect(() => parseExemptionRequest(raw, "f", allRules)).toThrow(message);
  });
});

describe("construct exemptions recorded in a synthesized resource's \"//\" block", () => {
  it("reads valid records and ignores a malformed one, saying why", () => {
    const comment = {
      metadata: { path: "stack/legacy" },
      "azure-redis-guard": {
        exemptions: [
          { construct: "stack", rules: ["Azure.Redis.NonSslPort"], reason: "CHG-1", expires: "2026-12-31" },
          { construct: "stack/legacy", rules: ["Azure.Redis.MinTLS"], reason: "" },
          { rules: ["Azure.Redis.Version"], reason: "r" },
        ],
      },
    };
    const read = readRecordedConstructExemptions(comment, allRules);
    expect(read.exemptions).toEqual([{ source: "construct", origin: "stack", rules: ["Azure.Redis.NonSslPort"], reason: "CHG-1", expires: "2026-12-31" }]);
    expect(read.ignored).toEqual([
      { source: "construct", origin: "stack/legacy", rules: ["Azure.Redis.MinTLS"], problem: expect.stringMatching(/reason/) },
      { source: "construct", rules: ["Azure.Redis.Version"], problem: expect.stringMatching(/construct must be the path/) },
    ]);
  });

  it("no record, nothing; a record of the wrong shape, ignored", () => {
    expect(readRecordedConstructExemptions({ metadata: {} }, allRules)).toEqual({ exemptions: [], ignored: [] });
    expect(readRecordedConstructExemptions({ "azure-redis-guard": [] }, allRules).ignored).toHaveLength(1);
  });
});

describe("a tags map that throws when read", () => {
  it("exempts nothing and says the tags could not be read, naming only the error's class", () => {
    const hostile = new Proxy({}, {
      ownKeys() {
        throw new TypeError("SECRET-IN-ERROR");
      },
    });
    const read = readExemptionTags(hostile, "pulumi", allRules);
    expect(read.exemptions).toEqual([]);
    expect(read.ignored).toEqual([{ source: "tag", rules: [], problem: "the resource's tags could not be read (TypeError), so no exemption tag among them can apply" }]);
  });
});
