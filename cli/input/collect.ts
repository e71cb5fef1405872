import { applyUnknownMask } from "../../policies/internal";
import { CheckError } from "../check-error";
import type { CheckConfig } from "../config/pack-config";
import { judgeResource } from "../judge";
import type { ReportInputKind, ReportResource } from "../report/model";
import type { FoundResource, InputDescription, ResourceReader, SkippedResource, UnreadableResource } from "./reader";

/** What the collector made of one reader's input: everything the report needs but the command line's options. */
export interface CollectedInput {
  readonly description: InputDescription;
  /** Every resource the input holds, judged or not. */
  readonly resourcesSeen: number;
  /** Only resources at least one enabled rule judged, in the order of the input. */
  readonly resources: ReportResource[];
  readonly notes: string[];
}

/**
 * Resources of the Redis family a reader saw and did not judge, by reason, for one note each, so a
 * resource that is skipped is never silently missing from the report.
 */
class SkippedResources {
  private readonly byReason = new Map<string, string[]>();

  add({ reason, name }: SkippedResource): void {
    const names = this.byReason.get(reason) ?? [];
    names.push(name);
    this.byReason.set(reason, names);
  }

  notes(): string[] {
    return [...this.byReason].map(([reason, names]) => {
      const shown = names.slice(0, 10).join(", ");
      const more = names.length > 10 ? ` and ${names.length - 10} more` : "";
      return `Not judged, ${reason} (${names.length}): ${shown}${more}.`;
    });
  }
}

/** What the input appears to be, for the error's first words. */
const INPUT_LABELS: Readonly<Record<ReportInputKind, string>> = {
  "pulumi-project": "the Pulumi program",
  "pulumi-state": "the Pulumi state",
  "terraform-json": "the Terraform JSON configuration",
  "terraform-plan": "the Terraform plan",
  "terraform-state": "the Terraform state",
};

/** How many unreadable resources the error names, one by one; the rest are counted. */
const UNREADABLE_LISTED = 5;

/**
 * The error for an input with resources the reader could not read. Exit 2, not a verdict: a resource whose
 * `mode`, `deposed` or action is not understood may not even be a resource that exists after the plan, so no
 * rule's verdict on it would be honest, and a fail-closed verdict would let `--fail-on` or an exemption hide
 * an input the guard does not understand. The check cannot vouch for the input; it says which resource, where,
 * and what it did not understand.
 */
function unreadableError(description: InputDescription, unreadable: readonly UnreadableResource[]): CheckError {
  const listed = unreadable.slice(0, UNREADABLE_LISTED).map((item) => {
    // The input's file is named once, before the list; a resource is placed by its line.
    const where = item.location?.line !== undefined ? ` (line ${item.location.line})` : "";
    return `${item.name}${where} ${item.reason}`;
  });
  const more = unreadable.length > UNREADABLE_LISTED ? `; and ${unreadable.length - UNREADABLE_LISTED} more` : "";
  return new CheckError(
    `${unreadable.length} resource(s) of the Redis family in ${INPUT_LABELS[description.kind]} ${description.stacks[0]?.file ?? ""} could not be read, so the input cannot be vouched for: ${listed.join("; ")}${more}. ` +
      "Nothing was skipped: fix or regenerate the input with the tool that writes it.",
  );
}

/** The report's resource for a found resource and its results, members in the JSON report's order. */
function reportResource(found: FoundResource, results: ReportResource["results"]): ReportResource {
  return {
    identity: found.identity,
    name: found.name,
    type: found.type,
    ...(found.urn !== undefined ? { urn: found.urn } : {}),
    stack: found.stack,
    ...(found.plannedActions ? { plannedActions: found.plannedActions } : {}),
    ...(found.constructPath !== undefined ? { constructPath: found.constructPath } : {}),
    ...(found.location ? { location: found.location } : {}),
    results,
  };
}

/** Judges one found resource through the core: its results, empty when no enabled rule applies to it. */
function judgeFound(found: FoundResource, config: CheckConfig, now: number): ReportResource["results"] {
  const properties = found.unknown ? applyUnknownMask(found.values, found.unknown.mask, found.unknown.why) : found.values;
  return judgeResource(
    {
      binding: found.binding,
      displayName: found.displayName ?? found.name,
      ...(found.provider ? { provider: found.provider } : {}),
      properties,
      dialect: found.dialect,
      identifiers: found.identifiers,
      ...(found.recordedExemptions ? { recordedExemptions: found.recordedExemptions } : {}),
    },
    config,
    now,
  );
}

/**
 * The one collector: reads every item a reader yields, judges each found resource through the core, keeps
 * those some enabled rule applies to, counts every resource seen and notes the skipped ones by reason.
 * Throws a {@link CheckError} naming every unreadable resource once the whole input was read.
 */
export async function collect(reader: ResourceReader, config: CheckConfig, now: number): Promise<CollectedInput> {
  const resources: ReportResource[] = [];
  const checked: FoundResource[] = [];
  const skipped = new SkippedResources();
  const unreadable: UnreadableResource[] = [];
  let resourcesSeen = 0;
  let step = await reader.next();
  while (!step.done) {
    const item = step.value;
    resourcesSeen++;
    if (item.kind === "skipped") skipped.add(item);
    else if (item.kind === "unreadable") unreadable.push(item);
    else if (item.kind === "resource") {
      const results = judgeFound(item, config, now);
      if (results.length > 0) {
        resources.push(reportResource(item, results));
        checked.push(item);
      }
    }
    step = await reader.next();
  }
  const description = step.value;
  if (unreadable.length > 0) throw unreadableError(description, unreadable);
  const notes = [...description.notes, ...skipped.notes(), ...(description.closingNotes?.(checked) ?? [])];
  return { description, resourcesSeen, resources, notes };
}
