/**
 * `azure-redis-guard/pulumi`: the rules as Pulumi CrossGuard policies (plain objects), for an organisation
 * composing its own pack, and the Pulumi bindings (which type tokens and property names each rule reads).
 * Importing this module starts no server; only `policies/pack.ts`, the pack entry, does.
 * Every export is documented in docs/api.md and locked by api/azure-redis-guard-pulumi.api.md.
 */
export { createPulumiPolicies, createPulumiPolicy } from "./policies";
export type { PulumiPolicyOptions } from "./policies";
export { findPulumiBinding, pulumiBindings, terraformModuleBindings } from "./bindings";
export type { PulumiBinding } from "./bindings";
export { ruleConfigSchema } from "./config";
