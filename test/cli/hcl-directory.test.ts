import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { expectNoStackTrace, reportValidator, runCli, tempDir } from "../support/cli";

/**
 * `check` on Terraform written in HCL (issue 22): a directory of `*.tf` (with `.tf.json`, override files, tfvars,
 * local and registry modules), `cdktf synth --hcl` output and a Pulumi HCL project, through the built CLI. Each case
 * writes its files, runs `check <dir> --format json` and states what each resource's Azure.Redis.NonSslPort is,
 * where it points, and what the notes and messages say. MARKER is in every file: it must never be printed.
 */
const MARKER = "S3cr3tMarker";
const validateReport = reportValidator();

/** A cache block; `open` is written as is (HCL text): `true`, `var.x`, `upper(var.x)`. */
function cache(name: string, open: string, extra = ""): string {
  return [
    `# ${MARKER}`,
    `resource "azurerm_redis_cache" "${name}" {`,
    `  name                 = "redis-${MARKER}"`,
    `  location             = "westeurope"`,
    `  resource_group_name  = "rg"`,
    `  capacity             = 1`,
    `  family               = "C"`,
    `  sku_name             = "Standard"`,
    `  non_ssl_port_enabled = ${open}`,
    ...(extra ? [extra] : []),
    `}`,
    ``,
  ].join("\n");
}

interface Case {
  readonly name: string;
  readonly files: Record<string, string>;
  /** The directory checked, relative to the case's directory (default: the directory itself). */
  readonly target?: string;
  readonly args?: readonly string[];
  readonly env?: Record<string, string>;
  readonly status: number;
  /** Azure.Redis.NonSslPort's status per resource name; exactly these resources are judged. */
  readonly nonSslPort?: Record<string, string>;
  /** Per resource name: the location file (relative to the case directory) and line. */
  readonly locations?: Record<string, [string, number]>;
  readonly notes?: readonly (string | RegExp)[];
  readonly messages?: Record<string, readonly string[]>;
  readonly stderr?: readonly (string | RegExp)[];
  readonly stacks?: readonly string[];
}

const CASES: readonly Case[] = [
  {
    name: "a variable set in terraform.tfvars and a local module: judged, the module's resource as module.cache.…",
    files: {
      "main.tf": `variable "open" {\n  type = bool\n}\n\n${cache("root", "var.open")}\nmodule "cache" {\n  source = "./modules/cache"\n  open   = var.open\n}\n`,
      "terraform.tfvars": "open = true\n",
      "modules/cache/main.tf": `variable "open" {}\n\n${cache("this", "var.open")}`,
    },
    status: 1,
    nonSslPort: { "azurerm_redis_cache.root": "fail", "module.cache.azurerm_redis_cache.this": "fail" },
    locations: { "azurerm_redis_cache.root": ["main.tf", 6], "module.cache.azurerm_redis_cache.this": ["modules/cache/main.tf", 4] },
  },
  {
    name: "a variable's default decides when nothing sets it; a literal local resolves",
    files: { "main.tf": `variable "open" {\n  default = false\n}\nlocals {\n  open = var.open\n}\n${cache("c", "local.open")}` },
    status: 0,
    nonSslPort: { "azurerm_redis_cache.c": "pass" },
  },
  {
    name: "override.tf merges into the original block, which keeps its location",
    files: { "main.tf": cache("c", "false"), "override.tf": `resource "azurerm_redis_cache" "c" {\n  non_ssl_port_enabled = true\n}\n` },
    status: 1,
    nonSslPort: { "azurerm_redis_cache.c": "fail" },
    locations: { "azurerm_redis_cache.c": ["main.tf", 2] },
    notes: [/Override files merged .*override\.tf/],
  },
  {
    name: ".tf.json beside .tf: both read as one module",
    files: {
      "main.tf": cache("hcl", "false"),
      "extra.tf.json": JSON.stringify({ resource: { azurerm_redis_cache: { json: { name: MARKER, sku_name: "Basic", family: "C", capacity: 0, non_ssl_port_enabled: true } } } }),
    },
    status: 1,
    nonSslPort: { "azurerm_redis_cache.hcl": "pass", "azurerm_redis_cache.json": "fail" },
  },
  {
    name: "a variable with no value is unknown, never a pass",
    files: { "main.tf": `variable "open" {}\n${cache("c", "var.open")}` },
    status: 0,
    nonSslPort: { "azurerm_redis_cache.c": "unknown" },
    messages: { "azurerm_redis_cache.c": ["var.open has no value"] },
  },
  {
    name: "a function call is unknown and its message names the root var.x",
    files: { "main.tf": `variable "x" {\n  default = "false"\n}\n${cache("c", "upper(var.x)")}` },
    status: 0,
    nonSslPort: { "azurerm_redis_cache.c": "unknown" },
    messages: { "azurerm_redis_cache.c": ["computed from var.x"] },
  },
  {
    name: "another resource's attribute and a conditional are unknown, named by their roots",
    files: { "main.tf": `${cache("a", "azurerm_redis_cache.b.non_ssl_port_enabled")}${cache("b", 'local.m == "x" ? true : false')}locals {\n  m = "x"\n}\n` },
    status: 0,
    nonSslPort: { "azurerm_redis_cache.a": "unknown", "azurerm_redis_cache.b": "unknown" },
    messages: { "azurerm_redis_cache.a": ["computed from azurerm_redis_cache.b.non_ssl_port_enabled"], "azurerm_redis_cache.b": ["computed from local.m"] },
  },
  {
    name: "count = 0 creates nothing and the report says so; for_each is judged once per block",
    files: { "main.tf": `${cache("none", "true", "  count = 0")}${cache("each", "true", '  for_each = toset(["a", "b"])')}` },
    status: 1,
    nonSslPort: { "azurerm_redis_cache.each": "fail" },
    notes: [/count = 0 or an empty for_each.*azurerm_redis_cache\.none/, "judged once per block"],
  },
  {
    name: "a registry module is named in the notes as not followed, with how to check it",
    files: { "main.tf": `${cache("c", "false")}module "redis" {\n  source  = "Azure/avm-res-cache-redis/azurerm"\n  version = "0.4.0"\n}\n` },
    status: 0,
    nonSslPort: { "azurerm_redis_cache.c": "pass" },
    notes: [/Module calls not followed: module\.redis \(.*main\.tf line 11; a registry module\).*check a plan/],
  },
  {
    name: "TF_VAR_ sets a variable over its default",
    files: { "main.tf": `variable "open" {\n  default = false\n}\n${cache("c", "var.open")}` },
    env: { TF_VAR_open: "true" },
    status: 1,
    nonSslPort: { "azurerm_redis_cache.c": "fail" },
  },
  {
    name: "*.auto.tfvars wins over terraform.tfvars and TF_VAR_; --var-file wins over both (Terraform's precedence)",
    files: {
      "main.tf": `variable "a" {}\nvariable "b" {}\n${cache("a", "var.a")}${cache("b", "var.b")}`,
      "terraform.tfvars": "a = false\nb = false\n",
      "x.auto.tfvars": "a = true\nb = true\n",
      "prod.tfvars": "b = false\n",
    },
    env: { TF_VAR_a: "false" },
    args: ["--var-file", "PROD"],
    status: 1,
    nonSslPort: { "azurerm_redis_cache.a": "fail", "azurerm_redis_cache.b": "pass" },
  },
  {
    name: "a dynamic block makes its block type unknown, named by its for_each root",
    files: {
      "main.tf": cache("c", "false", `  dynamic "redis_configuration" {\n    for_each = var.configs\n    content {\n      active_directory_authentication_enabled = true\n    }\n  }`).replace(`# ${MARKER}`, `variable "configs" {\n  default = []\n}\n# ${MARKER}`),
    },
    status: 0,
    nonSslPort: { "azurerm_redis_cache.c": "pass" },
    messages: { "azurerm_redis_cache.c": ["dynamic block over var.configs"] },
  },
  {
    name: "cdktf synth --hcl output: the manifest's stacks point at cdk.tf",
    files: {
      "manifest.json": JSON.stringify({ version: "0.21.0", stacks: { app: { name: "app", synthesizedStackPath: "stacks/app/cdk.tf", workingDirectory: "stacks/app" } } }),
      "stacks/app/cdk.tf": `terraform {\n  required_providers {\n    azurerm = {\n      source  = "hashicorp/azurerm"\n      version = "4.20.0"\n    }\n  }\n}\n\n${cache("cache", "true")}`,
    },
    status: 1,
    stacks: ["app"],
    nonSslPort: { "azurerm_redis_cache.cache": "fail" },
    locations: { "azurerm_redis_cache.cache": ["stacks/app/cdk.tf", 11] },
  },
  {
    name: "a Pulumi HCL project: Terraform bindings, variables from the stack's config",
    files: {
      "Pulumi.yaml": "name: hclproj\nruntime: hcl\n",
      "Pulumi.prod.yaml": "config:\n  hclproj:open: true\n  closed: false\n",
      "main.tf": `variable "open" {}\nvariable "closed" {}\n${cache("a", "var.open")}${cache("b", "var.closed")}`,
    },
    status: 1,
    stacks: ["prod"],
    nonSslPort: { "azurerm_redis_cache.a": "fail", "azurerm_redis_cache.b": "pass" },
  },
  {
    name: "a Pulumi HCL project with .hcl files",
    files: { "Pulumi.yaml": "name: hclproj\nruntime:\n  name: hcl\n", "main.hcl": cache("c", "true") },
    status: 1,
    nonSslPort: { "azurerm_redis_cache.c": "fail" },
  },
  {
    name: "one .tf file on its own is read, with its directory's terraform.tfvars, and a note says the rest was not",
    files: { "main.tf": `variable "open" {}\n${cache("c", "var.open")}`, "other.tf": cache("other", "true"), "terraform.tfvars": "open = false\n" },
    target: "main.tf",
    status: 0,
    nonSslPort: { "azurerm_redis_cache.c": "pass" },
    notes: [/Only .*main\.tf was read/],
  },
  {
    name: "a syntax error is exit 2 with the file, line and column, never the text",
    files: { "main.tf": `${cache("c", "false")}resource "azurerm_redis_cache" "d" {\n  name = "${MARKER}\n}\n` },
    status: 2,
    stderr: [/main\.tf:12:23: HCL syntax error \(Invalid multi-line string\)/],
  },
  {
    name: "one address in two .tf files is exit 2 naming both lines, as Terraform refuses it",
    files: { "a.tf": cache("c", "false"), "b.tf": `\n${cache("c", "true")}` },
    status: 2,
    stderr: [/azurerm_redis_cache\.c is declared twice \(.*a\.tf line 2 and .*b\.tf line 3; Terraform: "Duplicate resource configuration"\)/],
  },
  {
    name: "modules that call each other are exit 2, not an endless read",
    files: { "main.tf": `module "a" {\n  source = "./a"\n}\n`, "a/main.tf": `module "back" {\n  source = "../"\n}\n` },
    status: 2,
    stderr: [/cycle/],
  },
];

function write(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}

describe("check on Terraform HCL (issue 22), through the built CLI", () => {
  it.each(CASES)("$name", async (c) => {
    const dir = tempDir("hcl");
    write(dir, c.files);
    const args = (c.args ?? []).map((arg) => (arg === "PROD" ? path.join(dir, "prod.tfvars") : arg));
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TF_VAR_"))), ...c.env };
    const run = await runCli(["check", path.join(dir, c.target ?? "."), "--format", "json", ...args], { env, cwd: dir });
    expectNoStackTrace(run.stderr);
    expect(run.stdout + run.stderr).not.toContain(MARKER);
    expect({ status: run.status, stderr: run.status === 2 ? run.stderr : "" }).toMatchObject({ status: c.status });
    for (const pattern of c.stderr ?? []) expect(run.stderr).toMatch(pattern);
    if (c.status === 2) return;
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(validateReport(report)).toEqual([]);
    const statuses = Object.fromEntries(report.resources.map((r) => [r.name, r.results.find((x) => x.ruleId === "Azure.Redis.NonSslPort")!.status]));
    if (c.nonSslPort) expect(statuses).toEqual(c.nonSslPort);
    for (const [name, [file, line]] of Object.entries(c.locations ?? {})) {
      const resource = report.resources.find((r) => r.name === name)!;
      expect(path.resolve(dir, resource.location!.file)).toBe(path.join(dir, file));
      expect(resource.location!.line).toBe(line);
    }
    const notes = report.notes.join("\n");
    for (const note of c.notes ?? []) expect(notes).toMatch(note);
    for (const [name, words] of Object.entries(c.messages ?? {})) {
      const messages = report.resources.find((r) => r.name === name)!.results.map((r) => r.message).join("\n");
      for (const word of words) expect(messages).toContain(word);
    }
    if (c.stacks) expect(report.input.stacks.map((s) => s.name)).toEqual(c.stacks);
  });
});

describe("a real `cdktf synth --hcl` (SYNTH_HCL_OUTPUT=true), checked through the built CLI", () => {
  it("reads the manifest's cdk.tf, resolves the variable CDKTF wrote as \"${var.open}\", and points at the block's line", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- cdktf is loaded only for this case, as test/cdktf does
    const { App, TerraformStack, TerraformResource, TerraformVariable } = require("cdktf") as typeof import("cdktf");
    const outdir = tempDir("cdktf-hcl");
    const previous = process.env["SYNTH_HCL_OUTPUT"];
    process.env["SYNTH_HCL_OUTPUT"] = "true";
    try {
      const app = new App({ outdir, stackTraces: false });
      const stack = new TerraformStack(app, "prod");
      const open = new TerraformVariable(stack, "open", { type: "bool", default: true });
      const cache = new TerraformResource(stack, "cache", { terraformResourceType: "azurerm_redis_cache" });
      for (const [key, value] of Object.entries({ name: "c", sku_name: "Standard", family: "C", capacity: 1, non_ssl_port_enabled: open.value })) cache.addOverride(key, value);
      app.synth();
    } finally {
      if (previous === undefined) delete process.env["SYNTH_HCL_OUTPUT"];
      else process.env["SYNTH_HCL_OUTPUT"] = previous;
    }
    const hcl = fs.readFileSync(path.join(outdir, "stacks", "prod", "cdk.tf"), "utf8");
    const run = await runCli(["check", outdir, "--format", "json"]);
    expectNoStackTrace(run.stderr);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(validateReport(report)).toEqual([]);
    expect(report.input.stacks.map((s) => s.name)).toEqual(["prod"]);
    const [resource] = report.resources;
    expect(resource!.name).toBe("azurerm_redis_cache.cache");
    expect(resource!.results.find((r) => r.ruleId === "Azure.Redis.NonSslPort")!.status).toBe("fail");
    expect(resource!.location!.line).toBe(hcl.split("\n").findIndex((line) => line.startsWith('resource "azurerm_redis_cache" "cache"')) + 1);
  });
});
