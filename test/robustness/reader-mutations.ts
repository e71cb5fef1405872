import fc from "fast-check";
import { SECRET_MARKER, type ReaderSeed } from "./reader-seeds";

/**
 * Mutations of a reader's input, in the families of issue 19: a wrong type at any structural level, a
 * deletion, a duplication (of a list element, or of an object member in the text, which JSON allows), a
 * value nested past any sensible depth, control characters in strings, and the secret marker in more values.
 * None changes or deletes the value that makes the seed's cache fail: a pass afterwards is a silent pass.
 */
export type MutationFamily = "wrong-type" | "delete" | "duplicate" | "depth" | "control" | "secret";

export const MUTATION_FAMILIES: readonly MutationFamily[] = ["wrong-type", "delete", "duplicate", "depth", "control", "secret"];

type Path = readonly (string | number)[];

/** Every path to a value in `document`, the root excluded, the deciding leaves excluded. */
function pathsOf(document: unknown, deciding: readonly Path[]): Path[] {
  const paths: Path[] = [];
  const isDeciding = (path: Path) => deciding.some((d) => d.length === path.length && d.every((k, i) => k === path[i]));
  const stack: { value: unknown; path: Path }[] = [{ value: document, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (path.length > 0 && !isDeciding(path)) paths.push(path);
    if (Array.isArray(value)) value.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
    else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return paths;
}

function parentOf(document: unknown, path: Path): { parent: Record<string | number, unknown> | unknown[]; key: string | number } | undefined {
  let node: unknown = document;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  if (typeof node !== "object" || node === null) return undefined;
  return { parent: node as Record<string | number, unknown>, key: path[path.length - 1]! };
}

const WRONG_TYPES: readonly unknown[] = [null, 7, 0, -1.5, "garbage", "", "true", "1", true, false, [], [1], ["x"]];
const CONTROLS = ["\u001b[2K\rFAKE \u2714 all good", "\u0007", "\r\n", "\u009b31m", "\u202e", "\u0000", "\u2028", "\u200b"];

/** How deep a "depth" mutation nests: past the readers' bound of 256, so it must be refused cleanly. */
const DEEP = 3000;

function nested(depth: number, leaf: unknown, asList: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asList ? [value] : { nested: value };
  return value;
}

export interface Mutant {
  readonly family: MutationFamily;
  /** The input's text: mutated as a value, then written; a duplicated member is written into the text. */
  readonly text: string;
}

/** Applies one mutation of `family` chosen by `choice` (a fast-check nat) to a copy of the seed's document. */
export function mutate(seed: ReaderSeed, family: MutationFamily, choice: number, variant: number): Mutant {
  const document = structuredClone(seed.document) as Record<string, unknown>;
  const paths = pathsOf(document, seed.deciding);
  const path = paths[choice % paths.length]!;
  const at = parentOf(document, path);
  if (!at) return { family, text: JSON.stringify(document) };
  const { parent, key } = at;
  const current = (parent as Record<string | number, unknown>)[key];
  const isDecidingAncestorKey = seed.deciding.some((d) => d.length > path.length && path.every((k, i) => d[i] === k));
  switch (family) {
    case "wrong-type": {
      (parent as Record<string | number, unknown>)[key] = WRONG_TYPES[variant % WRONG_TYPES.length];
      return { family, text: JSON.stringify(document) };
    }
    case "delete": {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete (parent as Record<string, unknown>)[key as string];
      return { family, text: JSON.stringify(document) };
    }
    case "duplicate": {
      if (Array.isArray(parent)) {
        parent.splice(key as number, 0, structuredClone(current));
        return { family, text: JSON.stringify(document) };
      }
      // An object member written twice: JSON text may repeat a key, and readers must not be fooled by it.
      const marker = `"__dup_${variant}__":null`;
      (parent as Record<string, unknown>)[`__dup_${variant}__`] = null;
      const member = `${JSON.stringify(String(key))}:${JSON.stringify(current)}`;
      return { family, text: JSON.stringify(document).replace(marker, member) };
    }
    case "depth": {
      (parent as Record<string | number, unknown>)[key] = nested(DEEP, current, variant % 2 === 0);
      return { family, text: JSON.stringify(document) };
    }
    case "control": {
      const control = CONTROLS[variant % CONTROLS.length]!;
      // Into a string value, or into the key itself when it is not on the way to a deciding value.
      if (typeof current === "string") (parent as Record<string | number, unknown>)[key] = `${current}${control}`;
      else if (!Array.isArray(parent) && !isDecidingAncestorKey) {
        delete (parent as Record<string, unknown>)[key as string];
        (parent as Record<string, unknown>)[`${String(key)}${control}`] = current;
      }
      return { family, text: JSON.stringify(document) };
    }
    case "secret": {
      if (typeof current === "string" || typeof current === "number" || typeof current === "boolean") {
        // Only in values: names and addresses are printed by design, values never are.
        if (!isNameLike(path)) (parent as Record<string | number, unknown>)[key] = `${SECRET_MARKER}-${variant}`;
      } else if (typeof current === "object" && current !== null && !Array.isArray(current)) {
        (current as Record<string, unknown>)[`password_${variant}`] = `${SECRET_MARKER}-${variant}`;
      }
      return { family, text: JSON.stringify(document) };
    }
  }
}

/** Keys whose values a report prints by design: names, addresses, types, URNs, versions, modes. */
function isNameLike(path: Path): boolean {
  const last = path[path.length - 1];
  return typeof last !== "string" || /^(name|address|type|urn|mode|provider|provider_name|index|module|terraform_version|format_version|version|id|lineage|magic|time|stack|project|source|actions)$/.test(last);
}

/**
 * A mutant of any family for `seed`, as fast-check draws it. One mutation each: compounding them would move
 * list indices under the deciding paths, and a second mutation could then change a copy of the deciding value.
 */
export function mutantOf(seed: ReaderSeed): fc.Arbitrary<Mutant> {
  return fc.tuple(fc.constantFrom(...MUTATION_FAMILIES), fc.nat(), fc.nat()).map(([family, choice, variant]) => mutate(seed, family, choice, variant));
}
