/**
 * Dotted property paths (`redis_configuration.active_directory_authentication_enabled`), walked the same way
 * by every reader and writer: the view's reader (read.ts), the Pulumi pack re-reading or fixing a property
 * through the SDK's proxies, and the CDKTF aspect writing an escape-hatch override.
 *
 * The one rule for lists: where a path steps into a block, a list holding exactly one element stands for
 * that element. Terraform writes a nested block either as an object or as a one-element list
 * (`"redis_configuration": [{ ... }]` in hand-written JSON, a plan or a state), so a path reads into the
 * element as it would into the object. The value at the end of the path is returned as it is.
 * What a list of any other length means is the caller's to say (read.ts: none is absent, several are ambiguous).
 */

const segmentsByPath = new Map<string, readonly string[]>();

/** `a.b` as `["a", "b"]`, split once per path (bindings declare a few dozen). */
export function pathSegments(path: string): readonly string[] {
  let segments = segmentsByPath.get(path);
  if (segments === undefined) {
    segments = path.split(".");
    if (segmentsByPath.size < 1000) segmentsByPath.set(path, segments);
  }
  return segments;
}

/** True for a list of exactly one element: the form of a block that the one rule above unwraps. */
export function isOneElementList(value: unknown): value is readonly [unknown] {
  return Array.isArray(value) && value.length === 1;
}

/** Where a walk along a path ended, and the path written with the index of every list it stepped into. */
export interface PathWalk {
  /** The value at the path, `undefined` where the path leads nowhere. */
  readonly value: unknown;
  /**
   * The path with `.0` after each segment whose value was a one-element list the walk stepped into
   * (`default_database.0.client_protocol`): where a writer that does not unwrap lists (a cdktf override) must write.
   */
  readonly indexedPath: string;
}

/**
 * Walks a dotted path with plain property access, so a getter or a proxy's `get` trap runs as it would
 * for the program (the Pulumi SDK's proxy throws its own error for a value unknown during preview, which
 * the caller may want). Anything not an object on the way ends the walk with `undefined`.
 */
export function walkPath(root: unknown, path: string): PathWalk {
  const indexed: string[] = [];
  let current: unknown = root;
  const segments = pathSegments(path);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (typeof current !== "object" || current === null || Array.isArray(current)) return { value: undefined, indexedPath: [...indexed, ...segments.slice(i)].join(".") };
    current = (current as Record<string, unknown>)[segment];
    indexed.push(segment);
    if (i < segments.length - 1 && isOneElementList(current)) {
      current = current[0];
      indexed.push("0");
    }
  }
  return { value: current, indexedPath: indexed.join(".") };
}

/**
 * Writes `value` at a dotted path, creating the objects on the way that are missing and stepping into a
 * one-element list's element as a reader would. Plain assignments, so a proxy's `set` trap runs (the Pulumi
 * SDK's keeps a secret's secretness).
 */
export function writePath(root: Record<string, unknown>, path: string, value: unknown): void {
  const segments = pathSegments(path);
  let target: Record<string, unknown> = root;
  for (const segment of segments.slice(0, -1)) {
    let next = target[segment];
    if (isOneElementList(next)) next = next[0];
    if (typeof next !== "object" || next === null || Array.isArray(next)) {
      target[segment] = {};
      // Read back what was written: through a proxy, that is the proxy's view of it.
      next = target[segment];
    }
    target = next as Record<string, unknown>;
  }
  target[segments[segments.length - 1] as string] = value;
}
