import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { expectNoStackTrace, reportValidator, runCli, tempDir, writeJson } from "../support/cli";
import { REPO_ROOT } from "../support/pack";

/**
 * What `check` makes of a path: files by their content (never their name), directories by what they
 * hold; and every input it cannot read is exit 2 with one line that says what it expected.
 */
const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");
const PLAN = path.join(FIXTURES, "plan", "terraform-plan.json");
const PULUMI_STATE = path.join(FIXTURES, "pulumi-state", "pulumi-state.json");
const planText = (): Record<string, unknown> => JSON.parse(fs.readFileSync(PLAN, "utf8")) as Record<string, unknown>;
const validateReport = reportValidator();

describe("told by content, never by name", () => {
  it.each([
    ["a plan saved as cdk.tf.json", "cdk.tf.json", PLAN, "terraform-plan"],
    ["a Pulumi export saved as main.tf.json", "main.tf.json", PULUMI_STATE, "pulumi-state"],
    ["a state saved without an extension", "state", path.join(FIXTURES, "state", "terraform-show-state.json"), "terraform-state"],
  ])("%s", async (_label, name, source, kind) => {
    const file = path.join(tempDir("named"), name);
    fs.copyFileSync(source, file);
    const run = await runCli(["check", file, "--format", "json"]);
    expect((JSON.parse(run.stdout) as CheckReport).input.kind).toBe(kind);
  });

  it("a plan that Windows PowerShell wrote as UTF-16 (terraform show -json tfplan > plan.json) reads the same", async () => {
    const file = path.join(tempDir("utf16"), "plan.json");
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fs.readFileSync(PLAN, "utf8"), "utf16le")]));
    const utf16 = JSON.parse((await runCli(["check", file, "--format", "json"])).stdout) as CheckReport;
    const utf8 = JSON.parse((await runCli(["check", PLAN, "--format", "json"])).stdout) as CheckReport;
    expect(utf16.resources.map((r) => r.results.map((x) => x.status))).toEqual(utf8.resources.map((r) => r.results.map((x) => x.status)));
  });

  it("a directory of several *.tf.json files is one Terraform configuration", async () => {
    const dir = tempDir("tfjson-dir");
    writeJson(dir, "main.tf.json", { terraform: { required_providers: { azurerm: { source: "hashicorp/azurerm", version: "~> 4.0" } } }, provider: { azurerm: { features: {} } } });
    writeJson(dir, "cache.tf.json", { resource: { azurerm_redis_cache: { open: { name: "open", capacity: 0, family: "C", sku_name: "Basic", non_ssl_port_enabled: true } } } });
    writeJson(dir, "network.tf.json", { resource: { azurerm_resource_group: { rg: { name: "rg", location: "westeurope" } }, azurerm_redis_cache: { closed: { name: "closed", capacity: 0, family: "C", sku_name: "Basic" } } } });
    const run = await runCli(["check", dir, "--format", "json"]);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(validateReport(report)).toEqual([]);
    expect(report.input).toMatchObject({ kind: "terraform-json", stacks: [{ name: path.basename(dir) }], resourcesSeen: 3 });
    expect(report.resources.map((r) => [r.identity, r.location?.file.split("/").pop()])).toEqual([
      ["azurerm_redis_cache.open", "cache.tf.json"],
      ["azurerm_redis_cache.closed", "network.tf.json"],
    ]);
  });

  it("a directory whose *.tf.json is really a plan says to check the plan on its own", async () => {
    const dir = tempDir("plan-in-dir");
    fs.copyFileSync(PLAN, path.join(dir, "plan.tf.json"));
    const run = await runCli(["check", dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("plan.tf.json is a Terraform plan, not Terraform JSON configuration: check it on its own");
  });
});

describe("an input with resources but none of the Redis family says so in one line", () => {
  it.each([
    ["a plan", "plan.json", () => ({ ...planText(), resource_changes: (planText()["resource_changes"] as { type: string }[]).filter((r) => !/redis/.test(r.type)) })],
    ["a Pulumi export", "state.json", () => {
      const exported = JSON.parse(fs.readFileSync(PULUMI_STATE, "utf8")) as { deployment: { resources: { type: string }[] } };
      exported.deployment.resources = exported.deployment.resources.filter((r) => !/[Rr]edis|tf:/.test(r.type));
      return exported;
    }],
  ])("%s", async (_label, name, build) => {
    const run = await runCli(["check", writeJson(tempDir("no-redis"), name, build())]);
    expect(run.status).toBe(0);
    const lines = run.stdout.split("\n").filter((line) => line.startsWith("Nothing was checked"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Nothing was checked: none of the \d+ resources in the input is an Azure Cache for Redis, Redis Enterprise or Azure Managed Redis resource an enabled rule judges\.$/);
    expect(run.stdout).toMatch(/no mandatory violation: 0 resources checked, (\d+) not applicable \(\1 seen\)/);
  });

  it("an empty state says it holds no resources", async () => {
    const run = await runCli(["check", writeJson(tempDir("empty-state"), "state.json", { format_version: "1.0" })]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Nothing was checked: the input holds no resources.");
  });
});

describe("inputs check cannot read: exit 2, one line saying what was expected, no stack trace", () => {
  const cases: [string, () => string, RegExp][] = [
    ["JSON that is none of the kinds", () => writeJson(tempDir("bad"), "x.json", { name: "not a plan", items: [1, 2] }), /x\.json is a JSON object that is none of the inputs check reads \(2 top-level key\(s\), none of them what a plan, a state, a Pulumi export or a Terraform configuration starts with\): expected a Terraform\/OpenTofu plan/],
    ["a plan of a failed run (errored: true)", () => writeJson(tempDir("bad"), "plan.json", { ...planText(), errored: true }), /is the plan of a failed run \(errored: true\).*expected the plan of a successful `terraform plan -out tfplan`/],
    ["a plan cut short", () => writeJson(tempDir("bad"), "plan.json", fs.readFileSync(PLAN, "utf8").slice(0, 40_000)), /is not valid JSON: the file ends inside .* at line \d+, column \d+ \(byte \d+\) \(a truncated file\?\); expected a Terraform\/OpenTofu plan/],
    ["a compact plan cut short", () => writeJson(tempDir("bad"), "plan.json", fs.readFileSync(path.join(FIXTURES, "plan", "opentofu-plan.json"), "utf8").slice(0, 12_345)), /is not valid JSON: the file ends inside .* at line \d+, column \d+ \(byte \d+\) \(a truncated file\?\)/],
    ["a plan of a future format major", () => writeJson(tempDir("bad"), "plan.json", { ...planText(), format_version: "2.0" }), /is a Terraform plan in JSON format 2\.0, which this version of azure-redis-guard does not read: expected format 1\.x/],
    ["a plan without a readable format_version", () => writeJson(tempDir("bad"), "plan.json", { ...planText(), format_version: 1.2 }), /has no readable format_version \(a number\): expected a Terraform plan in JSON format 1\.x/],
    ["a plan whose resource_changes is not a list", () => writeJson(tempDir("bad"), "plan.json", { ...planText(), resource_changes: {} }), /is not a readable Terraform plan: resource_changes is not a list/],
    ["a state of a future format major", () => writeJson(tempDir("bad"), "state.json", { format_version: "3.1", values: {} }), /is a Terraform state in JSON format 3\.1, which this version of azure-redis-guard does not read/],
    ["a state file of version 3 (Terraform 0.11)", () => writeJson(tempDir("bad"), "terraform.tfstate", { version: 3, serial: 1, lineage: "x", modules: [] }), /is Terraform state version 3, written by a Terraform older than 0\.12: check reads version 4; run `terraform show -json` with a current Terraform/],
    ["a Pulumi export of a future version", () => writeJson(tempDir("bad"), "stack.json", { version: 4, deployment: { resources: [] } }), /is a Pulumi state of version 4, newer than this tool reads; upgrade azure-redis-guard: expected `pulumi stack export`/],
    ["a Pulumi resource without a URN", () => writeJson(tempDir("bad"), "stack.json", { version: 3, deployment: { resources: [{ type: "azure-native:redis:Redis" }] } }), /is not a readable Pulumi state: deployment\.resources\[0\] has no urn or type/],
    ["a plan captured through setup-terraform's wrapper", () => writeJson(tempDir("bad"), "plan.json", `[command]/home/runner/work/_temp/terraform-bin show -json tfplan\n${fs.readFileSync(PLAN, "utf8")}`), /starts with "\[command\]": the terraform wrapper of hashicorp\/setup-terraform wrote into it\. Set `terraform_wrapper: false`/],
    ["an empty file", () => writeJson(tempDir("bad"), "plan.json", ""), /is not valid JSON: the file is empty at line 1, column 1 \(byte 0\); expected/],
  ];

  it.each(cases)("%s", async (_label, makeInput, message) => {
    const run = await runCli(["check", makeInput(), "--format", "sarif"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^azure-redis-guard: the check could not run: /);
    expect(lines[0]).toMatch(message);
    expectNoStackTrace(run.stderr);
  });
});
