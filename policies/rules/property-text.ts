import type { ResourceBinding } from "../core/read";
import type { ResourceKind, SettingName } from "../core/types";
import { CLASSIC_PROPERTY_RELEASES } from "../pulumi/property-releases";
import { pulumiBindings } from "../pulumi/bindings";
import { AZURERM_ATTRIBUTE_RELEASES } from "../terraform/attribute-releases";
import { terraformBindings } from "../terraform/bindings";

/**
 * Property names in the prose users read (fix steps, docs), filled from the bindings so that a renamed
 * property or a new token family changes every sentence at once. Pure and computed at module load.
 */

/** The surfaces whose property names prose spells out: Pulumi azure-native, Pulumi classic, Terraform azurerm. */
export type PropertySurface = "azure-native" | "azure" | "terraform";

/** One surface's binding of a resource kind (each surface has at most one per kind), or `undefined`. */
export function surfaceBinding(surface: PropertySurface, kind: ResourceKind): ResourceBinding | undefined {
  return surface === "terraform"
    ? terraformBindings.find((candidate) => candidate.kind === kind)
    : pulumiBindings.find((candidate) => candidate.family === surface && candidate.kind === kind);
}

/** The property paths one surface's binding of `kind` reads for `setting`, in the binding's order; empty if none. */
export function propertyPaths(surface: PropertySurface, kind: ResourceKind, setting: SettingName): readonly string[] {
  return surfaceBinding(surface, kind)?.settings[setting] ?? [];
}

/** The release label of a property name (`4.x`, `v6`) where releases differ, else `undefined`. */
export function releaseOf(surface: PropertySurface, kind: ResourceKind, path: string): string | undefined {
  if (surface === "terraform") {
    const type = terraformBindings.find((candidate) => candidate.kind === kind)?.terraformType;
    return type === undefined ? undefined : AZURERM_ATTRIBUTE_RELEASES[type]?.[path];
  }
  if (surface === "azure") {
    for (const [token, names] of Object.entries(CLASSIC_PROPERTY_RELEASES)) {
      const binding = pulumiBindings.find((candidate) => candidate.family === "azure" && candidate.matches(token));
      if (binding?.kind === kind && names[path] !== undefined) return names[path];
    }
  }
  return undefined;
}

/** How a property is written: Pulumi `a.b: value`, or Terraform HCL `a { b = value }`. */
function written(surface: PropertySurface, path: string, value: string | undefined): string {
  if (surface !== "terraform") return value === undefined ? path : `${path}: ${value}`;
  const parts = path.split(".");
  const leaf = value === undefined ? parts[parts.length - 1] : `${parts[parts.length - 1]} = ${value}`;
  return parts.slice(0, -1).reduceRight((inner, block) => `${block} { ${inner} }`, leaf ?? "");
}

/**
 * Every name one surface reads for a setting, as code, each with its release label where releases differ:
 * "`nonSslPortEnabled` (v6) / `enableNonSslPort` (v5)", "`access_keys_authentication_enabled = false` (4.x)".
 * `value` writes the assignment too. "none" (no code span) where the surface reads no such property.
 */
export function propertyCode(surface: PropertySurface, kind: ResourceKind, setting: SettingName, value?: string): string {
  return labelled(surface, kind, setting, (path) => written(surface, path, value), " / ");
}

/** Every path one surface reads for a setting, dotted as the bindings write them, with release labels: "`a` (v6), `b` (v5)". */
export function propertyPathList(surface: PropertySurface, kind: ResourceKind, setting: SettingName): string {
  return labelled(surface, kind, setting, (path) => path, ", ");
}

function labelled(surface: PropertySurface, kind: ResourceKind, setting: SettingName, code: (path: string) => string, separator: string): string {
  const paths = propertyPaths(surface, kind, setting);
  if (paths.length === 0) return "none";
  return paths
    .map((path) => {
      const release = releaseOf(surface, kind, path);
      return `\`${code(path)}\`${release ? ` (${release})` : ""}`;
    })
    .join(separator);
}

/**
 * The two Pulumi SDKs' names for a setting in one phrase: "azure-native and classic `x`" while they
 * agree, "azure-native `x`, classic `y`" once they do not, so a sentence never claims a shared name.
 */
export function pulumiPropertyCode(kind: ResourceKind, setting: SettingName, value?: string): string {
  const native = propertyCode("azure-native", kind, setting, value);
  const classic = propertyCode("azure", kind, setting, value);
  return native === classic ? `azure-native and classic ${native}` : `azure-native ${native}, classic ${classic}`;
}
