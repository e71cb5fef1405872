import type { IConstruct } from "constructs";
import { hasOwn, isPlainRecord } from "../policies/core/values";
import { libraryClassOf, type ConstructLibrary } from "./construct-library";

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
 * A plain resource (see {@link stockResourceOf}) takes a shortcut to the same result: its attributes
 * straight from `synthesizeAttributes()`, without the rest of `toTerraform()`, which costs more than
 * all the rules together; anything else takes {@link synthesizedResourcesViaToTerraform}.
 */
export function synthesizedResourcesOf(
  element: TerraformElementLike,
  stack: IConstruct,
  library: ConstructLibrary,
  attributesRead: (terraformType: string) => AttributeSelection | undefined,
): SynthesizedResource[] {
  const stock = stockResourceOf(element, stackResourceOverrides(stack), library, attributesRead);
  if (!stock) return synthesizedResourcesViaToTerraform(element, stack, library, attributesRead);
  const resolve = (value: unknown): unknown => library.resolve(stack, value);
  const { terraformType, logicalId, attributes, wanted, keys } = stock;
  const resolved: Record<string, unknown> = {};
  for (const key of keys) {
    const value = resolveSelected(attributes[key], wanted.get(key) as AttributeSelection | true, library, resolve);
    if (value !== undefined) resolved[key] = value;
  }
  return [{ terraformType, logicalId, attributes: resolved }];
}

/** {@link synthesizedResourcesOf} without the shortcut: from `toTerraform()`, whatever the element. Exported for tests. */
export function synthesizedResourcesViaToTerraform(
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

/**
 * What `toTerraform()` writes besides `synthesizeAttributes()`: the meta-arguments (`count`, … in
 * snake case; an unset one deletes the key), provisioners, the `//` metadata, and `dynamic`, where
 * dynamic blocks move. A type whose rules read one of these never takes the shortcut.
 */
const WRITTEN_BY_TO_TERRAFORM: readonly string[] = [
  "depends_on", "count", "provider", "lifecycle", "for_each", "connection", "provisioner", "//", "dynamic",
];

/** The members whose stock implementations the shortcut stands for; a subclass that overrides one does not take it. */
const STOCK_MEMBERS: readonly string[] = ["toTerraform", "terraformMetaArguments"];

/** Keyed by a resource's own constructor: whether its class chain keeps {@link STOCK_MEMBERS} stock. */
const stockClasses = new WeakMap<object, boolean>();

/** Keyed by a selection: whether it reads only what `synthesizeAttributes()` writes. */
const shortcutSelections = new WeakMap<AttributeSelection, boolean>();

/** A resource whose wanted attributes are exactly those of its `synthesizeAttributes()`, unresolved. */
interface StockResource {
  readonly terraformType: string;
  readonly logicalId: string;
  readonly attributes: Record<string, unknown>;
  readonly wanted: AttributeSelection;
  /** The wanted keys `attributes` has, in its order (all its keys are plain: none resolves to another). */
  readonly keys: readonly string[];
}

/**
 * The shortcut, when it gives exactly what the full path gives, else `undefined`. `toTerraform()` of
 * a `TerraformResource` is `processDynamicAttributes(synthesizeAttributes())` deep-merged with the
 * meta-arguments, provisioners and the element's `rawOverrides`, under `resource.<type>.<id>`, plus
 * moved and import blocks; most of its cost is snake-casing the meta-arguments and the construct
 * metadata with its stack trace, none of which a rule reads. So when the element is an instance of
 * the library's own `TerraformResource` (not a data source, whose `toTerraform()` writes `data`)
 * with the stock `toTerraform()`, has not moved, has no overrides of its own nor from its stack, and
 * every wanted value comes out of `processDynamicAttributes` unchanged, the wanted attributes are
 * read from `synthesizeAttributes()` itself. Anything else (a dynamic block, an iterator or any other
 * object that is neither plain nor a token, a key that is a token, …) takes the full path.
 */
function stockResourceOf(
  element: TerraformElementLike,
  stackOverrides: Record<string, unknown> | undefined,
  library: ConstructLibrary,
  attributesRead: (terraformType: string) => AttributeSelection | undefined,
): StockResource | undefined {
  const terraformType = element.terraformResourceType;
  if (typeof terraformType !== "string" || !PLAIN_ATTRIBUTE_NAME.test(terraformType)) return undefined;
  const wanted = attributesRead(terraformType);
  if (!wanted || !readsOnlySynthesizedAttributes(wanted)) return undefined;
  const base = libraryClassOf(element);
  // The library's own class, the one that built the app: `cdktf.TerraformResource` or `cdktn.TerraformResource`.
  if (base?.library !== library || base.exportName !== "TerraformResource" || !isStockResourceClass(element, base.prototype)) return undefined;
  // Private in the typings of both libraries, plain fields at run time. `_hasMoved` must be there and
  // false: were it renamed, the shortcut could not tell that a moved resource writes no block at all.
  const internals = element as unknown as { _hasMoved?: unknown; _movedById?: unknown; _movedByTarget?: unknown; rawOverrides?: unknown };
  if (internals._hasMoved !== false || internals._movedById !== undefined || internals._movedByTarget !== undefined) return undefined;
  if (!isEmptyPlainObject(internals.rawOverrides)) return undefined;
  // `terraformMetaArguments` asserts that count and for_each are not both set: let `toTerraform()` throw it.
  const meta = element as unknown as { forEach?: unknown; count?: unknown };
  if (meta.forEach && meta.count !== undefined) return undefined;
  const logicalId = element.friendlyUniqueId;
  if (typeof logicalId !== "string" || !PLAIN_ATTRIBUTE_NAME.test(logicalId)) return undefined;
  const overridesOfType = stackOverrides?.[terraformType];
  if (isPlainRecord(overridesOfType) && hasOwn(overridesOfType, logicalId)) return undefined;
  const synthesize = (element as unknown as { synthesizeAttributes?: unknown }).synthesizeAttributes;
  if (typeof synthesize !== "function") return undefined;
  // Protected in the typings, public at run time: the very call `toTerraform()` starts with.
  const attributes: unknown = synthesize.call(element);
  if (!isObjectLiteral(attributes)) return undefined;
  const keys = wantedKeysOf(element.constructor, Object.keys(attributes), wanted);
  if (!keys) return undefined;
  for (const key of keys) if (!keptByProcessDynamicAttributes(attributes[key], library)) return undefined;
  return { terraformType, logicalId, attributes, wanted, keys };
}

/** Keyed by a resource's constructor: the keys its `synthesizeAttributes()` returned last, and the wanted ones among them. */
const keysByClass = new WeakMap<object, { readonly all: readonly string[]; readonly wanted: AttributeSelection; readonly found: readonly string[] }>();

/**
 * The wanted keys among `all`, or `undefined` when a key is not plain (a token key is resolved,
 * maybe into a wanted one). A provider class returns the same keys every time: compared one by one
 * with the last ones, they need no second look.
 */
function wantedKeysOf(ctor: unknown, all: readonly string[], wanted: AttributeSelection): readonly string[] | undefined {
  const last = typeof ctor === "function" ? keysByClass.get(ctor) : undefined;
  if (last?.wanted === wanted && last.all.length === all.length && last.all.every((key, i) => key === all[i])) return last.found;
  const found: string[] = [];
  for (const key of all) {
    if (!PLAIN_ATTRIBUTE_NAME.test(key)) return undefined;
    if (wanted.has(key)) found.push(key);
  }
  if (typeof ctor === "function") keysByClass.set(ctor, { all, wanted, found });
  return found;
}

function readsOnlySynthesizedAttributes(wanted: AttributeSelection): boolean {
  let reads = shortcutSelections.get(wanted);
  if (reads === undefined) {
    reads = !WRITTEN_BY_TO_TERRAFORM.some((key) => wanted.has(key));
    shortcutSelections.set(wanted, reads);
  }
  return reads;
}

/** True when no class between the element's own and `TerraformResource` overrides {@link STOCK_MEMBERS}. */
function isStockResourceClass(element: TerraformElementLike, resourcePrototype: object): boolean {
  const own = element as unknown as Record<string, unknown>;
  if (own["toTerraform"] !== (resourcePrototype as Record<string, unknown>)["toTerraform"]) return false;
  if (STOCK_MEMBERS.some((member) => hasOwn(element, member))) return false;
  const ctor: unknown = element.constructor;
  if (typeof ctor !== "function") return false;
  let stock = stockClasses.get(ctor);
  if (stock === undefined) {
    stock = false;
    for (let proto: unknown = Object.getPrototypeOf(element); typeof proto === "object" && proto !== null; proto = Object.getPrototypeOf(proto)) {
      if (proto === resourcePrototype) {
        stock = true;
        break;
      }
      if (STOCK_MEMBERS.some((member) => hasOwn(proto as object, member))) break;
    }
    stockClasses.set(ctor, stock);
  }
  return stock;
}

/**
 * True when `processDynamicAttributes` (lib/util of both libraries) hands `value` on as it is or as an
 * equal copy. It moves a dynamic block (a token that must not be resolved in place) to `dynamic`, and
 * copies the objects whose constructor is `Object`, looking for dynamic blocks inside. Arrays it hands
 * on untouched; a token, resolved, is what synthesis resolves; any other object is not trusted here.
 */
function keptByProcessDynamicAttributes(value: unknown, library: ConstructLibrary): boolean {
  if (typeof value !== "object" || value === null) return true;
  // Duck-typed as in both libraries' TerraformDynamicBlock, whose brand symbol is library-specific.
  if (typeof (value as { toTerraformDynamicBlockJson?: unknown }).toTerraformDynamicBlockJson === "function") return false;
  if (Array.isArray(value)) return true;
  if (isObjectLiteral(value)) {
    for (const key of Object.keys(value)) {
      if (!keptByProcessDynamicAttributes(value[key], library)) return false;
    }
    return true;
  }
  return library.isResolvable(value);
}

/** An object `processDynamicAttributes` descends into: its constructor is `Object` (a literal, a JSON value). */
function isObjectLiteral(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && (value as { constructor?: unknown }).constructor === Object;
}

function isEmptyPlainObject(value: unknown): boolean {
  if (!isObjectLiteral(value)) return false;
  for (const key in value) if (hasOwn(value, key)) return false;
  return true;
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
