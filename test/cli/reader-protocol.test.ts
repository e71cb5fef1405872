import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/pack";

/** The readers of `check` (cli/input/reader.ts): they yield, the collector judges. */
const READERS = ["cli/terraform/plan-reader.ts", "cli/terraform/state-reader.ts", "cli/terraform/config-reader.ts", "cli/terraform/hcl-reader.ts", "cli/pulumi/state-reader.ts", "cli/pulumi/program-reader.ts"];

const read = (file: string): string => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");

describe("the reader protocol", () => {
  it.each(READERS)("%s never judges, builds a report resource or a report", (file) => {
    const text = read(file);
    expect(text).toMatch(/Generator<ReadItem, InputDescription, void>/);
    for (const forbidden of ["../judge", "judgeResource", "evaluateRule", "build-report", "ReportResource", "ReportResult"]) expect(text).not.toContain(forbidden);
  });

  it("docs/development.md shows the smallest reader as it is", () => {
    const smallest = READERS.map((file) => ({ file, lines: read(file).split("\n").length })).sort((a, b) => a.lines - b.lines)[0]!;
    expect(smallest.file).toBe("cli/terraform/config-reader.ts");
    expect(read("docs/development.md")).toContain(`\`\`\`ts\n${read(smallest.file)}\`\`\``);
  });
});
