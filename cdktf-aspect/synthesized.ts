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
 * The resources `element` contributes to the synthesized stack, computed the way
 * `TerraformStack.toTerraform()` computes them: the element's `toTerraform()` (its own escape-hatch
 * overrides included) resolved against the stack, then the stack's own overrides merged on top and
 * resolved again.
 *
 * `attributesRead(type)` names the top-level attributes the rules read for a type (`undefined`: the
 * type is not guarded, skip it). Only those are resolved: resolving a value on its own gives what
 * resolving it inside the whole resource gives, and a guard on a stack of thousands of resources must
 * not resolve every resource a second time (the block's stack trace metadata alone costs more than
 * the attributes we need).
 */
export function synthesizedResourcesOf(
  element: TerraformElementLike,
  stack: IConstruct,
  library: ConstructLibrary,
  attributesRead: (terraformType: string) => ReadonlySet<string> | undefined,
): SynthesizedResource[] {
  const resolve = (value: unknown): unknown => library.resolve(stack, value);
  const fragment = resolveIfToken(element.toTerraform(), library, resolve);
  const blocks = isPlainRecord(fragment) ? resolveIfToken(fragment["resource"], library, resolve) : undefined;
  if (!isPlainRecord(blocks)) return []; // a data source, a moved resource, an output: nothing deployed here
  const stackOverrides = stackResourceOverrides(stack);
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

function resolveIfToken(value: unknown, library: ConstructLibrary, resolve: (value: unknown) => unknown): unknown {
  return library.isResolvable(value) ? resolve(value) : value;
}

/** A Terraform attribute name; an encoded token (`${TfToken[...]}`, a number token) never looks like one. */
const PLAIN_ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Resolves the wanted attributes of one block (a key is resolved too, as synthesis does, unless it is plain). */
function resolveAttributes(
  attributes: unknown,
  wanted: ReadonlySet<string>,
  library: ConstructLibrary,
  resolve: (value: unknown) => unknown,
): unknown {
  const block = resolveIfToken(attributes, library, resolve);
  if (!isPlainRecord(block)) return resolve(block);
  const resolved: Record<string, unknown> = {};
  for (const rawKey of Object.keys(block)) {
    // A wanted key is plain; any other key only needs resolving if it could be a token.
    const key = wanted.has(rawKey) || PLAIN_ATTRIBUTE_NAME.test(rawKey) ? rawKey : resolve(rawKey);
    if (typeof key !== "string" || !wanted.has(key)) continue;
    const resolvedValue = resolve(block[rawKey]);
    if (resolvedValue !== undefined) resolved[key] = resolvedValue;
  }
  return resolved;
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
    else merged[key] = mergeLikeSynthesis(existing, value, library);
  }
  return merged;
}
