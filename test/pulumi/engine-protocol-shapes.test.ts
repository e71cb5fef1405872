import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import type { AnalyzeResult, Diagnostic } from "../../cli/engine/analyzer-client";
import { allRules, redisEntraId, redisEnterpriseClientProtocol, redisNonSslPort } from "../../policies";
import { encodeFixtureValue, loadRuleFixtures } from "../support/fixtures";
import { pulumiSecret, useRepoPack } from "../support/pack";

/**
 * Two shapes of property bag the pack gets besides a preview's inputs, over the engine protocol:
 * - resources a Terraform module creates under Pulumi (`pulumi package add terraform-module`): type
 *   `<package>:tf:<terraform type>`, Terraform's snake_case attributes with blocks as lists, plus the
 *   provider's `__address` and `__module` (pulumi/pulumi-terraform-module pkg/modprovider/child.go);
 *   its unknowns are computed strings (the engine's generic sentinel), its sensitive values secrets;
 * - a resource's recorded outputs, as `pulumi policy analyze` (pulumi/pulumi#22250, `--file` in #23664)
 *   and Pulumi Cloud's audit policy groups send them: read-only and provider-filled properties included
 *   (`port: 6379` on every cache, secret access keys, host names).
 */
const runningPack = useRepoPack();

const ENGINE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const MARKER = "SENSITIVE-MARKER-ANALYZE";
const byPolicy = (result: AnalyzeResult, policyName: string): Diagnostic[] => result.diagnostics.filter((d) => d.policyName === policyName);
const isPreviewUnknown = (d: Diagnostic) => d.enforcementLevel === "advisory" && /can't run policy .* during preview/.test(d.message);

/** The bookkeeping the terraform-module provider adds to each child's inputs. */
function moduleChild(address: string, values: Record<string, unknown>): Record<string, unknown> {
  return { ...values, __address: address, __module: "urn:pulumi:dev::estate::redismod:index:Module::cache" };
}

describe("resources a Terraform module creates, judged with the Terraform bindings", () => {
  const fixture = loadRuleFixtures().find((f) => f.rule === redisNonSslPort.id)!;
  const families = [
    { type: "redismod:tf:azurerm_redis_cache", property: "non_ssl_port_enabled" },
    // azurerm 3.x modules (the Azure Verified Module pinned ~> 3.x) still write the old name.
    { type: "avm-res-cache-redis:tf:azurerm_redis_cache", property: "enable_non_ssl_port" },
  ];
  for (const family of families) {
    for (const testCase of fixture.cases) {
      for (const secret of [false, true]) {
        it(`${family.type} ${family.property}: ${testCase.name}${secret ? " (sensitive: a secret)" : ""}`, async () => {
          if (testCase.options) await runningPack().engine.configure({ [redisNonSslPort.policyName]: { enforcementLevel: "mandatory", properties: { ...testCase.options } } });
          const values: Record<string, unknown> = { name: "tfmod-cache", capacity: 1, family: "C", sku_name: "Standard", redis_configuration: [{ maxmemory_policy: "volatile-lru" }] };
          const value = testCase.settings.nonSslPortEnabled;
          if (value !== undefined) {
            // The module provider's unknown is a computed string: the engine's generic sentinel.
            const wire = encodeFixtureValue(value, "pulumi") === "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7" ? ENGINE_UNKNOWN : value;
            values[family.property] = secret ? pulumiSecret(wire) : wire;
          }
          const result = await runningPack().engine.analyze({ type: family.type, name: "module.cache.azurerm_redis_cache.this", properties: moduleChild("module.cache.azurerm_redis_cache.this", values) });
          const found = byPolicy(result, redisNonSslPort.policyName);
          if (testCase.expect === "pass") {
            expect(found).toEqual([]);
          } else if (testCase.expect === "fail") {
            expect(found).toHaveLength(1);
            expect(found[0]).toMatchObject({ enforcementLevel: "mandatory", severity: "critical" });
            expect(found[0]!.message).toContain("Redis cache 'module.cache.azurerm_redis_cache.this'");
            expect(found[0]!.message).toContain(`'${testCase.reason === "absent-required" ? "non_ssl_port_enabled" : family.property}'`);
          } else {
            expect(found).toHaveLength(1);
            expect(isPreviewUnknown(found[0]!)).toBe(true);
            expect(found[0]!.message).toContain(family.property);
          }
        });
      }
    }
  }

  it.each([
    ["the whole redis_configuration block unknown", ENGINE_UNKNOWN, "unknown"],
    ["one attribute of the one-element block list unknown", [{ active_directory_authentication_enabled: ENGINE_UNKNOWN }], "unknown"],
    ["the block list, Entra ID off", [{ active_directory_authentication_enabled: false, maxclients: 1000 }], "fail"],
    ["the block list, Entra ID on", [{ active_directory_authentication_enabled: true }], "pass"],
  ])("blocks arrive as lists: %s", async (_label, block, expected) => {
    const result = await runningPack().engine.analyze({
      type: "redismod:tf:azurerm_redis_cache",
      name: "module.cache.azurerm_redis_cache.this",
      properties: moduleChild("module.cache.azurerm_redis_cache.this", { non_ssl_port_enabled: false, redis_configuration: block }),
    });
    const found = byPolicy(result, redisEntraId.policyName);
    if (expected === "pass") expect(found).toEqual([]);
    else if (expected === "fail") expect(found[0]!.message).toContain("'redis_configuration.active_directory_authentication_enabled'");
    else expect(isPreviewUnknown(found[0]!)).toBe(true);
  });

  it.each([
    ["redismod:tf:azurerm_redis_enterprise_database", { client_protocol: "Plaintext", port: 10000, primary_access_key: pulumiSecret(MARKER) }, "fail"],
    ["redismod:tf:azurerm_managed_redis", { default_database: [{ client_protocol: "Plaintext", port: 10000, primary_access_key: pulumiSecret(MARKER) }] }, "fail"],
    ["redismod:tf:azurerm_managed_redis", { default_database: [{ client_protocol: "Encrypted" }] }, "pass"],
  ])("%s %j: the Enterprise rules judge it", async (type, values, expected) => {
    const result = await runningPack().engine.analyze({ type, name: "module.amr.x", properties: moduleChild("module.amr.x", values) });
    expect(byPolicy(result, redisEnterpriseClientProtocol.policyName).length).toBe(expected === "fail" ? 1 : 0);
    for (const d of result.diagnostics) expect(d.message).not.toContain(MARKER);
  });

  it.each(["redismod:tf:azurerm_storage_account", "redismod:tf:azurerm_redis_firewall_rule", "redismod:index:Module", "redismod:tf:azurerm_redis_cache_v2", "tf:azurerm_redis_cache"])(
    "%s is not in the Redis family: no policy says anything",
    async (type) => {
      const result = await runningPack().engine.analyze({ type, name: "x", properties: { non_ssl_port_enabled: true } });
      expect(result.diagnostics).toEqual([]);
      expect(result.notApplicable).toEqual([]);
    },
  );

  it("an exemption glob matches the child's name, its Terraform address", async () => {
    await runningPack().engine.configure({ [redisNonSslPort.policyName]: { enforcementLevel: "mandatory", properties: { exemptions: [{ resource: "module.cache.*", reason: "CHG-11" }] } } });
    const result = await runningPack().engine.analyze({ type: "redismod:tf:azurerm_redis_cache", name: "module.cache.azurerm_redis_cache.this", properties: moduleChild("module.cache.azurerm_redis_cache.this", { non_ssl_port_enabled: true }) });
    expect(byPolicy(result, redisNonSslPort.policyName)).toEqual([]);
  });

  it("is never remediated in place (the provider plans from the module's inputs): remediate leaves it to the violation", async () => {
    await runningPack().engine.configure({ [redisNonSslPort.policyName]: { enforcementLevel: "remediate" } });
    const child = { type: "redismod:tf:azurerm_redis_cache", name: "module.cache.azurerm_redis_cache.this", properties: moduleChild("module.cache.azurerm_redis_cache.this", { non_ssl_port_enabled: true }) };
    expect(await runningPack().engine.remediate(child)).toEqual([]);
    const found = byPolicy(await runningPack().engine.analyze(child), redisNonSslPort.policyName);
    expect(found.map((d) => d.enforcementLevel)).toEqual(["mandatory"]);
    expect(found[0]!.message).toContain("Fix: set 'non_ssl_port_enabled' to false");
  });
});

/** The output names a class of an installed SDK declares (`readonly <name>: pulumi.Output<...>`). */
function outputNames(declarationFile: string, className: string): Set<string> {
  const source = fs.readFileSync(require.resolve(declarationFile), "utf8");
  const body = source.slice(source.indexOf(`export declare class ${className} `), source.indexOf("constructor(", source.indexOf(`export declare class ${className} `)));
  return new Set([...body.matchAll(/readonly (\w+): pulumi\.Output</g)].map((m) => m[1]!));
}

describe("state-shaped property bags: recorded outputs, read-only properties included", () => {
  /** azure-native `Redis` outputs as Azure returns them (names from the installed SDK, checked below). */
  function nativeRedisOutputs(overrides: Record<string, unknown>): Record<string, unknown> {
    return {
      accessKeys: pulumiSecret({ primaryKey: MARKER, secondaryKey: MARKER }),
      azureApiVersion: "2024-11-01",
      disableAccessKeyAuthentication: true,
      enableNonSslPort: false,
      hostName: "cache.redis.cache.windows.net",
      instances: [{ isMaster: true, isPrimary: true, nonSslPort: 13000, sslPort: 15000 }],
      linkedServers: [],
      location: "West Europe",
      minimumTlsVersion: "1.2",
      name: "cache",
      // On every cache, whatever enableNonSslPort says: the port Azure reserves, not a setting.
      port: 6379,
      privateEndpointConnections: [],
      provisioningState: "Succeeded",
      publicNetworkAccess: "Disabled",
      redisConfiguration: { aadEnabled: "True", maxclients: "1000", maxmemoryPolicy: "volatile-lru", maxmemoryReserved: "125", preferredDataArchiveAuthMethod: "SAS", zonalConfiguration: "{}" },
      redisVersion: "6.0",
      sku: { capacity: 1, family: "C", name: "Standard" },
      sslPort: 6380,
      tenantSettings: {},
      type: "Microsoft.Cache/Redis",
      updateChannel: "Stable",
      zonalAllocationPolicy: "NoZones",
      ...overrides,
    };
  }

  /** Classic `azure.redis.Cache` outputs: the bridged provider's whole state, its key outputs secret. */
  function classicCacheOutputs(overrides: Record<string, unknown>): Record<string, unknown> {
    return {
      accessKeysAuthenticationEnabled: false,
      capacity: 1,
      family: "C",
      hostname: "classic.redis.cache.windows.net",
      location: "westeurope",
      minimumTlsVersion: "1.2",
      name: "classic",
      nonSslPortEnabled: false,
      patchSchedules: [],
      port: 6379,
      primaryAccessKey: pulumiSecret(MARKER),
      primaryConnectionString: pulumiSecret(`classic.redis.cache.windows.net:6380,password=${MARKER},ssl=True`),
      publicNetworkAccessEnabled: false,
      redisConfiguration: { activeDirectoryAuthenticationEnabled: true, maxclients: 1000, maxmemoryPolicy: "volatile-lru", rdbStorageConnectionString: pulumiSecret(MARKER) },
      redisVersion: "6",
      resourceGroupName: "rg",
      secondaryAccessKey: pulumiSecret(MARKER),
      secondaryConnectionString: pulumiSecret(MARKER),
      skuName: "Standard",
      sslPort: 6380,
      tags: {},
      zones: [],
      ...overrides,
    };
  }

  it("the bags use the installed SDKs' own output names", () => {
    const native = outputNames("@pulumi/azure-native/redis/redis.d.ts", "Redis");
    const classic = outputNames("@pulumi/azure/redis/cache.d.ts", "Cache");
    expect(Object.keys(nativeRedisOutputs({})).filter((name) => !native.has(name))).toEqual([]);
    expect(Object.keys(classicCacheOutputs({})).filter((name) => !classic.has(name))).toEqual([]);
    expect(native.has("port") && native.has("sslPort") && native.has("accessKeys")).toBe(true);
  });

  it.each([
    ["azure-native:redis:Redis", nativeRedisOutputs({})],
    ["azure:redis/cache:Cache", classicCacheOutputs({})],
    ["redismod:tf:azurerm_redis_cache", { non_ssl_port_enabled: false, minimum_tls_version: "1.2", public_network_access_enabled: false, access_keys_authentication_enabled: false, redis_version: "6", port: 6379, ssl_port: 6380, hostname: "tf.redis.cache.windows.net", primary_access_key: pulumiSecret(MARKER), redis_configuration: [{ active_directory_authentication_enabled: true, maxclients: 1000 }] }],
  ])("%s: a compliant cache's outputs pass every rule; port 6379 is not the non-SSL port setting", async (type, properties) => {
    await runningPack().engine.configure(Object.fromEntries(allRules.map((rule) => [rule.policyName, { enforcementLevel: "mandatory", properties: { requireExplicit: true } }])));
    const result = await runningPack().engine.analyze({ type, name: "cache", properties });
    // Every Azure Cache for Redis carries the retirement notice, whatever its settings; nothing else speaks.
    expect(result.diagnostics.map((d) => d.policyName)).toEqual(["azure-redis-migrate-amr"]);
  });

  it.each([
    ["azure-native:redis:Redis", nativeRedisOutputs({ enableNonSslPort: true, minimumTlsVersion: "1.0", publicNetworkAccess: "Enabled", disableAccessKeyAuthentication: false, redisConfiguration: { aadEnabled: "False", maxclients: "1000" } })],
    ["azure:redis/cache:Cache", classicCacheOutputs({ nonSslPortEnabled: true, minimumTlsVersion: "1.0", publicNetworkAccessEnabled: true, accessKeysAuthenticationEnabled: true, redisConfiguration: { activeDirectoryAuthenticationEnabled: false, rdbStorageConnectionString: pulumiSecret(MARKER) } })],
  ])("%s: a non-compliant cache's outputs fail the rules they break, and no message holds a value", async (type, properties) => {
    await runningPack().engine.configure(Object.fromEntries(allRules.map((rule) => [rule.policyName, { enforcementLevel: "mandatory" }])));
    const result = await runningPack().engine.analyze({ type, name: "cache", properties });
    expect(result.diagnostics.map((d) => d.policyName).sort()).toEqual(
      ["azure-redis-non-ssl-port", "azure-redis-min-tls", "azure-redis-public-network-access", "azure-redis-local-auth", "azure-redis-entra-id", "azure-redis-migrate-amr"].sort(),
    );
    for (const d of result.diagnostics) {
      expect(d.enforcementLevel).toBe("mandatory");
      expect(d.message).not.toContain(MARKER);
      expect(d.message).not.toContain("6379 enables");
    }
  });

  it("Azure Managed Redis outputs: the cluster's and the database's read-only properties do not confuse the Enterprise rules", async () => {
    const cluster = outputNames("@pulumi/azure-native/redisenterprise/redisEnterprise.d.ts", "RedisEnterprise");
    const database = outputNames("@pulumi/azure-native/redisenterprise/database.d.ts", "Database");
    const clusterOutputs = { hostName: "amr.westeurope.redis.azure.net", minimumTlsVersion: "1.2", provisioningState: "Succeeded", redisVersion: "7.4", resourceState: "Running", highAvailability: "Enabled", publicNetworkAccess: "Disabled", sku: { name: "Balanced_B0" } };
    const databaseOutputs = { accessKeysAuthentication: "Disabled", clientProtocol: "Encrypted", clusteringPolicy: "OSSCluster", evictionPolicy: "VolatileLRU", port: 10000, provisioningState: "Succeeded", resourceState: "Running" };
    expect(Object.keys(clusterOutputs).filter((name) => !cluster.has(name))).toEqual([]);
    expect(Object.keys(databaseOutputs).filter((name) => !database.has(name))).toEqual([]);
    expect((await runningPack().engine.analyze({ type: "azure-native:redisenterprise:RedisEnterprise", name: "amr", properties: clusterOutputs })).diagnostics).toEqual([]);
    expect((await runningPack().engine.analyze({ type: "azure-native:redisenterprise:Database", name: "default", properties: databaseOutputs })).diagnostics).toEqual([]);
    const plaintext = await runningPack().engine.analyze({ type: "azure-native:redisenterprise:Database", name: "default", properties: { ...databaseOutputs, clientProtocol: "Plaintext" } });
    expect(byPolicy(plaintext, redisEnterpriseClientProtocol.policyName)).toHaveLength(1);
  });
});
