import { describe, expect, it } from "vitest";
import { walkPath, writePath } from "../../policies/core/paths";
import { readPath } from "../../policies/core/read";

describe("one rule for a one-element list, in every walker", () => {
  const cases: { name: string; root: unknown; path: string; value: unknown; indexedPath: string }[] = [
    { name: "a block as an object", root: { a: { b: 1 } }, path: "a.b", value: 1, indexedPath: "a.b" },
    { name: "a block as a one-element list", root: { a: [{ b: 1 }] }, path: "a.b", value: 1, indexedPath: "a.0.b" },
    { name: "a one-element list at the end is the value", root: { a: [true] }, path: "a", value: [true], indexedPath: "a" },
    { name: "a path that leads nowhere", root: { a: "x" }, path: "a.b.c", value: undefined, indexedPath: "a.b.c" },
    { name: "a list of two is not unwrapped", root: { a: [{ b: 1 }, { b: 2 }] }, path: "a.b", value: undefined, indexedPath: "a.b" },
  ];
  it.each(cases)("walkPath: $name", ({ root, path, value, indexedPath }) => {
    expect(walkPath(root, path)).toEqual({ value, indexedPath });
  });

  it("the view's reader and walkPath agree where the list has one element", () => {
    for (const { root, path, value } of cases.slice(0, 3)) expect(readPath(root, path, "resolved")).toEqual(value);
  });

  it("writePath writes into a one-element list's element, and creates missing objects", () => {
    const listed: Record<string, unknown> = { a: [{ b: 1 }] };
    writePath(listed, "a.b", 2);
    expect(listed).toEqual({ a: [{ b: 2 }] });
    const empty: Record<string, unknown> = { a: "x" };
    writePath(empty, "a.b.c", true);
    expect(empty).toEqual({ a: { b: { c: true } } });
  });
});
