export { terraformBindings, findTerraformBinding } from "./bindings";
export type { TerraformBinding } from "./bindings";
export { azurermProviderContext } from "./provider-context";
export { resolveComputedTwins, type PlannedValues } from "./computed-twins";
