import type { IConstruct } from "constructs";
import { hasOwn, isPlainRecord } from "../policies/core/values";
import type { ConstructLibrary } from "./construct-library";

/** One `resource.<type>.<logicalId>` block exactly as it will be written to `cdk.tf.json`. */
export interface SynthesizedResource {
  readonly terraformType: string;
  readonly logicalId: string;
  readonly attributes: unknown;
}

/** What the aspect needs of a Terraform element, whichever library built it (duck-typed, no `instanceof`). */
export interface TerraformElementLike extends IConstruct {
  readonly terraformResourceType?: unknown;
  readonly friendlyUniqueId?: unknown;
  toTerraform(): unknown;
  addOverride(path: string, value: unknown): void;
}

export function isTerraformElement(node: IConstruct): node is TerraformElementLike {
  const candidate = node as Partial<TerraformElementLike>;
  return typeof candidate.toTerraform === "function" && typeof candidate.addOverride === "function";
}

/**
 * The attributes the rules read of one resource type, as a tree: `true` wants an attribute's whole
 * value, a nested selection only those keys of a block (`redis_configuration` →
 * `active_directory_authentication_enabled`). See {@link selectAttributes}.
 */
export type AttributeSelection = ReadonlyMap<string, AttributeSelection | true>;

/**
 * The selection of dotted attribute paths (`non_ssl_port_enabled`,
 * `redis_configuration.active_directory_authentication_enabled`); a path that wants a whole value
 * wins over one that wants part of it.
 */
export function selectAttributes(paths: Iterable<string>): AttributeSelection {
  type Node = Map<string, Node | true>;
  const root: Node = new Map();
  for (const path of paths) {
    const segments = path.split(".");
    let node = root;
    for (let i = 0; i < segments.length; i++) {
      const key = segments[i] as string;
      const existing = node.get(key);
      if (existing === true) break; // the whole value is wanted already
      if (i === segments.length - 1) {
        node.set(key, true);
        break;
      }
      const child: Node = existing ?? new Map();
      node.set(key, child);
      node = child;
    }
  }
  return root;
}

/**
 * The resources `element` contributes to the synthesized stack, computed the way
 * `TerraformStack.toTerraform()` computes them: the element's `toTerraform()` (its own escape-hatch
 * overrides included) resolved against the stack, then the stack's own overrides merged on top and
 * resolved again.
 *
 * `attributesRead(type)` selects the attributes the rules read for a type (`undefined`: the type is
 * not guarded, skip it). Only those are resolved: resolving a value on its own gives what resolving
 * it inside the whole resource gives, and a guard on a stack of thousands of resources must not
 * resolve every resource a second time (the block's stack trace metadata alone costs more than the
 * attributes we need).
 *
 * (A shortcut that read plain resources from `synthesizeAttributes()` instead of `toTerraform()`,
 * re-implementing parts of cdktf's private synthesis, was removed: it saved 1-3% of the synth of
 * 1,000 caches and under 0.5% of a realistic app's, and both synth targets hold without it;
 * docs/performance.md has the measurements.)
 */
export function synthesizedResourcesOf(
  element: TerraformElementLike,
  stack: IConstruct,
  library: ConstructLibrary,
  attributesRead: (terraformType: string) => AttributeSelection | undefined,
): SynthesizedResource[] {
  const resolve = (value: unknown): unknown => library.resolve(stack, value);
  const stackOverrides = stackResourceOverrides(stack);
  const fragment = resolveIfToken(element.toTerraform(), library, resolve);
  const blocks = isPlainRecord(fragment) ? resolveIfToken(fragment["resource"], library, resolve) : undefined;
  if (!isPlainRecord(blocks)) return []; // a data source, a moved resource, an output: nothing deployed here
  const resources: SynthesizedResource[] = [];
  for (const [rawType, rawById] of Object.entries(blocks)) {
    const terraformType = resolve(rawType);
    const wanted = typeof terraformType === "string" ? attributesRead(terraformType) : undefined;
    const byId = resolveIfToken(rawById, library, resolve);
    if (!wanted || !isPlainRecord(byId)) continue;
    for (const [rawId, ownAttributes] of Object.entries(byId)) {
      const logicalId = String(resolve(rawId));
      const overridesOfType = stackOverrides?.[terraformType as string];
      if (isPlainRecord(overridesOfType) && hasOwn(overridesOfType, logicalId)) {
        const override = overridesOfType[logicalId];
        if (override === undefined) continue; // `stack.addOverride("resource.<type>.<id>", undefined)` deletes it
        const merged = mergeLikeSynthesis(resolve(ownAttributes), override, library);
        resources.push({ terraformType: terraformType as string, logicalId, attributes: resolve(merged) });
      } else {
        resources.push({ terraformType: terraformType as string, logicalId, attributes: resolveAttributes(ownAttributes, wanted, library, resolve) });
      }
    }
  }
  return resources;
}

/** An object literal or JSON value (its constructor is `Object`): {@link resolveSelected} may resolve it key by key. */
function isObjectLiteral(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && (value as { constructor?: unknown }).constructor === Object;
}

function resolveIfToken(value: unknown, library: ConstructLibrary, resolve: (value: unknown) => unknown): unknown {
  return library.isResolvable(value) ? resolve(value) : value;
}

/** A Terraform attribute name; an encoded token (`${TfToken[...]}`, a number token) never looks like one. */
const PLAIN_ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Resolves the wanted attributes of one block (a key is resolved too, as synthesis does, unless it is plain). */
function resolveAttributes(
  attributes: unknown,
  wanted: AttributeSelection,
  library: ConstructLibrary,
  resolve: (value: unknown) => unknown,
): unknown {
  const block = resolveIfToken(attributes, library, resolve);
  if (!isPlainRecord(block)) return resolve(block);
  const resolved: Record<string, unknown> = {};
  for (const rawKey of Object.keys(block)) {
    // A wanted key is plain; any other key only needs resolving if it could be a token.
    const key = wanted.has(rawKey) || PLAIN_ATTRIBUTE_NAME.test(rawKey) ? rawKey : resolve(rawKey);
    const selection = typeof key === "string" ? wanted.get(key) : undefined;
    if (selection === undefined) continue;
    const resolvedValue = resolveSelected(block[rawKey], selection, library, resolve);
    if (resolvedValue !== undefined) resolved[key as string] = resolvedValue;
  }
  return resolved;
}

/**
 * Resolves `value`, or only its selected keys when it is a block whose resolution is, key by key, the
 * resolution of each value (cdktf's `resolve` on an object that is no token, with plain keys): what
 * the rules read of `redis_configuration` is then exactly what resolving all sixteen keys gives.
 * A list, a token or anything unusual is resolved whole, as the rules may read it in any form.
 */
function resolveSelected(value: unknown, selection: AttributeSelection | true, library: ConstructLibrary, resolve: (value: unknown) => unknown): unknown {
  // No token hides in these (cdktf's resolve hands them back as they are); most attributes a rule reads are unset.
  if (value === undefined || value === null || typeof value === "boolean") return value;
  if (selection === true || !isObjectLiteral(value) || library.isResolvable(value) || looksLikeConstruct(value)) return resolve(value);
  const keys = Object.keys(value);
  if (!keys.every((key) => PLAIN_ATTRIBUTE_NAME.test(key))) return resolve(value);
  const resolved: Record<string, unknown> = {};
  for (const key of keys) {
    const sub = selection.get(key);
    if (sub === undefined) continue;
    const resolvedValue = resolveSelected(value[key], sub, library, resolve);
    if (resolvedValue !== undefined) resolved[key] = resolvedValue;
  }
  return resolved;
}

/** cdktf's `resolve` refuses a construct (`_children` and `_metadata` set): resolved whole, it throws as synthesis would. */
function looksLikeConstruct(value: Record<string, unknown>): boolean {
  return value["_children"] !== undefined && value["_metadata"] !== undefined;
}

/**
 * Resources that exist only as stack-level overrides (`stack.addOverride("resource.azurerm_redis_cache.x", {...})`),
 * i.e. with no element of that type and logical id in the stack; `types` limits the search.
 */
export function overrideOnlyResources(stack: IConstruct, types: ReadonlySet<string>, library: ConstructLibrary): SynthesizedResource[] {
  const stackOverrides = stackResourceOverrides(stack);
  if (!stackOverrides) return [];
  const resources: SynthesizedResource[] = [];
  for (const [terraformType, byId] of Object.entries(stackOverrides)) {
    if (!types.has(terraformType) || !isPlainRecord(byId)) continue;
    const elementIds = logicalIdsOfType(stack, terraformType);
    for (const [logicalId, attributes] of Object.entries(byId)) {
      if (attributes === undefined || elementIds.has(logicalId)) continue;
      resources.push({ terraformType, logicalId, attributes: library.resolve(stack, attributes) });
    }
  }
  return resources;
}

/**
 * The stack's `resource` overrides. `rawOverrides` is private in the typings of both libraries but
 * a plain field at run time, and `TerraformStack.toTerraform()` merges it over every element: a
 * stack-level escape hatch can set a resource's attribute after the resource itself has spoken.
 */
function stackResourceOverrides(stack: IConstruct): Record<string, unknown> | undefined {
  const raw = (stack as { rawOverrides?: unknown }).rawOverrides;
  const resources = isPlainRecord(raw) ? raw["resource"] : undefined;
  return isPlainRecord(resources) ? resources : undefined;
}

function logicalIdsOfType(stack: IConstruct, terraformType: string): Set<string> {
  const ids = new Set<string>();
  for (const node of stack.node.findAll()) {
    const candidate = node as { terraformResourceType?: unknown; friendlyUniqueId?: unknown };
    if (candidate.terraformResourceType === terraformType && typeof candidate.friendlyUniqueId === "string") ids.add(candidate.friendlyUniqueId);
  }
  return ids;
}

/**
 * cdktf's `deepMerge` (lib/util), which synthesis uses to lay overrides over a resource, without
 * mutating its input: objects merge key by key, an array joins an existing array, `undefined`
 * deletes, a token or any other value replaces.
 */
export function mergeLikeSynthesis(target: unknown, source: unknown, library: ConstructLibrary): unknown {
  if (!isPlainRecord(source) || library.isResolvable(source)) return source;
  const merged: Record<string, unknown> = isPlainRecord(target) && !library.isResolvable(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(source)) {
    const existing = merged[key];
    if (value === undefined) delete merged[key];
    else if (Array.isArray(value)) merged[key] = Array.isArray(existing) ? [...existing, ...value] : value;
    else if (Array.isArray(existing) && isPlainRecord(value) && !library.isResolvable(value)) merged[key] = mergeIntoList(existing, value, library);
    else merged[key] = mergeLikeSynthesis(existing, value, library);
  }
  return merged;
}

/**
 * An object override laid over a list (a block synthesized as a one-element list), as cdktf's
 * `deepMerge` does it: an index key (`default_database.0.client_protocol`) reaches into that element,
 * any other key (`default_database.client_protocol`) lands on the array itself, where JSON drops it.
 * Judging such an override as if it applied would pass a value that is never written.
 */
function mergeIntoList(list: readonly unknown[], override: Record<string, unknown>, library: ConstructLibrary): unknown[] {
  const merged = [...list];
  for (const [key, value] of Object.entries(override)) {
    if (!/^(0|[1-9]\d*)$/.test(key)) continue;
    const index = Number(key);
    if (value === undefined) delete merged[index];
    else if (Array.isArray(value)) merged[index] = Array.isArray(merged[index]) ? [...(merged[index] as unknown[]), ...value] : value;
    else merged[index] = mergeLikeSynthesis(merged[index], value, library);
  }
  return merged;
}
