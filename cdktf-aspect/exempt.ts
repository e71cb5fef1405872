import type { IConstruct } from "constructs";
import {
  EXEMPTIONS_METADATA_KEY,
  NO_IN_CODE_EXEMPTIONS,
  parseExemptionRequest,
  type ConstructExemptionRecord,
  type ExemptionRequest,
  type IgnoredExemption,
  type InCodeExemption,
  type InCodeExemptions,
} from "../policies/core/in-code-exemptions";
import { describeConstructExemption } from "../policies/core/exemption-wording";
import { ConfigError } from "../policies/core/options";
import { allRules } from "../policies/rules";
import { GUARDED_TERRAFORM_TYPES } from "../policies/terraform/bindings";
import { annotateOnce } from "./annotate";
import { libraryOf, owningStack, stacksOf, type ConstructLibrary, type ConstructVisitor } from "./construct-library";
import { isTerraformElement, type TerraformElementLike } from "./synthesized";

/**
 * `RedisPolicyAspect.exempt(construct, …)`: cdk-nag's suppression shape for CDKTF. The exemption is kept in
 * three places, each for a reader:
 *
 * 1. construct metadata of type {@link EXEMPTION_METADATA_TYPE} on the construct: the source of truth the
 *    aspect reads, for the resource itself and every resource below it;
 * 2. an `info` annotation on that construct, which synthesis writes into `cdktf.out/manifest.json`
 *    (`stacks.<name>.annotations`): cdktf and cdktn write no other construct metadata anywhere, so this is
 *    how the exemption is visible in the synthesized manifest;
 * 3. the `"//"` block of every guarded resource it covers (`"//": { "azure-redis-guard": { "exemptions": [...] } }`,
 *    beside cdktf's own `"//".metadata`), written at synth by a small aspect, so `azure-redis-guard check`
 *    on `cdktf.out` honours and reports the same exemption without running the app.
 */
export const EXEMPTION_METADATA_TYPE = "azure-redis-guard/exemption";

/** How a construct is named in messages and records: its path, or "(app)" for the app, whose path is empty. */
export function constructName(construct: IConstruct): string {
  return construct.node.path === "" ? "(app)" : construct.node.path;
}

/**
 * Once any exemption was recorded in this process, resources look for them; until then that walk is skipped.
 * Kept on the global object: an app may load two copies of this package (the aspect from one, `exempt()` from
 * another), and an exemption must not go unseen for that.
 */
const RECORDED = Symbol.for("azure-redis-guard-cdktf.exemptionsRecorded");
const registry = globalThis as { [RECORDED]?: number };

/** Validates and records an exemption on `scope` (see {@link EXEMPTION_METADATA_TYPE}). */
export function exemptConstruct(scope: IConstruct, request: ExemptionRequest): void {
  const record = parseExemptionRequest(request, `RedisPolicyAspect.exempt('${constructName(scope)}')`, allRules);
  const targets = recordingTargets(scope);
  scope.node.addMetadata(EXEMPTION_METADATA_TYPE, record, { stackTrace: false });
  registry[RECORDED] = (registry[RECORDED] ?? 0) + 1;
  const note = describeConstructExemption(constructName(scope), record);
  for (const { node, library } of targets.annotate) annotateOnce(library, node, "info", note);
  for (const { node, library } of targets.record) {
    if (!library.aspectsOf(node).includes(EXEMPTION_RECORDER)) library.addAspect(node, EXEMPTION_RECORDER);
  }
}

interface Target {
  readonly node: IConstruct;
  readonly library: ConstructLibrary;
}

/**
 * Where the recorder runs and the annotation goes: the scope itself inside a stack; every stack of an app
 * (cdktf only invokes aspects found on a stack and below, and only annotations below a stack reach the
 * manifest). A stack created after `exempt(app)` still has the exemption honoured by the aspect, which
 * records it itself; `check` without the aspect would not see it, so exempt the app after creating its stacks.
 */
function recordingTargets(scope: IConstruct): { annotate: Target[]; record: Target[] } {
  const library = libraryOf(scope);
  if (library?.isApp(scope)) {
    const stacks: Target[] = stacksOf(scope).map(({ stack, library: own }) => ({ node: stack, library: own }));
    return { annotate: stacks, record: stacks };
  }
  const owner = library?.isStack(scope) ? { library } : owningStack(scope);
  if (!owner) {
    throw new ConfigError(`RedisPolicyAspect.exempt('${constructName(scope)}')`, "needs a cdktf or cdktn App, TerraformStack or construct inside a stack");
  }
  return { annotate: [{ node: scope, library: owner.library }], record: [{ node: scope, library: owner.library }] };
}

/** The exemptions recorded on `node` and every scope above it, validated again (metadata can be written by hand). */
export function constructExemptionsOf(node: IConstruct): InCodeExemptions {
  if (!registry[RECORDED]) return NO_IN_CODE_EXEMPTIONS;
  const exemptions: InCodeExemption[] = [];
  const ignored: IgnoredExemption[] = [];
  for (const scope of node.node.scopes) {
    for (const entry of scope.node.metadata) {
      if (entry.type !== EXEMPTION_METADATA_TYPE) continue;
      const origin = constructName(scope);
      const data = entry.data as Partial<ConstructExemptionRecord> | undefined;
      try {
        const record = parseExemptionRequest({ rule: data?.rules, reason: data?.reason, ...(data?.expires === undefined ? {} : { expires: data.expires }) }, "metadata", allRules);
        exemptions.push({ source: "construct", origin, ...record });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        ignored.push({ source: "construct", origin, rules: [], problem: `its metadata ${error.message.replace(/^metadata\./, "")}` });
      }
    }
  }
  return exemptions.length === 0 && ignored.length === 0 ? NO_IN_CODE_EXEMPTIONS : { exemptions, ignored };
}

/**
 * Writes the construct exemptions covering a guarded resource into its `"//"` block, for `check`. An
 * escape-hatch override: `toTerraform()` merges it in, then adds cdktf's own `"//".metadata` beside it.
 * Setting the same value again is harmless, so the recorder and the aspect may both do it.
 */
export function recordConstructExemptions(element: TerraformElementLike): void {
  const { exemptions } = constructExemptionsOf(element);
  if (exemptions.length === 0) return;
  const records = exemptions.map(({ origin, rules, reason, expires }) => ({ construct: origin, rules: [...rules], reason, ...(expires === undefined ? {} : { expires }) }));
  element.addOverride(`//.${EXEMPTIONS_METADATA_KEY}.exemptions`, records);
}

/** The aspect `exempt()` adds: records exemptions into the guarded resources below, and does nothing else. */
const EXEMPTION_RECORDER: ConstructVisitor = {
  visit(node: IConstruct): void {
    if (!isTerraformElement(node)) return;
    const type = node.terraformResourceType;
    if (typeof type === "string" && GUARDED_TERRAFORM_TYPES.has(type)) recordConstructExemptions(node);
  },
};
