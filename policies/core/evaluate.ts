import { ruleApplies } from "./applicability";
import { describeExemptionsNotApplied } from "./exemption-wording";
import { decideExemption, type ExemptionMatch } from "./exemptions";
import type { IgnoredExemption, InCodeExemptions } from "./in-code-exemptions";
import type { RuleConfig } from "./options";
import type { ResourceView, Rule, Verdict } from "./types";

/** A rule's verdict on one resource, after the resource's exemptions were taken into account. */
export interface Finding {
  readonly rule: Rule;
  readonly verdict: Verdict;
  /** The exemption that covers it (`active`), else the first that does not (`expired`, `refused`), if any. */
  readonly exemption?: ExemptionMatch;
  /** In-code exemptions about this rule that were ignored as malformed or unreadable (on a reported finding). */
  readonly ignoredExemptions?: readonly IgnoredExemption[];
  /** True when a surface must report it: the verdict is not a pass and no active exemption covers it. */
  readonly reportable: boolean;
  /** The message to show: the verdict's, plus what became of the exemptions that did not cover it. */
  readonly message: string;
}

export interface EvaluationContext {
  /** Names the resource is known by, matched by exemption globs (URN and name; construct path). */
  readonly identifiers: readonly string[];
  /** Milliseconds since the epoch; exemptions expire against it. */
  readonly now?: number;
  /**
   * The exemptions written next to the resource (tags, construct exemptions). A function, because it is
   * only read for a finding that is not a pass, and most resources pass.
   */
  readonly inCodeExemptions?: () => InCodeExemptions;
}

/**
 * A finding nobody reports: a pass, or one an active exemption covers. Its message is only composed
 * if read, through a getter on the class: an object literal with a getter of its own cost more than
 * the rule's whole evaluation (V8 builds each such literal on its slow path), and every rule of every
 * surface evaluates most resources to a pass. `toJSON` keeps it a plain record with its message.
 */
class QuietFinding implements Finding {
  readonly reportable = false;
  readonly exemption?: ExemptionMatch;

  constructor(
    readonly rule: Rule,
    readonly verdict: Verdict,
    exemption?: ExemptionMatch,
  ) {
    if (exemption) this.exemption = exemption;
  }

  get message(): string {
    return this.verdict.message;
  }

  toJSON(): Finding {
    return { rule: this.rule, verdict: this.verdict, ...(this.exemption ? { exemption: this.exemption } : {}), reportable: false, message: this.message };
  }
}

/** Evaluates one rule on one resource and applies the rule's exemptions. Never throws. */
export function evaluateRule(rule: Rule, view: ResourceView, config: RuleConfig, context: EvaluationContext): Finding {
  const verdict = rule.evaluate(view, config);
  if (verdict.status === "pass") return new QuietFinding(rule, verdict);
  const decision = decideExemption(rule.id, config, {
    identifiers: context.identifiers,
    displayName: view.displayName,
    now: context.now ?? Date.now(),
    ...(context.inCodeExemptions ? { inCode: context.inCodeExemptions() } : {}),
  });
  if (decision.active) return new QuietFinding(rule, verdict, decision.active);
  const exemption = decision.inactive[0];
  const notApplied = describeExemptionsNotApplied(rule.id, decision, view.displayName);
  return {
    rule,
    verdict,
    ...(exemption ? { exemption } : {}),
    ...(decision.ignored.length > 0 ? { ignoredExemptions: decision.ignored } : {}),
    reportable: true,
    message: notApplied ? `${verdict.message} ${notApplied}` : verdict.message,
  };
}

/** Evaluates every given rule that applies to the view (its kind, and a setting its type maps). */
export function evaluateResource(
  rules: readonly Rule[],
  view: ResourceView,
  configFor: (rule: Rule) => RuleConfig,
  context: EvaluationContext,
): Finding[] {
  return rules.filter((rule) => ruleApplies(rule, view)).map((rule) => evaluateRule(rule, view, configFor(rule), context));
}
