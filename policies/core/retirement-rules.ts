import { subject } from "./setting-rules";
import type { ResourceView, Rule, RuleMetadata, Verdict } from "./types";

/**
 * A rule that fails every resource of its kinds, whatever its settings: a notice that the resource
 * type itself is retiring (PSRule for Azure's `Azure.Redis.MigrateAMR`). It reads no setting, has no
 * automatic fix and ignores `requireExplicit`; teams with a migration plan record an exemption.
 */
export interface RetirementRuleSpec extends Omit<RuleMetadata, "fix"> {
  /** After "<kind> '<name>' ": what retires and when. */
  readonly finding: string;
  /** After "Fix: ": where to go and how (there is no automatic fix). */
  readonly howToFix: string;
}

export type RetirementRule = Rule & RetirementRuleSpec & { readonly settingsRead: readonly [] };

/** The verdict of a retirement rule; its message is composed when read, like every verdict of the core. */
class RetirementVerdict implements Verdict {
  readonly status = "fail";
  readonly reason = "non-compliant";
  readonly properties: readonly string[] = [];
  #message: string | undefined;

  constructor(
    private readonly spec: RetirementRuleSpec,
    private readonly view: ResourceView,
  ) {}

  get ruleId(): string {
    return this.spec.id;
  }

  get message(): string {
    return (this.#message ??= `${subject(this.spec.id, this.view)} ${this.spec.finding}. Fix: ${this.spec.howToFix}. See ${this.spec.docsUrl}`);
  }

  toJSON(): Verdict {
    return { ruleId: this.ruleId, status: this.status, reason: this.reason, properties: this.properties, message: this.message };
  }
}

export function defineRetirementRule(spec: RetirementRuleSpec): RetirementRule {
  return {
    ...spec,
    settingsRead: [],
    evaluate(view: ResourceView): Verdict {
      return new RetirementVerdict(spec, view);
    },
  };
}
