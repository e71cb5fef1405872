/**
 * The resource types beyond `azurerm_redis_cache` through the aspect, with the prebuilt classes of
 * `@cdktf/provider-azurerm` and hand-written resources, and the blocks a rule reads inside a resource
 * (`redis_configuration`, `default_database`), which synthesize as an object or a one-element list.
 */
import { TerraformVariable, Testing, type TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { ManagedRedis, type ManagedRedisConfig } from "@cdktf/provider-azurerm/lib/managed-redis";
import { RedisCache } from "@cdktf/provider-azurerm/lib/redis-cache";
import { RedisEnterpriseCluster, type RedisEnterpriseClusterConfig } from "@cdktf/provider-azurerm/lib/redis-enterprise-cluster";
import { RedisEnterpriseDatabase } from "@cdktf/provider-azurerm/lib/redis-enterprise-database";
import { afterAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect, type RedisPolicyAspectOptions } from "../../cdktf-aspect/index";
import { COMPLIANT_CACHE, RawResource, testingStack } from "./cdktf-support";
import { annotationsUnder, parseSynth, removeTempDirs, type Annotation, type Level } from "./support";

afterAll(removeTempDirs);

const ENTERPRISE_TLS = "Azure.RedisEnterprise.MinTLS";
const CLIENT_PROTOCOL = "Azure.RedisEnterprise.ClientProtocol";
const ENTRA = "Azure.Redis.EntraID";
const AMR_PUBLIC = "Azure.RedisEnterprise.PublicNetworkAccess";
const AMR_LOCAL_AUTH = "Azure.RedisEnterprise.LocalAuth";
const CACHE_RETIRING = "Azure.Redis.MigrateAMR";
const ENTERPRISE_RETIRING = "Azure.RedisEnterprise.MigrateAMR";

/**
 * The retirement notices fire on every Azure Cache for Redis and every Enterprise-SKU cluster whatever
 * its settings; the tests of other rules turn them off, and their own tests below turn them on.
 */
const NOTICES_OFF = { [CACHE_RETIRING]: { enforcement: "disabled" }, [ENTERPRISE_RETIRING]: { enforcement: "disabled" } } as const;

const CLUSTER_BASE: RedisEnterpriseClusterConfig = { name: "cluster", location: "westeurope", resourceGroupName: "rg", skuName: "Enterprise_E10-2" };
// Private, so that the tests of other rules see nothing from Azure.RedisEnterprise.PublicNetworkAccess.
const MANAGED_BASE: ManagedRedisConfig = { name: "managed", location: "westeurope", resourceGroupName: "rg", skuName: "Balanced_B1", publicNetworkAccess: "Disabled" };

type Synthesized = { resource?: Record<string, Record<string, Record<string, unknown>>> };

/** Synthesizes what `build` creates with the aspect; the synthesized JSON and `[path, rule, level]` of every annotation. */
function check(
  build: (stack: TerraformStack) => void,
  options?: RedisPolicyAspectOptions,
  { notices = false }: { readonly notices?: boolean } = {},
): { synthesized: Synthesized; annotations: Annotation[]; summary: [string, string, Level][] } {
  const stack = testingStack();
  build(stack);
  RedisPolicyAspect.applyTo(stack, notices ? options : { ...options, rules: { ...NOTICES_OFF, ...options?.rules } });
  const synthesized = parseSynth(Testing.synth(stack));
  const annotations = annotationsUnder(stack);
  return { synthesized, annotations, summary: annotations.map((a) => [a.path, a.message.slice(0, a.message.indexOf(":")), a.level]) };
}

describe("azurerm_redis_enterprise_cluster: Azure.RedisEnterprise.MinTLS on minimum_tls_version", () => {
  it.each([
    ["1.0", [["stack/cluster", ENTERPRISE_TLS, "error"]]],
    ["1.1", [["stack/cluster", ENTERPRISE_TLS, "error"]]],
    ["1.2", []],
    [undefined, []],
  ] as const)("the prebuilt RedisEnterpriseCluster with %j", (minimumTlsVersion, expected) => {
    const { summary, annotations } = check((stack) => new RedisEnterpriseCluster(stack, "cluster", { ...CLUSTER_BASE, minimumTlsVersion }));
    // No Azure Cache for Redis rule looks at a cluster: a compliant one has no annotation at all.
    expect(summary).toEqual(expected);
    for (const annotation of annotations) {
      expect(annotation.message).toContain("Redis Enterprise cluster 'stack/cluster' accepts TLS versions older than 1.2: 'minimum_tls_version'");
    }
  });

  it("a variable is a warning that it cannot be verified", () => {
    const { summary, annotations } = check((stack) =>
      new RedisEnterpriseCluster(stack, "cluster", { ...CLUSTER_BASE, minimumTlsVersion: new TerraformVariable(stack, "tls", { type: "string" }).stringValue }),
    );
    expect(summary).toEqual([["stack/cluster", ENTERPRISE_TLS, "warning"]]);
    expect(annotations[0]!.message).toContain("cannot be verified");
  });

  it("an override counts", () => {
    const { summary } = check((stack) => new RedisEnterpriseCluster(stack, "cluster", { ...CLUSTER_BASE, minimumTlsVersion: "1.2" }).addOverride("minimum_tls_version", "1.0"));
    expect(summary).toEqual([["stack/cluster", ENTERPRISE_TLS, "error"]]);
  });
});

describe("azurerm_redis_enterprise_database: Azure.RedisEnterprise.ClientProtocol on client_protocol", () => {
  it.each([
    ["Plaintext", [["stack/db", CLIENT_PROTOCOL, "error"]]],
    ["Encrypted", []],
    [undefined, []],
    ["Tls", [["stack/db", CLIENT_PROTOCOL, "error"]]],
  ] as const)("the prebuilt RedisEnterpriseDatabase with %j", (clientProtocol, expected) => {
    const { summary } = check((stack) => new RedisEnterpriseDatabase(stack, "db", { clusterId: "cluster-id", clientProtocol }));
    expect(summary).toEqual(expected);
  });

  it("the message names the database kind, the attribute and the fix, not the value", () => {
    const { annotations } = check((stack) => new RawResource(stack, "db", "azurerm_redis_enterprise_database", { cluster_id: "x", client_protocol: "Plaintext" }));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]!.message).toMatch(/^Azure\.RedisEnterprise\.ClientProtocol: Redis Enterprise database 'stack\/db' accepts unencrypted connections: 'client_protocol' lets clients connect without TLS\. Fix: set 'client_protocol' to "Encrypted"/);
  });
});

describe("azurerm_managed_redis: Azure.RedisEnterprise.ClientProtocol on default_database.client_protocol", () => {
  describe("the prebuilt ManagedRedis synthesizes the block as an object", () => {
    it.each([
      ["Plaintext", [["stack/managed", CLIENT_PROTOCOL, "error"]]],
      ["Encrypted", []],
      [undefined, []],
    ] as const)("defaultDatabase.clientProtocol %j", (clientProtocol, expected) => {
      const { synthesized, summary, annotations } = check((stack) => new ManagedRedis(stack, "managed", { ...MANAGED_BASE, defaultDatabase: { clientProtocol } }));
      // The premise: an object, not a list (and an empty block is not written at all).
      const block = synthesized.resource?.["azurerm_managed_redis"]?.["managed"]?.["default_database"];
      expect(block).toEqual(clientProtocol === undefined ? undefined : { client_protocol: clientProtocol });
      expect(summary).toEqual(expected);
      for (const annotation of annotations) expect(annotation.message).toContain("Azure Managed Redis 'stack/managed' accepts unencrypted connections: 'default_database.client_protocol' lets clients connect without TLS");
    });

    it("without a default_database block: the default (Encrypted) applies", () => {
      expect(check((stack) => new ManagedRedis(stack, "managed", MANAGED_BASE)).summary).toEqual([]);
    });

    it("an override of the attribute inside the block counts", () => {
      const { synthesized, summary } = check((stack) =>
        new ManagedRedis(stack, "managed", { ...MANAGED_BASE, defaultDatabase: { clientProtocol: "Encrypted" } }).addOverride("default_database.client_protocol", "Plaintext"),
      );
      expect(synthesized.resource?.["azurerm_managed_redis"]?.["managed"]?.["default_database"]).toEqual({ client_protocol: "Plaintext" });
      expect(summary).toEqual([["stack/managed", CLIENT_PROTOCOL, "error"]]);
    });

    it("an override replacing the block with a one-element list counts", () => {
      const { synthesized, summary } = check((stack) =>
        new ManagedRedis(stack, "managed", { ...MANAGED_BASE, defaultDatabase: { clientProtocol: "Encrypted" } }).addOverride("default_database", [{ client_protocol: "Plaintext" }]),
      );
      expect(synthesized.resource?.["azurerm_managed_redis"]?.["managed"]?.["default_database"]).toEqual([{ client_protocol: "Plaintext" }]);
      expect(summary).toEqual([["stack/managed", CLIENT_PROTOCOL, "error"]]);
    });

    it("a stack-level override of the attribute counts, either way", () => {
      const make = (from: string, to: string) =>
        check((stack) => {
          new ManagedRedis(stack, "managed", { ...MANAGED_BASE, defaultDatabase: { clientProtocol: from } });
          stack.addOverride("resource.azurerm_managed_redis.managed.default_database.client_protocol", to);
        });
      const opened = make("Encrypted", "Plaintext");
      expect(opened.synthesized.resource?.["azurerm_managed_redis"]?.["managed"]?.["default_database"]).toEqual({ client_protocol: "Plaintext" });
      expect(opened.summary).toEqual([["stack/managed", CLIENT_PROTOCOL, "error"]]);
      expect(make("Plaintext", "Encrypted").summary).toEqual([]);
    });

    it("a variable is a warning that it cannot be verified", () => {
      const { summary } = check((stack) =>
        new ManagedRedis(stack, "managed", { ...MANAGED_BASE, defaultDatabase: { clientProtocol: new TerraformVariable(stack, "protocol", { type: "string" }).stringValue } }),
      );
      expect(summary).toEqual([["stack/managed", CLIENT_PROTOCOL, "warning"]]);
    });
  });

  describe("written by hand, the block is a one-element list", () => {
    const managed = (defaultDatabase: unknown) => (stack: Construct) =>
      new RawResource(stack, "managed", "azurerm_managed_redis", { name: "managed", public_network_access: "Disabled", default_database: defaultDatabase });

    it.each([
      ["Plaintext", [["stack/managed", CLIENT_PROTOCOL, "error"]]],
      ["plaintext", [["stack/managed", CLIENT_PROTOCOL, "error"]]],
      ["Encrypted", []],
    ] as const)("[{ client_protocol: %j }]", (clientProtocol, expected) => {
      const { synthesized, summary } = check(managed([{ client_protocol: clientProtocol }]));
      expect(synthesized.resource?.["azurerm_managed_redis"]?.["managed"]?.["default_database"]).toEqual([{ client_protocol: clientProtocol }]);
      expect(summary).toEqual(expected);
    });

    it("an empty list is no block: the default applies", () => {
      expect(check(managed([])).summary).toEqual([]);
    });

    it("a block without the attribute: the default applies", () => {
      expect(check(managed([{ eviction_policy: "NoEviction" }])).summary).toEqual([]);
    });

    it("two blocks where one belongs fail closed", () => {
      // Azure.RedisEnterprise.LocalAuth reads the same block: it cannot read it either (advisory: a warning).
      const unreadable = [
        ["stack/managed", CLIENT_PROTOCOL, "error"],
        ["stack/managed", AMR_LOCAL_AUTH, "warning"],
      ];
      const { summary, annotations } = check(managed([{ client_protocol: "Encrypted" }, { client_protocol: "Encrypted" }]));
      expect(summary).toEqual(unreadable);
      for (const annotation of annotations) expect(annotation.message).toContain("fails closed");
    });

    it("a block that is not a block fails closed", () => {
      expect(check(managed("Encrypted")).summary).toEqual([
        ["stack/managed", CLIENT_PROTOCOL, "error"],
        ["stack/managed", AMR_LOCAL_AUTH, "warning"],
      ]);
    });

    it("a cache that exists only as a stack-level override is checked, with its list block", () => {
      const { summary } = check((stack) =>
        stack.addOverride("resource.azurerm_managed_redis.raw", { name: "raw", public_network_access: "Disabled", default_database: [{ client_protocol: "Plaintext" }] }),
      );
      expect(summary).toEqual([["stack", CLIENT_PROTOCOL, "error"]]);
    });
  });
});

describe("azurerm_redis_cache: Azure.Redis.EntraID on the redis_configuration block", () => {
  const entraOnly = (annotations: [string, string, Level][]) => annotations.filter(([, id]) => id === ENTRA);

  describe("the prebuilt RedisCache synthesizes it as an object", () => {
    it("activeDirectoryAuthenticationEnabled: true passes", () => {
      const { synthesized, summary } = check((stack) => new RedisCache(stack, "cache", COMPLIANT_CACHE));
      expect(synthesized.resource?.["azurerm_redis_cache"]?.["cache"]?.["redis_configuration"]).toEqual({ active_directory_authentication_enabled: true });
      expect(summary).toEqual([]);
    });

    it("false is an advisory warning naming the block attribute; mandatory makes it an error", () => {
      const build = (stack: Construct) => new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, redisConfiguration: { activeDirectoryAuthenticationEnabled: false } });
      const advisory = check(build);
      expect(advisory.summary).toEqual([["stack/cache", ENTRA, "warning"]]);
      expect(advisory.annotations[0]!.message).toContain(
        "does not use Microsoft Entra ID authentication: 'redis_configuration.active_directory_authentication_enabled' turns it off. Fix: set 'redis_configuration.active_directory_authentication_enabled' to true.",
      );
      expect(check(build, { rules: { [ENTRA]: { enforcement: "mandatory" } } }).summary).toEqual([["stack/cache", ENTRA, "error"]]);
    });

    it("a redis_configuration block without the attribute: absent, and Entra ID is off by default", () => {
      const { synthesized, summary, annotations } = check((stack) =>
        new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, redisConfiguration: { maxmemoryPolicy: "allkeys-lru" } }),
      );
      expect(synthesized.resource?.["azurerm_redis_cache"]?.["cache"]?.["redis_configuration"]).toEqual({ maxmemory_policy: "allkeys-lru" });
      expect(summary).toEqual([["stack/cache", ENTRA, "warning"]]);
      expect(annotations[0]!.message).toContain("does not set 'redis_configuration.active_directory_authentication_enabled'");
    });

    it("a variable is a warning that it cannot be verified, mandatory or not", () => {
      const build = (stack: Construct) =>
        new RedisCache(stack, "cache", {
          ...COMPLIANT_CACHE,
          redisConfiguration: { activeDirectoryAuthenticationEnabled: new TerraformVariable(stack, "entra", { type: "bool" }).booleanValue },
        });
      for (const options of [{}, { rules: { [ENTRA]: { enforcement: "mandatory" as const } } }]) {
        const { summary, annotations } = check(build, options);
        expect(summary).toEqual([["stack/cache", ENTRA, "warning"]]);
        expect(annotations[0]!.message).toContain("cannot be verified");
      }
    });

    it("an override of the attribute inside the block counts", () => {
      const { summary } = check((stack) => new RedisCache(stack, "cache", COMPLIANT_CACHE).addOverride("redis_configuration.active_directory_authentication_enabled", false));
      expect(summary).toEqual([["stack/cache", ENTRA, "warning"]]);
    });
  });

  describe("written by hand, a one-element list", () => {
    it.each([
      [[{ active_directory_authentication_enabled: true }], []],
      [[{ active_directory_authentication_enabled: "TRUE" }], []],
      [[{ active_directory_authentication_enabled: false }], [["stack/cache", ENTRA, "warning"]]],
      [[], [["stack/cache", ENTRA, "warning"]]],
      [[{ active_directory_authentication_enabled: true }, { active_directory_authentication_enabled: true }], [["stack/cache", ENTRA, "warning"]]],
    ] as const)("redis_configuration: %j", (block, expected) => {
      const { summary } = check(
        (stack) =>
          new RawResource(stack, "cache", "azurerm_redis_cache", {
            name: "cache",
            public_network_access_enabled: false,
            access_keys_authentication_enabled: false,
            redis_configuration: block,
          }),
      );
      expect(summary).toEqual(expected);
      expect(entraOnly(summary)).toEqual(expected);
    });
  });
});

describe("azurerm_managed_redis: Azure.RedisEnterprise.PublicNetworkAccess and LocalAuth, with the provider's defaults", () => {
  const BARE: ManagedRedisConfig = { name: "managed", location: "westeurope", resourceGroupName: "rg", skuName: "Balanced_B1" };

  it("a ManagedRedis that sets only what azurerm requires: public network access is the provider's Enabled, access keys its false", () => {
    const { summary, annotations } = check((stack) => new ManagedRedis(stack, "managed", BARE));
    expect(summary).toEqual([["stack/managed", AMR_PUBLIC, "warning"]]);
    expect(annotations[0]!.message).toContain("does not set 'public_network_access', and the provider's default is \"Enabled\", which is not compliant");
  });

  it.each([
    ["Disabled", undefined, []],
    ["Enabled", undefined, [["stack/managed", AMR_PUBLIC, "warning"]]],
    ["Disabled", false, []],
    ["Disabled", true, [["stack/managed", AMR_LOCAL_AUTH, "warning"]]],
    ["Enabled", true, [["stack/managed", AMR_PUBLIC, "warning"], ["stack/managed", AMR_LOCAL_AUTH, "warning"]]],
  ] as const)("publicNetworkAccess %j, defaultDatabase.accessKeysAuthenticationEnabled %j", (publicNetworkAccess, accessKeysAuthenticationEnabled, expected) => {
    const { synthesized, summary } = check((stack) =>
      new ManagedRedis(stack, "managed", { ...BARE, publicNetworkAccess, ...(accessKeysAuthenticationEnabled === undefined ? {} : { defaultDatabase: { accessKeysAuthenticationEnabled } }) }),
    );
    const written = synthesized.resource?.["azurerm_managed_redis"]?.["managed"];
    expect(written?.["public_network_access"]).toBe(publicNetworkAccess);
    if (accessKeysAuthenticationEnabled !== undefined) expect(written?.["default_database"]).toEqual({ access_keys_authentication_enabled: accessKeysAuthenticationEnabled });
    expect(summary).toEqual(expected);
  });

  it("the messages name the attribute and the fix, never turn the rule into an automatic fix", () => {
    const { annotations, synthesized } = check(
      (stack) => new ManagedRedis(stack, "managed", { ...BARE, publicNetworkAccess: "Enabled", defaultDatabase: { accessKeysAuthenticationEnabled: true } }),
      { fix: true },
    );
    expect(annotations.map((a) => a.message)).toEqual([
      expect.stringContaining("is reachable from public networks: 'public_network_access' enables public network access. Fix: set 'public_network_access' to \"Disabled\" once clients use a private endpoint"),
      expect.stringContaining("accepts access keys: 'default_database.access_keys_authentication_enabled' leaves access key authentication on. Fix: set 'default_database.access_keys_authentication_enabled' to false"),
    ]);
    // No fix for either: both would lock clients out. The configuration is written as it was.
    expect(synthesized.resource?.["azurerm_managed_redis"]?.["managed"]?.["public_network_access"]).toBe("Enabled");
  });

  it("written by hand with a one-element list block, and as mandatory rules", () => {
    const { summary } = check(
      (stack) => new RawResource(stack, "managed", "azurerm_managed_redis", { name: "managed", public_network_access: "Enabled", default_database: [{ access_keys_authentication_enabled: "true" }] }),
      { rules: { [AMR_PUBLIC]: { enforcement: "mandatory" }, [AMR_LOCAL_AUTH]: { enforcement: "mandatory" } } },
    );
    expect(summary).toEqual([
      ["stack/managed", AMR_PUBLIC, "error"],
      ["stack/managed", AMR_LOCAL_AUTH, "error"],
    ]);
  });

  it("a variable is a warning that it cannot be verified", () => {
    const { summary } = check((stack) => new ManagedRedis(stack, "managed", { ...BARE, publicNetworkAccess: new TerraformVariable(stack, "pna", { type: "string" }).stringValue }));
    expect(summary).toEqual([["stack/managed", AMR_PUBLIC, "warning"]]);
  });
});

describe("the retirement notices: Azure.Redis.MigrateAMR and Azure.RedisEnterprise.MigrateAMR", () => {
  it("every azurerm_redis_cache gets the advisory notice, a compliant one included", () => {
    const { summary, annotations } = check((stack) => new RedisCache(stack, "cache", COMPLIANT_CACHE), undefined, { notices: true });
    expect(summary).toEqual([["stack/cache", CACHE_RETIRING, "warning"]]);
    expect(annotations[0]!.message).toMatch(/retires on 2028-09-30[\s\S]*Fix: move the workload to Azure Managed Redis/);
  });

  it.each([
    ["Enterprise_E10-2", [["stack/cluster", ENTERPRISE_RETIRING, "warning"]]],
    ["EnterpriseFlash_F300-3", [["stack/cluster", ENTERPRISE_RETIRING, "warning"]]],
    ["Balanced_B5", []],
  ] as const)("azurerm_redis_enterprise_cluster with sku_name %j", (skuName, expected) => {
    const { summary, annotations } = check((stack) => new RedisEnterpriseCluster(stack, "cluster", { ...CLUSTER_BASE, skuName }), undefined, { notices: true });
    expect(summary).toEqual(expected);
    for (const annotation of annotations) expect(annotation.message).toContain("'sku_name' is an Enterprise_ or EnterpriseFlash_ SKU), which Microsoft retires on 2027-03-31");
  });

  it("an azurerm_managed_redis is Azure Managed Redis: no notice applies to it", () => {
    expect(check((stack) => new ManagedRedis(stack, "managed", MANAGED_BASE), undefined, { notices: true }).summary).toEqual([]);
  });

  it("one line of config turns a notice off; an exemption with a reason and an expiry is the recorded way", () => {
    const build = (stack: Construct) => new RedisEnterpriseCluster(stack, "cluster", CLUSTER_BASE);
    expect(check(build, { rules: { [ENTERPRISE_RETIRING]: { enforcement: "disabled" } } }, { notices: true }).summary).toEqual([]);
    const exempt = check(build, { rules: { [ENTERPRISE_RETIRING]: { exemptions: [{ resource: "stack/cluster", reason: "migration CHG-42", expires: "2099-03-31" }] } } }, { notices: true });
    expect(exempt.summary).toEqual([["stack/cluster", ENTERPRISE_RETIRING, "info"]]);
    expect(exempt.annotations[0]!.message).toContain("exempt by 'stack/cluster' until 2099-03-31 (migration CHG-42)");
  });

  it("the aspect's fix mode changes no SKU: the change would replace the cluster", () => {
    const { synthesized, summary } = check((stack) => new RedisEnterpriseCluster(stack, "cluster", CLUSTER_BASE), { fix: true }, { notices: true });
    expect(synthesized.resource?.["azurerm_redis_enterprise_cluster"]?.["cluster"]?.["sku_name"]).toBe("Enterprise_E10-2");
    expect(summary).toEqual([["stack/cluster", ENTERPRISE_RETIRING, "warning"]]);
  });
});
