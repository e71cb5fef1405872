import type { BaselineOutcome, CheckReport, NotSeenReason, ReportResult } from "./model";
import { plainStyle, type Style } from "./style";

/** Words every format uses for the baseline, so text, JUnit and GitHub annotations say the same thing. */

export const NOT_SEEN_REASONS: Record<NotSeenReason, string> = {
  "resource-not-checked": "no such resource was checked: deleted, renamed, in another stack or input, or every rule for it off",
  "rule-disabled": "the rule is disabled in this run's config",
  "rule-unknown": "this version of azure-redis-guard has no such rule",
  "rule-not-applicable": "the rule does not apply to the resource",
};

/** A resolved entry's instruction: the baseline file only shrinks. */
export function resolvedText(file: string): string {
  return `resolved: fixed since the baseline was made; remove it from the baseline ${file}`;
}

/** The line under a result that says how the baseline sees it; undefined when there is nothing to say. */
export function resultBaselineNote(result: ReportResult, outcome: BaselineOutcome | undefined): string | undefined {
  const baseline = result.baseline;
  if (!baseline || !outcome) return undefined;
  const file = outcome.file;
  if (baseline.state === "absent") return resolvedText(file);
  if (result.status === "baselined") {
    const changed = baseline.recorded === "fail" && baseline.found === "unknown" ? " (recorded as a violation; the value is unknown now)" : "";
    return `baselined: accepted by ${file}, does not fail the check${changed}`;
  }
  if (result.status === "exempted") return baseline.recorded ? `the baseline ${file} holds it too; the exemption decides while it lasts` : undefined;
  if (baseline.state === "new") return `new: not in the baseline ${file}`;
  if (result.exemption?.expired) return `in the baseline ${file}, but its exemption expired: a baseline does not extend an exemption`;
  return `in the baseline ${file} as unknown; the value is known now and violates the rule, so it is a new finding`;
}

/** The summary line's baseline counts, after the exempted count. */
export function baselineSummary(report: CheckReport): string {
  return report.baseline ? `, ${report.summary.baselined} baselined, ${report.summary.resolved} resolved` : "";
}

const MAX_LISTED = 20;

function stackPrefix(entry: { readonly stack?: string }): string {
  return entry.stack !== undefined ? `${entry.stack}/` : "";
}

/** The text report's Baseline section: resolved entries to remove, entries not seen and why, what was written. */
export function baselineLines(report: CheckReport, style: Style = plainStyle): string[] {
  const outcome = report.baseline;
  if (!outcome) return [];
  const s = report.summary;
  const out = [
    style.bold(
      `Baseline ${outcome.file} (${outcome.entries} finding${outcome.entries === 1 ? "" : "s"}): ${s.baselined} baselined, ${outcome.resolved.length} resolved, ${outcome.notSeen.length} not seen`,
    ),
  ];
  if (outcome.resolved.length > 0) {
    out.push(`  Resolved, remove ${outcome.resolved.length === 1 ? "it" : "them"} from ${outcome.file} (the baseline only shrinks):`);
    for (const entry of outcome.resolved) {
      const identity = `${stackPrefix(entry)}${entry.resource}`;
      out.push(`    - ${entry.ruleId} on ${entry.name}${identity === entry.name ? "" : ` (${identity})`}`);
    }
  }
  if (outcome.notSeen.length > 0) {
    out.push("  Not seen: this run did not judge them, so they neither fail nor count as resolved:");
    for (const entry of outcome.notSeen.slice(0, MAX_LISTED)) out.push(`    - ${entry.ruleId} on ${stackPrefix(entry)}${entry.resource}: ${NOT_SEEN_REASONS[entry.reason]}`);
    if (outcome.notSeen.length > MAX_LISTED) out.push(`    … and ${outcome.notSeen.length - MAX_LISTED} more (every one is in --format json)`);
  }
  if (outcome.written) out.push(`  Wrote ${outcome.written.file}: ${outcome.written.entries} finding${outcome.written.entries === 1 ? "" : "s"}.`);
  out.push("");
  return out;
}
