import type { AnalyzedResource } from "../cli/engine/analyzer-client";

const UNKNOWN_BOOLEAN = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

const REDIS_TYPES: readonly [string, string][] = [
  ["azure-native:redis:Redis", "enableNonSslPort"],
  ["azure-native:cache:Redis", "enableNonSslPort"],
  ["azure-native:cache/v20230401:Redis", "enableNonSslPort"],
  ["azure-native:redis/v20250801preview:Redis", "enableNonSslPort"],
  ["azure:redis/cache:Cache", "nonSslPortEnabled"],
];
const VALUES: readonly unknown[] = [false, true, undefined, "TRUE", UNKNOWN_BOOLEAN, secret(true), secret(false)];
const OTHER_TYPES: readonly string[] = [
  "azure-native:resources:ResourceGroup",
  "azure-native:storage:StorageAccount",
  "azure-native:network:VirtualNetwork",
  "azure-native:web:WebApp",
  "azure:keyvault/keyVault:KeyVault",
];

/**
 * A realistic mix for a stack: 40% Redis caches of every token family (compliant, violating, absent,
 * string, unknown, secret), 60% unrelated resources with ordinary properties.
 */
export function analyzeWorkload(count: number): AnalyzedResource[] {
  const resources: AnalyzedResource[] = [];
  for (let i = 0; i < count; i++) {
    const common = { location: "westeurope", tags: { team: "payments", env: "prod" }, resourceGroupName: "rg-payments" };
    if (i % 5 < 2) {
      const [type, property] = REDIS_TYPES[i % REDIS_TYPES.length]!;
      const value = VALUES[i % VALUES.length];
      const properties: Record<string, unknown> = { ...common, sku: { name: "Premium", family: "P", capacity: 1 }, minimumTlsVersion: "1.2" };
      if (value !== undefined) properties[property] = value;
      resources.push({ type, name: `cache-${i}`, properties });
    } else {
      resources.push({ type: OTHER_TYPES[i % OTHER_TYPES.length]!, name: `res-${i}`, properties: { ...common, kind: "StorageV2" } });
    }
  }
  return resources;
}
