import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allRules, buildResourceView, readPath, redisNonSslPort } from "../../policies";
import { pulumiBindings } from "../../policies/pulumi";
import { terraformBindings } from "../../policies/terraform";
import { pulumiPolicies, runPulumiPolicy } from "../support/pulumi-in-process";
import { fastCheckRuns, mayPass, propertyBag } from "./arbitraries";

const RUNS = fastCheckRuns(300);

/** One concrete Pulumi type token per binding, to drive the policies. */
const PULUMI_TYPES: Record<string, string> = { "azure-native": "azure-native:redis:Redis", azure: "azure:redis/cache:Cache" };

describe("the rule core never throws and never passes what it could not read", () => {
  for (const binding of [...pulumiBindings, ...terraformBindings]) {
    const dialect = "terraformType" in binding ? "terraform" : "pulumi";
    const paths = binding.settings.nonSslPortEnabled ?? [];
    it(`${"terraformType" in binding ? binding.terraformType : binding.family} (${dialect} values)`, () => {
      fc.assert(
        fc.property(propertyBag(paths), fc.boolean(), (props, requireExplicit) => {
          for (const rule of allRules.filter((r) => r.resourceKinds.includes(binding.kind))) {
            const verdict = rule.evaluate(buildResourceView(binding, "cache", props, dialect), { requireExplicit });
            expect(["pass", "fail", "unknown"]).toContain(verdict.status);
            if (rule === redisNonSslPort && verdict.status === "pass") {
              for (const path of paths) expect(mayPass(readPath(props, path, dialect))).toBe(true);
              if (requireExplicit) expect(paths.some((p) => props[p] !== undefined && props[p] !== null)).toBe(true);
            }
          }
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe("the Pulumi policies agree with the core on every generated bag", () => {
  for (const binding of pulumiBindings) {
    const type = PULUMI_TYPES[binding.family]!;
    const paths = binding.settings.nonSslPortEnabled ?? [];
    it(type, () => {
      fc.assert(
        fc.property(propertyBag(paths), (props) => {
          for (const rule of allRules.filter((r) => r.resourceKinds.includes(binding.kind))) {
            const policy = pulumiPolicies.find((p) => p.name === rule.policyName)!;
            const expected = rule.evaluate(buildResourceView(binding, "cache", props, "pulumi")).status;
            const actual = runPulumiPolicy(policy, type, props);
            if (actual.outcome === "threw") throw actual.error;
            expect(actual.outcome).toBe(expected);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }
});
