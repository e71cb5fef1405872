import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect } from "../../cdktf-aspect/index";
import { allRules, ConfigError, parseRuleConfig } from "../../policies";
import { startRepoPack, type RunningPack } from "../support/pack";
import { fastCheckRuns } from "./arbitraries";

/**
 * Generated invalid configuration, with the field each one gets wrong: every surface must refuse it
 * with a message naming that field, never crash, never ignore it.
 */
interface InvalidConfig {
  readonly config: Record<string, unknown>;
  /** The offending field, relative to the rule's config. */
  readonly field: string;
}

const validExemption = fc.record({
  resource: fc.constantFrom("legacy-*", "urn:pulumi:*::cache", "stack/cache"),
  reason: fc.constantFrom("migration CHG-1", "client without TLS"),
});
const notBoolean = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.boolean(), { minLength: 1 }), fc.object());
const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { minLength: 1 }));
const blank = fc.constantFrom("", " ", "\t\n");
const badDate = fc.constantFrom("2026-02-30", "31/12/2026", "tomorrow", "2026-13-01", "2026-12-31T10:00", "20261231", "");
const unknownKey = fc.constantFrom("requireExplict", "exemption", "Exemptions", "enforcement", "level", "__proto__x", "reasons");

const invalidConfig: fc.Arbitrary<InvalidConfig> = fc
  .tuple(fc.array(validExemption, { maxLength: 2 }), fc.nat({ max: 8 }))
  .chain(([exemptions, kind]): fc.Arbitrary<InvalidConfig> => {
    const at = exemptions.length; // the broken exemption goes last
    const withExemption = (broken: Record<string, unknown>) => ({ exemptions: [...exemptions, broken] });
    switch (kind) {
      case 0:
        return notBoolean.map((v): InvalidConfig => ({ config: { requireExplicit: v }, field: "requireExplicit" }));
      case 1:
        return blank.map((v): InvalidConfig => ({ config: withExemption({ resource: "x", reason: v }), field: `exemptions[${at}].reason` }));
      case 2:
        return notString.map((v): InvalidConfig => ({ config: withExemption({ resource: "x", reason: v }), field: `exemptions[${at}].reason` }));
      case 3:
        return badDate.map((v): InvalidConfig => ({ config: withExemption({ resource: "x", reason: "r", expires: v }), field: `exemptions[${at}].expires` }));
      case 4:
        return unknownKey.map((k): InvalidConfig => ({ config: { [k]: true }, field: k }));
      case 5:
        return unknownKey.map((k): InvalidConfig => ({ config: withExemption({ resource: "x", reason: "r", [k]: 1 }), field: `exemptions[${at}].${k}` }));
      case 6:
        return fc.oneof(fc.string(), fc.object(), fc.integer()).map((v): InvalidConfig => ({ config: { exemptions: v }, field: "exemptions" }));
      case 7:
        return fc.oneof(blank, notString).map((v): InvalidConfig => ({ config: withExemption({ resource: v, reason: "r" }), field: `exemptions[${at}].resource` }));
      default:
        return fc.constant({ config: withExemption({ reason: "r" }), field: `exemptions[${at}].resource` });
    }
  });

function refusal(fn: () => unknown): ConfigError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error; // anything else is a crash, and fails the property
  }
  return undefined;
}

const RUNS = fastCheckRuns(300);

describe("generated invalid configuration is refused, naming the field", () => {
  it("by the core's parser (shared by the Pulumi pack and the CDKTF aspect)", () => {
    fc.assert(
      fc.property(invalidConfig, ({ config, field }) => {
        const error = refusal(() => parseRuleConfig(config, "azure-redis-non-ssl-port"));
        expect(error?.field).toBe(`azure-redis-non-ssl-port.${field}`);
      }),
      { numRuns: RUNS },
    );
  });

  it("by the CDKTF aspect, aspect-wide and per rule", () => {
    fc.assert(
      fc.property(invalidConfig, fc.constantFrom(...allRules.map((r) => r.id)), ({ config, field }, ruleId) => {
        // `enforcement` and `level` are real keys of the aspect; the generator's unknown keys must stay unknown there.
        fc.pre(!["enforcement", "level"].includes(field));
        expect(refusal(() => new RedisPolicyAspect(config))?.message.startsWith(`RedisPolicyAspect.${field} `)).toBe(true);
        expect(refusal(() => new RedisPolicyAspect({ rules: { [ruleId]: config } }))?.message.startsWith(`RedisPolicyAspect.rules.${ruleId}.${field} `)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("the Pulumi pack over the engine protocol", () => {
  let pack: RunningPack;
  beforeAll(async () => {
    pack = await startRepoPack();
  });
  afterAll(async () => {
    await pack?.stop();
  });

  it("refuses a generated invalid config on Analyze, names the field, and keeps serving", async () => {
    // Config reaches the pack as JSON: keep the samples JSON carries unchanged.
    const samples = fc
      .sample(fc.tuple(invalidConfig, fc.constantFrom(...allRules)), { numRuns: 60, seed: 7 })
      .filter(([{ config }]) => isDeepStrictEqual(JSON.parse(JSON.stringify(config)), config))
      .slice(0, 40);
    expect(samples.length).toBeGreaterThan(20);
    for (const [{ config, field }, rule] of samples) {
      await pack.engine.configure({ [rule.policyName]: { enforcementLevel: "mandatory", properties: config } });
      const type = rule.resourceKinds.includes("redisCache") ? "azure-native:redis:Redis" : rule.resourceKinds.includes("redisEnterpriseCluster") ? "azure-native:redisenterprise:RedisEnterprise" : "azure-native:redisenterprise:Database";
      const error = await pack.engine.analyze({ type, name: "c", properties: {} }).then(
        () => undefined,
        (e: { details?: string }) => e,
      );
      expect(error?.details, JSON.stringify(config)).toContain(`${rule.policyName}.${field}`);
      expect(error?.details).not.toMatch(/\n\s+at /);
    }
    await pack.engine.configure({});
    expect((await pack.engine.analyze({ type: "azure-native:redis:Redis", name: "c", properties: { enableNonSslPort: true } })).diagnostics.length).toBeGreaterThan(0);
  });
});
