import { isOneElementList, pathSegments } from "./paths";
import type { AbsentDefaults, ResourceKind, ResourceView, SettingName, SettingSource } from "./types";
import {
  DerivedValue,
  MalformedValue,
  UnknownValue,
  isPlainRecord,
  normalizeRawValue,
  type ValueDialect,
} from "./values";

/**
 * Where a surface keeps each setting of one resource type: dotted property paths, first the name
 * the current provider version uses (a fix writes there), then older names still read.
 */
export type SettingPaths = Readonly<Partial<Record<SettingName, readonly string[]>>>;

/** How one surface's resource type maps onto the core: the whole of what an adapter declares. */
export interface ResourceBinding {
  readonly kind: ResourceKind;
  readonly settings: SettingPaths;
  /** Settings whose change makes the provider replace the resource (data loss): never fixed automatically. */
  readonly replacedOnChange?: readonly SettingName[];
  /**
   * Why no fix is written on resources of this binding at all, when the change belongs elsewhere (a
   * resource a Terraform module creates is changed through the module's inputs, not its own properties).
   */
  readonly noAutomaticFix?: string;
  /**
   * What applies when a mapped setting is absent on this surface: a provider default, or Azure's default
   * at the API version the resource type speaks. Settings not listed fall back to each rule's own
   * `absentComplies`. Every view of the type carries this object as is.
   */
  readonly absentDefaults?: AbsentDefaults;
  /**
   * The property holding the resource's Azure tags (`tags`), where exemption tags are read; absent for a
   * type that has no tags (a Redis Enterprise database is an ARM proxy resource), which no tag can exempt.
   */
  readonly tagsProperty?: string;
}

/**
 * Builds the core's view of a resource from its raw property bag. Never throws: a property that
 * cannot be read is an {@link UnknownValue} (the surface said it is not known yet) or a
 * {@link MalformedValue} (anything else), so the rules can refuse to pass it.
 */
export function buildResourceView(
  binding: ResourceBinding,
  displayName: string,
  properties: unknown,
  dialect: ValueDialect,
  /** Read only these settings (the ones a rule checks); all of them when omitted. */
  only?: ReadonlySet<SettingName>,
): ResourceView {
  const settings: Partial<Record<SettingName, SettingSource[]>> = {};
  for (const [setting, paths] of settingEntries(binding.settings)) {
    if (only && !only.has(setting)) continue;
    const sources: SettingSource[] = [];
    for (const property of paths) {
      const value = readPath(properties, property, dialect);
      sources.push(value instanceof DerivedValue ? { property, value: normalizeRawValue(value.value, dialect), provenance: value.provenance } : { property, value });
    }
    settings[setting] = sources;
  }
  return binding.absentDefaults ? { kind: binding.kind, displayName, settings, defaults: binding.absentDefaults } : { kind: binding.kind, displayName, settings };
}

const entriesBySettings = new WeakMap<SettingPaths, readonly (readonly [SettingName, readonly string[]])[]>();

/** A binding's settings as entries, listed once per binding: every policy of every resource builds a view. */
function settingEntries(settings: SettingPaths): readonly (readonly [SettingName, readonly string[]])[] {
  let entries = entriesBySettings.get(settings);
  if (entries === undefined) {
    entries = Object.entries(settings) as [SettingName, readonly string[]][];
    entriesBySettings.set(settings, entries);
  }
  return entries;
}

/** Reads a dotted path, unwrapping Terraform's one-element block lists (the rule in paths.ts) and dialect wrappers. */
export function readPath(root: unknown, path: string, dialect: ValueDialect): unknown {
  let current: unknown = root;
  const segments = pathSegments(path);
  for (let i = 0; i < segments.length; i++) {
    // The element of a one-element list is a value like any other: it may be unknown or wrapped too.
    current = normalizeRawValue(unwrapBlock(normalizeRawValue(current, dialect)), dialect);
    if (current === undefined || current === null) return undefined;
    if (current instanceof UnknownValue || current instanceof MalformedValue) return current;
    // A derived value is a leaf: a path through it reads what it stands for, without its provenance.
    if (current instanceof DerivedValue) current = normalizeRawValue(unwrapBlock(current.value), dialect);
    if (current === undefined || current === null) return undefined;
    if (!isPlainRecord(current)) {
      const where = segments.slice(0, i).join(".") || "the resource";
      return new MalformedValue(`not readable because '${where}' is not a block`);
    }
    current = readOwn(current, segments[i] as string);
  }
  return normalizeRawValue(current, dialect);
}

/** A Terraform block may be synthesized as an object or a list holding one object; no block is absent, several are ambiguous. */
function unwrapBlock(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  if (isOneElementList(value)) return readElement(value);
  if (value.length === 0) return undefined;
  return new MalformedValue(`ambiguous: a list of ${value.length} blocks where one block belongs`);
}

/** Like {@link readOwn}: reading through the Pulumi SDK's proxy throws for an unknown element. */
function readElement(list: readonly unknown[]): unknown {
  try {
    return list[0];
  } catch (error) {
    if (error instanceof Error && isUnknownValueError(error)) return new UnknownValue("Pulumi does not know it until the update", error);
    return new MalformedValue("not readable");
  }
}

/**
 * One entry of a map read as a setting is: `key` taken literally (a tag name may hold dots), normalized
 * for the dialect, an unknown or unreadable entry as {@link UnknownValue} / {@link MalformedValue}.
 */
export function readEntry(record: Record<string, unknown>, key: string, dialect: ValueDialect): unknown {
  return normalizeRawValue(readOwn(record, key), dialect);
}

/**
 * An own property's value, read through its descriptor rather than `record[key]`. Pulumi's policy SDK
 * hands a policy its inputs behind a proxy whose `get` trap builds a nested proxy and a property path
 * on every read and throws for a value unknown during preview; the proxy has no descriptor trap, so
 * the descriptor holds the deserialized value itself, which {@link normalizeRawValue} classifies the
 * same way (an unknown sentinel is {@link UnknownValue}), at a fraction of the cost. A getter is still
 * called, so anything else that guards its values with one keeps doing so.
 */
function readOwn(record: Record<string, unknown>, key: string): unknown {
  try {
    const descriptor = Object.getOwnPropertyDescriptor(record, key);
    if (descriptor === undefined) return undefined;
    return "value" in descriptor ? descriptor.value : record[key];
  } catch (error) {
    // Pulumi's policy SDK reads inputs through a proxy that throws when a value is unknown during
    // preview; keep the error so the Pulumi side can hand it back to the SDK, which reports it.
    if (error instanceof Error && isUnknownValueError(error)) {
      return new UnknownValue("Pulumi does not know it until the update", error);
    }
    return new MalformedValue("not readable");
  }
}

/** Matched by name: the core must not import `@pulumi/policy`, and the SDK leaves `name` as "Error". */
function isUnknownValueError(error: Error): boolean {
  return error.name === "UnknownValueError" || error.constructor.name === "UnknownValueError";
}
