import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { expectNoStackTrace, reportValidator, runCli, tempDir, writeJson } from "../support/cli";

/**
 * `check <dir>` on a Pulumi project with `runtime: yaml`: the program is read as written (nothing runs), each
 * resource goes through the Pulumi bindings, and what only Pulumi knows at run time is unknown, never a pass.
 */

const PROJECT = "test-yaml";
const HEADER = `name: ${PROJECT}\nruntime: yaml\n`;

/** A Pulumi YAML project in a temporary directory: Pulumi.yaml (the header, then `program`), and any other files. */
function writeYamlProject(program: string, files: Record<string, string> = {}): string {
  const dir = tempDir("pulumi-yaml");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), HEADER + program);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** An azure-native cache whose non-SSL port setting is `value` (YAML text), with compliant TLS. */
const nativeCache = (value: string, extra = ""): string =>
  `${extra}resources:\n  rg:\n    type: azure-native:resources:ResourceGroup\n  cache:\n    type: azure-native:cache:Redis\n    properties:\n      resourceGroupName: \${rg.name}\n      enableNonSslPort: ${value}\n      minimumTlsVersion: "1.2"\n      sku: { name: Standard, family: C, capacity: 1 }\n`;

/** A classic cache (`azure:redis/cache:Cache`) whose `nonSslPortEnabled` is `value` (YAML text). */
const classicCache = (value: string, extra = ""): string =>
  `${extra}resources:\n  classic:\n    type: azure:redis/cache:Cache\n    properties:\n      nonSslPortEnabled: ${value}\n      minimumTlsVersion: "1.2"\n      capacity: 1\n      family: C\n      skuName: Standard\n`;

async function check(dir: string, ...flags: string[]): Promise<{ status: number | null; report: CheckReport; stderr: string }> {
  const run = await runCli(["check", dir, "--format", "json", ...flags]);
  expectNoStackTrace(run.stderr);
  if (run.status === 2) throw new Error(`exit 2: ${run.stderr}`);
  return { status: run.status, report: JSON.parse(run.stdout) as CheckReport, stderr: run.stderr };
}

function result(report: CheckReport, resource: string, ruleId: string): CheckReport["resources"][number]["results"][number] {
  const found = report.resources.find((r) => r.name === resource)?.results.find((r) => r.ruleId === ruleId);
  if (!found) throw new Error(`no ${ruleId} result for ${resource}`);
  return found;
}

describe("check on a Pulumi YAML program", () => {
  it.each([
    // label, program, other files, flags, resource, NonSslPort status, exit code, words the message holds
    ["an azure-native cache with enableNonSslPort: true fails", nativeCache("true"), {}, [], "cache", "fail", 1, "'enableNonSslPort' enables the non-SSL port"],
    ["a compliant azure-native cache passes", nativeCache("false"), {}, [], "cache", "pass", 0, undefined],
    [
      "config declared without a value in the stack is unknown, naming it",
      classicCache("${flag}", "config:\n  flag:\n    type: boolean\n"),
      {},
      [],
      "classic",
      "unknown",
      0,
      "the config value `flag`, which stack dev does not set",
    ],
    [
      "config with a value in Pulumi.dev.yaml is judged",
      classicCache("${flag}", "config:\n  flag:\n    type: boolean\n"),
      { "Pulumi.dev.yaml": `config:\n  ${PROJECT}:flag: "true"\n` },
      [],
      "classic",
      "fail",
      1,
      "'nonSslPortEnabled' enables the non-SSL port",
    ],
    [
      "--stack selects the stack whose config is read",
      classicCache("${flag}", "config:\n  flag:\n    type: boolean\n"),
      { "Pulumi.dev.yaml": `config:\n  ${PROJECT}:flag: "true"\n`, "Pulumi.prod.yaml": `config:\n  ${PROJECT}:flag: "false"\n` },
      ["--stack", "prod"],
      "classic",
      "pass",
      0,
      undefined,
    ],
    ["a config default resolves when the stack sets none", classicCache("${flag}", "config:\n  flag:\n    default: true\n"), {}, [], "classic", "fail", 1, undefined],
    [
      "an encrypted config value is unknown",
      classicCache("${flag}", "config:\n  flag:\n    type: boolean\n"),
      { "Pulumi.dev.yaml": `config:\n  ${PROJECT}:flag:\n    secure: AAABAKc=\n` },
      [],
      "classic",
      "unknown",
      0,
      "an encrypted secret of stack dev",
    ],
    ["a variable with a literal value resolves", nativeCache("${open}", "variables:\n  open: true\n"), {}, [], "cache", "fail", 1, undefined],
    ["a variable made of another literal variable resolves", nativeCache("${alias}", "variables:\n  open: false\n  alias: ${open}\n"), {}, [], "cache", "pass", 0, undefined],
    [
      "a variable from fn::invoke is unknown, naming the function",
      nativeCache("${looked}", "variables:\n  looked:\n    fn::invoke:\n      function: azure-native:cache:getRedis\n      arguments: { name: x, resourceGroupName: y }\n      return: enableNonSslPort\n"),
      {},
      [],
      "cache",
      "unknown",
      0,
      "a Pulumi YAML function `fn::invoke`",
    ],
    ["another resource's output is unknown, naming the expression", nativeCache("${rg.properties.flag}"), {}, [], "cache", "unknown", 0, "a Pulumi YAML expression `rg.properties.flag`"],
    ["the engine's own values are unknown", nativeCache("${pulumi.organization}"), {}, [], "cache", "unknown", 0, "a Pulumi YAML expression `pulumi.organization`"],
    ["a name the program does not declare is unknown, and says so", nativeCache("${nowhere}"), {}, [], "cache", "unknown", 0, "names no resource, variable or config"],
    ["text with an unknown part is unknown, never partly read", nativeCache('"${rg.name}true"'), {}, [], "cache", "unknown", 0, "`rg.name`"],
    ["fn::secret of a literal is read: the program holds the value", nativeCache("\n        fn::secret: true"), {}, [], "cache", "fail", 1, undefined],
    ["$$ is a literal dollar, not an expression", nativeCache('"$${open}"'), {}, [], "cache", "fail", 1, "a string that is not a boolean"],
  ] as const)("%s", async (_label, program, files, flags, resource, status, exitCode, words) => {
    const { status: exit, report } = await check(writeYamlProject(program, files), ...flags);
    expect(reportValidator()(report)).toEqual([]);
    const nonSsl = result(report, resource, "Azure.Redis.NonSslPort");
    expect(nonSsl.status).toBe(status);
    if (words) expect(nonSsl.message).toContain(words);
    expect(exit).toBe(exitCode);
  });

  it("points each finding at its resource's line, names it by the engine's URN, and counts other resources as not applicable", async () => {
    const dir = writeYamlProject(nativeCache("true"));
    const { report } = await check(dir);
    expect(report.input).toMatchObject({ kind: "pulumi-project", project: PROJECT, offline: true, resourcesSeen: 2 });
    expect(report.summary).toMatchObject({ resourcesSeen: 2, resourcesChecked: 1, resourcesNotApplicable: 1 });
    const [cache] = report.resources;
    // Pulumi.yaml: 1 name, 2 runtime, 3 resources, 4 rg, 5 type, 6 cache.
    expect(cache?.location?.line).toBe(6);
    expect(cache?.location?.file).toMatch(/Pulumi\.yaml$/);
    expect(cache?.urn).toBe(`urn:pulumi:dev::${PROJECT}::azure-native:cache:Redis::cache`);
    expect(report.notes.join("\n")).toContain("Pulumi YAML program, read as written");
  });

  it("reads the program from Main.yaml in the `main` directory, with a parent chained into the URN and `name:` as the name", async () => {
    const program = `resources:\n  group:\n    type: azure-native:resources:ResourceGroup\n\n  "legacy":\n    type: azure:redis:Cache\n    name: legacy-cache\n    options:\n      parent: \${group}\n    properties:\n      nonSslPortEnabled: true\n`;
    const dir = writeYamlProject("main: infra/\n", { "infra/Main.yaml": program });
    const { status, report } = await check(dir);
    expect(status).toBe(1);
    const [legacy] = report.resources;
    expect(legacy).toMatchObject({ name: "legacy-cache", type: "azure:redis/cache:Cache", location: { line: 5 } });
    expect(legacy?.location?.file).toMatch(/infra\/Main\.yaml$/);
    expect(legacy?.urn).toBe(`urn:pulumi:dev::${PROJECT}::azure-native:resources:ResourceGroup$azure:redis/cache:Cache::legacy-cache`);
  });

  it.each([
    ["properties from an unknown variable are unknown as a whole", "    properties: ${looked}\n", "variables:\n  looked:\n    fn::invoke:\n      function: azure-native:cache:getRedis\n", "unknown", "a Pulumi YAML function `fn::invoke`"],
    ["properties that are not a mapping fail closed", "    properties: [1, 2]\n", "", "fail", "a `properties` value that is not a mapping"],
    ["`properties:` left empty (null) fails closed", "    properties:\n      # enableNonSslPort: true\n", "", "fail", "a `properties` value that is not a mapping"],
    ["a cache without properties fails closed: Azure's defaults never pass what nobody configured", "", "", "fail", "a resource without `properties`"],
  ])("%s", async (_label, properties, extra, status, words) => {
    const { report } = await check(writeYamlProject(`${extra}resources:\n  cache:\n    type: azure-native:cache:Redis\n${properties}`));
    expect(result(report, "cache", "Azure.Redis.NonSslPort")).toMatchObject({ status, message: expect.stringContaining(words) as string });
  });

  it("the GitHub format annotates the resource's line in the program file", async () => {
    const dir = writeYamlProject(nativeCache("true"));
    const run = await runCli(["check", ".", "--format", "github"], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("::error file=Pulumi.yaml,line=6,title=Azure.Redis.NonSslPort (mandatory)");
  });

  it("Main.json comes first, as Pulumi YAML looks for it, and its resources keep their lines", async () => {
    const main = { resources: { cache: { type: "azure-native:cache:Redis", properties: { enableNonSslPort: true } } } };
    // Pulumi.yaml's own resources are not the program when Main.json is there.
    const dir = writeYamlProject(nativeCache("false"), { "Main.json": JSON.stringify(main, null, 2) });
    const { status, report } = await check(dir);
    expect(status).toBe(1);
    expect(report.resources.map((r) => [r.name, r.location?.file.split("/").pop(), r.location?.line])).toEqual([["cache", "Main.json", 3]]);
  });

  it("an exemption tag written in the program applies; a date-like tag value stays text, as Pulumi reads it", async () => {
    const tags = `      tags:\n        created: 2026-01-31\n        redis-guard-exempt: "Azure.Redis.NonSslPort; legacy client; until \${until}"\n`;
    const dir = writeYamlProject(`variables:\n  until: 2099-12-31\n${nativeCache("true")}${tags}`);
    const { status, report } = await check(dir);
    expect(status).toBe(0);
    expect(result(report, "cache", "Azure.Redis.NonSslPort")).toMatchObject({ status: "exempted", exemption: { source: "tag", reason: "legacy client" } });
  });

  it("a resource read with `get` is not judged, and the report says so", async () => {
    const { status, report } = await check(writeYamlProject(`resources:\n  existing:\n    type: azure-native:cache:Redis\n    get:\n      id: /subscriptions/x\n`));
    expect(status).toBe(0);
    expect(report.resources).toEqual([]);
    expect(report.notes.join("\n")).toContain("resources read with `get`");
  });
});

describe("check on a Pulumi YAML program that cannot be read", () => {
  const MARKER = "SECRET_MARKER_5d1c";

  it.each([
    [
      "a syntax error: exit 2 with file, line and column, and none of the text",
      () => writeYamlProject("main: src/\n", { "src/Main.yaml": `resources:\n  cache:\n    type: azure-native:cache:Redis\n    properties: { enableNonSslPort: "${MARKER}\n` }),
      /src\/Main\.yaml:5:1: not valid YAML \(/,
    ],
    ["a syntax error in Pulumi.yaml itself", () => writeYamlProject(`resources:\n  cache:\n   - ${MARKER}\n  bad: [\n`), /Pulumi\.yaml:\d+:\d+: not valid YAML/],
    [
      "an unknown tag: js-yaml's reason would quote it",
      () => writeYamlProject(`resources:\n  cache:\n    type: !<tag:${MARKER}> azure-native:cache:Redis\n`),
      /Pulumi\.yaml:5:\d+: not valid YAML \(unknown tag !<…>\)/,
    ],
    ["a resource without a type", () => writeYamlProject(`resources:\n  cache:\n    properties: {}\n`), /Pulumi\.yaml:4: resource "cache" has no `type`/],
    ["a compiler-written program", () => writeYamlProject("", { "Pulumi.yaml": `${HEADER.replace("runtime: yaml\n", "runtime:\n  name: yaml\n  options:\n    compiler: cue export\n")}` }), /runtime option `compiler`/],
    ["a main directory without a program", () => writeYamlProject("main: nowhere/\n"), /no Main\.json, Main\.yaml or Pulumi\.yaml in/],
  ])("%s", async (_label, makeDir, message) => {
    const run = await runCli(["check", makeDir(), "--format", "json"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain(MARKER);
    expectNoStackTrace(run.stderr);
  });

  it("an alias expansion bomb is refused quickly, whether in Pulumi.yaml or the program", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array.from({ length: 10 }, () => `*${prev}`).join(", ")}]`);
    }
    const bomb = `variables:\n${levels.map((l) => `  ${l}`).join("\n")}\nresources:\n  cache:\n    type: azure-native:cache:Redis\n    properties:\n      tags: \${i}\n`;
    for (const dir of [writeYamlProject(bomb), writeYamlProject("main: p/\n", { "p/Main.yaml": bomb })]) {
      const started = Date.now();
      const run = await runCli(["check", dir]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("once its YAML aliases are expanded");
      expect(Date.now() - started).toBeLessThan(15_000);
    }
  });

  it.each([
    ["lists", (prev: string) => `[${Array.from({ length: 10 }, () => `"\${${prev}}"`).join(", ")}]`, "[x, x, x, x, x, x, x, x, x, x]", "expand to more than"],
    ["strings", (prev: string) => `"${Array.from({ length: 10 }, () => `\${${prev}}`).join("")}"`, "xxxxxxxxxx", "expand to more than"],
  ])("variables that use each other many times (%s) are refused quickly, not expanded", async (_label, level, first, words) => {
    const names = "abcdefghijkl".split("");
    const variables = names.map((name, i) => `  ${name}: ${i === 0 ? first : level(names[i - 1]!)}`).join("\n");
    const dir = writeYamlProject(`variables:\n${variables}\nresources:\n  cache:\n    type: azure-native:cache:Redis\n    properties:\n      tags:\n        t: \${l}\n`);
    const started = Date.now();
    const run = await runCli(["check", dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(words);
    expect(run.stderr).toMatch(/Pulumi\.yaml:\d+ \(resource "cache"\)/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("a project of another runtime still says which runtimes the check reads", async () => {
    const dir = tempDir("pulumi-yaml-python");
    writeJson(dir, "Pulumi.yaml", "name: p\nruntime: python\n");
    const run = await runCli(["check", dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("runs Node.js (TypeScript/JavaScript) programs and reads Pulumi YAML programs only");
  });
});
