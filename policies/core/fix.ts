import type { ResourceBinding } from "./read";
import type { ResourceView, RuleFix } from "./types";

/**
 * The property paths an automatic fix writes, the same on every surface: every name the resource
 * sets (so two inconsistent names are both corrected), or the current provider's name (the binding's
 * first) when it sets none.
 */
export function fixTargetPaths(view: ResourceView, binding: ResourceBinding, fix: RuleFix): string[] {
  const present = (view.settings[fix.setting] ?? []).filter((source) => source.value !== undefined).map((source) => source.property);
  return present.length > 0 ? present : (binding.settings[fix.setting] ?? []).slice(0, 1);
}
