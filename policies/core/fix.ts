import type { ResourceBinding } from "./read";
import type { ResourceView, Rule } from "./types";

/** What an automatic fix writes: `value` at each of `paths` (property paths as the resource names them). */
export type FixPlan =
  | { readonly kind: "write"; readonly paths: readonly string[]; readonly value: boolean | string }
  | { readonly kind: "unsafe"; readonly reason: string };

/**
 * Plans the automatic fix of `rule` on a resource, or `undefined` when the rule has none. The fix is
 * written under every name the resource already uses for the setting (so azurerm 3.x and 4.x names
 * both end up compliant), or under the current provider's name when it uses none. Where the provider
 * replaces the resource on that change, the fix is refused: losing a cache's data is not a fix.
 */
export function planFix(rule: Rule, binding: ResourceBinding, view: ResourceView): FixPlan | undefined {
  const fix = rule.fix;
  if (!fix) return undefined;
  const declared = binding.settings[fix.setting] ?? [];
  if (declared.length === 0) return undefined;
  if (binding.noAutomaticFix) return { kind: "unsafe", reason: binding.noAutomaticFix };
  if (binding.replacedOnChange?.includes(fix.setting)) {
    return { kind: "unsafe", reason: `changing '${declared[0]}' replaces the resource, so ${rule.id} does not rewrite it automatically` };
  }
  const present = (view.settings[fix.setting] ?? []).filter((s) => s.value !== undefined).map((s) => s.property);
  return { kind: "write", paths: present.length > 0 ? present : declared.slice(0, 1), value: fix.value };
}
