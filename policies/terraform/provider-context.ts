import type { ProviderContext, ProviderLack } from "../core/types";
import { attributeFacts, attributeInMajor, compareVersions, parseVersion, possibleMajors, type MajorQuery, type Version } from "./azurerm-schema";

/**
 * What an input shows about the azurerm release that produced one of its resources, as the core's
 * {@link ProviderContext}: from the attribute names it carries and a version constraint (see
 * `possibleMajors`). A fix then never names an argument none of the possible majors has. `undefined` when
 * the input rules no major out: nothing is known, and every argument may be named.
 */
export function azurermProviderContext(query: MajorQuery & { readonly resourceType: string }): ProviderContext | undefined {
  const { majors } = possibleMajors(query);
  if (majors.length === 0 || majors.length === 3) return undefined;
  const provider = majors.map((major) => `azurerm ${major}.x`).join(" or ");
  const type = query.resourceType;
  return {
    label: provider,
    unavailable(property: string): ProviderLack | undefined {
      const facts = attributeFacts.filter((fact) => fact.resourceType === type && fact.attribute === property);
      // An attribute the facts do not record is not known to be missing: say nothing.
      if (facts.length === 0 || majors.some((major) => attributeInMajor(type, property, major))) return undefined;
      const first = facts.map((fact) => parseVersion(fact.since) as Version).sort(compareVersions)[0] as Version;
      return { provider, addedIn: `azurerm ${first.join(".")}`, upgradeTo: `azurerm ${first[0]}.x` };
    },
  };
}
