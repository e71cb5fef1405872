/**
 * `azure-redis-guard-cdktf`: the rule core as a CDKTF aspect. Works with `cdktf` and with its fork CDK
 * Terrain (`cdktn`); loads neither itself (they are optional peer dependencies of this package).
 */
export { RedisPolicyAspect } from "./aspect";
export type { AspectRuleOptions, Enforcement, RedisPolicyAspectOptions, ViolationLevel } from "./options";
export type { ConstructVisitor } from "./construct-library";
export { ConfigError } from "../policies/core/options";
export type { Exemption } from "../policies/core/options";
export type { ExemptionRequest } from "../policies/core/in-code-exemptions";
export { EXEMPTION_TAG_KEY } from "../policies/core/in-code-exemptions";
