import { exitCodeOf, summarize } from "../report/model";
import type {
  BaselineEntryRef,
  BaselineFindingStatus,
  BaselineOutcome,
  CheckReport,
  ReportInputKind,
  NotSeenReason,
  ReportResource,
  ReportResult,
  ResultBaseline,
} from "../report/model";
import { entryKey, type Baseline, type BaselineEntry } from "./file";

/**
 * How a resource is named in a baseline: its identity (the Pulumi URN, which holds the stack and project; the
 * Terraform address, the same in a plan and a state of one configuration), and for synthesized CDKTF JSON also
 * its stack, because two stacks of one app can hold the same address.
 */
export function baselineResourceOf(resource: ReportResource, inputKind: ReportInputKind): Pick<BaselineEntry, "stack" | "resource"> {
  return inputKind === "terraform-json" ? { stack: resource.stack, resource: resource.identity } : { resource: resource.identity };
}

/**
 * Whether an entry recorded as `recorded` accepts what the rule found now. A baselined violation covers the
 * same finding turned unknown (no worse than what was accepted); a baselined unknown does not cover a
 * violation: once the value is known and violates the rule, that is a new finding that fails.
 */
function accepts(recorded: BaselineFindingStatus, found: BaselineFindingStatus): boolean {
  return recorded === "fail" || found === "unknown";
}

interface Compared {
  readonly result: ReportResult;
  /** The entry the result used, or resolved: dropped from the entries not seen. */
  readonly matched: boolean;
}

/** One result compared with its baseline entry (or with none). */
function compare(result: ReportResult, entry: BaselineEntry | undefined): Compared {
  const recorded = entry ? { recorded: entry.status } : {};
  const withBaseline = (baseline: ResultBaseline, status: ReportResult["status"] = result.status): Compared => ({
    result: { ...result, status, baseline },
    matched: entry !== undefined,
  });
  switch (result.status) {
    case "pass":
      // Fixed: the entry is resolved and should leave the file. A pass without an entry has nothing to compare.
      return entry ? withBaseline({ state: "absent", ...recorded }) : { result, matched: false };
    case "exempted":
    case "baselined":
      // An exemption decides this finding (and keeps its own audit trail); the entry is not needed while it holds.
      return withBaseline({ state: entry ? "updated" : "new", ...recorded });
    case "fail":
    case "unknown": {
      if (!entry) return withBaseline({ state: "new" });
      // An expired exemption fails again, as it said it would: the baseline does not extend an expiry someone
      // wrote down. (Whatever else an exemption on a failing result may say, only its expiry matters here.)
      if (result.exemption?.expired === true || !accepts(entry.status, result.status)) return withBaseline({ state: "updated", ...recorded });
      return withBaseline({ state: entry.status === result.status ? "unchanged" : "updated", ...recorded, found: result.status }, "baselined");
    }
  }
}

/** Why an entry matched no result of this run (never "resolved": the run cannot tell it was fixed). */
function notSeenReason(entry: BaselineEntry, report: CheckReport, checked: ReadonlySet<string>): NotSeenReason {
  const rule = report.rules.find((r) => r.id === entry.ruleId);
  if (!rule) return "rule-unknown";
  if (rule.enforcementLevel === "disabled") return "rule-disabled";
  return checked.has(JSON.stringify([entry.stack ?? null, entry.resource])) ? "rule-not-applicable" : "resource-not-checked";
}

const refOf = (entry: BaselineEntry): BaselineEntryRef => ({ ruleId: entry.ruleId, resource: entry.resource, ...(entry.stack !== undefined ? { stack: entry.stack } : {}), status: entry.status });

/**
 * The report compared with a baseline: each finding the baseline accepts becomes `baselined` (counted, not
 * failing), every other result that is not a pass gets its SARIF `baselineState`, a pass that an entry records
 * is `absent` (resolved), and the entries that matched nothing are listed with the reason. The summary and
 * the exit code are computed again at the report's `--fail-on` level.
 */
export function applyBaseline(report: CheckReport, baseline: Baseline, file: string, written?: BaselineOutcome["written"]): CheckReport {
  const entries = new Map(baseline.findings.map((entry) => [entryKey(entry), entry]));
  const used = new Set<string>();
  const checked = new Set<string>();
  const resolved: (BaselineEntryRef & { name: string })[] = [];
  const resources = report.resources.map((resource) => {
    const named = baselineResourceOf(resource, report.input.kind);
    checked.add(JSON.stringify([named.stack ?? null, named.resource]));
    return {
      ...resource,
      results: resource.results.map((result) => {
        const key = entryKey({ ...named, ruleId: result.ruleId });
        const entry = entries.get(key);
        const compared = compare(result, entry);
        if (entry && compared.matched) {
          used.add(key);
          if (compared.result.baseline?.state === "absent") resolved.push({ ...refOf(entry), name: resource.name });
        }
        return compared.result;
      }),
    };
  });
  const notSeen = [...entries.entries()].filter(([key]) => !used.has(key)).map(([, entry]) => ({ ...refOf(entry), reason: notSeenReason(entry, report, checked) }));
  const summary = summarize(resources, report.input.resourcesSeen);
  const outcome: BaselineOutcome = { file, entries: baseline.findings.length, resolved, notSeen, ...(written ? { written } : {}) };
  return { ...report, resources, summary, baseline: outcome, exitCode: exitCodeOf(summary, report.failOn) };
}
