import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { expectNoStackTrace, reportValidator, runCli, tempDir, writeJson } from "../support/cli";

/**
 * `check <*.tf.json | directory>` on the HCL JSON syntax as Terraform reads it (hashicorp/hcl json/spec.md,
 * Terraform's "JSON Configuration Syntax" and "Override Files" pages): every labelling level as an object or
 * a list of objects, repeated keys, `"//"` comments, override files, module calls, and the shapes Terraform
 * refuses (exit 2 with the file, the JSON path and the line, never a value from the file).
 */
const MARKER = "S3cr3tMarker";
const validateReport = reportValidator();
let scratch: string;
beforeAll(() => {
  scratch = tempDir("tfjson-syntax");
});

/** A cache body; `open` decides Azure.Redis.NonSslPort (fail when true). */
function cache(open: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: `redis-${MARKER}`, location: MARKER, capacity: 0, family: "C", sku_name: "Basic", non_ssl_port_enabled: open, ...extra };
}

let counter = 0;
function file(content: unknown, name?: string): string {
  return writeJson(scratch, name ?? `case-${++counter}.tf.json`, content);
}

async function check(target: string): Promise<{ status: number | null; report?: CheckReport; stderr: string; stdout: string }> {
  const run = await runCli(["check", target, "--format", "json"]);
  expectNoStackTrace(run.stderr);
  expect(run.stdout + run.stderr).not.toContain(MARKER);
  if (run.status === 2) return { status: run.status, stderr: run.stderr, stdout: run.stdout };
  const report = JSON.parse(run.stdout) as CheckReport;
  expect(validateReport(report)).toEqual([]);
  return { status: run.status, report, stderr: run.stderr, stdout: run.stdout };
}

/** Each judged resource's Azure.Redis.NonSslPort status, by address. */
function nonSslPort(report: CheckReport): Record<string, string> {
  return Object.fromEntries(report.resources.map((r) => [r.name, r.results.find((x) => x.ruleId === "Azure.Redis.NonSslPort")!.status]));
}

/** The 1-based line of the first line of `text` that contains `needle` after the `skip`th match. */
function lineOf(text: string, needle: string, skip = 0): number {
  const lines = text.split("\n");
  let seen = 0;
  for (let i = 0; i < lines.length; i++) if (lines[i]!.includes(needle) && seen++ === skip) return i + 1;
  throw new Error(`no line with ${needle}`);
}

describe("every labelling level as an object or a list of objects (HCL JSON spec, Blocks)", () => {
  it.each<[string, unknown]>([
    ["all objects", { resource: { azurerm_redis_cache: { bad: cache(true), good: cache(false) } } }],
    ["resource as a list", { resource: [{ azurerm_redis_cache: { bad: cache(true) } }, { azurerm_redis_cache: { good: cache(false) } }] }],
    ["the type level as a list", { resource: { azurerm_redis_cache: [{ bad: cache(true) }, { good: cache(false) }] } }],
    ["the body as a list of one object", { resource: { azurerm_redis_cache: { bad: [cache(true)], good: [cache(false)] } } }],
    ["every level a list", { resource: [{ azurerm_redis_cache: [{ bad: [cache(true)] }] }, { azurerm_redis_cache: [{ good: [cache(false)] }] }] }],
    ["mixed object and list forms", { resource: [{ azurerm_redis_cache: { bad: [cache(true)] } }, { azurerm_redis_cache: [{ good: cache(false) }] }] }],
    ['"//" at the top level and in the block bodies', { "//": MARKER, resource: { azurerm_redis_cache: { bad: { "//": MARKER, ...cache(true) }, good: [{ "//": { note: MARKER }, ...cache(false) }] } } }],
  ])("%s: both caches judged", async (_label, content) => {
    const { status, report } = await check(file(content));
    expect(status).toBe(1);
    expect(nonSslPort(report!)).toEqual({ "azurerm_redis_cache.bad": "fail", "azurerm_redis_cache.good": "pass" });
  });

  it('a "//" comment inside a nested block body is not an argument', async () => {
    const body = cache(false, { redis_configuration: [{ "//": MARKER, active_directory_authentication_enabled: true }] });
    const { report } = await check(file({ resource: { azurerm_redis_cache: { c: body } } }));
    expect(report!.resources[0]!.results.find((x) => x.ruleId === "Azure.Redis.EntraID")!.status).toBe("pass");
  });

  it("each block keeps the line of its own body, in list forms too", async () => {
    const target = file({ resource: [{ azurerm_redis_cache: [{ bad: [cache(true)] }] }, { azurerm_redis_cache: { good: cache(false) } }] });
    const text = fs.readFileSync(target, "utf8");
    const { report } = await check(target);
    expect(report!.resources.map((r) => [r.name, r.location])).toEqual([
      ["azurerm_redis_cache.bad", { file: target, line: lineOf(text, '"bad": [') + 1 }],
      ["azurerm_redis_cache.good", { file: target, line: lineOf(text, '"good": {') }],
    ]);
  });

  it("a body of null declares no block (HCL: no block content): nothing to check, said so", async () => {
    const { status, stdout } = await runCli(["check", file({ resource: { azurerm_redis_cache: { none: null } } })]);
    expect(status).toBe(0);
    expect(stdout).toContain("Nothing was checked: the input holds no resources.");
  });

  it("a data source of the Redis family is seen and noted, not judged", async () => {
    const { status, report } = await check(file({ data: [{ azurerm_redis_cache: { existing: { name: "x", resource_group_name: "rg" } } }], resource: { azurerm_redis_cache: { c: cache(false) } } }));
    expect(status).toBe(0);
    expect(report!.summary.resourcesSeen).toBe(2);
    expect(report!.notes).toContain("Not judged, data sources (only managed resources are checked) (1): data.azurerm_redis_cache.existing.");
  });
});

describe("repeated keys: each occurrence is a block (HCL JSON spec: duplicates must be preserved)", () => {
  const body = (open: boolean): string => JSON.stringify(cache(open));
  it.each([
    ["a repeated resource key", `{\n"resource": {"azurerm_redis_cache": {"bad":\n${body(true)}}},\n"resource": {"azurerm_redis_cache": {"good":\n${body(false)}}}\n}`],
    ["a repeated type key", `{"resource": {\n"azurerm_redis_cache": {"bad":\n${body(true)}},\n"azurerm_redis_cache": {"good":\n${body(false)}}\n}}`],
  ])("%s: both blocks judged, each at its own line", async (_label, text) => {
    const target = file(text);
    const { status, report } = await check(target);
    expect(status).toBe(1);
    expect(nonSslPort(report!)).toEqual({ "azurerm_redis_cache.bad": "fail", "azurerm_redis_cache.good": "pass" });
    expect(report!.resources.map((r) => r.location!.line)).toEqual([lineOf(text, '"bad":') + 1, lineOf(text, '"good":') + 1]);
  });

  it("a repeated nested block type is more blocks of that type, not a lost one", async () => {
    const text = `{"resource": {"azurerm_redis_cache": {"c": {"name": "c", "sku_name": "Basic", "non_ssl_port_enabled": false,
      "redis_configuration": {"active_directory_authentication_enabled": true}, "redis_configuration": {"maxmemory_policy": "allkeys-lru"}}}}}`;
    const { status, report } = await check(file(text));
    expect(status).not.toBe(2);
    expect(report!.resources).toHaveLength(1);
  });
});

describe("shapes Terraform refuses: exit 2 with the file, the JSON path, the line and what was expected", () => {
  it.each<[string, string, string, string]>([
    ["resource is a string", `{\n  "resource": "${MARKER}"\n}`, "resource (line 2, column 15) is a string", "whose property names are the resource types"],
    ["resource is a list of strings", `{\n  "resource": ["${MARKER}"]\n}`, "resource[0] (line 2, column 16) is a string", "an object whose property names are the resource types"],
    ["resource is empty", `{\n  "resource": {}\n}`, "resource (line 2, column 15) holds no resource type", "whose property names are the resource types"],
    ["a type is a string", `{"resource": {\n  "azurerm_redis_cache": "${MARKER}"\n}}`, "resource.azurerm_redis_cache (line 2, column 26) is a string", "whose property names are the resource names"],
    ["a type is a number", `{"resource": {\n  "azurerm_redis_cache": 7\n}}`, "resource.azurerm_redis_cache (line 2, column 26) is a number", "whose property names are the resource names"],
    ["a type is null", `{"resource": {\n  "azurerm_redis_cache": null\n}}`, "resource.azurerm_redis_cache (line 2, column 26) is null", "whose property names are the resource names"],
    ["a type is a list of strings", `{"resource": {\n  "azurerm_redis_cache": [{"a": {}}, "${MARKER}"]\n}}`, "resource.azurerm_redis_cache[1] (line 2, column 38) is a string", "an object whose property names are the resource names"],
    ["a body is a string", `{"resource": {"azurerm_redis_cache": {\n  "bad": "${MARKER}"\n}}}`, "resource.azurerm_redis_cache.bad (line 2, column 10) is a string", 'an object (one resource "azurerm_redis_cache" block)'],
    ["a body is a list of strings", `{"resource": {"azurerm_redis_cache": {\n  "bad": ["${MARKER}"]\n}}}`, "resource.azurerm_redis_cache.bad[0] (line 2, column 11) is a string", 'an object: the arguments of a resource "azurerm_redis_cache" block'],
    ["a data type is a boolean", `{"data": {\n  "azurerm_redis_cache": true\n}}`, "data.azurerm_redis_cache (line 2, column 26) is a boolean", "whose property names are the data source names"],
    ["a module is a string", `{"module": {\n  "network": "${MARKER}"\n}}`, "module.network (line 2, column 14) is a string", 'an object (one module block)'],
    ['"//" at the type level', `{"resource": {\n  "//": "${MARKER}",\n  "azurerm_redis_cache": {"c": {}}\n}}`, 'resource (line 2, column 9) holds "//", which is a comment only at the top level and inside a block body', "resource types that start with a letter"],
    ['"//" at the name level', `{"resource": {"azurerm_redis_cache": {\n  "//": {"${MARKER}": {}}\n}}}`, 'resource.azurerm_redis_cache (line 2, column 9) holds "//"', "resource names that start with a letter"],
    ["a repeated argument", `{"resource": {"azurerm_redis_cache": {"c": {\n  "non_ssl_port_enabled": false,\n  "non_ssl_port_enabled": "${MARKER}"\n}}}}`, "resource.azurerm_redis_cache.c.non_ssl_port_enabled (line 3, column 27) is set twice", 'Terraform: "Duplicate argument"'],
  ])("%s", async (_label, text, where, expected) => {
    const target = file(text);
    const { status, stderr, stdout } = await check(target);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`${target} is Terraform JSON configuration that Terraform would refuse: ${where}`);
    expect(stderr).toContain(expected);
  });

  it("two blocks with one address (a body list of two, or the same name twice) is Terraform's duplicate resource error", async () => {
    for (const content of [
      { resource: { azurerm_redis_cache: { c: [cache(false), cache(true)] } } },
      { resource: [{ azurerm_redis_cache: { c: cache(false) } }, { azurerm_redis_cache: { c: cache(true) } }] },
    ]) {
      const target = file(content);
      const text = fs.readFileSync(target, "utf8");
      const { status, stderr } = await check(target);
      expect(status).toBe(2);
      expect(stderr).toContain("azurerm_redis_cache.c is declared twice");
      expect(stderr).toMatch(new RegExp(`line ${lineOf(text, '"name"') - 1}, byte \\d+ and .* line ${lineOf(text, '"name"', 1) - 1}, byte \\d+; Terraform: "Duplicate resource configuration"`));
    }
  });

  it("invalid JSON inside a resource: exit 2 with the line and column, never the text", async () => {
    const target = file(`{"resource": {"azurerm_redis_cache": {"c": {\n  "name": "${MARKER}", "location": tru, 1 2\n}}}}`);
    const { status, stderr } = await check(target);
    expect(status).toBe(2);
    expect(stderr).toMatch(/is not valid JSON: expected a JSON value at line 2, column \d+ \(byte \d+\)/);
  });

  it.each([
    ["a .tf.json file", (text: string) => file(text)],
    ["a cdktf.out stack", (text: string) => {
      const dir = tempDir("deep-synth");
      fs.mkdirSync(path.join(dir, "stacks", "dev"), { recursive: true });
      fs.writeFileSync(path.join(dir, "stacks", "dev", "cdk.tf.json"), text);
      return dir;
    }],
  ])("3,000 levels of nesting in %s: exit 2, no stack trace", async (_label, write) => {
    const deep = `{"resource": {"azurerm_redis_cache": {"c": {"name": "${MARKER}", "tags": ${"[".repeat(3000)}${"]".repeat(3000)}}}}}`;
    const { status, stderr } = await check(write(deep));
    expect(status).toBe(2);
    expect(stderr).toContain("the JSON nests deeper than 256 levels at line 1");
  });

  it("invalid JSON in a cdktf.out stack: exit 2 with the line and column, never the text", async () => {
    const dir = tempDir("broken-synth");
    fs.mkdirSync(path.join(dir, "stacks", "dev"), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", "dev", "cdk.tf.json"), `{"resource": {"azurerm_redis_cache": {"c": {\n  "name": '${MARKER}'\n}}}}`);
    const { status, stderr } = await check(dir);
    expect(status).toBe(2);
    expect(stderr).toMatch(/cdk\.tf\.json is not valid JSON: expected a JSON value at line 2, column 11 \(byte \d+\)/);
  });
});

describe("a directory of *.tf.json: override files, module calls, HCL files (Terraform's Override Files page)", () => {
  function directory(files: Record<string, unknown>): string {
    const dir = tempDir("tfjson-override");
    for (const [name, content] of Object.entries(files)) writeJson(dir, name, content);
    return dir;
  }
  const main = {
    resource: {
      azurerm_redis_cache: {
        c: cache(true, { minimum_tls_version: "1.2", redis_configuration: { active_directory_authentication_enabled: true }, "//": { metadata: { path: "app/c" } } }),
      },
    },
  };

  it("an override's argument replaces the original's; its nested block replaces the original's blocks of that type", async () => {
    const dir = directory({
      "main.tf.json": main,
      "override.tf.json": { resource: { azurerm_redis_cache: { c: { non_ssl_port_enabled: false, "//": MARKER } } } },
      "a_override.tf.json": { resource: [{ azurerm_redis_cache: [{ c: { minimum_tls_version: "1.0", redis_configuration: [{ maxmemory_policy: "allkeys-lru" }] } }] }] },
    });
    const { status, report } = await check(dir);
    expect(status).toBe(1);
    const [resource] = report!.resources;
    const statuses = Object.fromEntries(resource!.results.map((x) => [x.ruleId, x.status]));
    expect(statuses).toMatchObject({ "Azure.Redis.NonSslPort": "pass", "Azure.Redis.MinTLS": "fail", "Azure.Redis.EntraID": "fail" });
    // The original's "//" (CDKTF's metadata) stays: a comment in an override replaces nothing.
    expect(resource!.constructPath).toBe("app/c");
    expect(resource!.location!.file).toMatch(/main\.tf\.json$/);
    expect(report!.notes.join("\n")).toMatch(/Override files merged as Terraform merges them .*a_override\.tf\.json, .*\/override\.tf\.json\./);
  });

  it("overrides apply in lexical order: the later file wins", async () => {
    const dir = directory({
      "main.tf.json": main,
      "a_override.tf.json": { resource: { azurerm_redis_cache: { c: { non_ssl_port_enabled: false } } } },
      "b_override.tf.json": { resource: { azurerm_redis_cache: { c: { non_ssl_port_enabled: true } } } },
    });
    expect(nonSslPort((await check(dir)).report!)).toEqual({ "azurerm_redis_cache.c": "fail" });
  });

  it("an override without an original is exit 2 (Terraform: Missing resource to override)", async () => {
    const dir = directory({ "main.tf.json": main, "override.tf.json": { resource: { azurerm_redis_cache: { other: { non_ssl_port_enabled: false } } } } });
    const { status, stderr } = await check(dir);
    expect(status).toBe(2);
    expect(stderr).toContain("overrides azurerm_redis_cache.other (line 4), which no other file of the configuration declares");
  });

  it("the same block in two files is exit 2, both places named", async () => {
    const dir = directory({ "a.tf.json": main, "b.tf.json": main });
    const { status, stderr } = await check(dir);
    expect(status).toBe(2);
    expect(stderr).toMatch(/azurerm_redis_cache\.c is declared twice \(.*a\.tf\.json line 4, byte \d+ and .*b\.tf\.json line 4, byte \d+;/);
  });

  it("a module call is named in the notes as not followed, with how to check it", async () => {
    const dir = directory({ "main.tf.json": { ...main, module: [{ network: { source: "./modules/network" } }, { redis: [{ source: "./modules/redis" }] }] } });
    const { report } = await check(dir);
    expect(report!.notes.join("\n")).toMatch(/Module calls not followed: network \(.*main\.tf\.json line \d+\), redis \(.*main\.tf\.json line \d+\)\..*check a plan/);
  });

  it("OpenTofu files beside the JSON are named as not read; HCL files are read with it (issue 22: HCL is now an input)", async () => {
    const dir = directory({ "main.tf.json": main });
    fs.writeFileSync(path.join(dir, "variables.tofu"), 'variable "x" {}\n');
    const mixed = await check(dir);
    expect(mixed.status).toBe(1);
    expect(mixed.report!.notes.join("\n")).toContain("Not read: 1 configuration file(s) in HCL or OpenTofu syntax (variables.tofu); only the *.tf.json files were checked");

    // Until issue 22 a directory of .tf files only was exit 2 ("does not read"); it is now read, .tf.json beside it too.
    fs.writeFileSync(path.join(dir, "extra.tf"), `resource "azurerm_redis_cache" "hcl" { non_ssl_port_enabled = true }\n`);
    const withHcl = await check(dir);
    expect(withHcl.status).toBe(1);
    expect(nonSslPort(withHcl.report!)["azurerm_redis_cache.hcl"]).toBe("fail");
    expect(withHcl.report!.notes.join("\n")).not.toContain("in HCL or OpenTofu syntax");
    expect(withHcl.report!.notes.join("\n")).toContain("Not read: 1 OpenTofu file(s) (variables.tofu); only the .tf and .tf.json files were checked");
  });
});

describe("the real-world corpus's Terraform JSON entries, through the built CLI, as corpus.json expects", () => {
  interface Expected {
    exitCode: number;
    inputKind: string | null;
    resources: Record<string, Record<string, { verdict: string; messageMustContain?: string[]; messageMustNotContain?: string[] }>>;
    resourceCount?: number;
    errorMustContain?: string[];
    notesMustContain?: string[];
  }
  const corpusDir = path.join(__dirname, "..", "real-world");
  const corpus = JSON.parse(fs.readFileSync(path.join(corpusDir, "corpus.json"), "utf8")) as { files: { file: string; kind: string; expected: Expected }[] };
  const entries = corpus.files.filter((entry) => entry.kind.startsWith("terraform-json"));

  it("has the four entries this reader covers", () => {
    expect(entries.map((entry) => entry.file).sort()).toEqual(["array-form.tf.json", "cdktf-out/stacks/dev/cdk.tf.json", "override-dir", "resource-not-object.tf.json"]);
  });

  it.each(entries.map((entry) => [entry.file, entry.expected] as const))("%s", async (file, expected) => {
    const run = await runCli(["check", path.join(corpusDir, file), "--format", "json"]);
    expectNoStackTrace(run.stderr);
    expect(run.status).toBe(expected.exitCode);
    if (expected.exitCode === 2) {
      for (const text of expected.errorMustContain ?? []) expect(run.stderr).toContain(text);
      return;
    }
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(validateReport(report)).toEqual([]);
    expect(report.input.kind).toBe(expected.inputKind);
    if (expected.resourceCount !== undefined) expect(report.resources).toHaveLength(expected.resourceCount);
    for (const text of expected.notesMustContain ?? []) expect(report.notes.join("\n")).toContain(text);
    const actual = Object.fromEntries(report.resources.map((r) => [r.name, Object.fromEntries(r.results.map((x) => [x.ruleId, x.status]))]));
    const wanted = Object.fromEntries(Object.entries(expected.resources).map(([address, rules]) => [address, Object.fromEntries(Object.entries(rules).map(([rule, v]) => [rule, v.verdict]))]));
    expect(actual).toEqual(wanted);
    for (const [address, rules] of Object.entries(expected.resources)) {
      for (const [rule, v] of Object.entries(rules)) {
        const message = report.resources.find((r) => r.name === address)!.results.find((x) => x.ruleId === rule)!.message;
        for (const text of v.messageMustContain ?? []) expect(message).toContain(text);
        for (const text of v.messageMustNotContain ?? []) expect(message).not.toContain(text);
      }
    }
  });
});
