import { describe, expect, it } from "vitest";
import { runApiReports } from "../../scripts/api-report";

// The public API is what api/*.api.md say: a change to an entry point's exports or their signatures must
// come with the regenerated report, reviewed like any other change. Reads the built declarations (dist/),
// which `npm test` builds first; needs no network.
describe("the public API matches its committed report", () => {
  const results = runApiReports(false);
  it.each(results.map((r) => [r.entry, r] as const))("%s", (_entry, result) => {
    expect(result.problems, `API Extractor found problems in ${result.entry}'s API`).toEqual([]);
    expect(
      result.changed,
      `The public API of ${result.entry} differs from ${result.reportPath} (the build's report is ${result.newReportPath}). ` +
        "If the change is intended, run `npm run api` and commit the updated api/*.api.md; document new exports in docs/api.md.",
    ).toBe(false);
  });
});
