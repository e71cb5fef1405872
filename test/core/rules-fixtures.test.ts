import { describe, expect, it } from "vitest";
import { allRules, buildResourceView, findRule, type ResourceBinding } from "../../policies";
import { encodeFixtureValue, loadRuleFixtures, setPath } from "../support/fixtures";

const fixtures = loadRuleFixtures();

describe("every rule has a fixture table and every table names a rule", () => {
  it("covers all rules", () => {
    expect(fixtures.map((f) => f.rule).sort()).toEqual(allRules.map((r) => r.id).sort());
  });
});

for (const fixture of fixtures) {
  const rule = findRule(fixture.rule)!;
  // A binding that stores each setting under one made-up property name: the core must not care.
  const settingNames = [...new Set(fixture.cases.flatMap((c) => Object.keys(c.settings)))];
  const binding: ResourceBinding = {
    kind: fixture.kind,
    settings: Object.fromEntries(settingNames.map((s) => [s, [`props.${s}`]])),
  };

  describe(`${fixture.rule} fixture table`, () => {
    for (const dialect of ["pulumi", "terraform"] as const) {
      it.each(fixture.cases.map((c) => [c.name, c] as const))(`%s (${dialect} values)`, (_name, testCase) => {
        const props: Record<string, unknown> = {};
        for (const [setting, value] of Object.entries(testCase.settings)) {
          if (value !== undefined) setPath(props, `props.${setting}`, encodeFixtureValue(value, dialect));
        }
        const verdict = rule.evaluate(buildResourceView(binding, "cache-under-test", props, dialect), testCase.options);
        expect({ status: verdict.status, reason: verdict.reason }).toEqual({ status: testCase.expect, reason: testCase.reason });
        expect(verdict.ruleId).toBe(rule.id);
        expect(verdict.message).toContain(rule.id);
        expect(verdict.message).toContain("'cache-under-test'");
        if (verdict.status !== "pass") {
          expect(verdict.message).toMatch(/'props\.[a-zA-Z]+'/);
          expect(verdict.message).toMatch(/Fix: |; to comply, /);
          expect(verdict.message).toContain(rule.docsUrl);
        }
      });
    }
  });
}
