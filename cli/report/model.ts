import type { Pillar, Severity } from "../../policies";
import { exitCodeFor, type FailOn } from "./gate";

/**
 * The report every input kind produces and every format renders. Its JSON form is the `--format json`
 * output, described by docs/check-report.schema.json: keep the two in step, and bump
 * {@link REPORT_SCHEMA_VERSION} on any change that is not a pure addition.
 */
export const REPORT_SCHEMA_VERSION = 1;

export type EnforcementLevel = "mandatory" | "advisory" | "remediate" | "disabled";

/**
 * - `fail`: the rule found a violation; `enforcementLevel` says whether it blocks (mandatory) or warns.
 * - `unknown`: the value is not known offline (a preview would show the same advisory); never a pass.
 * - `pass`: compliant.
 * - `exempted`: an active exemption covers the resource: from the config, a tag, or `RedisPolicyAspect.exempt()`.
 * - `baselined`: a `fail` or `unknown` the `--baseline` file accepts: listed and counted, never failing.
 */
export type ResultStatus = "fail" | "unknown" | "pass" | "exempted" | "baselined";

/** SARIF 2.1.0 §3.27.24 `baselineState`: the finding compared with the `--baseline` file. */
export type BaselineState = "new" | "unchanged" | "updated" | "absent";

/** What a baseline file records of a finding: the rule's verdict when the baseline was made. */
export type BaselineFindingStatus = "fail" | "unknown";

/**
 * A result compared with the baseline (only with `--baseline` or `--create-baseline`): on every result that
 * is not a pass, and on a pass that resolves a baseline entry (`absent`: fixed, remove it from the baseline).
 */
export interface ResultBaseline {
  readonly state: BaselineState;
  /** The status the baseline file records, when it holds this finding. */
  readonly recorded?: BaselineFindingStatus;
  /** Status `baselined`: what the rule found this run. */
  readonly found?: BaselineFindingStatus;
}

export interface ReportRule {
  readonly id: string;
  readonly ref: string | null;
  readonly policyName: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  /** The level in force for this run: the rule's default, or the config file's. */
  readonly enforcementLevel: EnforcementLevel;
  /** `null` where the rule maps to no MCSB control (Reliability and Operational Excellence rules). */
  readonly control: { readonly framework: string; readonly version: string; readonly id: string; readonly title: string } | null;
  readonly pillar: Pillar;
  readonly remediationSteps: string;
  readonly docsUrl: string;
  readonly tags: readonly string[];
}

export interface ReportResult {
  readonly ruleId: string;
  readonly status: ResultStatus;
  /** How this result counts: `mandatory` fails the check, anything else only reports. */
  readonly enforcementLevel: "mandatory" | "advisory";
  readonly severity: Severity;
  /** Names the resource, the property and the fix; never a property's value. */
  readonly message: string;
  /** The properties the result is about, as named on the resource (when the input tells). */
  readonly properties: readonly string[];
  /** The exemption that covers it (`exempted`), else one that did not (expired, or refused by `allowInCodeExemptions`). */
  readonly exemption?: ReportExemption;
  /** Exemptions written next to the resource that were ignored as malformed or unreadable: they exempt nothing. */
  readonly ignoredExemptions?: readonly ReportIgnoredExemption[];
  /** The result compared with the `--baseline` file (only with `--baseline` or `--create-baseline`). */
  readonly baseline?: ResultBaseline;
}

/**
 * An exemption, wherever it was written: `source` says where. `resource` is the glob for `config`, the
 * resource itself for `tag`, the construct `RedisPolicyAspect.exempt()` was called on for `construct`.
 */
export interface ReportExemption {
  readonly source: "config" | "tag" | "construct";
  readonly resource: string;
  /** The tag key (`source: "tag"`). */
  readonly tag?: string;
  /** The construct path (`source: "construct"`). */
  readonly construct?: string;
  readonly reason: string;
  readonly expires?: string;
  readonly expired: boolean;
  /** Present and true for an in-code exemption that `allowInCodeExemptions: false` refuses: the result stays a fail. */
  readonly refused?: true;
}

export interface ReportIgnoredExemption {
  readonly source: "tag" | "construct";
  /** The tag key; absent when the resource's tags as a whole could not be read. */
  readonly tag?: string;
  readonly construct?: string;
  /** Why it exempts nothing. */
  readonly problem: string;
}

/** Where a resource is declared, as far as the input tells: a file and, when found, a line. */
export interface SourceLocation {
  /** Relative to the working directory the check ran in, with `/` separators. */
  readonly file: string;
  readonly line?: number;
}

/**
 * Terraform's own words for what a plan does to a resource (`change.actions` of `terraform show -json`):
 * `["create"]`, `["update"]`, `["no-op"]`, `["delete", "create"]` and `["create", "delete"]` (the two replace
 * orders), `["create", "forget"]`. Only plans have them.
 */
export type PlannedActions = readonly string[];

export interface ReportResource {
  /**
   * The resource's stable identity, the same in every report on the same resource: the Pulumi URN, or the
   * full Terraform address with its module path (`module.cache["eu"].azurerm_redis_cache.this[0]`), which a
   * plan and a state of the same configuration share.
   */
  readonly identity: string;
  /** How messages name the resource: Pulumi resource name, or Terraform address. */
  readonly name: string;
  /** Pulumi type token or Terraform resource type. */
  readonly type: string;
  /** Pulumi URN (Pulumi input only). */
  readonly urn?: string;
  /** Stack the resource belongs to: Pulumi stack name, CDKTF stack name, or `root` (a plan's or state's root module). */
  readonly stack: string;
  /** Terraform plan input: what the plan does to the resource; every result belongs to that action. */
  readonly plannedActions?: PlannedActions;
  /** CDKTF construct path (`//.metadata.path`), when the synthesized JSON carries it. */
  readonly constructPath?: string;
  readonly location?: SourceLocation;
  readonly results: readonly ReportResult[];
}

/** What kind of input a report is about: its `input.kind`. */
export type ReportInputKind = "pulumi-project" | "pulumi-state" | "terraform-json" | "terraform-plan" | "terraform-state";

export interface ReportInput {
  readonly kind: ReportInputKind;
  /** The path given on the command line, resolved against the working directory. */
  readonly path: string;
  /** Always true: nothing is deployed, planned or previewed; see `notes`. */
  readonly offline: true;
  readonly stacks: readonly { readonly name: string; readonly file?: string }[];
  /** Pulumi input: the project name from Pulumi.yaml. */
  readonly project?: string;
  readonly policyPackConfig?: string;
  /** Resources the input declares, checked or not (most types have no rule). */
  readonly resourcesSeen: number;
  /** The input's own format version: a plan's or state's `format_version`, a state file's or export's `version`. */
  readonly formatVersion?: string;
  /** What wrote the input, as far as it says: `Terraform 1.9.5`, `OpenTofu 1.8.3`, `Pulumi v3.190.0`. */
  readonly producer?: string;
}

export interface ReportSummary {
  /** Every resource the input holds (the same as `input.resourcesSeen`). */
  readonly resourcesSeen: number;
  /** Resources at least one enabled rule judged: the ones in `resources`. */
  readonly resourcesChecked: number;
  /** Resources no enabled rule applies to: other types, data sources, resources being deleted. */
  readonly resourcesNotApplicable: number;
  readonly mandatoryViolations: number;
  readonly advisoryViolations: number;
  readonly unknown: number;
  readonly passed: number;
  readonly exempted: number;
  /** Findings the `--baseline` file accepts (status `baselined`): not failing. */
  readonly baselined: number;
  /** Baseline entries whose finding passes now: fixed, to be removed from the baseline file. */
  readonly resolved: number;
}

/** A baseline entry as reports list it: the finding it records. */
export interface BaselineEntryRef {
  readonly ruleId: string;
  /** The resource's identity (URN or Terraform address). */
  readonly resource: string;
  /** CDKTF synthesized JSON only: the stack the address belongs to. */
  readonly stack?: string;
  readonly status: BaselineFindingStatus;
}

/**
 * Why a baseline entry matched no result: the run cannot tell a fixed finding from one it did not look at,
 * so such an entry is never "resolved".
 */
export type NotSeenReason = "resource-not-checked" | "rule-disabled" | "rule-unknown" | "rule-not-applicable";

export interface BaselineOutcome {
  /** The baseline file compared with (relative to the working directory). */
  readonly file: string;
  /** Entries it holds. */
  readonly entries: number;
  /** Entries whose finding passes now, with the resource's name: remove them from the file. */
  readonly resolved: readonly (BaselineEntryRef & { readonly name: string })[];
  /** Entries this run did not judge, and why. */
  readonly notSeen: readonly (BaselineEntryRef & { readonly reason: NotSeenReason })[];
  /** `--create-baseline`: the file written, and how many findings it holds. */
  readonly written?: { readonly file: string; readonly entries: number };
}

export interface CheckReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: string; readonly version: string; readonly informationUri: string };
  readonly input: ReportInput;
  readonly rules: readonly ReportRule[];
  /** Only resources at least one enabled rule applies to, in the order the input declares them. */
  readonly resources: readonly ReportResource[];
  /** What the reader must know about this run: that it is offline, what could not be known. */
  readonly notes: readonly string[];
  readonly summary: ReportSummary;
  /** `--fail-on`: the least a result must be to fail the check (exit code 1). */
  readonly failOn: FailOn;
  /** With `--baseline` or `--create-baseline`: the comparison with the baseline file. */
  readonly baseline?: BaselineOutcome;
  /** 1 when a result fails the check at the `failOn` level, else 0. (2, the check could not run, produces no report.) */
  readonly exitCode: 0 | 1;
}

export function summarize(resources: readonly ReportResource[], resourcesSeen: number): ReportSummary {
  const results = resources.flatMap((r) => r.results);
  const count = (predicate: (r: ReportResult) => boolean): number => results.filter(predicate).length;
  return {
    resourcesSeen,
    resourcesChecked: resources.length,
    resourcesNotApplicable: Math.max(0, resourcesSeen - resources.length),
    mandatoryViolations: count((r) => r.status === "fail" && r.enforcementLevel === "mandatory"),
    advisoryViolations: count((r) => r.status === "fail" && r.enforcementLevel === "advisory"),
    unknown: count((r) => r.status === "unknown"),
    passed: count((r) => r.status === "pass"),
    exempted: count((r) => r.status === "exempted"),
    baselined: count((r) => r.status === "baselined"),
    resolved: count((r) => r.baseline?.state === "absent"),
  };
}

export function exitCodeOf(summary: ReportSummary, failOn: FailOn = "mandatory"): 0 | 1 {
  return exitCodeFor(summary, failOn);
}

/** What a plan does to a resource, in words (Terraform's own `terraform plan` wording where it has one). */
export function describePlannedActions(actions: PlannedActions): string {
  const key = actions.join(",");
  switch (key) {
    case "create":
      return "create";
    case "update":
      return "update in place";
    case "no-op":
      return "no change";
    case "delete,create":
      return "replace (destroy, then create)";
    case "create,delete":
      return "replace (create, then destroy)";
    case "create,forget":
      return "replace (create; the old object is forgotten, not destroyed)";
    default:
      return actions.join(", ");
  }
}
