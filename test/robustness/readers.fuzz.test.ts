import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { runCommandLine } from "../../cli/command-line";
import { tempDir } from "../support/cli";
import { fastCheckRuns } from "./arbitraries";
import { MUTATION_FAMILIES, mutantOf, type Mutant, type MutationFamily } from "./reader-mutations";
import { READER_SEEDS, SECRET_MARKER, type ReaderSeed } from "./reader-seeds";

/**
 * Every reader of `check`, fed mutants of a valid input around the one value that fails its cache
 * (issue 19). The invariants, for every mutant and every format:
 * - the command line answers 0, 1 or 2 and never rejects (no stack trace, no "internal error");
 * - no pass for a value it did not read: `Azure.Redis.NonSslPort` never passes (the only cache in each
 *   input has the non-SSL port on, and no mutation touches that value);
 * - the secret marker placed in attribute values is never echoed, in any format or on stderr;
 * - no control, bidirectional or invisible character from the input reaches the text output or stderr raw;
 * - the exit code is the same in every format.
 * `npm test` runs a fixed seed; `npm run fuzz` runs many more (ARG_PROPERTY_RUNS, ARG_SEED).
 */
const SEED = Number(process.env["ARG_SEED"] ?? 20261206);
const RUNS = fastCheckRuns(120);
const FORMATS = ["json", "text", "sarif", "junit", "github"] as const;
// eslint-disable-next-line no-control-regex -- what must never reach a terminal from the input
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001a\u001c-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069]/;

interface Outcome {
  readonly code: number | "rejected";
  readonly stdout: string;
  readonly stderr: string;
}

async function run(file: string, format: string): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {} };
  try {
    const code = await runCommandLine(["check", file, "--format", format], io);
    return { code, stdout, stderr };
  } catch (error) {
    return { code: "rejected", stdout, stderr: `${stderr}${error instanceof Error ? error.stack : String(error)}` };
  }
}

/** Per reader and family: how many mutants ended in each exit code, for the report at the end. */
const counts = new Map<string, Record<string, number>>();
function count(seed: ReaderSeed, family: MutationFamily, code: Outcome["code"]): void {
  const key = `${seed.reader} / ${family}`;
  const row = counts.get(key) ?? {};
  row[String(code)] = (row[String(code)] ?? 0) + 1;
  counts.set(key, row);
}

function nonSslPortPasses(json: string): boolean {
  const report = JSON.parse(json) as { resources?: { results?: { ruleId: string; status: string }[] }[] };
  return (report.resources ?? []).some((r) => (r.results ?? []).some((x) => x.ruleId === "Azure.Redis.NonSslPort" && x.status === "pass"));
}

async function checkInvariants(seed: ReaderSeed, mutant: Mutant, dir: string, allFormats: boolean): Promise<void> {
  const file = path.join(dir, seed.fileName);
  fs.writeFileSync(file, mutant.text);
  const outcomes = new Map<string, Outcome>();
  for (const format of allFormats ? FORMATS : FORMATS.slice(0, 2)) outcomes.set(format, await run(file, format));
  const json = outcomes.get("json")!;
  count(seed, mutant.family, json.code);
  for (const [format, outcome] of outcomes) {
    const where = `${seed.reader}, ${mutant.family}, --format ${format}`;
    expect(outcome.code, `${where}: rejected with ${outcome.stderr}`).not.toBe("rejected");
    expect([0, 1, 2], where).toContain(outcome.code);
    expect(outcome.code, `${where}: exit code differs from --format json`).toBe(json.code);
    expect(outcome.stderr, where).not.toContain("internal error");
    expect(`${outcome.stdout}${outcome.stderr}`, `${where}: the secret marker was echoed`).not.toContain(SECRET_MARKER);
    if (format !== "json" && format !== "sarif") expect(outcome.stdout, `${where}: a raw control character in the output`).not.toMatch(RAW_CONTROL);
    expect(outcome.stderr, `${where}: a raw control character on stderr`).not.toMatch(RAW_CONTROL);
  }
  if (json.code !== 2) expect(nonSslPortPasses(json.stdout), `${seed.reader}, ${mutant.family}: NonSslPort passed a cache whose non-SSL port is on`).toBe(false);
}

describe("check's readers on mutated inputs", () => {
  const dir = tempDir("reader-fuzz");

  it.each(READER_SEEDS.map((seed) => [seed.reader, seed] as const))("%s: the seed itself fails NonSslPort (exit 1)", async (_name, seed) => {
    const file = path.join(dir, seed.fileName);
    fs.writeFileSync(file, JSON.stringify(seed.document));
    const outcome = await run(file, "json");
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(JSON.stringify(JSON.parse(outcome.stdout))).toContain('"ruleId":"Azure.Redis.NonSslPort","status":"fail"');
  });

  it.each(READER_SEEDS.map((seed) => [seed.reader, seed] as const))("%s: every invariant holds on every mutant", async (_name, seed) => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(mutantOf(seed), async (mutant) => {
        await checkInvariants(seed, mutant, dir, n++ % 4 === 0);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 600_000);

  afterAll(() => {
    const families = MUTATION_FAMILIES.join(", ");
    const lines = [...counts].sort().map(([key, row]) => `  ${key}: ${Object.entries(row).map(([code, n]) => `exit ${code} × ${n}`).join(", ")}`);
    if (lines.length > 0) console.log(`reader fuzz (seed ${SEED}, ${RUNS} runs per reader; families ${families}):\n${lines.join("\n")}`);
  });
});
