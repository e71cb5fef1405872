export { terraformBindings, findTerraformBinding } from "./bindings";
export type { TerraformBinding } from "./bindings";
