import { describe, expect, it } from "vitest";
import type { AnalyzeResult, Diagnostic } from "../../cli/engine/analyzer-client";
import { pulumiSecret, useRepoPack } from "../support/pack";

/**
 * Azure Managed Redis and the retirement notices over the real analyzer protocol, as
 * `pulumi preview --policy-pack` drives the pack. The default of an absent setting follows the API
 * version the token stands for: a versioned azure-native token names it; the unversioned 3.x token has
 * stood for several (azure-native changed it within 3.x), so no default is established for it.
 */
const runningPack = useRepoPack();

const LOCAL_AUTH = "azure-redis-enterprise-local-auth";
const PUBLIC = "azure-redis-enterprise-public-network-access";
const CACHE_RETIRING = "azure-redis-migrate-amr";
const ENTERPRISE_RETIRING = "azure-redis-enterprise-migrate-amr";

function of(result: AnalyzeResult, policy: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.policyName === policy);
}

describe("Azure.RedisEnterprise.LocalAuth: an absent accessKeysAuthentication follows the token's API version", () => {
  it.each([
    ["azure-native:redisenterprise/v20250701:Database", undefined],
    ["azure-native:redisenterprise/v20250801preview:Database", undefined],
    ["azure-native:redisenterprise/v20240901preview:Database", `Azure's default at API version 2024-09-01-preview is "Enabled", which is not compliant`],
    ["azure-native:redisenterprise/v20250501preview:Database", `Azure's default at API version 2025-05-01-preview is "Enabled", which is not compliant`],
    ["azure-native:cache:Database", `Azure's default at API version 2023-03-01-preview is "Enabled", which is not compliant`],
    [
      "azure-native:redisenterprise:Database",
      "its default cannot be established ('azure-native:redisenterprise:Database' has stood for API versions 2024-03-01-preview, 2025-05-01-preview and 2025-07-01",
    ],
  ] as const)("%s with nothing set", async (type, failure) => {
    const result = await runningPack().engine.analyze({ type, name: "db", properties: { clusterName: "c", resourceGroupName: "rg" } });
    const found = of(result, LOCAL_AUTH);
    if (failure === undefined) {
      expect(found).toEqual([]);
      return;
    }
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ enforcementLevel: "advisory", severity: "high" });
    expect(found[0]!.message).toContain("Azure.RedisEnterprise.LocalAuth: Redis Enterprise database 'db' does not set 'accessKeysAuthentication', and ");
    expect(found[0]!.message).toContain(failure);
    expect(found[0]!.message).toContain(`Fix: set 'accessKeysAuthentication' to "Disabled"`);
  });

  it.each(["azure-native:redisenterprise:Database", "azure-native:redisenterprise/v20240901preview:Database", "azure-native:redisenterprise/v20250701:Database"])(
    "%s: an explicit value decides whatever the API version, secret or not",
    async (type) => {
      for (const [value, fails] of [
        ["Disabled", false],
        ["Enabled", true],
        [pulumiSecret("Disabled"), false],
        [pulumiSecret("Enabled"), true],
      ] as const) {
        const found = of(await runningPack().engine.analyze({ type, name: "db", properties: { accessKeysAuthentication: value } }), LOCAL_AUTH);
        expect(found.map((d) => d.message.includes("leaves access key authentication on")), JSON.stringify(value)).toEqual(fails ? [true] : []);
      }
    },
  );

  it("classic ManagedRedis: the provider's default (false) passes, true fails", async () => {
    const type = "azure:managedredis/managedRedis:ManagedRedis";
    const base = { publicNetworkAccess: "Disabled" };
    expect(of(await runningPack().engine.analyze({ type, name: "m", properties: base }), LOCAL_AUTH)).toEqual([]);
    const keys = of(await runningPack().engine.analyze({ type, name: "m", properties: { ...base, defaultDatabase: { accessKeysAuthenticationEnabled: true } } }), LOCAL_AUTH);
    expect(keys.map((d) => d.message)).toEqual([expect.stringContaining("'defaultDatabase.accessKeysAuthenticationEnabled' leaves access key authentication on")]);
  });

  it("requireExplicit fails an absent value even where the API default complies; a Pulumi unknown is the SDK's preview advisory", async () => {
    await runningPack().engine.configure({ [LOCAL_AUTH]: { enforcementLevel: "mandatory", properties: { requireExplicit: true } } });
    const strict = of(await runningPack().engine.analyze({ type: "azure-native:redisenterprise/v20250701:Database", name: "db", properties: {} }), LOCAL_AUTH);
    expect(strict.map((d) => [d.enforcementLevel, d.message.includes("requireExplicit")])).toEqual([["mandatory", true]]);
    await runningPack().engine.configure({});
    const unknown = of(await runningPack().engine.analyze({ type: "azure-native:redisenterprise/v20250701:Database", name: "db", properties: { accessKeysAuthentication: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } }), LOCAL_AUTH);
    expect(unknown.map((d) => d.message)).toEqual([expect.stringMatching(/can't run policy 'azure-redis-enterprise-local-auth' .* during preview/)]);
  });
});

describe("Azure.RedisEnterprise.PublicNetworkAccess", () => {
  it.each([
    ["azure-native:redisenterprise/v20250701:RedisEnterprise", "publicNetworkAccess is required: Azure rejects a cluster that leaves it out"],
    ["azure-native:redisenterprise/v20240901preview:RedisEnterprise", "there is no publicNetworkAccess property, so the cluster's public endpoint cannot be turned off"],
    ["azure-native:redisenterprise:RedisEnterprise", "has stood for API versions"],
  ] as const)("%s without publicNetworkAccess does not pass", async (type, why) => {
    const found = of(await runningPack().engine.analyze({ type, name: "amr", properties: { sku: { name: "Balanced_B0" } } }), PUBLIC);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ enforcementLevel: "advisory", severity: "critical" });
    expect(found[0]!.message).toContain(why);
  });

  it.each([
    ["azure-native:redisenterprise:RedisEnterprise", { publicNetworkAccess: "Disabled" }, []],
    ["azure-native:redisenterprise:RedisEnterprise", { publicNetworkAccess: "Enabled" }, ["enables public network access"]],
    ["azure:managedredis/managedRedis:ManagedRedis", { publicNetworkAccess: "Disabled" }, []],
    ["azure:managedredis/managedRedis:ManagedRedis", {}, [`the provider's default is "Enabled"`]],
  ] as const)("%s %j", async (type, properties, expected) => {
    const found = of(await runningPack().engine.analyze({ type, name: "amr", properties: { ...properties } }), PUBLIC);
    expect(found.map((d) => d.message)).toEqual(expected.map((text) => expect.stringContaining(text)));
  });

  it("classic EnterpriseCluster cannot express it: the policy says it does not apply", async () => {
    const result = await runningPack().engine.analyze({ type: "azure:redis/enterpriseCluster:EnterpriseCluster", name: "c", properties: { skuName: "Enterprise_E10-2" } });
    expect(of(result, PUBLIC)).toEqual([]);
    expect(result.notApplicable.map((n) => n.policyName)).toContain(PUBLIC);
    expect(result.notApplicable.find((n) => n.policyName === PUBLIC)?.reason).toMatch(/cannot be checked on azure:redis\/enterpriseCluster:EnterpriseCluster: the type has no setting for it/);
  });
});

describe("the retirement notices: advisory, no MCSB control, off in one line", () => {
  const cache = { type: "azure-native:redis:Redis", name: "legacy", properties: { enableNonSslPort: false } };
  const enterprise = { type: "azure-native:redisenterprise:RedisEnterprise", name: "ent", properties: { sku: { name: "Enterprise_E10" }, publicNetworkAccess: "Disabled" } };

  it("every Azure Cache for Redis gets Azure.Redis.MigrateAMR, with the dates and where to go", async () => {
    const found = of(await runningPack().engine.analyze(cache), CACHE_RETIRING);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ enforcementLevel: "advisory", severity: "high" });
    expect(found[0]!.message).toMatch(/retires on 2028-09-30.*from 2026-04-01 for new customers and from 2026-10-01.*Fix: move the workload to Azure Managed Redis/);
  });

  it.each([
    ["azure-native:redisenterprise:RedisEnterprise", { sku: { name: "Enterprise_E10" } }, true],
    ["azure-native:redisenterprise:RedisEnterprise", { sku: { name: "EnterpriseFlash_F300" } }, true],
    ["azure-native:redisenterprise:RedisEnterprise", { sku: { name: "Balanced_B5" } }, false],
    ["azure:redis/enterpriseCluster:EnterpriseCluster", { skuName: "Enterprise_E10-2" }, true],
  ] as const)("Azure.RedisEnterprise.MigrateAMR on %s %j", async (type, properties, fails) => {
    const found = of(await runningPack().engine.analyze({ type, name: "c", properties: { ...properties } }), ENTERPRISE_RETIRING);
    expect(found.map((d) => d.message.includes("which Microsoft retires on 2027-03-31"))).toEqual(fails ? [true] : []);
  });

  it("the policies carry the Operational Excellence pillar and no compliance framework", async () => {
    const info = await runningPack().engine.analyzerInfo();
    for (const name of [CACHE_RETIRING, ENTERPRISE_RETIRING]) {
      const policy = info.getPoliciesList().find((p) => p.getName() === name)!;
      expect(policy.getTagsList()).toContain("operational excellence");
      expect(policy.getFramework()).toBeUndefined();
    }
  });

  it('`{ "azure-redis-migrate-amr": "disabled" }`: one line turns the notice off', async () => {
    await runningPack().engine.configure({ [CACHE_RETIRING]: { enforcementLevel: "disabled" }, [ENTERPRISE_RETIRING]: { enforcementLevel: "disabled" } });
    expect(of(await runningPack().engine.analyze(cache), CACHE_RETIRING)).toEqual([]);
    expect(of(await runningPack().engine.analyze(enterprise), ENTERPRISE_RETIRING)).toEqual([]);
  });

  it("an exemption with a reason and an expiry silences it until the date, then says it expired", async () => {
    const plan = (expires: string) => ({ [CACHE_RETIRING]: { enforcementLevel: "advisory" as const, properties: { exemptions: [{ resource: "legacy", reason: "migration CHG-77", expires }] } } });
    await runningPack().engine.configure(plan("2099-09-30"));
    expect(of(await runningPack().engine.analyze(cache), CACHE_RETIRING)).toEqual([]);
    await runningPack().engine.configure(plan("2020-01-31"));
    expect(of(await runningPack().engine.analyze(cache), CACHE_RETIRING).map((d) => d.message)).toEqual([expect.stringContaining("The exemption 'legacy' (migration CHG-77) expired on 2020-01-31.")]);
  });

  it("remediate rewrites nothing for the new rules: no lock-out, no SKU change", async () => {
    const remediate = { enforcementLevel: "remediate" as const };
    await runningPack().engine.configure({ [CACHE_RETIRING]: remediate, [ENTERPRISE_RETIRING]: remediate, [PUBLIC]: remediate, [LOCAL_AUTH]: remediate });
    expect(await runningPack().engine.remediate(cache)).toEqual([]);
    expect(await runningPack().engine.remediate({ ...enterprise, properties: { sku: { name: "Enterprise_E10" }, publicNetworkAccess: "Enabled" } })).toEqual([]);
    expect(await runningPack().engine.remediate({ type: "azure-native:redisenterprise/v20240901preview:Database", name: "db", properties: { accessKeysAuthentication: "Enabled" } })).toEqual([]);
    // Analyze reports them as mandatory at remediate, as for every rule without a fix.
    expect(of(await runningPack().engine.analyze(cache), CACHE_RETIRING).map((d) => d.enforcementLevel)).toEqual(["mandatory"]);
  });
});
