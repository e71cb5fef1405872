import type { ResourceBinding } from "../core/read";

/**
 * How Pulumi type tokens map onto the core. Matching is by token string only: loading
 * `@pulumi/azure-native` (hundreds of modules) to call `isType` would cost every preview seconds.
 */
export interface PulumiBinding extends ResourceBinding {
  /** Which SDK family the token belongs to, for messages and docs. */
  readonly family: "azure-native" | "azure";
  readonly matches: (type: string) => boolean;
}

/**
 * Every azure-native token of Azure Cache for Redis: the 3.x class `azure-native:redis:Redis`, the 2.x
 * class `azure-native:cache:Redis` (still seen through aliases), and the explicitly versioned tokens of
 * both modules (`azure-native:cache/v20230401:Redis`, `azure-native:redis/v20250801preview:Redis`).
 */
export const AZURE_NATIVE_REDIS_TOKEN = /^azure-native:(?:cache|redis)(?:\/v\d{8}(?:preview)?)?:Redis$/;

export const CLASSIC_REDIS_CACHE_TOKEN = "azure:redis/cache:Cache";

export const pulumiBindings: readonly PulumiBinding[] = [
  {
    kind: "redisCache",
    family: "azure-native",
    matches: (type) => AZURE_NATIVE_REDIS_TOKEN.test(type),
    settings: {
      nonSslPortEnabled: ["enableNonSslPort"],
    },
  },
  {
    kind: "redisCache",
    family: "azure",
    matches: (type) => type === CLASSIC_REDIS_CACHE_TOKEN,
    settings: {
      // v6 renamed the property; stacks on v5 still send the old name, so read both.
      nonSslPortEnabled: ["nonSslPortEnabled", "enableNonSslPort"],
    },
  },
];

/** The binding for a Pulumi type token, or `undefined` when no rule applies to that type. */
export function findPulumiBinding(type: string): PulumiBinding | undefined {
  return pulumiBindings.find((binding) => binding.matches(type));
}
