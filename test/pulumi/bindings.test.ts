import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { RedisArgs } from "@pulumi/azure-native/redis";
import type { CacheArgs } from "@pulumi/azure/redis";
import { AZURE_NATIVE_REDIS_TOKEN, findPulumiBinding, pulumiBindings } from "../../policies/pulumi";

// Compile-time proof that the names we read are the SDKs' own input names (type-only imports: free at run time).
const azureNativeName: keyof RedisArgs = "enableNonSslPort";
const classicName: keyof CacheArgs = "nonSslPortEnabled";

function sdkFile(relative: string): string {
  return fs.readFileSync(require.resolve(relative), "utf8");
}

/** Every token the installed azure-native SDK registers for its Redis class, aliases included. */
function azureNativeRedisTokens(): string[] {
  const source = sdkFile("@pulumi/azure-native/redis/redis.js");
  const own = /__pulumiType = '([^']+)'/.exec(source)![1]!;
  const aliases = [...source.matchAll(/\{ type: "([^"]+)" \}/g)].map((m) => m[1]!);
  return [own, ...aliases];
}

describe("Pulumi type tokens", () => {
  const tokens = azureNativeRedisTokens();

  it("reads the SDK's alias list (a real source, not a copy)", () => {
    expect(tokens).toContain("azure-native:redis:Redis");
    expect(tokens).toContain("azure-native:cache:Redis");
    expect(tokens.filter((t) => /\/v\d{8}/.test(t)).length).toBeGreaterThan(20);
  });

  it.each(tokens)("%s is an Azure Cache for Redis", (token) => {
    expect(findPulumiBinding(token)).toMatchObject({ kind: "redisCache", family: "azure-native" });
  });

  it("matches the classic provider's class token", () => {
    const classicToken = /__pulumiType = '([^']+)'/.exec(sdkFile("@pulumi/azure/redis/cache.js"))![1]!;
    expect(findPulumiBinding(classicToken)).toMatchObject({ kind: "redisCache", family: "azure" });
  });

  it.each([
    "azure-native:redis:FirewallRule",
    "azure-native:redis:PatchSchedule",
    "azure-native:cache:RedisEnterprise",
    "azure-native:redis:RedisFirewallRule",
    "azure-native:cache/v20230401:RedisLinkedServer",
    "azure-native:redisx:Redis",
    "azure-native:redis:Redis2",
    "azure:redis/firewallRule:FirewallRule",
    "",
  ])("%j is not a Redis cache", (token) => {
    expect(AZURE_NATIVE_REDIS_TOKEN.test(token) && findPulumiBinding(token)?.kind === "redisCache").toBe(false);
  });
});

describe("property names come from the SDKs", () => {
  it("azure-native sends enableNonSslPort; classic v6 sends nonSslPortEnabled", () => {
    expect(sdkFile("@pulumi/azure-native/redis/redis.js")).toContain(`resourceInputs["${azureNativeName}"]`);
    expect(sdkFile("@pulumi/azure/redis/cache.js")).toContain(`resourceInputs["${classicName}"]`);
    const [native, classic] = pulumiBindings;
    expect(native!.settings.nonSslPortEnabled![0]).toBe(azureNativeName);
    expect(classic!.settings.nonSslPortEnabled![0]).toBe(classicName);
  });

  it("the installed SDKs are where package.json pins them", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
    expect(pkg.devDependencies["@pulumi/azure-native"]).toMatch(/^3\./);
    expect(pkg.devDependencies["@pulumi/azure"]).toMatch(/^6\./);
  });
});
