import { describe, expect, it } from "vitest";
import { escapeForDisplay, hasDisplayControl } from "../../policies/core/display";
import { runCli, tempDir, writeJson } from "../support/cli";

/** The sanitizer's table: each character class, one representative, and what a person sees instead. */
const TABLE: ReadonlyArray<readonly [what: string, input: string, shown: string]> = [
  ["line feed", "a\nb", "a\\nb"],
  ["carriage return", "a\rb", "a\\rb"],
  ["tab", "a\tb", "a\\tb"],
  ["ESC (a CSI sequence)", "a\u001b[2Kb", "a\\u001b[2Kb"],
  ["BEL", "a\u0007b", "a\\u0007b"],
  ["NUL", "a\u0000b", "a\\u0000b"],
  ["DEL", "a\u007fb", "a\\u007fb"],
  ["C1 CSI", "a\u009b31mb", "a\\u009b31mb"],
  ["C1 NEL", "a\u0085b", "a\\u0085b"],
  ["right-to-left override", "a\u202eb", "a\\u202eb"],
  ["right-to-left isolate", "a\u2067b", "a\\u2067b"],
  ["Arabic letter mark", "a\u061cb", "a\\u061cb"],
  ["zero-width space", "a\u200bb", "a\\u200bb"],
  ["byte order mark", "a\ufeffb", "a\\ufeffb"],
  ["line separator", "a\u2028b", "a\\u2028b"],
  ["every occurrence, not the first", "\u001b\u001b\n\n", "\\u001b\\u001b\\n\\n"],
  ["printable non-Latin text stays", "ключ-キャッシュ ✔", "ключ-キャッシュ ✔"],
  ["a backslash stays", "C:\\infra\\plan.json", "C:\\infra\\plan.json"],
];

describe("escapeForDisplay", () => {
  it.each(TABLE)("%s", (_what, input, shown) => {
    expect(escapeForDisplay(input)).toBe(shown);
    expect(hasDisplayControl(escapeForDisplay(input))).toBe(false);
  });

  it("leaves no character of the classes it escapes, over every code point below U+10000", () => {
    let all = "";
    for (let code = 0; code < 0x10000; code++) if (code < 0xd800 || code > 0xdfff) all += String.fromCharCode(code);
    const shown = escapeForDisplay(all);
    // eslint-disable-next-line no-control-regex -- asserting none is left
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/);
  });
});

/** A plan whose resource address carries a line-rewriting key, and an exemption reason with a bidi override. */
const HOSTILE_KEY = "x\u001b[2K\rFAKE \u2714 all good\u0007\u009b0m\u202e";
const ADDRESS = `azurerm_redis_cache.c[${JSON.stringify(HOSTILE_KEY)}]`;
function hostilePlan(): unknown {
  const address = ADDRESS;
  return {
    format_version: "1.2",
    terraform_version: "1.9.0\u001b]0;title\u0007",
    resource_changes: [
      {
        address,
        mode: "managed",
        type: "azurerm_redis_cache",
        name: "c",
        index: HOSTILE_KEY,
        change: { actions: ["create"], before: null, after: { name: "c", non_ssl_port_enabled: true }, after_unknown: {} },
      },
    ],
  };
}

// eslint-disable-next-line no-control-regex -- what must never reach a terminal from the input
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("check: what the input holds never reaches a terminal or a log raw", () => {
  const dir = tempDir("display-safe-");
  const plan = writeJson(dir, "plan.json", hostilePlan());

  it.each(["text", "junit", "github"])("--format %s shows the key's control characters as escapes", async (format) => {
    const run = await runCli(["check", plan, "--format", format]);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain("\\u001b[2K\\rFAKE");
    expect(run.stdout).toContain("\\u202e");
    if (format === "text") expect(run.stdout).toContain("1.9.0\\u001b]0;title\\u0007");
  });

  it.each(["json", "sarif"])("--format %s keeps the exact string for machines", async (format) => {
    const run = await runCli(["check", plan, "--format", format]);
    expect(run.status).toBe(1);
    const strings: string[] = [];
    JSON.parse(run.stdout, (_key, value: unknown) => (typeof value === "string" && strings.push(value), value));
    // The address as the reader writes it (Terraform's own `["…"]` quoting of the key), C1 and bidi characters raw.
    expect(strings.some((s) => s.includes("\u009b0m\u202e"))).toBe(true);
    expect(strings.some((s) => s.includes("1.9.0\u001b]0;title\u0007"))).toBe(format === "json");
  });

  it("an error about the input escapes what it names (here: the file's own name)", async () => {
    const missing = `${dir}/no\u001b[31msuch\r.json`;
    const run = await runCli(["check", missing]);
    expect(run.status).toBe(2);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain("no\\u001b[31msuch\\r.json");
  });
});
