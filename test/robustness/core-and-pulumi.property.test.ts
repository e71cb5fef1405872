import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allRules, buildResourceView, ruleApplies, type ResourceBinding, type SettingName } from "../../policies";
import { readPath } from "../../policies/internal";
import { ruleCoversKind } from "../../policies/core/applicability";
import { findPulumiBinding, pulumiBindings, type PulumiBinding } from "../../policies/pulumi";
import { terraformBindings } from "../../policies/terraform";
import { setPath } from "../support/fixtures";
import { tokenOf } from "../support/tokens";
import { pulumiPolicies, runPulumiPolicy } from "../support/pulumi-in-process";
import { fastCheckRuns, hugeValue, jsonLikeValue } from "./arbitraries";

const RUNS = fastCheckRuns(200);

/**
 * An oracle written apart from the rules' judges: which raw values of a setting may ever give a pass.
 * A rule may only pass when every place it reads holds such a value (or nothing).
 */
const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);
const isBool = (want: boolean) => (v: unknown) => v === want || lower(v) === String(want);
const versionAtLeast = (major: number, minor: number, aliases: string[] = []) => (v: unknown) => {
  const text = typeof v === "number" ? String(v) : v;
  if (typeof text !== "string") return false;
  if (aliases.includes(text.toLowerCase())) return true;
  const m = /^(\d+)(?:\.(\d+))?(?:\.\d+)?$/.exec(text);
  return m !== null && (Number(m[1]) > major || (Number(m[1]) === major && Number(m[2] ?? 0) >= minor));
};
const COMPLIANT_VALUE: Readonly<Record<SettingName, (v: unknown) => boolean>> = {
  nonSslPortEnabled: isBool(false),
  minimumTlsVersion: versionAtLeast(1, 2),
  publicNetworkAccess: (v) => lower(v) === "disabled",
  publicNetworkAccessEnabled: isBool(false),
  accessKeyAuthenticationDisabled: isBool(true),
  accessKeysAuthenticationEnabled: isBool(false),
  entraIdAuthenticationEnabled: isBool(true),
  redisVersion: versionAtLeast(6, 0, ["latest"]),
  clientProtocol: (v) => lower(v) === "encrypted",
  accessKeysAuthentication: (v) => lower(v) === "disabled",
  skuName: (v) => typeof v === "string" && /^(balanced|memoryoptimized|computeoptimized|flashoptimized)_/.test(v.toLowerCase()),
};


function pathsOf(binding: ResourceBinding): string[] {
  return Object.values(binding.settings).flatMap((paths) => [...(paths ?? [])]);
}

/** Property bags that set some of the binding's paths (blocks included) to anything, among other keys. */
function bagFor(binding: ResourceBinding): fc.Arbitrary<Record<string, unknown>> {
  const paths = pathsOf(binding);
  const anyValue = fc.oneof({ weight: 30, arbitrary: jsonLikeValue }, { weight: 1, arbitrary: hugeValue });
  return fc
    .record({
      set: fc.array(fc.tuple(fc.constantFrom(...paths), anyValue), { maxLength: paths.length + 1 }),
      blocks: fc.array(fc.tuple(fc.constantFrom(...paths.map((p) => p.split(".")[0]!)), anyValue), { maxLength: 1 }),
      other: fc.dictionary(fc.string({ maxLength: 6 }), jsonLikeValue, { maxKeys: 3 }),
    })
    .map(({ set, blocks, other }) => {
      const props: Record<string, unknown> = { ...other };
      // Sometimes a whole block (or a top-level value) is replaced by anything: a list, a string, null.
      for (const [key, value] of blocks) props[key] = value;
      for (const [path, value] of set) {
        try {
          setPath(props, path, value);
        } catch {
          // The path crosses a value that is not an object: the bag keeps its odd shape, which is the point.
        }
      }
      return props;
    });
}

const dialectOf = (binding: ResourceBinding) => ("terraformType" in binding ? "terraform" : "pulumi") as "terraform" | "pulumi";
const labelOf = (binding: ResourceBinding) => ("terraformType" in binding ? String(binding.terraformType) : `${(binding as PulumiBinding).family} ${binding.kind}`);

/** The binding a surface uses for resources of `binding`'s class: azure-native tokens derive their defaults. */
const asUsed = (binding: ResourceBinding): ResourceBinding => ("family" in binding ? findPulumiBinding(tokenOf(binding as PulumiBinding))! : binding);

describe("the rule core never throws and never passes what it could not read", () => {
  for (const binding of [...pulumiBindings, ...terraformBindings].map(asUsed)) {
    const dialect = dialectOf(binding);
    const rules = allRules.filter((r) => ruleApplies(r, binding));
    it(`${labelOf(binding)} (${dialect} values)`, () => {
      fc.assert(
        fc.property(bagFor(binding), fc.boolean(), (props, requireExplicit) => {
          const view = buildResourceView(binding, "cache", props, dialect);
          for (const rule of rules) {
            const verdict = rule.evaluate(view, { requireExplicit });
            expect(["pass", "fail", "unknown"]).toContain(verdict.status);
            expect(verdict.message).toContain(rule.id);
            // A retirement notice reads nothing and never passes.
            if (!("checks" in rule)) expect(verdict.status).toBe("fail");
            if (verdict.status !== "pass" || !("checks" in rule)) continue;
            const read = rule.checks.flatMap((check) =>
              (binding.settings[check.setting] ?? []).map((path) => ({ setting: check.setting, value: readPath(props, path, dialect) })),
            );
            const present = read.filter((r) => r.value !== undefined && r.value !== null);
            for (const r of present) expect(COMPLIANT_VALUE[r.setting](r.value), `${rule.id} passed ${r.setting}`).toBe(true);
            // Nothing set passes only on a complying default: the rule's own, or one the surface declares.
            const declaredComplying = rule.checks.some((check) => {
              const declared = binding.absentDefaults?.[check.setting];
              return binding.settings[check.setting] !== undefined && declared?.value !== undefined && COMPLIANT_VALUE[check.setting](declared.value);
            });
            if (requireExplicit || (!rule.absentComplies && !declaredComplying)) expect(present.length, `${rule.id} passed with nothing set`).toBeGreaterThan(0);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe("the Pulumi policies agree with the core on every generated bag", () => {
  for (const binding of pulumiBindings) {
    const type = tokenOf(binding);
    it(type, () => {
      expect(binding.matches(type)).toBe(true);
      fc.assert(
        fc.property(bagFor(binding), (props) => {
          for (const rule of allRules) {
            const policy = pulumiPolicies.find((p) => p.name === rule.policyName)!;
            const actual = runPulumiPolicy(policy, type, props);
            if (actual.outcome === "threw") throw actual.error;
            if (!ruleApplies(rule, binding)) {
              // A rule about this kind says it cannot check the type; a rule about another kind says nothing ("pass" here).
              expect(actual.outcome, rule.id).toBe(ruleCoversKind(rule, binding.kind) ? "not-applicable" : "pass");
              expect(actual.messages, rule.id).toEqual([]);
              continue;
            }
            expect(actual.outcome, rule.id).toBe(rule.evaluate(buildResourceView(findPulumiBinding(type)!, "cache", props, "pulumi")).status);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }
});
