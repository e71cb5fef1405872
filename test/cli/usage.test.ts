import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json";
import { CLI, expectNoStackTrace, runCli } from "../support/cli";
import { REPO_ROOT } from "../support/pack";

describe("the azure-redis-guard bin", () => {
  it("is declared in package.json and built with a shebang", () => {
    expect(packageJson.bin).toEqual({ "azure-redis-guard": "dist/cli/main.js" });
    expect(path.join(REPO_ROOT, packageJson.bin["azure-redis-guard"])).toBe(CLI);
    expect(fs.readFileSync(CLI, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("--help prints usage with every input kind and the commands that make it, every format and the exit codes, and exits 0", async () => {
    const run = await runCli(["--help"]);
    expect(run.status).toBe(0);
    for (const text of [
      "check <path>",
      "terraform plan -out tfplan && terraform show -json tfplan > plan.json",
      "tofu plan -out tfplan && tofu show -json tfplan > plan.json",
      "terraform show -json > state.json",
      "pulumi stack export > state.json",
      "--show-secrets",
      "Pulumi project directory",
      "a Pulumi YAML project         (Pulumi.yaml with runtime: yaml)",
      "cdktf.out directory",
      "cdk.tf.json",
      "--format <format>",
      "junit (JUnit XML test report)",
      "github (GitHub Actions annotations)",
      "--fail-on <level>",
      "mandatory  a mandatory rule's violation (default)",
      "none       nothing: report only",
      "--baseline <file>",
      "--create-baseline <file>",
      "--output",
      "--policy-pack-config",
      "Exit codes",
      "NO_COLOR",
    ]) {
      expect(run.stdout).toContain(text);
    }
    expect(run.stderr).toBe("");
  });

  it("--version prints the package version", async () => {
    const run = await runCli(["--version"]);
    expect(run).toMatchObject({ status: 0, stdout: `${packageJson.version}\n` });
  });

  it.each([
    [[], "missing command"],
    [["lint", "x"], "unknown command 'lint'"],
    [["check"], "check needs a path"],
    [["check", "a", "b"], "check takes one path"],
    [["check", ".", "--format", "xml"], "--format must be one of text, json, sarif, junit, github (got 'xml')"],
    [["check", ".", "--fail-on", "warning"], "--fail-on must be one of mandatory, advisory, unknown, none (got 'warning')"],
    [["check", ".", "--baseline", ""], "--baseline needs a file name"],
    [["check", ".", "--create-baseline", "r.json", "--json-report", "r.json"], "--create-baseline r.json is also a report file"],
    [["check", ".", "--timeout", "soon"], "--timeout must be a positive number"],
    [["check", ".", "--frmat", "json"], "Unknown option '--frmat'"],
  ])("%j is a usage error: exit 2, a short hint, no stack trace", async (args, message) => {
    const run = await runCli(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("Run azure-redis-guard --help");
    expectNoStackTrace(run.stderr);
  });

  it("an output file that cannot be written is exit 2", async () => {
    const tf = path.join(REPO_ROOT, "test", "fixtures", "cli", "one-open-cache.tf.json");
    const run = await runCli(["check", tf, "--output", path.join(REPO_ROOT, "no-such-dir", "report.txt")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("cannot write");
    expectNoStackTrace(run.stderr);
  });
});
