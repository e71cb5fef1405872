import type { ResourceKind, Rule, SettingName } from "./types";

/** What {@link ruleApplies} looks at: a binding or a view, that is a resource kind and the settings its type maps. */
export interface MappedSettings {
  readonly kind: ResourceKind;
  readonly settings: Readonly<Partial<Record<SettingName, unknown>>>;
}

/**
 * Whether `rule` applies to a resource type: the kind is one of the rule's, and the type's binding maps
 * at least one setting the rule reads (a rule that reads none applies to the whole kind). A resource
 * type that cannot express a setting at all is not checked by that rule; each rule's docs page names
 * such types. Every surface asks this, so a rule applies to the same types everywhere.
 */
export function ruleApplies(rule: Rule, target: MappedSettings): boolean {
  if (!ruleCoversKind(rule, target.kind)) return false;
  const read = rule.settingsRead;
  if (!read || read.length === 0) return true;
  for (const setting of read) if (target.settings[setting] !== undefined) return true;
  return false;
}

/**
 * Whether `kind` is one of the kinds `rule` is about. A rule that covers the kind but not the type
 * ({@link ruleApplies} false) has something to say: this type cannot express the setting it checks.
 */
export function ruleCoversKind(rule: Rule, kind: ResourceKind): boolean {
  return rule.resourceKinds.includes(kind);
}
