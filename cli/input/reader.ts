import type { InCodeExemptions, ProviderContext, ResourceBinding, ValueDialect } from "../../policies";
import type { PlannedActions, ReportInputKind, SourceLocation } from "../report/model";

/**
 * The reader protocol: how every input of `check` hands its resources to the one collector (collect.ts).
 *
 * A reader is a generator. For each resource of its input, in the input's order, it yields one
 * {@link ReadItem}: a {@link FoundResource} for a resource of a type some binding covers, a
 * {@link SkippedResource} for one it deliberately does not judge (with the reason), a
 * {@link NotGuardedResource} for any other resource (counted as seen, nothing more). When it has read the
 * whole input it returns a {@link InputDescription}: what the report says about the input as a whole.
 *
 * A reader never judges, never builds a report resource and never counts: the collector judges each found
 * resource through the core (judge.ts), keeps those some enabled rule applies to, counts what was seen and
 * turns the skipped ones into notes. A reader that cannot read its input throws {@link CheckError}.
 *
 * A resource of the Redis family the reader cannot fully read (a `mode`, `deposed` or action it does not
 * understand) is an {@link UnreadableResource}: never skipped, never guessed at. The collector makes the
 * whole check exit 2 naming each one (see collect.ts for why not a verdict).
 *
 * Adding an input is one reader file plus one entry in `classifyInput` (check.ts).
 */
export type ReadItem = FoundResource | SkippedResource | NotGuardedResource | UnreadableResource;

/** A reader: synchronous for a file it has in memory, asynchronous when it must run something first. */
export type ResourceReader = Generator<ReadItem, InputDescription, void> | AsyncGenerator<ReadItem, InputDescription, void>;

/** A resource some binding covers, with everything the core needs to judge it and the report to name it. */
export interface FoundResource {
  readonly kind: "resource";
  /**
   * The resource's stable identity, the same in every report on it: the Pulumi URN, or the full Terraform
   * address with its module path, which a plan and a state of one configuration share.
   */
  readonly identity: string;
  /** How the report names it: Pulumi resource name, or Terraform address. */
  readonly name: string;
  /** How the rules' messages name it, when not by {@link name} (a CDKTF construct path). */
  readonly displayName?: string;
  /** Pulumi type token or Terraform resource type. */
  readonly type: string;
  /** Pulumi stack, CDKTF stack, or `root` (a plan's or state's root module, {@link ROOT_MODULE_STACK}). */
  readonly stack: string;
  readonly urn?: string;
  readonly constructPath?: string;
  /** The names exemption globs match: URN and name, address, construct path. */
  readonly identifiers: readonly string[];
  /** How the resource's raw values map to what the rules read. */
  readonly binding: ResourceBinding;
  /** The raw values as the input holds them (a `MalformedValue` when they are not an object). */
  readonly values: unknown;
  /** How unknowns and secrets are written in {@link values}: Pulumi sentinels, Terraform `${...}`, or nothing. */
  readonly dialect: ValueDialect;
  /** What the input marks as unknown outside the values themselves (a plan's `after_unknown`), and why. */
  readonly unknown?: KnownUnknowns;
  /** In-code exemptions recorded outside the resource's tags (CDKTF's `"//"` block); the tags are read for every reader. */
  readonly recordedExemptions?: () => InCodeExemptions;
  /** Where the input declares it, as far as it tells. */
  readonly location?: SourceLocation;
  /** A plan's planned action for it. */
  readonly plannedActions?: PlannedActions;
  /**
   * What the input shows about the provider release that produced it (attribute names, a version
   * constraint), built from the provider facts (`azurermProviderContext`): fixes name only what it has.
   */
  readonly provider?: ProviderContext;
}

/** What is unknown beside the values: a mask of the values' shape (`true` where unknown), and why. */
export interface KnownUnknowns {
  readonly mask: unknown;
  /** Goes into the verdict's message: "the plan only knows it after apply". */
  readonly why: string;
}

/** A resource of the Redis family the reader saw and does not judge: one note per reason says so. */
export interface SkippedResource {
  readonly kind: "skipped";
  /** Why, as the note words it: "data sources (only managed resources are checked)". */
  readonly reason: string;
  /** How the note names it. */
  readonly name: string;
}

/**
 * A resource of the Redis family the reader saw but cannot fully read: it is neither judged nor skipped,
 * and the check cannot vouch for the input. Named by what the input gives (address, URN, or the JSON path
 * when even that is missing), with what was not understood, as types and positions, never input text.
 */
export interface UnreadableResource {
  readonly kind: "unreadable";
  /** How the error names it: its address or URN, else its JSON path (`resource_changes[3]`). */
  readonly name: string;
  /** What was not understood, after the name: "has a mode that is neither 'managed' nor 'data' (a string)". */
  readonly reason: string;
  readonly location?: SourceLocation;
}

/** Any other resource the input declares: counted as seen, not applicable to any rule. */
export interface NotGuardedResource {
  readonly kind: "not-guarded";
}

export const NOT_GUARDED: NotGuardedResource = { kind: "not-guarded" };

/**
 * What the report says about the input as a whole, once the reader has read it. Its members become the
 * report's `input` in the order the reader writes them (`kind` first), which is the JSON report's order.
 */
export interface InputDescription {
  readonly kind: ReportInputKind;
  readonly stacks: readonly { readonly name: string; readonly file?: string }[];
  readonly project?: string;
  readonly formatVersion?: string;
  readonly producer?: string;
  /** Notes about the run, before the notes on skipped resources. */
  readonly notes: readonly string[];
  /** Notes after those, given the resources the collector kept (judged by at least one rule). */
  readonly closingNotes?: (checked: readonly FoundResource[]) => readonly string[];
}

/** The stack name of a Terraform plan or state: its root module (Terraform has no stacks). */
export const ROOT_MODULE_STACK = "root";
