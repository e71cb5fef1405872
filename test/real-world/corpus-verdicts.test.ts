import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { runCli } from "../support/cli";

/**
 * Every entry of the real-world corpus (corpus.json) through the built CLI, as a user runs it:
 * `check <file> --format json`, with the default --fail-on. Each expected verdict (resource, rule, status)
 * holds, no rule judges a resource the entry does not list, the messages say (and do not say) what the entry
 * requires, and the exit code is the expected one; an input that cannot be read exits 2 naming what it is.
 *
 * The four Terraform JSON configuration entries (array-form.tf.json, resource-not-object.tf.json,
 * override-dir, cdktf-out) are read by cli/terraform/config-reader.ts and synth-output.ts, worked on in
 * the i18-tfjson branch: they pass once that branch is merged, and fail on a branch without it.
 */
const DIR = __dirname;

interface Expected {
  readonly verdict: string;
  readonly messageMustContain?: readonly string[];
  readonly messageMustNotContain?: readonly string[];
}
interface Entry {
  readonly file: string;
  readonly expected: {
    readonly exitCode: number;
    readonly inputKind: string | null;
    readonly resources: Record<string, Record<string, Expected>>;
    readonly errorMustContain?: readonly string[];
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(DIR, "corpus.json"), "utf8")) as { readonly files: readonly Entry[] };

describe("test/real-world corpus: the verdicts through the built CLI", () => {
  it.each(manifest.files.map((entry) => [entry.file, entry] as const))("%s", async (_file, entry) => {
    const run = await runCli(["check", path.join(DIR, entry.file), "--format", "json"]);
    expect(run.stderr, "no stack trace").not.toMatch(/internal error|\n\s+at /);
    expect(run.status, run.stderr).toBe(entry.expected.exitCode);
    if (entry.expected.exitCode === 2) {
      expect(run.stdout).toBe("");
      for (const text of entry.expected.errorMustContain ?? []) expect(run.stderr).toContain(text);
      return;
    }
    const report = JSON.parse(run.stdout) as CheckReport;
    if (entry.expected.inputKind !== null) expect(report.input.kind).toBe(entry.expected.inputKind);
    const judged = new Map(report.resources.map((resource) => [resource.name, resource] as const));
    expect([...judged.keys()].sort()).toEqual(Object.keys(entry.expected.resources).sort());
    for (const [address, verdicts] of Object.entries(entry.expected.resources)) {
      const results = judged.get(address)?.results ?? [];
      expect(results.map((result) => result.ruleId).sort(), address).toEqual(Object.keys(verdicts).sort());
      for (const [ruleId, expected] of Object.entries(verdicts)) {
        const result = results.find((r) => r.ruleId === ruleId);
        expect(result?.status, `${address} ${ruleId}: ${result?.message ?? ""}`).toBe(expected.verdict);
        for (const text of expected.messageMustContain ?? []) expect(result?.message, `${address} ${ruleId}`).toContain(text);
        for (const text of expected.messageMustNotContain ?? []) expect(result?.message, `${address} ${ruleId}`).not.toContain(text);
      }
    }
  });
});
