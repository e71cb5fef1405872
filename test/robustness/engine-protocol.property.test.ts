import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRules, buildResourceView, ruleApplies } from "../../policies";
import { ruleCoversKind } from "../../policies/core/applicability";
import { findPulumiBinding } from "../../policies/pulumi";
import { setPath } from "../support/fixtures";
import { pulumiSecret, startRepoPack, type RunningPack } from "../support/pack";
import { fastCheckRuns, jsonLikeValue, PULUMI_UNKNOWNS } from "./arbitraries";

/**
 * Generated wire forms through the real protocol: unknown sentinels of every kind and secrets wrapping
 * anything, on every token family. The pack must answer every call, and its verdict must be the core's.
 * `ARG_PROPERTY_RUNS=20000 npm test` runs a larger sample.
 */
const RUNS = fastCheckRuns(1000);

let pack: RunningPack;
beforeAll(async () => {
  pack = await startRepoPack();
});
afterAll(async () => {
  await pack?.stop();
});

/** Tokens of every binding, with every property path its rules read. */
const TYPES: readonly [string, readonly string[]][] = [
  "azure-native:redis:Redis",
  "azure-native:cache/v20230401:Redis",
  "azure:redis/cache:Cache",
  "azure-native:redisenterprise:RedisEnterprise",
  "azure-native:redisenterprise/v20250701:RedisEnterprise",
  "azure:redis/enterpriseCluster:EnterpriseCluster",
  "azure-native:cache/v20241001:Database",
  "azure-native:redisenterprise/v20250701:Database",
  "azure-native:redisenterprise:Database",
  "azure:redis/enterpriseDatabase:EnterpriseDatabase",
  "azure:managedredis/managedRedis:ManagedRedis",
].map((type) => [type, Object.values(findPulumiBinding(type)!.settings).flatMap((paths) => [...(paths ?? [])])] as const);

const wireValue: fc.Arbitrary<unknown> = fc.oneof(
  jsonLikeValue,
  fc.constantFrom(...PULUMI_UNKNOWNS),
  jsonLikeValue.map(pulumiSecret),
  fc.constantFrom(...PULUMI_UNKNOWNS).map(pulumiSecret),
);

const wireCase = fc.record({
  typeIndex: fc.nat({ max: TYPES.length - 1 }),
  values: fc.array(fc.option(wireValue, { nil: undefined }), { minLength: 8, maxLength: 8 }),
  other: fc.dictionary(fc.string({ maxLength: 6 }), wireValue, { maxKeys: 3 }),
});

/** What the engine does to a value on the way: JSON-like only (Struct), `undefined` dropped. */
function throughTheWire(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

describe("generated wire forms over gRPC", () => {
  it(`answers ${RUNS} generated Analyze calls with the core's verdict`, async () => {
    await fc.assert(
      fc.asyncProperty(wireCase, async ({ typeIndex, values, other }) => {
        const [type, names] = TYPES[typeIndex]!;
        const props: Record<string, unknown> = { ...other };
        names.forEach((name, i) => {
          if (values[i] !== undefined) setPath(props, name, values[i]);
        });
        const wire = throughTheWire(props);
        const result = await pack.engine.analyze({ type, name: "generated", properties: wire });
        const binding = findPulumiBinding(type)!;
        for (const rule of allRules) {
          const ours = result.diagnostics.filter((d) => d.policyName === rule.policyName);
          if (!ruleApplies(rule, binding)) {
            expect(ours).toEqual([]);
            // A rule about this kind of resource says it cannot check this type; any other rule says nothing.
            const saysNotApplicable = result.notApplicable.some((n) => n.policyName === rule.policyName);
            expect(saysNotApplicable).toBe(ruleCoversKind(rule, binding.kind));
            continue;
          }
          const expected = rule.evaluate(buildResourceView(binding, "generated", wire, "pulumi")).status;
          if (expected === "pass") expect(ours).toEqual([]);
          else if (expected === "fail") expect(ours.map((d) => d.enforcementLevel)).toEqual([rule.defaultEnforcement]);
          else expect(ours.map((d) => d.message)).toEqual([expect.stringMatching(/can't run policy .* during preview/)]);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
