import { TerraformVariable, Testing } from "cdktf";
import { afterAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect } from "../../cdktf-aspect";
import { findRule, type Exemption, type SettingName, type VerdictStatus } from "../../policies";
import { CLASSIC_REDIS_CACHE_TOKEN, createPulumiPolicies, pulumiBindings, type PulumiBinding } from "../../policies/pulumi";
import { terraformBindings, type TerraformBinding } from "../../policies/terraform";
import { encodeFixtureValue, isUnknownMarker, loadRuleFixtures, setPath, type FixtureCase } from "../support/fixtures";
import { runPulumiPolicy } from "./pulumi-side";
import { RawResource, testingStack } from "./cdktf-support";
import { annotationsUnder, removeTempDirs } from "./support";

afterAll(removeTempDirs);

/** A type token for each Pulumi binding family (each binding is checked to match it). */
const PULUMI_TOKENS: Readonly<Record<PulumiBinding["family"], string>> = {
  "azure-native": "azure-native:redis:Redis",
  azure: CLASSIC_REDIS_CACHE_TOKEN,
};

/** A case of the shared table plus the configuration both surfaces take (exemptions included). */
interface ParityCase {
  readonly name: string;
  readonly settings: FixtureCase["settings"];
  readonly config: { readonly requireExplicit?: boolean; readonly exemptions?: readonly Exemption[] };
  readonly expect: VerdictStatus;
}

/**
 * One way a surface names every setting: the n-th property name of each setting (azurerm 4.x names,
 * then 3.x names; azure-native, classic v6, classic v5), so every name of every binding is exercised.
 */
function namings(settings: Partial<Record<SettingName, readonly string[]>>): Record<string, string>[] {
  const entries = Object.entries(settings) as [SettingName, readonly string[]][];
  const count = Math.max(...entries.map(([, paths]) => paths.length));
  return Array.from({ length: count }, (_, i) => Object.fromEntries(entries.map(([setting, paths]) => [setting, paths[Math.min(i, paths.length - 1)]!])));
}

/** Cache `name` synthesized with the aspect, its setting values under the given Terraform names. */
function cdktfOutcome(binding: TerraformBinding, naming: Record<string, string>, testCase: ParityCase): { status: VerdictStatus; message?: string } {
  const stack = testingStack("parity");
  const attributes: Record<string, unknown> = {};
  for (const [setting, value] of Object.entries(testCase.settings)) {
    // An unknown is a real Terraform variable, resolved by synthesis to `${var.…}`.
    const synthesized = isUnknownMarker(value) ? new TerraformVariable(stack, `unknown_${setting}`, { type: "bool" }).booleanValue : value;
    setPath(attributes, naming[setting]!, synthesized);
  }
  new RawResource(stack, "cache", binding.terraformType, attributes);
  RedisPolicyAspect.applyTo(stack, testCase.config);
  Testing.synth(stack);
  const [annotation, ...more] = annotationsUnder(stack);
  expect(more).toEqual([]);
  if (!annotation || annotation.level === "info") return { status: "pass" };
  return annotation.level === "warning" ? { status: "unknown" } : { status: "fail", message: annotation.message };
}

/** The message with the resource's and the properties' names replaced, so two surfaces can be compared. */
function template(message: string, resourceName: string, propertyNames: readonly string[]): string {
  let text = message.split(`'${resourceName}'`).join("'<resource>'");
  for (const name of propertyNames) text = text.split(`'${name}'`).join("'<property>'");
  return text;
}

for (const fixture of loadRuleFixtures()) {
  const rule = findRule(fixture.rule)!;
  const policy = createPulumiPolicies().find((p) => p.name === rule.policyName)!;
  const pulumiSide = pulumiBindings.filter((b) => b.kind === fixture.kind);
  const terraformSide = terraformBindings.filter((b) => b.kind === fixture.kind);
  const violating = fixture.cases.find((c) => c.expect === "fail" && c.reason === "non-compliant")!;
  const cases: ParityCase[] = [
    ...fixture.cases.map((c) => ({ name: c.name, settings: c.settings, config: c.options ?? {}, expect: c.expect })),
    // Exemptions: a glob both surfaces match (Pulumi: the resource name or URN; CDKTF: the construct path).
    { name: `${violating.name}, exempt`, settings: violating.settings, config: { exemptions: [{ resource: "*cache", reason: "parity" }] }, expect: "pass" },
    { name: `${violating.name}, exemption expired`, settings: violating.settings, config: { exemptions: [{ resource: "*cache", reason: "parity", expires: "2020-01-01" }] }, expect: "fail" },
  ];

  describe(`${fixture.rule}: the Pulumi policy and the CDKTF aspect reach the same verdicts`, () => {
    it("has bindings on both surfaces and a policy for the rule", () => {
      expect(pulumiSide.length).toBeGreaterThan(0);
      expect(terraformSide.length).toBeGreaterThan(0);
      expect(policy).toBeDefined();
      for (const binding of pulumiSide) expect(binding.matches(PULUMI_TOKENS[binding.family])).toBe(true);
    });

    it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
      const outcomes: { surface: string; status: VerdictStatus; message?: string; names: string[]; resource: string }[] = [];
      for (const binding of pulumiSide) {
        for (const naming of namings(binding.settings)) {
          const props: Record<string, unknown> = {};
          for (const [setting, value] of Object.entries(testCase.settings)) setPath(props, naming[setting]!, encodeFixtureValue(value, "pulumi"));
          const outcome = runPulumiPolicy(policy, PULUMI_TOKENS[binding.family], "cache", props, testCase.config);
          outcomes.push({ surface: `pulumi ${binding.family} ${Object.values(naming).join(",")}`, ...outcome, names: Object.values(naming), resource: "cache" });
        }
      }
      for (const binding of terraformSide) {
        for (const naming of namings(binding.settings)) {
          const outcome = cdktfOutcome(binding, naming, testCase);
          outcomes.push({ surface: `cdktf ${binding.terraformType} ${Object.values(naming).join(",")}`, ...outcome, names: Object.values(naming), resource: "parity/cache" });
        }
      }
      expect(new Set(outcomes.map((o) => o.surface.split(" ")[0]))).toEqual(new Set(["pulumi", "cdktf"]));
      // Every surface and naming reaches the table's verdict...
      expect(outcomes.map((o) => [o.surface, o.status])).toEqual(outcomes.map((o) => [o.surface, testCase.expect]));
      // ...and a failure reads the same, names aside: one core composed both messages.
      const allNames = [...pulumiSide, ...terraformSide].flatMap((b) => Object.values(b.settings).flat() as string[]);
      const templates = new Set(outcomes.filter((o) => o.message !== undefined).map((o) => template(o.message!, o.resource, allNames)));
      expect(templates.size).toBe(testCase.expect === "fail" ? 1 : 0);
    });
  });
}
