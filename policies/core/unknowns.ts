import { MalformedValue, UnknownValue, hasOwn, isPlainRecord } from "./values";

/**
 * Where a reader learns what is unknown from a mask beside the values rather than from the values
 * themselves: a Terraform plan leaves a value it only knows after apply out of `change.after` and marks
 * it `true` at the same place in `change.after_unknown` (Terraform's JSON output format,
 * developer.hashicorp.com/terraform/internals/json-format). The mask has the shape of the value:
 * `true` marks the value there, a whole block or list included; an object or a list marks parts of it.
 *
 * This is the one way such markers reach the core: the reader lays the mask over the values, then
 * builds the view from the result as from any other property bag.
 */
export type UnknownMask = boolean | null | { readonly [key: string]: UnknownMask } | readonly UnknownMask[];

/**
 * `values` with every place `mask` marks replaced by an {@link UnknownValue} saying `why`. Parts the mask
 * does not mark are shared, not copied; a mark under a value that is absent (Terraform omits unknowns
 * from `after`) creates the block or list around it, so a path through it reads as unknown rather than
 * absent. `false`, `null` and an absent mask mark nothing. Anything else in the mask (`"true"`, `1`) is not a
 * marker Terraform writes: the place it marks becomes a {@link MalformedValue}, so it fails closed rather than
 * reading as absent. Values that are already a {@link MalformedValue} (planned values that are not an object)
 * stay so whatever the mask says: a mask must never turn an unreadable resource into an empty, passing one.
 */
export function applyUnknownMask(values: unknown, mask: unknown, why: string): unknown {
  if (values instanceof MalformedValue) return values;
  if (mask === true) return new UnknownValue(why);
  if (!isMarker(mask)) return new MalformedValue("marked by an unknown-value mask that is not understood");
  if (Array.isArray(mask)) {
    const list: unknown[] = Array.isArray(values) ? [...(values as unknown[])] : [];
    let marked = false;
    mask.forEach((part: unknown, index) => {
      if (!marks(part) && isMarker(part)) return;
      marked = true;
      list[index] = applyUnknownMask(list[index], part, why);
    });
    return marked ? list : values;
  }
  if (isPlainRecord(mask)) {
    let record: Record<string, unknown> | undefined;
    for (const key of Object.keys(mask)) {
      const part = mask[key];
      if (!marks(part) && isMarker(part)) continue;
      record ??= isPlainRecord(values) ? { ...values } : {};
      // Defined, not assigned: a key named `__proto__` must stay a key, not change the prototype.
      Object.defineProperty(record, key, {
        value: applyUnknownMask(hasOwn(record, key) ? record[key] : undefined, part, why),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return record ?? values;
  }
  return values;
}

/** Whether a mask's part is something Terraform writes there: a boolean, null, an object or a list. */
function isMarker(mask: unknown): boolean {
  return mask === undefined || mask === null || typeof mask === "boolean" || Array.isArray(mask) || (isPlainRecord(mask) && [Object.prototype, null].includes(Object.getPrototypeOf(mask) as object | null));
}

/** Whether a mask marks anything at all: `{}`, `[]`, `false` and `[false]` mark nothing. */
function marks(mask: unknown): boolean {
  if (mask === true) return true;
  if (!isMarker(mask)) return true;
  if (Array.isArray(mask)) return mask.some(marks);
  if (isPlainRecord(mask)) return Object.keys(mask).some((key) => marks(mask[key]));
  return false;
}
