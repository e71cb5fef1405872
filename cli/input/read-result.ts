import type { InputKind, ReportResource } from "../report/model";

/** What a reader found in its input, ready for the report. */
export interface ReadResult {
  readonly kind: InputKind;
  readonly stacks: readonly { readonly name: string; readonly file?: string }[];
  readonly project?: string;
  readonly resourcesSeen: number;
  readonly formatVersion?: string;
  readonly producer?: string;
  /** Only resources at least one enabled rule judged, in the order of the input. */
  readonly resources: ReportResource[];
  readonly notes: string[];
}

/** The stack name of a Terraform plan or state: its root module (Terraform has no stacks). */
export const ROOT_MODULE_STACK = "root";

/**
 * Resources of the Redis family a reader saw and did not judge, by reason, for one note each, so a
 * resource that is skipped is never silently missing from the report.
 */
export class SkippedResources {
  private readonly byReason = new Map<string, string[]>();

  add(reason: string, name: string): void {
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
