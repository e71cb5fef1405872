import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { parsePackConfig } from "../../cli/config/pack-config";
import { buildReport } from "../../cli/report/build-report";
import { renderSarif } from "../../cli/report/sarif";
import { ansiStyle, useColour } from "../../cli/report/style";
import { renderText } from "../../cli/report/text";
import { collect } from "../../cli/input/collect";
import { readTerraformConfigurations } from "../../cli/terraform/config-reader";
import { readTerraformFile } from "../../cli/terraform/synth-output";
import { reportValidator, runCli, sarifValidator } from "../support/cli";
import { REPO_ROOT } from "../support/pack";

/** The renderers in-process, for what a child process cannot show: colour on a terminal. */
const FIXTURE = path.join(REPO_ROOT, "test", "fixtures", "cli", "one-open-cache.tf.json");

async function fixtureReport() {
  const config = parsePackConfig({});
  const check = await collect(readTerraformConfigurations(() => [readTerraformFile(FIXTURE)]), { rules: config.rules }, Date.now());
  const input = { kind: "terraform-json" as const, path: FIXTURE, offline: true as const, stacks: [{ name: "fixture" }], resourcesSeen: check.resourcesSeen };
  return buildReport({ name: "azure-redis-guard", version: "0.0.0-test", informationUri: "https://example.invalid" }, input, { rules: config.rules }, check.resources, ["a note"]);
}

describe("colour", () => {
  it.each([
    [{ isTTY: true }, {}, true],
    [{ isTTY: true }, { NO_COLOR: "1" }, false],
    [{ isTTY: true }, { NO_COLOR: "" }, true],
    [{ isTTY: false }, {}, false],
    [{}, {}, false],
  ])("stream %j with env %j: colour %s", (stream, env, expected) => {
    expect(useColour(stream, env)).toBe(expected);
  });

  it("a TTY rendering colours the verdicts, and the text is otherwise the plain one", async () => {
    const report = await fixtureReport();
    const coloured = renderText(report, ansiStyle);
    expect(coloured).toContain("\u001b[31m");
    // eslint-disable-next-line no-control-regex -- stripping the ANSI sequences this test is about
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(renderText(report));
  });
});

describe("the fixture through every format", () => {
  it("never prints a property's value", async () => {
    for (const format of ["text", "json", "sarif"]) {
      const run = await runCli(["check", FIXTURE, "--format", format]);
      expect(run.status).toBe(1);
      expect(run.stdout).not.toContain("SECRET-MARKER-7");
      expect(run.stderr).not.toContain("SECRET-MARKER-7");
      if (format === "json") {
        // Azure.Redis.LocalAuth did read that property: it fails closed on a value it does not understand.
        const report = JSON.parse(run.stdout) as CheckReport;
        const open = report.resources.find((r) => r.constructPath === "fixture/open")!;
        expect(open.results.find((x) => x.ruleId === "Azure.Redis.LocalAuth")).toMatchObject({ status: "fail", properties: ["access_keys_authentication_enabled"] });
      }
    }
  });

  it("json and sarif renderings of one report are valid against their schemas", async () => {
    const report = await fixtureReport();
    expect(reportValidator()(JSON.parse(JSON.stringify(report)))).toEqual([]);
    expect(sarifValidator()(JSON.parse(renderSarif(report)))).toEqual([]);
  });

  it("an exempted result is a suppressed SARIF result, an unknown one is `open` without a level", async () => {
    const config = parsePackConfig({ "azure-redis-non-ssl-port": { exemptions: [{ resource: "fixture/open", reason: "CHG-5" }] } });
    const document = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as { resource: { azurerm_redis_cache: Record<string, Record<string, unknown>> } };
    document.resource.azurerm_redis_cache["closed"]!["non_ssl_port_enabled"] = "${var.port}";
    const stack = { name: "fixture", sources: [{ file: FIXTURE, text: JSON.stringify(document), document }] };
    const check = await collect(readTerraformConfigurations(() => [stack]), { rules: config.rules }, Date.now());
    const report = buildReport({ name: "azure-redis-guard", version: "0", informationUri: "https://example.invalid" }, { kind: "terraform-json", path: FIXTURE, offline: true, stacks: [{ name: "fixture" }], resourcesSeen: 2 }, { rules: config.rules }, check.resources, []);
    expect(report.exitCode).toBe(0);
    const sarif = JSON.parse(renderSarif(report)) as { runs: { results: Record<string, unknown>[] }[] };
    expect(sarifValidator()(sarif)).toEqual([]);
    // This test is about Azure.Redis.NonSslPort's results; the fixture's caches have advisory findings of other rules too.
    expect(sarif.runs[0]!.results.filter((r) => r["ruleId"] === "Azure.Redis.NonSslPort")).toEqual([
      expect.objectContaining({ kind: "fail", level: "error", suppressions: [{ kind: "external", status: "accepted", justification: "CHG-5", properties: { source: "config", resource: "fixture/open" } }] }),
      expect.objectContaining({ kind: "open", level: "none" }),
    ]);
    // Only the exempted policy's result is suppressed; the advisory findings of the other rules stay warnings.
    const others = sarif.runs[0]!.results.filter((r) => r["ruleId"] !== "Azure.Redis.NonSslPort");
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((r) => r["level"] === "warning" && r["kind"] === "fail" && r["suppressions"] === undefined)).toBe(true);
  });
});
