import type { CheckReport, ReportResult } from "../report/model";
import { displayPath } from "../report/source-lines";
import { applyBaseline, baselineResourceOf } from "./apply";
import { formatBaseline, normalizeBaseline, type Baseline, type BaselineEntry } from "./file";

/** What `--baseline` and `--create-baseline` asked for; the baseline is read before the check runs. */
export interface BaselineOptions {
  readonly baseline?: { readonly file: string; readonly content: Baseline };
  readonly createBaseline?: string;
}

export interface SettledReport {
  readonly report: CheckReport;
  /** `--create-baseline`: the file to write, its bytes, and the line that tells what was written. */
  readonly write?: { readonly file: string; readonly content: string; readonly message: string };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The findings a new baseline accepts: every violation and every unknown value, at any level, so that a later
 * `--fail-on` change needs no new baseline. Not written: passes, exempted findings (their exemption already
 * records a reason and an expiry) and violations whose exemption expired (a baseline must not extend an
 * expiry; they fail until fixed or exempted again).
 */
function acceptedFindings(report: CheckReport): { entries: BaselineEntry[]; expired: number } {
  const entries: BaselineEntry[] = [];
  let expired = 0;
  for (const resource of report.resources) {
    const named = baselineResourceOf(resource, report.input.kind);
    for (const result of resource.results) {
      if (result.status !== "fail" && result.status !== "unknown") continue;
      if (result.exemption?.expired === true) {
        expired++;
        continue;
      }
      entries.push({ ...named, ruleId: result.ruleId, status: result.status });
    }
  }
  return { entries, expired };
}

/** The entries of the old baseline that this run still found and accepted, as recorded (a baseline only shrinks). */
function keptEntries(report: CheckReport): BaselineEntry[] {
  return report.resources.flatMap((resource) => {
    const named = baselineResourceOf(resource, report.input.kind);
    return resource.results
      .filter((result): result is ReportResult & { baseline: { recorded: "fail" | "unknown" } } => result.status === "baselined" && result.baseline?.recorded !== undefined)
      .map((result) => ({ ...named, ruleId: result.ruleId, status: result.baseline.recorded }));
  });
}

function describeCreated(file: string, entries: readonly BaselineEntry[], report: CheckReport, expired: number): string {
  const results = report.resources.flatMap((r) => r.results).filter((r) => r.status === "baselined");
  const mandatory = results.filter((r) => r.baseline?.found === "fail" && r.enforcementLevel === "mandatory").length;
  const advisory = results.filter((r) => r.baseline?.found === "fail" && r.enforcementLevel === "advisory").length;
  const unknown = results.filter((r) => r.baseline?.found === "unknown").length;
  const resources = new Set(entries.map((e) => `${e.stack ?? ""}\u0000${e.resource}`)).size;
  const skipped = expired > 0 ? ` Not written: ${plural(expired, "finding")} whose exemption expired; they fail until fixed or exempted again.` : "";
  return (
    `wrote the baseline ${file}: ${plural(entries.length, "finding")} on ${plural(resources, "resource")} (${mandatory} mandatory, ${advisory} advisory, ${unknown} unknown). ` +
    `From now on \`--baseline ${file}\` reports them as baselined and fails only on new findings.${skipped}`
  );
}

function describeRewritten(file: string, kept: number, report: CheckReport): string {
  const outcome = report.baseline!;
  const dropped = outcome.entries - kept - outcome.resolved.length - outcome.notSeen.length;
  const removed = [
    `${outcome.resolved.length} resolved`,
    `${outcome.notSeen.length} not seen in this input`,
    ...(dropped > 0 ? [`${dropped} whose finding is now exempted or no longer the one recorded`] : []),
  ];
  return (
    `rewrote the baseline ${file}: kept ${kept} of ${plural(outcome.entries, "finding")}, removed ${removed.join(", ")}. ` +
    "New findings are never added to an existing baseline: --create-baseline without --baseline accepts them."
  );
}

/**
 * Compares the report with the baseline and, for `--create-baseline`, makes the file to write:
 * - `--baseline old`: the report against `old`;
 * - `--create-baseline new`: every violation and unknown of this run written to `new`, and the report against
 *   it (so it shows them all `baselined`, and exits 0 unless an expired exemption fails);
 * - both: the report against `old`, and `new` holds the entries of `old` still found (resolved ones and those
 *   this input did not hold are dropped, nothing is added): the way to shrink a baseline after fixes.
 */
export function settleBaseline(report: CheckReport, options: BaselineOptions): SettledReport {
  const { baseline, createBaseline } = options;
  if (createBaseline === undefined) return baseline ? { report: applyBaseline(report, baseline.content, displayPath(baseline.file)) } : { report };
  const target = displayPath(createBaseline);
  if (baseline) {
    const compared = applyBaseline(report, baseline.content, displayPath(baseline.file));
    const kept = normalizeBaseline(keptEntries(compared));
    const settled = { ...compared, baseline: { ...compared.baseline!, written: { file: target, entries: kept.findings.length } } };
    return { report: settled, write: { file: createBaseline, content: formatBaseline(kept), message: describeRewritten(target, kept.findings.length, compared) } };
  }
  const { entries, expired } = acceptedFindings(report);
  const created = normalizeBaseline(entries);
  const settled = applyBaseline(report, created, target, { file: target, entries: created.findings.length });
  return { report: settled, write: { file: createBaseline, content: formatBaseline(created), message: describeCreated(target, created.findings, settled, expired) } };
}
