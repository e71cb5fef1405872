import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { RedisArgs } from "@pulumi/azure-native/redis";
import type { DatabaseArgs, RedisEnterpriseArgs } from "@pulumi/azure-native/redisenterprise";
import type { CacheArgs, EnterpriseClusterArgs, EnterpriseDatabaseArgs } from "@pulumi/azure/redis";
import type { ManagedRedisArgs } from "@pulumi/azure/managedredis";
import { compareApiVersions } from "../../policies/internal";
import { findPulumiBinding, pulumiBindings, type PulumiBinding } from "../../policies/pulumi";
import { REDIS_ENTERPRISE_UNVERSIONED_API_VERSIONS } from "../../policies/pulumi/bindings";

// Compile-time proof that the top-level names we read are the SDKs' own input names (type-only imports:
// free at run time, and the pack itself never loads an Azure SDK).
const TOP_LEVEL_NAMES = {
  azureNativeRedis: ["enableNonSslPort", "minimumTlsVersion", "publicNetworkAccess", "disableAccessKeyAuthentication", "redisConfiguration", "redisVersion"] satisfies (keyof RedisArgs)[],
  azureNativeRedisEnterprise: ["minimumTlsVersion", "publicNetworkAccess", "sku"] satisfies (keyof RedisEnterpriseArgs)[],
  azureNativeDatabase: ["clientProtocol", "accessKeysAuthentication"] satisfies (keyof DatabaseArgs)[],
  classicCache: ["nonSslPortEnabled", "minimumTlsVersion", "publicNetworkAccessEnabled", "accessKeysAuthenticationEnabled", "redisConfiguration", "redisVersion"] satisfies (keyof CacheArgs)[],
  classicEnterpriseCluster: ["minimumTlsVersion", "skuName"] satisfies (keyof EnterpriseClusterArgs)[],
  classicEnterpriseDatabase: ["clientProtocol"] satisfies (keyof EnterpriseDatabaseArgs)[],
  classicManagedRedis: ["defaultDatabase", "publicNetworkAccess"] satisfies (keyof ManagedRedisArgs)[],
};

function sdkFile(relative: string): string {
  return fs.readFileSync(require.resolve(relative), "utf8");
}

/** Every token an installed SDK class registers: its own and its aliases. */
function tokensOf(module: string): string[] {
  const source = sdkFile(module);
  const own = /__pulumiType = '([^']+)'/.exec(source)![1]!;
  const aliases = [...source.matchAll(/\{ type: "([^"]+)" \}/g)].map((m) => m[1]!);
  return [own, ...aliases];
}

/** Each binding, the SDK module of its class, and the nested input type file for block paths. */
const SDK_CLASSES: readonly {
  module: string;
  kind: PulumiBinding["kind"];
  family: PulumiBinding["family"];
  names: readonly string[];
  /** Names an older major version of the SDK sent, still read for stacks that have not upgraded. */
  legacyNames?: readonly string[];
}[] = [
  { module: "@pulumi/azure-native/redis/redis.js", kind: "redisCache", family: "azure-native", names: TOP_LEVEL_NAMES.azureNativeRedis },
  { module: "@pulumi/azure-native/redisenterprise/redisEnterprise.js", kind: "redisEnterpriseCluster", family: "azure-native", names: TOP_LEVEL_NAMES.azureNativeRedisEnterprise },
  { module: "@pulumi/azure-native/redisenterprise/database.js", kind: "redisEnterpriseDatabase", family: "azure-native", names: TOP_LEVEL_NAMES.azureNativeDatabase },
  { module: "@pulumi/azure/redis/cache.js", kind: "redisCache", family: "azure", names: TOP_LEVEL_NAMES.classicCache, legacyNames: ["enableNonSslPort"] },
  { module: "@pulumi/azure/redis/enterpriseCluster.js", kind: "redisEnterpriseCluster", family: "azure", names: TOP_LEVEL_NAMES.classicEnterpriseCluster },
  { module: "@pulumi/azure/redis/enterpriseDatabase.js", kind: "redisEnterpriseDatabase", family: "azure", names: TOP_LEVEL_NAMES.classicEnterpriseDatabase },
  { module: "@pulumi/azure/managedredis/managedRedis.js", kind: "managedRedis", family: "azure", names: TOP_LEVEL_NAMES.classicManagedRedis },
];

describe("Pulumi type tokens come from the installed SDKs", () => {
  for (const sdkClass of SDK_CLASSES) {
    const tokens = tokensOf(sdkClass.module);
    it(`${sdkClass.module}: all ${tokens.length} tokens (aliases included) map to ${sdkClass.kind}`, () => {
      for (const token of tokens) expect(findPulumiBinding(token), token).toMatchObject({ kind: sdkClass.kind, family: sdkClass.family });
    });
  }

  it("reads the alias lists, not a copy of them", () => {
    const redis = tokensOf("@pulumi/azure-native/redis/redis.js");
    expect(redis).toContain("azure-native:cache:Redis");
    expect(redis.filter((t) => /\/v\d{8}/.test(t)).length).toBeGreaterThan(20);
  });

  it.each([
    "azure-native:redis:FirewallRule",
    "azure-native:redis:PatchSchedule",
    "azure-native:redisenterprise:AccessPolicyAssignment",
    "azure-native:cache/v20230401:RedisLinkedServer",
    "azure-native:redisx:Redis",
    "azure-native:redis:Redis2",
    "azure-native:sql:Database",
    "azure-native:cosmosdb:Database",
    "azure:redis/firewallRule:FirewallRule",
    "",
  ])("%j is not a Redis resource", (token) => {
    expect(findPulumiBinding(token)).toBeUndefined();
  });
});

describe("property paths come from the SDKs", () => {
  it("every top-level name a binding reads is an input the SDK class sends", () => {
    for (const sdkClass of SDK_CLASSES) {
      const source = sdkFile(sdkClass.module);
      const token = /__pulumiType = '([^']+)'/.exec(source)![1]!;
      const binding = findPulumiBinding(token)!;
      const topLevel = new Set(Object.values(binding.settings).flatMap((paths) => (paths ?? []).map((p) => p.split(".")[0]!)));
      expect([...topLevel].sort(), sdkClass.module).toEqual([...sdkClass.names, ...(sdkClass.legacyNames ?? [])].sort());
      for (const name of sdkClass.names) expect(source, `${sdkClass.module} ${name}`).toContain(`resourceInputs["${name}"]`);
      // A legacy name is one the current SDK no longer sends (v5's enableNonSslPort became nonSslPortEnabled in v6).
      for (const name of sdkClass.legacyNames ?? []) expect(source, `${sdkClass.module} ${name}`).not.toContain(`resourceInputs["${name}"]`);
    }
  });

  it("nested names exist in the SDKs' input types", () => {
    const nativeInputs = sdkFile("@pulumi/azure-native/types/input.d.ts");
    const classicInputs = sdkFile("@pulumi/azure/types/input.d.ts");
    expect(nativeInputs).toMatch(/\baadEnabled\?: pulumi\.Input<string/);
    expect(classicInputs).toMatch(/\bactiveDirectoryAuthenticationEnabled\?: pulumi\.Input<boolean/);
    expect(classicInputs).toMatch(/interface ManagedRedisDefaultDatabase[\s\S]{0,3000}\bclientProtocol\?/);
    expect(classicInputs).toMatch(/interface ManagedRedisDefaultDatabase \{[\s\S]{0,300}\baccessKeysAuthenticationEnabled\?: pulumi\.Input<boolean/);
    // azure-native's cluster SKU is `sku.name`, a string such as "Balanced_B5".
    expect(nativeInputs).toMatch(/namespace redisenterprise \{[\s\S]*?interface SkuArgs \{[\s\S]{0,700}\bname: pulumi\.Input<string/);
  });

  it("classic ManagedRedis documents the defaults its binding declares, and has no TLS property", () => {
    const classicInputs = sdkFile("@pulumi/azure/types/input.d.ts");
    const managedRedis = sdkFile("@pulumi/azure/managedredis/managedRedis.d.ts");
    const binding = findPulumiBinding("azure:managedredis/managedRedis:ManagedRedis")!;
    expect(binding.absentDefaults).toEqual({
      publicNetworkAccess: { value: "Enabled", basis: "the provider's default" },
      accessKeysAuthenticationEnabled: { value: false, basis: "the provider's default" },
    });
    expect(managedRedis).toMatch(/public network access setting for the Managed Redis instance\. Possible values are `Enabled` and `Disabled`\. Defaults to `Enabled`\./);
    expect(classicInputs).toMatch(/Whether access key authentication is enabled for the database\. Defaults to `false`\.\s*\*\/\s*accessKeysAuthenticationEnabled/);
    // Azure.RedisEnterprise.MinTLS cannot reach it: there is nothing to read.
    expect(managedRedis).not.toMatch(/tls/i);
  });

  it("the installed SDKs are where the dev workspace pins them", () => {
    const pinned = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "dev", "package.json"), "utf8")).devDependencies;
    expect(pinned["@pulumi/azure-native"]).toMatch(/^3\./);
    expect(pinned["@pulumi/azure"]).toMatch(/^6\./);
    for (const sdk of ["@pulumi/azure-native", "@pulumi/azure"]) {
      expect(JSON.parse(fs.readFileSync(require.resolve(`${sdk}/package.json`), "utf8")).version).toBe(pinned[sdk]);
    }
  });

  it("every binding is covered above", () => {
    expect(new Set(pulumiBindings.map((b) => `${b.family}/${b.kind}`)).size).toBe(SDK_CLASSES.length);
  });
});

describe("azure-native tokens declare the defaults of the API versions they stand for", () => {
  const database = tokensOf("@pulumi/azure-native/redisenterprise/database.js");
  const cluster = tokensOf("@pulumi/azure-native/redisenterprise/redisEnterprise.js");
  const versionOf = (token: string): string | undefined => {
    const m = /\/v(\d{4})(\d{2})(\d{2})(preview)?:/.exec(token);
    return m ? `${m[1]}-${m[2]}-${m[3]}${m[4] ? "-preview" : ""}` : undefined;
  };

  it("the installed SDK's default API version is among those the unversioned token is taken to stand for", () => {
    for (const module of ["redisenterprise/database.d.ts", "redisenterprise/redisEnterprise.d.ts"]) {
      const installed = /Uses Azure REST API version (\S+)\./.exec(sdkFile(`@pulumi/azure-native/${module}`))![1]!;
      expect(REDIS_ENTERPRISE_UNVERSIONED_API_VERSIONS["redisenterprise"], module).toContain(installed);
    }
  });

  it.each(database.filter((t) => versionOf(t) !== undefined))("%s: access keys default from its own API version", (token) => {
    const expected = compareApiVersions(versionOf(token)!, "2025-07-01") >= 0 ? "Disabled" : "Enabled";
    expect(findPulumiBinding(token)!.absentDefaults?.accessKeysAuthentication).toEqual({ value: expected, basis: `Azure's default at API version ${versionOf(token)}` });
  });

  it("the unversioned tokens: the 3.x token's default is not established, the 2.x token's is its one API version's", () => {
    expect(findPulumiBinding("azure-native:redisenterprise:Database")!.absentDefaults?.accessKeysAuthentication?.value).toBeUndefined();
    expect(findPulumiBinding("azure-native:cache:Database")!.absentDefaults?.accessKeysAuthentication).toEqual({
      value: "Enabled",
      basis: "Azure's default at API version 2023-03-01-preview",
    });
  });

  it.each(cluster)("%s: public network access has no default to rely on at any API version", (token) => {
    const declared = findPulumiBinding(token)!.absentDefaults?.publicNetworkAccess;
    expect(declared).toBeDefined();
    expect(declared!.value).toBeUndefined();
  });

  it("derives a binding once per token and leaves classes without version-dependent defaults as they are", () => {
    const token = "azure-native:redisenterprise/v20240901preview:Database";
    expect(findPulumiBinding(token)).toBe(findPulumiBinding(token));
    expect(findPulumiBinding("azure-native:redis/v20241101:Redis")).toBe(findPulumiBinding("azure-native:redis:Redis"));
    expect(findPulumiBinding("azure-native:redis:Redis")!.absentDefaults).toBeUndefined();
  });
});
