import { describe, expect, it } from "vitest";
import { topLevelBlocks } from "../../cli/terraform/hcl-syntax";

/**
 * hcl2json gives no positions, so each finding's line comes from topLevelBlocks (cli/terraform/hcl-syntax.ts): the
 * top-level blocks of a file with the line of their keyword, past whatever can hide a brace or a keyword.
 */
const CASES: readonly { name: string; text: string; expected: readonly [string, readonly string[], number][] }[] = [
  {
    name: "quoted labels, whitespace and comments between them (the brace stays on the labels' line, as HCL wants)",
    text: 'resource  "azurerm_redis_cache"   /* c */ "a" { # x\n}\n\nresource\t"t" "b" {}\n',
    expected: [["resource", ["azurerm_redis_cache", "a"], 1], ["resource", ["t", "b"], 4]],
  },
  {
    name: "bare labels, as HCL allows",
    text: "locals {}\nresource azurerm_redis_cache c {\n}\n",
    expected: [["locals", [], 1], ["resource", ["azurerm_redis_cache", "c"], 2]],
  },
  {
    name: "a block in a # or // comment or a /* */ comment is no block",
    text: '# resource "t" "x" {\n// resource "t" "y" {\n/* resource "t" "z" {\n}\n*/\nresource "t" "real" {}\n',
    expected: [["resource", ["t", "real"], 6]],
  },
  {
    name: "braces and keywords inside strings, templates and heredocs are skipped",
    text: [
      'resource "t" "a" {',
      '  s = "} resource \\"t\\" \\"no\\" {"',
      '  t = "${jsonencode({ a = "}" })}"',
      "  h = <<-EOT",
      '    resource "t" "heredoc" {',
      "    }",
      "    EOT",
      "}",
      'resource "t" "b" {}',
    ].join("\n"),
    expected: [["resource", ["t", "a"], 1], ["resource", ["t", "b"], 9]],
  },
  {
    name: "Windows line endings",
    text: 'variable "v" {\r\n}\r\n\r\nresource "t" "c" {\r\n}\r\n',
    expected: [["variable", ["v"], 1], ["resource", ["t", "c"], 4]],
  },
  {
    name: "nested blocks are not top-level blocks",
    text: 'resource "t" "a" {\n  redis_configuration {\n  }\n  dynamic "x" {\n    content {}\n  }\n}\nmodule "m" {\n}\n',
    expected: [["resource", ["t", "a"], 1], ["module", ["m"], 8]],
  },
];

describe("the line of each top-level HCL block (issue 22: findings point at the block's line)", () => {
  it.each(CASES)("$name", ({ text, expected }) => {
    expect(topLevelBlocks(text).map((b) => [b.keyword, b.labels, b.line])).toEqual(expected);
  });
});
