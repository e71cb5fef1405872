import { escapeForDisplay as shown } from "./display";
import type { AppliedExemption, ExemptionDecision } from "./exemptions";
import type { ConstructExemptionRecord, IgnoredExemption } from "./in-code-exemptions";

/**
 * The one home of the words every surface uses for an exemption: where it was written (the policy
 * configuration, a tag on the resource, `RedisPolicyAspect.exempt()` on a construct) and what became of it.
 * The pack's and `check`'s messages, `check`'s report lines and the CDKTF aspect's annotations all say it from here.
 */

/** What the wording needs of an exemption: where it was written. A report's exemption has these fields too. */
export type ExemptionOrigin = Pick<AppliedExemption, "source" | "resource" | "tag" | "construct">;

/**
 * Who is speaking, which decides how the origin is named:
 * - `sentence`: inside a finding's message (`the exemption tag 'redis-guard-exempt' on 'cache'`);
 * - `report`: a report line under the resource's heading (`tag 'redis-guard-exempt' on the resource`), where
 *   a config glob is named as such (`config exemption 'legacy-*'`);
 * - `annotation`: an annotation on the resource itself (`its tag 'redis-guard-exempt'`, the config glob as written).
 */
export type ExemptionVoice = "sentence" | "report" | "annotation";

/**
 * Where an exemption was written, as `voice` names it. Globs, tag keys, names and construct paths come from the
 * user's code: shown with control characters escaped (display.ts), as every surface prints them to a terminal.
 */
export function exemptionOrigin(exemption: ExemptionOrigin, voice: ExemptionVoice): string {
  const aspect = `RedisPolicyAspect.exempt() on '${shown(String(exemption.construct))}'`;
  const resource = shown(String(exemption.resource));
  const tag = shown(String(exemption.tag));
  switch (exemption.source) {
    case "config":
      return voice === "sentence" ? `the exemption '${resource}'` : voice === "report" ? `config exemption '${resource}'` : `'${resource}'`;
    case "tag":
      return voice === "sentence" ? `the exemption tag '${tag}' on '${resource}'` : voice === "report" ? `tag '${tag}' on the resource` : `its tag '${tag}'`;
    case "construct":
      return voice === "sentence" ? `the exemption ${aspect}` : aspect;
  }
}

/** `exempt by <origin>[ until <expiry>]`: how a report line and an annotation start for an exempt finding. */
export function exemptBy(exemption: ExemptionOrigin & { readonly expires?: string }, voice: Exclude<ExemptionVoice, "sentence">): string {
  return `exempt by ${exemptionOrigin(exemption, voice)}${exemption.expires ? ` until ${exemption.expires}` : ""}`;
}

/** How messages name an exemption: "the exemption 'legacy-*'", "the exemption tag 'redis-guard-exempt' on 'cache'". */
export function describeExemption(exemption: AppliedExemption): string {
  return exemptionOrigin(exemption, "sentence");
}

function capitalized(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

function describeIgnored(ignored: IgnoredExemption, displayName: string): string {
  if (ignored.source === "construct") {
    const which = exemptionOrigin({ source: "construct", resource: displayName, construct: ignored.origin ?? "?" }, "sentence");
    return `${capitalized(which)} was ignored and exempts nothing: ${ignored.problem}.`;
  }
  if (ignored.origin === undefined) return `No exemption tag applies to '${shown(displayName)}': ${ignored.problem}.`;
  return `The tag '${shown(ignored.origin)}' on '${shown(displayName)}' was ignored and exempts nothing: ${ignored.problem}.`;
}

/**
 * What a reported finding says about the exemptions that did not cover it, after the verdict's message:
 * expired ones, refused ones, ignored ones. Empty when there are none.
 */
export function describeExemptionsNotApplied(ruleId: string, decision: ExemptionDecision, displayName: string): string {
  const sentences: string[] = [];
  for (const { state, exemption } of decision.inactive) {
    const which = capitalized(describeExemption(exemption));
    if (state === "expired") sentences.push(`${which} (${shown(exemption.reason)}) expired on ${exemption.expires}.`);
    if (state === "refused") {
      sentences.push(`${which} (${shown(exemption.reason)}) was refused: allowInCodeExemptions is false for ${ruleId}, so only the policy configuration can exempt it.`);
    }
  }
  for (const ignored of decision.ignored) sentences.push(describeIgnored(ignored, displayName));
  return sentences.join(" ");
}

/** The note `RedisPolicyAspect.exempt()` leaves on the construct it was called on (and in the synthesized manifest). */
export function describeConstructExemption(constructName: string, record: ConstructExemptionRecord): string {
  const until = record.expires ? ` until ${record.expires}` : "";
  return `azure-redis-guard: ${record.rules.join(", ")} not enforced on '${shown(constructName)}' and every resource below it${until}: ${shown(record.reason)} (RedisPolicyAspect.exempt()).`;
}
