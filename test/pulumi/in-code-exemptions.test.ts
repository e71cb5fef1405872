import { describe, expect, it } from "vitest";
import type { AnalyzeResult, Diagnostic } from "../../cli/engine/analyzer-client";
import { redisEnterpriseClientProtocol, redisEnterpriseMinTls, redisMinTls, redisNonSslPort } from "../../policies";
import { pulumiSecret, useRepoPack } from "../support/pack";

/**
 * Exemption tags through the pack as `pulumi preview` runs it: over the Analyzer gRPC protocol, with the
 * engine's wire form (secrets, unknowns) and the policy SDK's proxies between the tags and the pack.
 */
const runningPack = useRepoPack();

const NON_SSL = redisNonSslPort.policyName;
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const MARKER = "OTHER-TAG-VALUE-MARKER";

function of(result: AnalyzeResult, policyName: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.policyName === policyName);
}

/** A cache that fails Azure.Redis.NonSslPort, in each family's property names, with the given tags. */
const FAMILIES = [
  { type: "azure-native:redis:Redis", open: { enableNonSslPort: true, minimumTlsVersion: "1.2" } },
  { type: "azure-native:cache/v20230401:Redis", open: { enableNonSslPort: true, minimumTlsVersion: "1.2" } },
  { type: "azure:redis/cache:Cache", open: { nonSslPortEnabled: true, minimumTlsVersion: "1.2" } },
] as const;

function openCache(family: (typeof FAMILIES)[number], tags: unknown, name = "legacy-cache") {
  return { type: family.type, name, properties: { location: "westeurope", ...family.open, tags } };
}

describe.each(FAMILIES)("$type", (family) => {
  it("a valid exemption tag silences its rule only; the other rules still speak", async () => {
    const result = await runningPack().engine.analyze(openCache(family, { owner: MARKER, "redis-guard-exempt": "Azure.Redis.NonSslPort; client without TLS, CHG-1234; until 2099-12-31" }));
    expect(of(result, NON_SSL)).toEqual([]);
    // The advisory rules still report this cache (public network access and access keys left at the defaults).
    expect(result.diagnostics.length).toBeGreaterThan(0);
    for (const d of result.diagnostics) expect(d.message).not.toContain(MARKER);
  });

  it("a secret-wrapped tags map: the exemption still applies", async () => {
    const result = await runningPack().engine.analyze(openCache(family, pulumiSecret({ owner: MARKER, "redis-guard-exempt": "Azure.Redis.NonSslPort; CHG-1" })));
    expect(of(result, NON_SSL)).toEqual([]);
  });

  it("a secret-wrapped tag value: the exemption still applies", async () => {
    const result = await runningPack().engine.analyze(openCache(family, { "redis-guard-exempt": pulumiSecret("Azure.Redis.NonSslPort; CHG-1") }));
    expect(of(result, NON_SSL)).toEqual([]);
  });

  it("an exemption tag whose value is unknown during preview exempts nothing and says so", async () => {
    const [violation, ...rest] = of(await runningPack().engine.analyze(openCache(family, { owner: MARKER, "redis-guard-exempt": UNKNOWN_STRING })), NON_SSL);
    expect(rest).toEqual([]);
    expect(violation).toMatchObject({ enforcementLevel: "mandatory" });
    expect(violation!.message).toContain("The tag 'redis-guard-exempt' on 'legacy-cache' was ignored and exempts nothing: its value cannot be read yet");
    expect(violation!.message).toContain("write it as a literal");
    expect(violation!.message).not.toContain(MARKER);
  });

  it("tags that are unknown as a whole: the violation stands and says no exemption tag could be read", async () => {
    const [violation] = of(await runningPack().engine.analyze(openCache(family, UNKNOWN_STRING)), NON_SSL);
    expect(violation!.message).toContain("No exemption tag applies to 'legacy-cache': the resource's tags cannot be read yet");
  });

  it("an expired exemption tag: the violation returns, naming the tag, its reason and the date", async () => {
    const [violation] = of(await runningPack().engine.analyze(openCache(family, { "redis-guard-exempt": "Azure.Redis.NonSslPort; CHG-1; until 2020-01-31" })), NON_SSL);
    expect(violation!.message).toContain("The exemption tag 'redis-guard-exempt' on 'legacy-cache' (CHG-1) expired on 2020-01-31.");
  });

  it("a malformed exemption tag: the violation stands, naming the resource and the tag key and why", async () => {
    const [violation] = of(await runningPack().engine.analyze(openCache(family, { owner: MARKER, "Redis-Guard-Exempt-TLS": "Azure.Redis.NonSslPort" })), NON_SSL);
    expect(violation!.message).toContain("The tag 'Redis-Guard-Exempt-TLS' on 'legacy-cache' was ignored and exempts nothing: its value has no reason");
    expect(violation!.message).not.toContain(MARKER);
  });

  it("allowInCodeExemptions: false refuses the tag, and the violation says so", async () => {
    await runningPack().engine.configure({ [NON_SSL]: { enforcementLevel: "mandatory", properties: { allowInCodeExemptions: false } } });
    const [violation] = of(await runningPack().engine.analyze(openCache(family, { "redis-guard-exempt": "Azure.Redis.NonSslPort; CHG-1" })), NON_SSL);
    expect(violation!.message).toContain(
      "The exemption tag 'redis-guard-exempt' on 'legacy-cache' (CHG-1) was refused: allowInCodeExemptions is false for Azure.Redis.NonSslPort",
    );
  });
});

describe("several rules, several tags", () => {
  it("one tag names two rules; a suffixed tag a third", async () => {
    const properties = {
      enableNonSslPort: true,
      minimumTlsVersion: "1.0",
      publicNetworkAccess: "Enabled",
      tags: {
        "redis-guard-exempt": "Azure.Redis.NonSslPort, Azure.Redis.MinTLS; legacy BI connector",
        "redis-guard-exempt-network": "Azure.Redis.PublicNetworkAccess; behind the partner VPN; until 2099-01-01",
      },
    };
    const result = await runningPack().engine.analyze({ type: "azure-native:redis:Redis", name: "bi", properties });
    expect(of(result, NON_SSL)).toEqual([]);
    expect(of(result, redisMinTls.policyName)).toEqual([]);
    expect(of(result, "azure-redis-public-network-access")).toEqual([]);
    // Access keys are not exempt: that advisory still reports.
    expect(of(result, "azure-redis-local-auth")).toHaveLength(1);
  });

  it("the per-rule setting: refused for one rule, honoured for another", async () => {
    await runningPack().engine.configure({ [NON_SSL]: { enforcementLevel: "mandatory", properties: { allowInCodeExemptions: false } } });
    const properties = { enableNonSslPort: true, minimumTlsVersion: "1.0", tags: { "redis-guard-exempt": "Azure.Redis.NonSslPort, Azure.Redis.MinTLS; r" } };
    const result = await runningPack().engine.analyze({ type: "azure-native:redis:Redis", name: "bi", properties });
    expect(of(result, NON_SSL)).toHaveLength(1);
    expect(of(result, redisMinTls.policyName)).toEqual([]);
  });
});

describe("Azure Managed Redis and Redis Enterprise", () => {
  it("a cluster is exempt by its tag", async () => {
    const cluster = { type: "azure-native:redisenterprise:RedisEnterprise", name: "amr", properties: { minimumTlsVersion: "1.0" } };
    expect(of(await runningPack().engine.analyze(cluster), redisEnterpriseMinTls.policyName)).toHaveLength(1);
    const tagged = { ...cluster, properties: { ...cluster.properties, tags: { "redis-guard-exempt": "Azure.RedisEnterprise.MinTLS; r" } } };
    expect(of(await runningPack().engine.analyze(tagged), redisEnterpriseMinTls.policyName)).toEqual([]);
  });

  it.each(["azure-native:redisenterprise:Database", "azure:redis/enterpriseDatabase:EnterpriseDatabase"])(
    "%s has no tags: a tags property does not exempt it, and does not trip the pack",
    async (type) => {
      const properties = { clientProtocol: "Plaintext", tags: { "redis-guard-exempt": "Azure.RedisEnterprise.ClientProtocol; r" } };
      const [violation, ...rest] = of(await runningPack().engine.analyze({ type, name: "db", properties }), redisEnterpriseClientProtocol.policyName);
      expect(rest).toEqual([]);
      expect(violation).toMatchObject({ enforcementLevel: "mandatory" });
    },
  );

  it("classic ManagedRedis reads its tags", async () => {
    const amr = { type: "azure:managedredis/managedRedis:ManagedRedis", name: "amr", properties: { defaultDatabase: { clientProtocol: "Plaintext" } } };
    expect(of(await runningPack().engine.analyze(amr), redisEnterpriseClientProtocol.policyName)).toHaveLength(1);
    const tagged = { ...amr, properties: { ...amr.properties, tags: { "redis-guard-exempt": "Azure.RedisEnterprise.ClientProtocol; r" } } };
    expect(of(await runningPack().engine.analyze(tagged), redisEnterpriseClientProtocol.policyName)).toEqual([]);
  });
});

describe("Remediate", () => {
  it("leaves a resource exempt by its tag alone; rewrites it once the tag expired", async () => {
    await runningPack().engine.configure({ [NON_SSL]: { enforcementLevel: "remediate" } });
    const exempt = { type: "azure-native:redis:Redis", name: "c", properties: { enableNonSslPort: true, tags: { "redis-guard-exempt": "Azure.Redis.NonSslPort; r" } } };
    expect(await runningPack().engine.remediate(exempt)).toEqual([]);
    const expired = { ...exempt, properties: { ...exempt.properties, tags: { "redis-guard-exempt": "Azure.Redis.NonSslPort; r; until 2020-01-01" } } };
    const [remediation] = await runningPack().engine.remediate(expired);
    expect(remediation!.properties).toMatchObject({ enableNonSslPort: false });
  });
});

describe("Configure", () => {
  it("refuses allowInCodeExemptions that is not a boolean, naming the field", async () => {
    await runningPack().engine.configure({ [NON_SSL]: { enforcementLevel: "mandatory", properties: { allowInCodeExemptions: "no" } } });
    const error = await runningPack().engine.analyze(openCache(FAMILIES[0], {})).then(
      () => undefined,
      (e: { details?: string }) => e,
    );
    expect(error?.details).toContain("azure-redis-non-ssl-port.allowInCodeExemptions must be true or false");
  });
});
