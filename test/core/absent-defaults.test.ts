import { describe, expect, it } from "vitest";
import { buildResourceView, type ResourceBinding, type SettingRuleSpec } from "../../policies";
import { apiVersionDefaults, booleanJudge, choiceJudge, compareApiVersions, defineSettingRule, isApiVersion } from "../../policies/internal";

/**
 * The core's handling of an absent setting: a surface declares the default it gets (a provider's, or
 * Azure's at an API version), and the rule judges it like a value; where none is established, absence
 * does not pass. Table-driven on made-up bindings, so nothing here depends on a real surface.
 */
const rule = defineSettingRule({
  id: "Azure.Test.Keys",
  ref: null,
  policyName: "azure-test-keys",
  title: "t",
  description: "d",
  recommendation: "r",
  severity: "high",
  pillar: "Security",
  category: "c",
  control: null,
  defaultEnforcement: "advisory",
  remediationSteps: "s",
  docsUrl: "https://example.test/keys",
  resourceKinds: ["redisEnterpriseDatabase"],
  checks: [
    { setting: "accessKeysAuthentication", judge: choiceJudge(["Disabled"], ["Enabled"]), expected: '"Enabled" or "Disabled"' },
    { setting: "accessKeysAuthenticationEnabled", judge: booleanJudge(false), expected: "a boolean" },
  ],
  absentComplies: false,
  wording: { nonCompliant: (p) => `uses keys: '${p}'`, compliant: "uses no keys", fix: (p) => `fix '${p}'` },
} satisfies SettingRuleSpec);

const binding = (settings: ResourceBinding["settings"], absentDefaults?: ResourceBinding["absentDefaults"]): ResourceBinding => ({
  kind: "redisEnterpriseDatabase",
  settings,
  ...(absentDefaults ? { absentDefaults } : {}),
});

describe("an absent setting is judged by the default its surface declares", () => {
  it.each([
    ["no declared default: the rule's absentComplies (false)", binding({ accessKeysAuthentication: ["keys"] }), "fail", "the Azure default is not compliant"],
    ["a complying declared value", binding({ accessKeysAuthentication: ["keys"] }, { accessKeysAuthentication: { value: "Disabled", basis: "B" } }), "pass", `('keys' is not set, and B is "Disabled")`],
    ["a failing declared value", binding({ accessKeysAuthentication: ["keys"] }, { accessKeysAuthentication: { value: "Enabled", basis: "B" } }), "fail", `B is "Enabled", which is not compliant`],
    ["a value the judge cannot read fails closed", binding({ accessKeysAuthentication: ["keys"] }, { accessKeysAuthentication: { value: true, basis: "B" } }), "fail", "B is true, which is not compliant"],
    ["no value: not established", binding({ accessKeysAuthentication: ["keys"] }, { accessKeysAuthentication: { basis: "it depends" } }), "fail", "its default cannot be established (it depends)"],
    ["the other polarity, declared false", binding({ accessKeysAuthenticationEnabled: ["enabled"] }, { accessKeysAuthenticationEnabled: { value: false, basis: "P" } }), "pass", "uses no keys"],
    [
      "a default declared for a setting the type does not map is ignored",
      binding({ accessKeysAuthentication: ["keys"] }, { accessKeysAuthenticationEnabled: { value: false, basis: "P" } }),
      "fail",
      "the Azure default is not compliant",
    ],
    [
      "mixed: a mapped setting without a declaration keeps absentComplies (fail closed)",
      binding({ accessKeysAuthentication: ["keys"], accessKeysAuthenticationEnabled: ["enabled"] }, { accessKeysAuthentication: { value: "Disabled", basis: "B" } }),
      "fail",
      "does not set 'enabled'",
    ],
  ] as const)("%s", (_label, target, status, text) => {
    const verdict = rule.evaluate(buildResourceView(target, "db", {}, "pulumi"));
    expect(verdict.status).toBe(status);
    expect(verdict.message).toContain(text);
  });

  it("requireExplicit wins over a complying default; a value set wins over any default", () => {
    const declared = binding({ accessKeysAuthentication: ["keys"] }, { accessKeysAuthentication: { value: "Disabled", basis: "B" } });
    expect(rule.evaluate(buildResourceView(declared, "db", {}, "pulumi"), { requireExplicit: true }).reason).toBe("absent-required");
    expect(rule.evaluate(buildResourceView(declared, "db", { keys: "Enabled" }, "pulumi")).reason).toBe("non-compliant");
  });

  it("the view carries the binding's object, not a copy", () => {
    const declared = binding({ accessKeysAuthentication: ["keys"] }, { accessKeysAuthentication: { value: "Disabled", basis: "B" } });
    expect(buildResourceView(declared, "a", {}, "pulumi").defaults).toBe(declared.absentDefaults);
    expect(buildResourceView(binding({ accessKeysAuthentication: ["keys"] }), "a", {}, "pulumi")).not.toHaveProperty("defaults");
  });
});

describe("Azure's defaults per API version", () => {
  it.each([
    ["2025-07-01", "2025-07-01", 0],
    ["2025-05-01-preview", "2025-07-01", -1],
    ["2025-08-01-preview", "2025-07-01", 1],
    ["2025-07-01-preview", "2025-07-01", -1],
  ] as const)("%s against %s", (a, b, sign) => {
    expect(Math.sign(compareApiVersions(a, b))).toBe(sign);
  });

  it.each(["2025-07-01", "2024-09-01-preview"])("%s is an API version", (text) => expect(isApiVersion(text)).toBe(true));
  it.each(["20250701", "2025-07-01-beta", "latest", ""])("%j is not", (text) => expect(isApiVersion(text)).toBe(false));

  const databaseSettings = { accessKeysAuthentication: ["accessKeysAuthentication"] };
  it.each([
    [["2025-07-01"], { value: "Disabled", basis: "Azure's default at API version 2025-07-01" }],
    [["2024-09-01-preview"], { value: "Enabled", basis: "Azure's default at API version 2024-09-01-preview" }],
    [["2025-07-01", "2026-06-01-preview"], { value: "Disabled", basis: "Azure's default at API versions 2025-07-01 and 2026-06-01-preview" }],
    [["2025-05-01-preview", "2025-07-01"], { basis: "'t' has stood for API versions 2025-05-01-preview and 2025-07-01, and they differ: at API version 2025-05-01-preview Azure's default is \"Enabled\"; at API version 2025-07-01 Azure's default is \"Disabled\"" }],
    [[], { basis: "'t' does not tell which Azure API version it uses, and the default depends on it" }],
  ] as const)("a database's access keys at %j", (versions, expected) => {
    expect(apiVersionDefaults("redisEnterpriseDatabase", databaseSettings, versions, "'t'")).toEqual({ accessKeysAuthentication: expected });
  });

  it("only for settings the type maps, and only kinds with version-dependent defaults", () => {
    expect(apiVersionDefaults("redisEnterpriseDatabase", { clientProtocol: ["clientProtocol"] }, ["2025-07-01"], "t")).toBeUndefined();
    expect(apiVersionDefaults("redisCache", { nonSslPortEnabled: ["enableNonSslPort"] }, ["2024-11-01"], "t")).toBeUndefined();
    expect(apiVersionDefaults("redisEnterpriseCluster", { publicNetworkAccess: ["publicNetworkAccess"] }, ["2025-07-01"], "t")).toEqual({
      publicNetworkAccess: { basis: "at API version 2025-07-01 publicNetworkAccess is required: Azure rejects a cluster that leaves it out" },
    });
  });
});
