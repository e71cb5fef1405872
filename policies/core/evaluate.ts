import { ruleApplies } from "./applicability";
import { findExemption, type ExemptionMatch } from "./exemptions";
import type { RuleConfig } from "./options";
import type { ResourceView, Rule, Verdict } from "./types";

/** A rule's verdict on one resource, after the resource's exemptions were taken into account. */
export interface Finding {
  readonly rule: Rule;
  readonly verdict: Verdict;
  /** The exemption that matched, if any. */
  readonly exemption?: ExemptionMatch;
  /** True when a surface must report it: the verdict is not a pass and no active exemption covers it. */
  readonly reportable: boolean;
  /** The message to show: the verdict's, plus the expired exemption when there is one. */
  readonly message: string;
}

export interface EvaluationContext {
  /** Names the resource is known by, matched by exemption globs (URN and name; construct path). */
  readonly identifiers: readonly string[];
  /** Milliseconds since the epoch; exemptions expire against it. */
  readonly now?: number;
}

/** Evaluates one rule on one resource and applies the rule's exemptions. Never throws. */
export function evaluateRule(rule: Rule, view: ResourceView, config: RuleConfig, context: EvaluationContext): Finding {
  const verdict = rule.evaluate(view, config);
  // Nobody reports a pass or an exempted finding, so their message is only composed if read.
  if (verdict.status === "pass") return { rule, verdict, reportable: false, get message() { return verdict.message; } };
  const exemption = findExemption(config.exemptions, context.identifiers, context.now ?? Date.now());
  if (exemption?.state === "active") return { rule, verdict, exemption, reportable: false, get message() { return verdict.message; } };
  const message = exemption
    ? `${verdict.message} The exemption '${exemption.exemption.resource}' (${exemption.exemption.reason}) expired on ${exemption.exemption.expires}.`
    : verdict.message;
  return { rule, verdict, ...(exemption ? { exemption } : {}), reportable: true, message };
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
