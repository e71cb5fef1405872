import type { IConstruct } from "constructs";
import { evaluateResource, type Finding } from "../policies/core/evaluate";
import { exemptBy } from "../policies/core/exemption-wording";
import type { AppliedExemption } from "../policies/core/exemptions";
import { inCodeExemptionsReader } from "../policies/core/in-code-exemptions";
import { planFix } from "../policies/core/fix";
import { walkPath } from "../policies/core/paths";
import { buildResourceView } from "../policies/core/read";
import type { ResourceView, Rule, VerdictReason } from "../policies/core/types";
import { allRules } from "../policies/rules";
import type { TerraformBinding } from "../policies/terraform/bindings";
import { annotateOnce } from "./annotate";
import type { ConstructLibrary } from "./construct-library";
import { constructExemptionsOf } from "./exempt";
import type { AspectSettings } from "./options";
import type { SynthesizedResource } from "./synthesized";

/** One synthesized resource to check, with where its annotations go and how to fix it. */
export interface CheckedResource {
  readonly library: ConstructLibrary;
  /** The construct that carries the annotations (the resource's own, or the stack for a stack-level override). */
  readonly node: IConstruct;
  /** How messages name it: the construct path. */
  readonly displayName: string;
  /** What exemption globs are matched against: the construct path. */
  readonly identifiers: readonly string[];
  readonly binding: TerraformBinding;
  readonly resource: SynthesizedResource;
  /** Writes an escape-hatch override at an attribute path of this resource. */
  override(attributePath: string, value: unknown): void;
  /** The resource as synthesis would now write it, after an override. */
  reread(): SynthesizedResource | undefined;
}

/** Words for the info annotation of a fix: what the resource did before. */
const BEFORE_FIX: Readonly<Record<VerdictReason, string>> = {
  "non-compliant": "had a non-compliant value",
  "invalid-value": "had a value the rule cannot read",
  "unknown-value": "had a value only known at plan time",
  "absent-required": "did not set it, and requireExplicit asks for an explicit value",
  "default-non-compliant": "did not set it, and the Azure default is not compliant",
  compliant: "complied",
  "default-compliant": "complied",
};

/** Evaluates every rule that applies to the resource and turns each finding into an annotation or a fix. */
export function checkResource(target: CheckedResource, settings: AspectSettings): void {
  const { view, findings } = evaluate(target, target.resource, [...settings.rules.keys()], settings);
  for (const finding of findings) {
    if (!finding.reportable) {
      if (finding.exemption?.state === "active") annotateOnce(target.library, target.node, "info", exemptionNote(target, finding, finding.exemption.exemption));
      continue;
    }
    if (settings.fix && finding.rule.fix) applyFix(target, settings, view, finding);
    else report(target, settings, finding, finding.message, finding.verdict.status === "unknown");
  }
}

function evaluate(
  target: CheckedResource,
  synthesized: SynthesizedResource,
  rules: readonly Rule[],
  settings: AspectSettings,
): { view: ResourceView; findings: Finding[] } {
  const view = buildResourceView(target.binding, target.displayName, synthesized.attributes, "terraform");
  // The tags as synthesized, and RedisPolicyAspect.exempt() above the resource.
  const inCodeExemptions = inCodeExemptionsReader(target.binding, synthesized.attributes, "terraform", allRules, () => constructExemptionsOf(target.node));
  const context = { identifiers: target.identifiers, now: Date.now(), inCodeExemptions };
  return { view, findings: evaluateResource(rules, view, (rule) => settings.rules.get(rule)?.config ?? {}, context) };
}

/**
 * Overrides the attribute(s) the resource uses with the rule's safe value, then checks the resource
 * again as synthesis will now write it: a stack-level override can still win, and then the violation
 * is reported as usual rather than claimed fixed.
 */
function applyFix(target: CheckedResource, settings: AspectSettings, view: ResourceView, finding: Finding): void {
  const plan = planFix(finding.rule, target.binding, view);
  if (plan?.kind !== "write") {
    // Refused (the change would replace the resource) or nothing to write: the violation stands, and says how to fix it by hand.
    const why = plan ? ` RedisPolicyAspect (fix: true) did not fix it: ${plan.reason}.` : "";
    report(target, settings, finding, `${finding.message}${why}`, finding.verdict.status === "unknown");
    return;
  }
  // A block written as a one-element list (`default_database: [{...}]`) needs its index in the path: cdktf
  // drops `default_database.x` on a list rather than reaching into it, so the fix would silently change nothing.
  for (const path of plan.paths) target.override(walkPath(target.resource.attributes, path).indexedPath, plan.value);
  const after = target.reread();
  const recheck = after ? evaluate(target, after, [finding.rule], settings).findings[0] : undefined;
  const names = plan.paths.map((p) => `'${p}'`).join(" and ");
  if (recheck && !recheck.reportable) {
    const note =
      `${finding.rule.id}: RedisPolicyAspect (fix: true) set ${names} of '${target.displayName}' to ${JSON.stringify(plan.value)} ` +
      `with an escape-hatch override; the resource ${BEFORE_FIX[finding.verdict.reason]}. ${finding.rule.recommendation}`;
    annotateOnce(target.library, target.node, "info", note);
    return;
  }
  const still = recheck ?? finding;
  const message = `${still.message} RedisPolicyAspect (fix: true) overrode ${names}, but the synthesized configuration still does not comply (a stack-level override may set it).`;
  report(target, settings, finding, message, still.verdict.status === "unknown");
}

/**
 * A failure of a mandatory rule is annotated at the configured level, of an advisory rule as a warning;
 * an unknown is always a warning (it may well be fine).
 */
function report(target: CheckedResource, settings: AspectSettings, finding: Finding, message: string, unknown: boolean): void {
  const mandatory = settings.rules.get(finding.rule)?.enforcement === "mandatory";
  annotateOnce(target.library, target.node, unknown || !mandatory ? "warning" : settings.level, message);
}

/** The info annotation of an exempt resource, naming where the exemption was written. */
function exemptionNote(target: CheckedResource, finding: Finding, exemption: AppliedExemption): string {
  return `${finding.rule.id}: not enforced on '${target.displayName}': ${exemptBy(exemption, "annotation")} (${exemption.reason}).`;
}
