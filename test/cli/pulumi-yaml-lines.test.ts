import { describe, expect, it } from "vitest";
import { resourceLines } from "../../cli/pulumi/yaml-program";

/** Where each resource of a Pulumi YAML program is declared: the line of its key under the top-level `resources:`. */
describe("resourceLines", () => {
  it.each([
    ["plain keys", "name: p\nresources:\n  a:\n    type: t\n  b:\n    type: t\n", { a: 3, b: 5 }],
    ["quoted keys and comments", "resources:\n  # a comment\n  \"a b\":   # why\n    type: t\n  'it''s':\n    type: t\n", { "a b": 3, "it's": 5 }],
    ["CRLF line ends and blank lines", "resources:\r\n\r\n    a:\r\n      type: t\r\n", { a: 3 }],
    ["a nested key of the same name is not an entry", "resources:\n  a:\n    properties:\n      b: 1\n  b:\n    type: t\n", { a: 2, b: 5 }],
    ["only the top-level resources: counts", "variables:\n  resources:\n    x: 1\nresources:\n  x:\n    type: t\n", { x: 5 }],
    ["flow style points at resources:", "name: p\nresources: { a: { type: t } }\n", { "": 2 }],
    ["Main.json", '{\n  "variables": { "resources": 1 },\n  "resources": {\n    "a": {\n      "type": "t"\n    },\n    "b": { "type": "t" }\n  }\n}\n', { a: 4, b: 7 }],
    ["no resources", "name: p\n", {}],
  ])("%s", (_label, text, expected) => {
    expect(Object.fromEntries(resourceLines(text))).toEqual(expected);
  });
});
