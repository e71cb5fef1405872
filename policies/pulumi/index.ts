/**
 * `azure-redis-guard/pulumi`: the rules as Pulumi CrossGuard policies (plain objects). Importing this
 * module starts no server; only `policies/pack.ts`, the pack entry, does.
 */
export { createPulumiPolicies, createPulumiPolicy } from "./policies";
export type { PulumiPolicyOptions } from "./policies";
export { pulumiBindings, terraformModuleBindings, findPulumiBinding, terraformTypeOfModuleChild, AZURE_NATIVE_REDIS_TOKEN, CLASSIC_REDIS_CACHE_TOKEN } from "./bindings";
export type { PulumiBinding } from "./bindings";
export { ruleConfigSchema } from "./config";
