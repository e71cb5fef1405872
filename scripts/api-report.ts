/**
 * The API reports (api/*.api.md): what each public entry point exports, as API Extractor reads it from the
 * built declarations. `npm run api` rebuilds and rewrites them; the test (test/api/api-report.test.ts) runs
 * the same extraction without writing and fails when the built API and the committed report differ, so a
 * change to the public API is a reviewed change to these files. Offline: API Extractor only reads dist/.
 */
import { Extractor, ExtractorConfig, ExtractorMessageCategory, type ExtractorMessage } from "@microsoft/api-extractor";
import * as path from "node:path";

const root = path.resolve(__dirname, "..");

/** One public entry point: its package import, and the API Extractor configuration that reports it. */
export const API_ENTRIES = [
  { entry: "azure-redis-guard", config: "api/extractor/core.json" },
  { entry: "azure-redis-guard/pulumi", config: "api/extractor/pulumi.json" },
  { entry: "azure-redis-guard-cdktf", config: "api/extractor/cdktf.json" },
] as const;

export interface ApiReportResult {
  readonly entry: string;
  readonly reportPath: string;
  /** The report the build produces differs from the committed one (or there is none). */
  readonly changed: boolean;
  /** Where API Extractor wrote the report the build produces, when it was not allowed to update it. */
  readonly newReportPath: string;
  readonly problems: readonly string[];
}

/** Runs API Extractor on every entry; `update` rewrites the committed reports, else they are only compared. */
export function runApiReports(update: boolean): ApiReportResult[] {
  return API_ENTRIES.map(({ entry, config }) => {
    const extractorConfig = ExtractorConfig.loadFileAndPrepare(path.join(root, config));
    const problems: string[] = [];
    const result = Extractor.invoke(extractorConfig, {
      localBuild: update,
      messageCallback: (message: ExtractorMessage) => {
        // API Extractor's own console lines (the report changed, was copied…) are read from the result instead;
        // a compiler or extractor warning is a problem to fix.
        const worth = message.logLevel === "error" || message.logLevel === "warning";
        if (worth && message.category !== ExtractorMessageCategory.Console) problems.push(message.formatMessageWithLocation(root));
        message.handled = true;
      },
    });
    return {
      entry,
      reportPath: path.relative(root, extractorConfig.reportFilePath),
      changed: result.apiReportChanged,
      newReportPath: path.relative(root, extractorConfig.reportTempFilePath),
      problems,
    };
  });
}

if (require.main === module) {
  const update = process.argv.includes("--update");
  let failed = false;
  for (const result of runApiReports(update)) {
    const state = result.changed ? (update ? "updated" : `differs from the build (see ${result.newReportPath})`) : "unchanged";
    console.log(`${result.entry}: ${result.reportPath} ${state}`);
    for (const problem of result.problems) console.log(`  ${problem}`);
    if ((result.changed && !update) || result.problems.length > 0) failed = true;
  }
  if (failed) {
    console.log(update ? "Fix the problems above." : "The public API changed: review it, then run `npm run api` and commit api/*.api.md.");
    process.exitCode = 1;
  }
}
