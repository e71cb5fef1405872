import { describe, expect, it } from "vitest";
import { allRules, buildResourceView, findRule, ruleApplies, type ResourceBinding, type Rule, type Verdict } from "../../policies";
import { encodeFixtureValue, loadRuleFixtures, setPath, targetsOf, type FixtureCase } from "../support/fixtures";

const fixtures = loadRuleFixtures();

describe("every rule has a fixture table and every table names a rule", () => {
  it("covers all rules", () => {
    expect(fixtures.map((f) => f.rule).sort()).toEqual(allRules.map((r) => r.id).sort());
  });
});

function expectVerdict(rule: Rule, verdict: Verdict, testCase: FixtureCase, displayName: string, propertyPattern: RegExp): void {
  expect({ status: verdict.status, reason: verdict.reason }).toEqual({ status: testCase.expect, reason: testCase.reason });
  expect(verdict.ruleId).toBe(rule.id);
  expect(verdict.message).toContain(rule.id);
  expect(verdict.message).toContain(`'${displayName}'`);
  if (verdict.status !== "pass") {
    // A retirement notice reads no property: it names the resource and where to go instead.
    if ((rule.settingsRead ?? []).length > 0) expect(verdict.message).toMatch(propertyPattern);
    expect(verdict.message).toMatch(/Fix: |; to comply, /);
    expect(verdict.message).toContain(rule.docsUrl);
  }
}

for (const fixture of fixtures) {
  const rule = findRule(fixture.rule)!;
  // A binding that stores each setting under one made-up property name: the core must not care.
  const settingNames = [...new Set(fixture.cases.flatMap((c) => Object.keys(c.settings)))];
  const madeUp: ResourceBinding = {
    kind: fixture.kind,
    settings: Object.fromEntries(settingNames.map((s) => [s, [`props.${s}`]])),
  };
  const everywhere = fixture.cases.filter((c) => !c.on);
  const onSurfaces = fixture.cases.filter((c) => c.on);

  describe(`${fixture.rule} fixture table`, () => {
    for (const dialect of ["pulumi", "terraform"] as const) {
      it.each(everywhere.map((c) => [c.name, c] as const))(`%s (${dialect} values)`, (_name, testCase) => {
        const props: Record<string, unknown> = {};
        for (const [setting, value] of Object.entries(testCase.settings)) {
          if (value !== undefined) setPath(props, `props.${setting}`, encodeFixtureValue(value, dialect));
        }
        const verdict = rule.evaluate(buildResourceView(madeUp, "cache-under-test", props, dialect), testCase.options);
        expectVerdict(rule, verdict, testCase, "cache-under-test", /'props\.[a-zA-Z]+'/);
      });
    }

    // Cases whose verdict depends on the surface run on the real binding of each type they name.
    it.each(onSurfaces.flatMap((c) => targetsOf(c).map((t) => [`${c.name} @ ${t.type}`, c, t] as const)))("%s", (_name, testCase, target) => {
      expect(ruleApplies(rule, target.binding), `${rule.id} applies to ${target.type}`).toBe(true);
      const props: Record<string, unknown> = {};
      for (const [setting, value] of Object.entries(testCase.settings)) {
        const path = target.binding.settings[setting as keyof typeof target.binding.settings]?.[0];
        expect(path, `${target.type} maps ${setting}`).toBeDefined();
        setPath(props, path!, encodeFixtureValue(value, target.dialect));
      }
      const verdict = rule.evaluate(buildResourceView(target.binding, "cache-under-test", props, target.dialect), testCase.options);
      expectVerdict(rule, verdict, testCase, "cache-under-test", /'[a-zA-Z_.]+'/);
    });
  });
}
