import type { ReportResult, ReportSummary } from "./model";

/**
 * `--fail-on`: the least a result must be to fail the check (exit code 1). Each level adds to the one before:
 * - `mandatory` (the default): a violation of a mandatory rule, as `pulumi preview` fails on one;
 * - `advisory`: any violation;
 * - `unknown`: any violation, and a value that could not be known offline (at any rule's level);
 * - `none`: nothing fails; the check only reports (exit code 2, the check could not run, stays).
 * Exempted and baselined findings never fail the check, whatever the level.
 */
export type FailOn = "mandatory" | "advisory" | "unknown" | "none";

export const FAIL_ON_LEVELS: readonly FailOn[] = ["mandatory", "advisory", "unknown", "none"];

export const DEFAULT_FAIL_ON: FailOn = "mandatory";

export function isFailOn(value: string): value is FailOn {
  return (FAIL_ON_LEVELS as readonly string[]).includes(value);
}

/** Whether this result fails the check at the `failOn` level: what exit code 1, a JUnit failure and `::error` mean. */
export function failsCheck(result: Pick<ReportResult, "status" | "enforcementLevel">, failOn: FailOn): boolean {
  switch (failOn) {
    case "none":
      return false;
    case "mandatory":
      return result.status === "fail" && result.enforcementLevel === "mandatory";
    case "advisory":
      return result.status === "fail";
    case "unknown":
      return result.status === "fail" || result.status === "unknown";
  }
}

/** How many results fail the check at the `failOn` level, from the summary's counts. */
export function failingCount(summary: ReportSummary, failOn: FailOn): number {
  switch (failOn) {
    case "none":
      return 0;
    case "mandatory":
      return summary.mandatoryViolations;
    case "advisory":
      return summary.mandatoryViolations + summary.advisoryViolations;
    case "unknown":
      return summary.mandatoryViolations + summary.advisoryViolations + summary.unknown;
  }
}

export function exitCodeFor(summary: ReportSummary, failOn: FailOn): 0 | 1 {
  return failingCount(summary, failOn) > 0 ? 1 : 0;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The verdict at the start of the summary line: what fails the check at this level, or that nothing does.
 * The default level keeps the wording it always had ("2 mandatory violations", "no mandatory violation").
 */
export function gateVerdict(summary: ReportSummary, failOn: FailOn): { readonly failing: boolean; readonly text: string } {
  const failing = failingCount(summary, failOn);
  switch (failOn) {
    case "mandatory":
      return { failing: failing > 0, text: failing > 0 ? plural(failing, "mandatory violation") : "no mandatory violation" };
    case "advisory":
      return { failing: failing > 0, text: failing > 0 ? `${plural(failing, "violation")} (--fail-on advisory)` : "no violation (--fail-on advisory)" };
    case "unknown":
      return {
        failing: failing > 0,
        text: failing > 0 ? `${plural(failing, "violation or unknown value")} (--fail-on unknown)` : "no violation and no unknown value (--fail-on unknown)",
      };
    case "none":
      return { failing: false, text: `report only (--fail-on none), ${plural(summary.mandatoryViolations, "mandatory violation")}` };
  }
}
