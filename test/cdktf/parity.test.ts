import { TerraformVariable, Testing } from "cdktf";
import { afterAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect, type RedisPolicyAspectOptions } from "../../cdktf-aspect/index";
import { allRules, findRule, ruleApplies, type Exemption, type ResourceKind, type Rule, type SettingName, type VerdictStatus } from "../../policies";
import { createPulumiPolicies, findPulumiBinding, pulumiBindings, type PulumiBinding } from "../../policies/pulumi";
import {
  CLASSIC_ENTERPRISE_CLUSTER_TOKEN,
  CLASSIC_ENTERPRISE_DATABASE_TOKEN,
  CLASSIC_MANAGED_REDIS_TOKEN,
  CLASSIC_REDIS_CACHE_TOKEN,
} from "../../policies/pulumi/bindings";
import { terraformBindings, type TerraformBinding } from "../../policies/terraform";
import { encodeFixtureValue, isUnknownMarker, loadRuleFixtures, setPath, targetsOf, type FixtureCase, type RuleFixture } from "../support/fixtures";
import { runPulumiPolicy } from "./pulumi-side";
import { RawResource, testingStack } from "./cdktf-support";
import { ofRule, annotationsUnder, removeTempDirs } from "./support";

afterAll(removeTempDirs);

/**
 * The shared fixture tables (test/fixtures/rules/*.json), every rule: for each Terraform binding that
 * can express a case, the aspect's verdict on the synthesized resource equals the table's, and the
 * verdict the Pulumi policy reaches in process for each Pulumi binding that can express it.
 */

/** One type token per Pulumi binding (the test below checks each binding is the one its token finds). */
const PULUMI_TOKENS: readonly string[] = [
  "azure-native:redis:Redis",
  CLASSIC_REDIS_CACHE_TOKEN,
  "azure-native:redisenterprise:RedisEnterprise",
  CLASSIC_ENTERPRISE_CLUSTER_TOKEN,
  "azure-native:redisenterprise:Database",
  CLASSIC_ENTERPRISE_DATABASE_TOKEN,
  CLASSIC_MANAGED_REDIS_TOKEN,
];
const tokenOf = (binding: PulumiBinding): string | undefined =>
  PULUMI_TOKENS.find((token) => findPulumiBinding(token)?.family === binding.family && findPulumiBinding(token)?.kind === binding.kind);

type RuleConfig = { readonly requireExplicit?: boolean; readonly exemptions?: readonly Exemption[] };

/** A case of the shared table plus the configuration both surfaces take (exemptions included). */
interface ParityCase {
  readonly name: string;
  /** The types the case is about (see FixtureCase.on); every type that can express it otherwise. */
  readonly on?: FixtureCase["on"];
  readonly settings: FixtureCase["settings"];
  readonly config: RuleConfig;
  readonly expect: VerdictStatus;
}

interface Outcome {
  readonly surface: string;
  /** The resource kind: messages name it ("Redis Enterprise database", "Azure Managed Redis"). */
  readonly kind: ResourceKind;
  readonly status: VerdictStatus;
  readonly message?: string;
  /** How the surface names the resource in messages. */
  readonly resource: string;
}

/** The settings a case sets (a `null` counts: it is written, as `null`). */
const settingsOf = (testCase: ParityCase): SettingName[] => Object.keys(testCase.settings) as SettingName[];

/** Whether a binding maps every setting the case uses: the others cannot express it and are skipped. */
const canExpress = (binding: { readonly settings: Partial<Record<SettingName, readonly string[]>> }, testCase: ParityCase): boolean =>
  settingsOf(testCase).every((setting) => (binding.settings[setting]?.length ?? 0) > 0);

/**
 * Ways a binding names the settings a case uses: the n-th property path of each (the first is the
 * current provider's name, which the brief's mapping uses; then azurerm 3.x, classic v5), so every
 * name a binding reads for them is exercised. A case that sets nothing has one naming, the empty one.
 */
function namings(binding: { readonly settings: Partial<Record<SettingName, readonly string[]>> }, testCase: ParityCase): Record<string, string>[] {
  const entries = settingsOf(testCase).map((setting) => [setting, binding.settings[setting]!] as const);
  const count = Math.max(1, ...entries.map(([, paths]) => paths.length));
  return Array.from({ length: count }, (_, i) => Object.fromEntries(entries.map(([setting, paths]) => [setting, paths[Math.min(i, paths.length - 1)]!])));
}

/** How a nested block (`redis_configuration`, `default_database`) is written: CDKTF's object, or Terraform JSON's one-element list. */
type BlockForm = "object" | "list";

/** Where the rule's config goes: aspect-wide (`requireExplicit`, `exemptions`) or the rule's own entry in `rules`. */
type Placement = "aspect-wide" | "per rule";

/**
 * The aspect's verdict for `rule` on a raw resource of `binding`'s type holding the case's values.
 * The rule is made mandatory, so an error is a failure and a warning an unknown whatever the rule's
 * default (an advisory rule's failure would be a warning too); other rules are left as they are and
 * their annotations ignored.
 */
function cdktfOutcome(rule: Rule, binding: TerraformBinding, naming: Record<string, string>, blocks: BlockForm, placement: Placement, testCase: ParityCase): Outcome {
  const stack = testingStack("parity");
  const attributes: Record<string, unknown> = {};
  for (const setting of settingsOf(testCase)) {
    const value = testCase.settings[setting];
    // An unknown is a real Terraform variable, resolved by synthesis to `${var.…}`.
    setPath(attributes, naming[setting]!, isUnknownMarker(value) ? new TerraformVariable(stack, `unknown_${setting}`, {}).value : value);
    const [block, inner] = naming[setting]!.split(".");
    if (inner !== undefined && blocks === "list" && !Array.isArray(attributes[block!])) attributes[block!] = [attributes[block!]];
  }
  new RawResource(stack, "cache", binding.terraformType, attributes);
  const options: RedisPolicyAspectOptions =
    placement === "aspect-wide"
      ? { ...testCase.config, rules: { [rule.id]: { enforcement: "mandatory" } } }
      : { rules: { [rule.id]: { enforcement: "mandatory", ...testCase.config } } };
  RedisPolicyAspect.applyTo(stack, options);
  Testing.synth(stack);
  const annotations = ofRule(annotationsUnder(stack), rule.id);
  expect(annotations.length, `one annotation at most for ${rule.id}`).toBeLessThanOrEqual(1);
  const [annotation] = annotations;
  const surface = `cdktf ${binding.terraformType} [${Object.values(naming).join(",")}] (${blocks} blocks, config ${placement})`;
  const common = { surface, kind: binding.kind, resource: "parity/cache" };
  if (!annotation || annotation.level === "info") return { ...common, status: "pass" };
  if (annotation.level === "warning") return { ...common, status: "unknown" };
  return { ...common, status: "fail", message: annotation.message };
}

/** A Pulumi type token and the binding it gets. */
interface PulumiTarget {
  readonly token: string;
  readonly binding: PulumiBinding;
}

function pulumiOutcomes(rule: Rule, targets: readonly PulumiTarget[], testCase: ParityCase): Outcome[] {
  const policy = createPulumiPolicies().find((p) => p.name === rule.policyName)!;
  return targets.flatMap(({ token, binding }) =>
    namings(binding, testCase).map((naming) => {
      const props: Record<string, unknown> = {};
      for (const setting of settingsOf(testCase)) setPath(props, naming[setting]!, encodeFixtureValue(testCase.settings[setting], "pulumi"));
      const outcome = runPulumiPolicy(policy, token, "cache", props, testCase.config);
      return { surface: `pulumi ${token} [${Object.values(naming).join(",")}]`, kind: binding.kind, ...outcome, resource: "cache" };
    }),
  );
}

/** The message with the resource's and the properties' names replaced, so two surfaces can be compared. */
function template(message: string, resourceName: string, propertyNames: readonly string[]): string {
  let text = message.split(`'${resourceName}'`).join("'<resource>'");
  for (const name of propertyNames) text = text.split(`'${name}'`).join("'<property>'");
  return text;
}

const fixtures: readonly RuleFixture[] = loadRuleFixtures();

describe("parity harness", () => {
  it("runs every rule's fixture table", () => {
    expect(fixtures.map((f) => f.rule).sort()).toEqual(allRules.map((r) => r.id).sort());
  });

  it("has a token for every Pulumi binding, found back to that binding's class", () => {
    for (const binding of pulumiBindings) expect(tokenOf(binding), `${binding.family} ${binding.kind}`).toBeDefined();
  });

  it("skips only the settings no azurerm attribute expresses (azure-native's string and inverted forms of access keys)", () => {
    const used = new Set(fixtures.flatMap((f) => f.cases.flatMap((c) => Object.keys(c.settings))));
    const terraformOnly = [...used].filter((setting) => !terraformBindings.some((b) => (b.settings[setting as SettingName]?.length ?? 0) > 0));
    expect(terraformOnly.sort()).toEqual(["accessKeyAuthenticationDisabled", "accessKeysAuthentication"]);
  });
});

for (const fixture of fixtures) {
  const rule = findRule(fixture.rule)!;
  // Every binding the rule applies to, whatever its kind (ClientProtocol: azurerm_managed_redis too).
  const pulumiSide: PulumiTarget[] = pulumiBindings.filter((b) => ruleApplies(rule, b)).map((b) => ({ token: tokenOf(b)!, binding: findPulumiBinding(tokenOf(b)!)! }));
  const terraformSide = terraformBindings.filter((b) => ruleApplies(rule, b));
  // A case about given types runs there only: its verdict rests on the defaults those types declare.
  const pulumiFor = (c: ParityCase): PulumiTarget[] =>
    c.on
      ? targetsOf({ ...c, expect: c.expect, reason: "compliant" })
          .filter((t) => t.dialect === "pulumi")
          .map((t) => ({ token: t.type, binding: t.binding as PulumiBinding }))
      : pulumiSide;
  const terraformFor = (c: ParityCase): TerraformBinding[] => (c.on ? terraformSide.filter((b) => c.on!.includes(b.terraformType)) : terraformSide);
  const violating = fixture.cases.find((c) => !c.on && c.expect === "fail" && c.reason === "non-compliant" && terraformSide.some((b) => canExpress(b, { ...c, config: {} })))!;
  const allCases: ParityCase[] = [
    ...fixture.cases.map((c) => ({ name: c.name, ...(c.on ? { on: c.on } : {}), settings: c.settings, config: c.options ?? {}, expect: c.expect })),
    // Exemptions: a glob both surfaces match (Pulumi: the resource name or URN; CDKTF: the construct path).
    { name: `${violating.name}, exempt`, settings: violating.settings, config: { exemptions: [{ resource: "*cache", reason: "parity" }] }, expect: "pass" },
    { name: `${violating.name}, exemption expired`, settings: violating.settings, config: { exemptions: [{ resource: "*cache", reason: "parity", expires: "2020-01-01" }] }, expect: "fail" },
  ];
  const cases = allCases.filter((c) => terraformFor(c).some((b) => canExpress(b, c)));

  describe(`${fixture.rule}: the Pulumi policy and the CDKTF aspect reach the table's verdicts`, () => {
    it("has bindings on both surfaces and cases the Terraform side can express", () => {
      expect(pulumiSide.length).toBeGreaterThan(0);
      expect(terraformSide.length).toBeGreaterThan(0);
      expect(cases.length).toBeGreaterThanOrEqual(3);
    });

    it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
      const outcomes: Outcome[] = [];
      for (const binding of terraformFor(testCase).filter((b) => canExpress(b, testCase))) {
        const usesBlock = settingsOf(testCase).some((s) => binding.settings[s]?.some((p) => p.includes(".")));
        const placements: Placement[] = Object.keys(testCase.config).length > 0 ? ["aspect-wide", "per rule"] : ["per rule"];
        for (const naming of namings(binding, testCase)) {
          for (const blocks of usesBlock ? (["object", "list"] as const) : (["object"] as const)) {
            for (const placement of placements) outcomes.push(cdktfOutcome(rule, binding, naming, blocks, placement, testCase));
          }
        }
      }
      const pulumi = pulumiOutcomes(rule, pulumiFor(testCase).filter((t) => canExpress(t.binding, testCase)), testCase);
      expect(pulumi.length, "a Pulumi binding expresses every case the Terraform side does").toBeGreaterThan(0);

      // Every surface, naming and block form reaches the table's verdict...
      const all = [...outcomes, ...pulumi];
      expect(all.map((o) => [o.surface, o.status])).toEqual(all.map((o) => [o.surface, testCase.expect]));

      // ...and, per resource kind, a failure reads the same, names aside: one core composed both
      // messages. (A rule's fix wording may depend on the property, `"True"` for azure-native's string
      // form: the CDKTF message must read like one of the Pulumi ones; the classic provider's, named
      // like azurerm's, is.)
      const allNames = [...pulumiBindings, ...terraformBindings].flatMap((b) => Object.values(b.settings).flat() as string[]);
      const templates = (of: readonly Outcome[], kind: ResourceKind) =>
        new Set(of.filter((o) => o.kind === kind && o.message !== undefined).map((o) => template(o.message!, o.resource, allNames)));
      for (const kind of new Set(outcomes.map((o) => o.kind))) {
        const cdktfTemplates = templates(outcomes, kind);
        expect(cdktfTemplates.size, kind).toBe(testCase.expect === "fail" ? 1 : 0);
        for (const text of cdktfTemplates) expect(templates(pulumi, kind)).toContain(text);
      }
    });
  });
}
