import { applyUnknownMask } from "../../policies/internal";
import type { CheckConfig } from "../config/pack-config";
import { judgeResource } from "../judge";
import type { ReportResource } from "../report/model";
import type { FoundResource, InputDescription, ResourceReader, SkippedResource } from "./reader";

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
 */
export async function collect(reader: ResourceReader, config: CheckConfig, now: number): Promise<CollectedInput> {
  const resources: ReportResource[] = [];
  const checked: FoundResource[] = [];
  const skipped = new SkippedResources();
  let resourcesSeen = 0;
  let step = await reader.next();
  while (!step.done) {
    const item = step.value;
    resourcesSeen++;
    if (item.kind === "skipped") skipped.add(item);
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
  const notes = [...description.notes, ...skipped.notes(), ...(description.closingNotes?.(checked) ?? [])];
  return { description, resourcesSeen, resources, notes };
}
