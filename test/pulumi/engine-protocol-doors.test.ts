import { describe, expect, it } from "vitest";
import type { AnalyzeResult } from "../../cli/engine/analyzer-client";
import { pulumiSecret, useRepoPack } from "../support/pack";

/**
 * The ways a cache reaches the pack besides the Azure SDKs, over the real analyzer protocol:
 * dynamically bridged azurerm (`pulumi package add terraform-provider hashicorp/azurerm`, HCL programs),
 * a Terraform stack's resources as Pulumi Cloud records them (`pulumi:terraform:<type>`), the engine's
 * "[secret]" for a secret it could not decrypt (`pulumi policy analyze --file`), and the output bags of
 * resources an Insights account discovered (azure-native types with read-only outputs).
 */
const runningPack = useRepoPack();

const NON_SSL = "azure-redis-non-ssl-port";
const CLIENT_PROTOCOL = "azure-redis-enterprise-client-protocol";
const MIN_TLS = "azure-redis-min-tls";
const ENTRA = "azure-redis-entra-id";

async function analyze(type: string, properties: Record<string, unknown>, name = "cache"): Promise<AnalyzeResult> {
  return runningPack().engine.analyze({ type, name, properties });
}

function messagesOf(result: AnalyzeResult, policy: string): string[] {
  return result.diagnostics.filter((d) => d.policyName === policy).map((d) => `${d.enforcementLevel}: ${d.message.replace(/\n/g, " ")}`);
}

const BRIDGED_CACHE = "azurerm:index/redisCache:RedisCache";
const BRIDGED_MANAGED = "azurerm:index/managedRedis:ManagedRedis";
const BRIDGED_CLUSTER = "azurerm:index/redisEnterpriseCluster:RedisEnterpriseCluster";
const BRIDGED_DATABASE = "azurerm:index/redisEnterpriseDatabase:RedisEnterpriseDatabase";

describe("dynamically bridged azurerm: the Terraform bindings in the bridge's camelCase names", () => {
  it.each([
    ["4.x name", { nonSslPortEnabled: true }, "nonSslPortEnabled"],
    ["3.x name", { enableNonSslPort: true }, "enableNonSslPort"],
    ["4.x name as a secret", { nonSslPortEnabled: pulumiSecret(true) }, "nonSslPortEnabled"],
  ])("RedisCache with the non-SSL port on (%s) is a mandatory violation", async (_name, props, property) => {
    const found = messagesOf(await analyze(BRIDGED_CACHE, { minimumTlsVersion: "1.2", ...props }), NON_SSL);
    expect(found).toEqual([expect.stringMatching(new RegExp(`^mandatory: .*Azure\\.Redis\\.NonSslPort: .*'${property}'`))]);
  });

  it.each([
    [{ nonSslPortEnabled: false }],
    [{ enableNonSslPort: false }],
    [{ nonSslPortEnabled: false, enableNonSslPort: false }],
    [{}],
  ])("RedisCache %j passes", async (props) => {
    expect(messagesOf(await analyze(BRIDGED_CACHE, { minimumTlsVersion: "1.2", ...props }), NON_SSL)).toEqual([]);
  });

  it("reads a MaxItemsOne block as the flattened object and as a one-element list", async () => {
    for (const redisConfiguration of [{ activeDirectoryAuthenticationEnabled: false }, [{ activeDirectoryAuthenticationEnabled: false }]]) {
      const found = messagesOf(await analyze(BRIDGED_CACHE, { minimumTlsVersion: "1.2", redisConfiguration }), ENTRA);
      expect(found, JSON.stringify(redisConfiguration)).toEqual([expect.stringContaining("'redisConfiguration.activeDirectoryAuthenticationEnabled'")]);
    }
  });

  it.each([
    ["an object", { clientProtocol: "Plaintext" }],
    ["a one-element list", [{ clientProtocol: "Plaintext" }]],
  ])("ManagedRedis with defaultDatabase.clientProtocol Plaintext (%s) is a mandatory violation", async (_shape, defaultDatabase) => {
    const found = messagesOf(await analyze(BRIDGED_MANAGED, { publicNetworkAccess: "Disabled", defaultDatabase }, "amr"), CLIENT_PROTOCOL);
    expect(found).toEqual([expect.stringMatching(/^mandatory: .*Azure\.RedisEnterprise\.ClientProtocol: .*'defaultDatabase\.clientProtocol'/)]);
  });

  it("ManagedRedis with Encrypted passes; the Enterprise cluster and database read their own names", async () => {
    expect(messagesOf(await analyze(BRIDGED_MANAGED, { defaultDatabase: { clientProtocol: "Encrypted" } }, "amr"), CLIENT_PROTOCOL)).toEqual([]);
    expect(messagesOf(await analyze(BRIDGED_DATABASE, { clientProtocol: "Plaintext" }, "db"), CLIENT_PROTOCOL)).toEqual([
      expect.stringContaining("'clientProtocol'"),
    ]);
    expect(messagesOf(await analyze(BRIDGED_CLUSTER, { minimumTlsVersion: "1.0", skuName: "Enterprise_E10-2" }, "ent"), "azure-redis-enterprise-min-tls")).toEqual([
      expect.stringContaining("'minimumTlsVersion'"),
    ]);
  });

  it("remediate writes the compliant value under the name the program used; pulumi:terraform resources are never rewritten", async () => {
    await runningPack().engine.configure({ [NON_SSL]: { enforcementLevel: "remediate" } });
    for (const property of ["nonSslPortEnabled", "enableNonSslPort"]) {
      const fixes = await runningPack().engine.remediate({ type: BRIDGED_CACHE, name: "cache", properties: { [property]: true, minimumTlsVersion: "1.2" } });
      expect(fixes.filter((f) => f.policyName === NON_SSL).map((f) => f.properties?.[property]), property).toEqual([false]);
    }
    const stack = await runningPack().engine.remediate({ type: "pulumi:terraform:azurerm_redis_cache", name: "cache", properties: { non_ssl_port_enabled: true } });
    expect(stack.filter((f) => f.policyName === NON_SSL && f.properties !== undefined)).toEqual([]);
  });

  it("a type of another package or module is not a Redis resource", async () => {
    for (const type of ["azurerm:redis/cache:Cache", "myazurerm:index/redisCache:RedisCache", "azurerm:index/redisCacheAccessPolicy:RedisCacheAccessPolicy"]) {
      expect((await analyze(type, { nonSslPortEnabled: true })).diagnostics, type).toEqual([]);
    }
  });
});

describe("Terraform and OpenTofu stacks: pulumi:terraform:<type> read through the Terraform bindings", () => {
  it("judges snake_case attributes and blocks as Terraform writes them", async () => {
    const type = "pulumi:terraform:azurerm_redis_cache";
    expect(messagesOf(await analyze(type, { non_ssl_port_enabled: true, minimum_tls_version: "1.2" }), NON_SSL)).toEqual([
      expect.stringMatching(/^mandatory: .*'non_ssl_port_enabled'/),
    ]);
    expect(messagesOf(await analyze(type, { enable_non_ssl_port: false, minimum_tls_version: "1.2" }), NON_SSL)).toEqual([]);
    const managed = await analyze("pulumi:terraform:azurerm_managed_redis", { default_database: [{ client_protocol: "Plaintext" }] }, "amr");
    expect(messagesOf(managed, CLIENT_PROTOCOL)).toEqual([expect.stringContaining("'default_database.client_protocol'")]);
  });
});

describe('the engine\'s "[secret]" (a secret it could not decrypt) is unknown, never a pass and never a type error', () => {
  it.each([
    ["azure-native:redis:Redis", { enableNonSslPort: "[secret]" }, "enableNonSslPort"],
    ["azure:redis/cache:Cache", { nonSslPortEnabled: "[secret]" }, "nonSslPortEnabled"],
    [BRIDGED_CACHE, { nonSslPortEnabled: pulumiSecret("[secret]") }, "nonSslPortEnabled"],
    ["pulumi:terraform:azurerm_redis_cache", { non_ssl_port_enabled: "[secret]" }, "non_ssl_port_enabled"],
  ])("%s %j", async (type, props, property) => {
    const found = messagesOf(await analyze(type, { minimumTlsVersion: "1.2", minimum_tls_version: "1.2", ...props }), NON_SSL);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^advisory: can't run policy 'azure-redis-non-ssl-port'/);
    expect(found[0]).toContain(`the value of '${property}' is not known (it is a secret this run could not decrypt`);
    expect(found[0]).not.toContain("must be a boolean");
    expect(found[0]).not.toContain("can't be known during preview");
  });

  it("a string setting holding it is unknown too", async () => {
    const found = messagesOf(await analyze("azure-native:redis:Redis", { enableNonSslPort: false, minimumTlsVersion: "[secret]" }), MIN_TLS);
    expect(found).toEqual([expect.stringContaining("'minimumTlsVersion' is not known (it is a secret this run could not decrypt")]);
  });
});

/**
 * A `Microsoft.Cache/redis` GET (API 2024-11-01) as azure-native renders the resource's outputs, the way
 * an Insights account's discovery records it: camelCase, `properties` flattened, read-only outputs
 * (`hostName`, `port`, `sslPort`, `provisioningState`, `redisVersion`, `accessKeys`, `instances`, ...) beside
 * the settings.
 */
function discoveredCache(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-cache/providers/Microsoft.Cache/Redis/discovered",
    name: "discovered",
    type: "Microsoft.Cache/Redis",
    location: "westeurope",
    tags: { owner: "payments" },
    azureApiVersion: "2024-11-01",
    sku: { name: "Standard", family: "C", capacity: 1 },
    enableNonSslPort: false,
    minimumTlsVersion: "1.2",
    publicNetworkAccess: "Disabled",
    disableAccessKeyAuthentication: true,
    redisVersion: "6.0.20",
    redisConfiguration: { aadEnabled: "true", maxclients: "1000", maxmemoryReserved: "125", maxmemoryDelta: "125", maxfragmentationmemoryReserved: "125" },
    hostName: "discovered.redis.cache.windows.net",
    port: 6379,
    sslPort: 6380,
    provisioningState: "Succeeded",
    accessKeys: null,
    instances: [{ sslPort: 15000, isMaster: true, isPrimary: true }],
    linkedServers: [],
    privateEndpointConnections: [],
    replicasPerMaster: 1,
    replicasPerPrimary: 1,
    updateChannel: "Stable",
    zonalAllocationPolicy: "Automatic",
    ...overrides,
  };
}

describe("discovered resources: an Insights account's azure-native output bags", () => {
  const everyRule = ["azure-redis-non-ssl-port", "azure-redis-min-tls", "azure-redis-public-network-access", "azure-redis-local-auth", "azure-redis-entra-id", "azure-redis-version"];

  it("a compliant cache passes every rule: port 6379 and the read-only outputs are not settings", async () => {
    const result = await analyze("azure-native:redis:Redis", discoveredCache({}), "discovered");
    for (const policy of everyRule) expect(messagesOf(result, policy), policy).toEqual([]);
  });

  it("the same cache with the non-SSL port and TLS 1.0 fails for those settings only", async () => {
    const result = await analyze("azure-native:redis:Redis", discoveredCache({ enableNonSslPort: true, minimumTlsVersion: "1.0" }), "discovered");
    expect(messagesOf(result, NON_SSL)).toEqual([expect.stringMatching(/^mandatory: .*'enableNonSslPort'/)]);
    expect(messagesOf(result, MIN_TLS)).toEqual([expect.stringMatching(/^mandatory: .*'minimumTlsVersion'/)]);
    for (const message of result.diagnostics.map((d) => d.message)) {
      expect(message).not.toMatch(/'(port|sslPort|hostName|provisioningState|instances)'/);
    }
  });

  it("a discovered Redis Enterprise database with its read-only outputs", async () => {
    const props = {
      id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Cache/redisEnterprise/amr/databases/default",
      name: "default",
      type: "Microsoft.Cache/redisEnterprise/databases",
      azureApiVersion: "2025-07-01",
      clientProtocol: "Plaintext",
      accessKeysAuthentication: "Disabled",
      port: 10000,
      clusteringPolicy: "OSSCluster",
      evictionPolicy: "NoEviction",
      provisioningState: "Succeeded",
      resourceState: "Running",
      redisVersion: "7.4",
    };
    const result = await analyze("azure-native:redisenterprise:Database", props, "default");
    expect(messagesOf(result, CLIENT_PROTOCOL)).toEqual([expect.stringMatching(/^mandatory: .*'clientProtocol'/)]);
  });
});
