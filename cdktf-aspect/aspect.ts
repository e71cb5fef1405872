import type { IConstruct } from "constructs";
import { ruleApplies } from "../policies/core/applicability";
import { findTerraformBinding, GUARDED_TERRAFORM_TYPES, terraformBindings } from "../policies/terraform/bindings";
import { annotateOnce } from "./annotate";
import type { ExemptionRequest } from "../policies/core/in-code-exemptions";
import { checkResource, type CheckedResource } from "./check";
import { exemptConstruct, recordConstructExemptions } from "./exempt";
import { libraryOf, owningStack, stacksOf, type ConstructLibrary, type ConstructVisitor } from "./construct-library";
import { parseAspectOptions, type AspectSettings, type RedisPolicyAspectOptions } from "./options";
import {
  isTerraformElement,
  overrideOnlyResources,
  selectAttributes,
  synthesizedResourcesOf,
  type AttributeSelection,
  type SynthesizedResource,
  type TerraformElementLike,
} from "./synthesized";

/** For each guarded type, the attribute paths its settings live at (`non_ssl_port_enabled`, `redis_configuration.…`). */
const ATTRIBUTES_READ: ReadonlyMap<string, AttributeSelection> = new Map(
  terraformBindings.map((binding) => [
    binding.terraformType,
    // The settings the rules read, and the tags, where exemption tags are.
    selectAttributes([...Object.values(binding.settings).flatMap((paths) => paths ?? []), ...(binding.tagsProperty ? [binding.tagsProperty] : [])]),
  ]),
);
const attributesRead = (terraformType: string): AttributeSelection | undefined => ATTRIBUTES_READ.get(terraformType);

/**
 * A CDKTF aspect (`IAspect` of `cdktf` and of CDK Terrain's `cdktn`) that checks every synthesized resource
 * of every type that has a Terraform binding (`azurerm_redis_cache`, `azurerm_managed_redis`, the Redis
 * Enterprise cluster and database: see policies/terraform/bindings.ts) against the rule core, the same rules
 * and verdicts as the Pulumi pack:
 * a failure is an error annotation (synth fails) or, with `level: "warning"`, a warning; a value only
 * known at plan time is a warning; a pass says nothing. Use {@link RedisPolicyAspect.applyTo}.
 */
export class RedisPolicyAspect implements ConstructVisitor {
  private readonly settings: AspectSettings;

  /** @throws ConfigError naming the option at fault (`RedisPolicyAspect.level must be "error" or "warning"`). */
  constructor(options: RedisPolicyAspectOptions = {}) {
    this.settings = parseAspectOptions(options);
  }

  /**
   * Guards `scope`: a stack, every stack of an app, or any construct inside a stack (its subtree).
   * cdktf synthesizes stack by stack and only invokes aspects found on a stack and its children, so
   * an aspect added to the `App` itself is silently never run; this adds it where it runs. For an app,
   * call it after the stacks exist: a stack created later is not guarded, and `app.synth()` then
   * fails with a message naming it rather than letting it through unchecked.
   * @returns the aspect that was added.
   */
  static applyTo(scope: IConstruct, options: RedisPolicyAspectOptions = {}): RedisPolicyAspect {
    const aspect = new RedisPolicyAspect(options);
    const library = libraryOf(scope);
    if (library?.isApp(scope)) {
      for (const { stack, library: stackLibrary } of stacksOf(scope)) stackLibrary.addAspect(stack, aspect);
      scope.node.addValidation({ validate: () => unguardedStackErrors(scope) });
      return aspect;
    }
    const owner = library?.isStack(scope) ? { library } : owningStack(scope);
    if (!owner) {
      throw new Error(`RedisPolicyAspect.applyTo: '${scope.node.path}' is not a cdktf or cdktn App, TerraformStack or construct inside a stack`);
    }
    owner.library.addAspect(scope, aspect);
    return aspect;
  }

  /**
   * Exempts `construct` (a resource, or any scope above resources: all resources below it) from one rule or
   * several, with a required reason and an optional expiry, like cdk-nag's `NagSuppressions`. The aspect then
   * annotates an exempt resource with an `info` naming this exemption instead of its violation; after
   * `expires` the violation returns and says the exemption expired. Validated here: a rule id that is not one
   * of azure-redis-guard's, a blank reason or a malformed date throws {@link ConfigError} naming the field.
   * The exemption is visible in `cdktf.out/manifest.json` (an `info` annotation on `construct`) and in each
   * covered resource's `"//"` block, where `azure-redis-guard check` honours it. An organisation can refuse
   * exemptions written in code for chosen rules: `allowInCodeExemptions: false` in the aspect's options.
   * @throws ConfigError naming the field at fault (`RedisPolicyAspect.exempt('stack/cache').reason …`).
   */
  static exempt(construct: IConstruct, exemption: ExemptionRequest): void {
    exemptConstruct(construct, exemption);
  }

  /** Called by synthesis for every construct under the scope the aspect was added to. Never throws. */
  visit(node: IConstruct): void {
    if (!isTerraformElement(node)) return;
    const terraformType = node.terraformResourceType;
    // Cheap filter first (synthesis calls this for every construct); the synthesized form decides.
    if (typeof terraformType === "string" && !GUARDED_TERRAFORM_TYPES.has(terraformType)) return;
    try {
      if (typeof terraformType === "string") this.checkElement(node);
      else this.checkStackOverrides(node);
    } catch (error) {
      this.reportUnreadable(node, typeof terraformType === "string" ? terraformType : undefined, error);
    }
  }

  private checkElement(element: TerraformElementLike): void {
    const owner = owningStack(element);
    if (!owner) throw new Error("no stack");
    const { stack, library } = owner;
    recordConstructExemptions(element);
    const resources = synthesizedResourcesOf(element, stack, library, attributesRead);
    const path = element.node.path;
    for (const resource of resources) {
      const reread = (): SynthesizedResource | undefined =>
        synthesizedResourcesOf(element, stack, library, attributesRead).find((r) => r.terraformType === resource.terraformType && r.logicalId === resource.logicalId);
      this.check(library, element, resources.length > 1 ? `${path} (${resource.terraformType}.${resource.logicalId})` : path, [path], resource, {
        override: (attributePath, value) => element.addOverride(attributePath, value),
        reread,
      });
    }
  }

  /** A stack-level override can add a whole `resource.azurerm_redis_cache.<id>` that no construct stands for. */
  private checkStackOverrides(node: TerraformElementLike): void {
    const library = libraryOf(node);
    if (!library?.isStack(node)) return;
    for (const resource of overrideOnlyResources(node, GUARDED_TERRAFORM_TYPES, library)) {
      const address = `resource.${resource.terraformType}.${resource.logicalId}`;
      const displayName = `${node.node.path}/${address}`;
      this.check(library, node, displayName, [displayName], resource, {
        override: (attributePath, value) => node.addOverride(`${address}.${attributePath}`, value),
        reread: () => overrideOnlyResources(node, new Set([resource.terraformType]), library).find((r) => r.logicalId === resource.logicalId),
      });
    }
  }

  private check(
    library: ConstructLibrary,
    node: IConstruct,
    displayName: string,
    identifiers: readonly string[],
    resource: SynthesizedResource,
    fixing: Pick<CheckedResource, "override" | "reread">,
  ): void {
    const binding = findTerraformBinding(resource.terraformType);
    if (!binding) return;
    checkResource({ library, node, displayName, identifiers, binding, resource, ...fixing }, this.settings);
  }

  /**
   * Whatever went wrong reading a guarded resource, it is not treated as compliant. The message names
   * the error's class, never its text, which may quote a property value.
   */
  private reportUnreadable(node: IConstruct, terraformType: string | undefined, error: unknown): void {
    const binding = terraformType === undefined ? undefined : findTerraformBinding(terraformType);
    // Only the rules this aspect enforces on that type of resource: a disabled rule does not speak.
    const enforced = [...this.settings.rules].filter(([rule]) => binding === undefined || ruleApplies(rule, binding));
    if (enforced.length === 0) return;
    const ruleIds = enforced.map(([rule]) => rule.id).join(", ");
    const level = enforced.some(([, { enforcement }]) => enforcement === "mandatory") ? this.settings.level : "warning";
    const what = error instanceof Error ? error.name : typeof error;
    const message =
      `${ruleIds}: RedisPolicyAspect could not read the synthesized configuration of '${node.node.path}' (${what}), ` +
      `so it cannot verify it and does not treat it as compliant.`;
    try {
      annotateOnce(owningStack(node)?.library, node, level, message);
    } catch {
      annotateOnce(undefined, node, level, message);
    }
  }
}

/** The app validation behind `applyTo(app)`: a stack created after it is named, not silently unguarded. */
function unguardedStackErrors(app: IConstruct): string[] {
  return stacksOf(app)
    .filter(({ stack, library }) => !library.aspectsOf(stack).some((aspect) => aspect instanceof RedisPolicyAspect))
    .map(
      ({ stack }) =>
        `RedisPolicyAspect.applyTo(app) ran before stack '${stack.node.path}' was created, so that stack was not checked. ` +
        `Call RedisPolicyAspect.applyTo(app) after creating every stack, or RedisPolicyAspect.applyTo(stack) for this one.`,
    );
}
