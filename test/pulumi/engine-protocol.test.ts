import { describe, expect, it } from "vitest";
import { analyzerProto, type AnalyzeResult, type Diagnostic } from "../../cli/engine/analyzer-client";
import { allRules, redisNonSslPort } from "../../policies";
import { encodeFixtureValue, loadRuleFixtures } from "../support/fixtures";
import { pulumiSecret, useRepoPack } from "../support/pack";
import packageJson from "../../package.json";

/**
 * The proof that `pulumi preview --policy-pack <repo>` works: the pack is started as the CLI starts it
 * (run-policy-pack, engine address, port on stdout) and driven over the Analyzer gRPC protocol.
 */
const runningPack = useRepoPack();

const POLICY = "azure-redis-non-ssl-port";

/** This rule's diagnostics: the other rules of the pack speak about the same caches too. */
function ours(result: AnalyzeResult): Diagnostic[] {
  return result.diagnostics.filter((d) => d.policyName === POLICY);
}
const fixture = loadRuleFixtures().find((f) => f.rule === "Azure.Redis.NonSslPort")!;

/** Every token family, each with the property name(s) its SDK uses for the non-SSL port. */
const TOKEN_FAMILIES: readonly { type: string; property: string; primary: string }[] = [
  { type: "azure-native:redis:Redis", property: "enableNonSslPort", primary: "enableNonSslPort" },
  { type: "azure-native:cache:Redis", property: "enableNonSslPort", primary: "enableNonSslPort" },
  { type: "azure-native:cache/v20230401:Redis", property: "enableNonSslPort", primary: "enableNonSslPort" },
  { type: "azure-native:redis/v20241101:Redis", property: "enableNonSslPort", primary: "enableNonSslPort" },
  { type: "azure-native:redis/v20250801preview:Redis", property: "enableNonSslPort", primary: "enableNonSslPort" },
  { type: "azure:redis/cache:Cache", property: "nonSslPortEnabled", primary: "nonSslPortEnabled" },
  // The classic provider's v5 name: still read, but an absent value is reported under v6's name.
  { type: "azure:redis/cache:Cache", property: "enableNonSslPort", primary: "nonSslPortEnabled" },
];

describe("GetPluginInfo and GetAnalyzerInfo", () => {
  it("reports the policy SDK version", async () => {
    expect((await runningPack().engine.pluginInfo()).version).toBe(packageJson.dependencies["@pulumi/policy"]);
  });

  it("describes the pack and every policy with its metadata and config schema", async () => {
    const info = await runningPack().engine.analyzerInfo();
    expect(info.getName()).toBe("azure-redis-guard");
    expect(info.getVersion()).toBe(packageJson.version);
    expect(info.getSupportsconfig()).toBe(true);
    const policies = info.getPoliciesList();
    expect(policies.map((p) => p.getName())).toEqual(allRules.map((r) => r.policyName));
    const nonSsl = policies.find((p) => p.getName() === POLICY)!;
    expect(nonSsl.getDisplayname()).toBe(redisNonSslPort.title);
    expect(nonSsl.getSeverity()).toBe(analyzerProto.PolicySeverity.POLICY_SEVERITY_CRITICAL);
    expect(nonSsl.getEnforcementlevel()).toBe(analyzerProto.EnforcementLevel.MANDATORY);
    expect(nonSsl.getUrl()).toBe(redisNonSslPort.docsUrl);
    expect(nonSsl.getRemediationSteps()).toContain("enableNonSslPort");
    expect(nonSsl.getTagsList()).toContain("Azure.Redis.NonSslPort");
    const framework = nonSsl.getFramework()!;
    expect([framework.getName(), framework.getVersion(), framework.getReference(), framework.getSpecification()]).toEqual([
      "MCSB",
      "v1",
      "DP-3",
      "Encrypt sensitive data in transit",
    ]);
    const schema = nonSsl.getConfigschema()!.getProperties()!.toJavaScript();
    expect(Object.keys(schema).sort()).toEqual(["allowInCodeExemptions", "exemptions", "requireExplicit"]);
    expect(schema["allowInCodeExemptions"]).toMatchObject({ type: "boolean", default: true });
    expect(schema["exemptions"]).toMatchObject({ type: "array", items: { required: ["resource", "reason"] } });
  });
});

describe("Analyze: the fixture table over every token family", () => {
  for (const family of TOKEN_FAMILIES) {
    for (const testCase of fixture.cases) {
      for (const secret of [false, true]) {
        const label = `${family.type} ${family.property}: ${testCase.name}${secret ? " (secret)" : ""}`;
        it(label, async () => {
          if (testCase.options) await runningPack().engine.configure({ [POLICY]: { enforcementLevel: "mandatory", properties: { ...testCase.options } } });
          const value = testCase.settings.nonSslPortEnabled;
          const properties: Record<string, unknown> = { location: "westeurope", sku: { name: "Standard" } };
          if (value !== undefined) properties[family.property] = secret ? pulumiSecret(encodeFixtureValue(value, "pulumi")) : encodeFixtureValue(value, "pulumi");
          const result = await runningPack().engine.analyze({ type: family.type, name: "cache", properties });
          const found = ours(result);
          if (testCase.expect === "pass") {
            expect(found).toEqual([]);
          } else if (testCase.expect === "fail") {
            expect(found).toHaveLength(1);
            expect(found[0]).toMatchObject({ enforcementLevel: "mandatory", severity: "critical", policyPackName: "azure-redis-guard" });
            expect(found[0]!.message).toContain("Azure.Redis.NonSslPort: Redis cache 'cache'");
            expect(found[0]!.message).toContain(`'${testCase.reason === "absent-required" ? family.primary : family.property}'`);
          } else {
            // The SDK's own advisory for a value unknown during preview: not a pass, not a failure.
            expect(found).toHaveLength(1);
            expect(found[0]!.enforcementLevel).toBe("advisory");
            expect(found[0]!.message).toMatch(/can't run policy 'azure-redis-non-ssl-port' .* during preview/);
            expect(found[0]!.message).toContain(family.property);
          }
        });
      }
    }
  }

  it("reports a violation with the resource's URN-independent name and no value", async () => {
    const result = await runningPack().engine.analyze({
      type: "azure-native:redis:Redis",
      name: "payments-cache",
      properties: { enableNonSslPort: pulumiSecret("TRUE"), redisConfiguration: { "maxmemory-policy": "SECRET-MARKER-1" } },
    });
    expect(ours(result)).toHaveLength(1);
    expect(ours(result)[0]!.message).toContain("'payments-cache'");
    for (const diagnostic of result.diagnostics) {
      expect(diagnostic.message).not.toContain("SECRET-MARKER-1");
      expect(diagnostic.message).not.toContain("TRUE");
    }
  });

  it.each([
    "azure-native:storage:StorageAccount",
    "azure-native:redis:FirewallRule",
    "azure:redis/firewallRule:FirewallRule",
    "aws:elasticache/cluster:Cluster",
  ])("%s is outside the Redis family: no policy says anything, even with the same property", async (type) => {
    const result = await runningPack().engine.analyze({ type, name: "x", properties: { enableNonSslPort: true, nonSslPortEnabled: true } });
    expect(result.diagnostics).toEqual([]);
    expect(result.notApplicable).toEqual([]);
  });

  it("a Redis Enterprise cluster is checked by its own rules; the cache rules say nothing, as for any resource they are not about", async () => {
    const result = await runningPack().engine.analyze({
      type: "azure-native:cache:RedisEnterprise",
      name: "x",
      properties: { enableNonSslPort: true, minimumTlsVersion: "1.2", publicNetworkAccess: "Disabled", sku: { name: "Balanced_B1" } },
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.notApplicable).toEqual([]);
  });

  it.each([
    ["null values", { enableNonSslPort: null, sku: null }],
    ["arrays where objects belong", { enableNonSslPort: [true], sku: [1, 2], redisConfiguration: [] }],
    ["a deeply nested object", { deep: JSON.parse(`${"{\"a\":".repeat(90)}true${"}".repeat(90)}`) }],
    ["a 1 MB string", { enableNonSslPort: "t".repeat(1024 * 1024) }],
    ["keys that name prototype members", JSON.parse('{"__proto__": {"enableNonSslPort": false}, "constructor": true, "prototype": 1}')],
  ])("answers for %s without an error", async (_label, properties) => {
    const result = await runningPack().engine.analyze({ type: "azure-native:redis:Redis", name: "odd", properties });
    // Every rule gives a verdict (no gRPC error); the non-SSL port's is never a pass for these bags.
    expect(result.diagnostics.every((d) => d.policyPackName === "azure-redis-guard")).toBe(true);
  });
});

describe("Configure", () => {
  const violating = { type: "azure-native:redis:Redis", name: "legacy-cache", properties: { enableNonSslPort: true } };

  it.each([
    ["advisory", ["advisory"]],
    ["mandatory", ["mandatory"]],
    ["disabled", []],
  ] as const)("enforcement level %s", async (level, expected) => {
    await runningPack().engine.configure({ [POLICY]: { enforcementLevel: level } });
    const result = await runningPack().engine.analyze(violating);
    expect(ours(result).map((d) => d.enforcementLevel)).toEqual(expected);
  });

  it("requireExplicit fails an absent property", async () => {
    await runningPack().engine.configure({ [POLICY]: { enforcementLevel: "mandatory", properties: { requireExplicit: true } } });
    const result = await runningPack().engine.analyze({ type: "azure-native:redis:Redis", name: "c", properties: {} });
    expect(ours(result)).toHaveLength(1);
    expect(ours(result)[0]!.message).toContain("requireExplicit");
  });

  it("an exemption by name glob or URN glob silences the violation; an expired one says so", async () => {
    const exemptions = [{ resource: "legacy-*", reason: "migrating to Managed Redis (CHG-1234)" }];
    await runningPack().engine.configure({ [POLICY]: { enforcementLevel: "mandatory", properties: { exemptions } } });
    expect(ours(await runningPack().engine.analyze(violating))).toEqual([]);
    expect(ours(await runningPack().engine.analyze({ ...violating, name: "other" }))).toHaveLength(1);

    const byUrn = [{ resource: "urn:pulumi:dev::*::legacy-cache", reason: "dev only" }];
    await runningPack().engine.configure({ [POLICY]: { enforcementLevel: "mandatory", properties: { exemptions: byUrn } } });
    expect(ours(await runningPack().engine.analyze(violating))).toEqual([]);

    const expired = [{ resource: "legacy-*", reason: "temporary", expires: "2020-01-31" }];
    await runningPack().engine.configure({ [POLICY]: { enforcementLevel: "mandatory", properties: { exemptions: expired } } });
    const result = await runningPack().engine.analyze(violating);
    expect(ours(result)).toHaveLength(1);
    expect(ours(result)[0]!.message).toContain("expired on 2020-01-31");
  });

  it.each([
    [{ exemptions: [{ resource: "x", reason: "" }] }, "azure-redis-non-ssl-port.exemptions[0].reason"],
    [{ exemptions: [{ resource: "x", reason: "r", expires: "soon" }] }, "azure-redis-non-ssl-port.exemptions[0].expires"],
    [{ requireExplicit: "yes" }, "azure-redis-non-ssl-port.requireExplicit"],
    [{ requireExplict: true }, "azure-redis-non-ssl-port.requireExplict"],
  ])("refuses invalid config %j, naming the field and showing no stack trace", async (properties, field) => {
    await runningPack().engine.configure({ [POLICY]: { enforcementLevel: "mandatory", properties } });
    const error = await runningPack().engine.analyze(violating).then(
      () => undefined,
      (e: { details?: string }) => e,
    );
    expect(error?.details).toContain(field);
    expect(error?.details).not.toMatch(/\n\s+at /);
    // The pack is still serving after refusing the config.
    await runningPack().engine.configure({});
    expect(ours(await runningPack().engine.analyze(violating))).toHaveLength(1);
  });
});

describe("Remediate", () => {
  it.each([
    ["azure-native:redis:Redis", { enableNonSslPort: true }, { enableNonSslPort: false }],
    ["azure-native:cache/v20230401:Redis", { enableNonSslPort: "True" }, { enableNonSslPort: false }],
    ["azure:redis/cache:Cache", { nonSslPortEnabled: true }, { nonSslPortEnabled: false }],
    ["azure:redis/cache:Cache", { enableNonSslPort: true }, { enableNonSslPort: false }],
    ["azure-native:redis:Redis", { enableNonSslPort: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7" }, { enableNonSslPort: false }],
  ])("%s %j is rewritten to %j", async (type, properties, expected) => {
    await runningPack().engine.configure({ [POLICY]: { enforcementLevel: "remediate" } });
    const [remediation, ...rest] = await runningPack().engine.remediate({ type, name: "c", properties: { ...properties, location: "westeurope" } });
    expect(rest).toEqual([]);
    expect(remediation!.policyName).toBe(POLICY);
    expect(remediation!.properties).toEqual({ ...expected, location: "westeurope" });
  });

  it("keeps a secret value secret when it rewrites it", async () => {
    await runningPack().engine.configure({ [POLICY]: { enforcementLevel: "remediate" } });
    const [remediation] = await runningPack().engine.remediate({ type: "azure-native:redis:Redis", name: "c", properties: { enableNonSslPort: pulumiSecret(true) } });
    expect(remediation!.properties).toEqual({ enableNonSslPort: pulumiSecret(false) });
  });

  it("leaves compliant, exempted and unrelated resources alone", async () => {
    await runningPack().engine.configure({ [POLICY]: { enforcementLevel: "remediate", properties: { exemptions: [{ resource: "kept", reason: "r" }] } } });
    expect(await runningPack().engine.remediate({ type: "azure-native:redis:Redis", name: "c", properties: { enableNonSslPort: false } })).toEqual([]);
    expect(await runningPack().engine.remediate({ type: "azure-native:redis:Redis", name: "c", properties: {} })).toEqual([]);
    expect(await runningPack().engine.remediate({ type: "azure-native:redis:Redis", name: "kept", properties: { enableNonSslPort: true } })).toEqual([]);
    expect(await runningPack().engine.remediate({ type: "azure-native:storage:StorageAccount", name: "c", properties: { enableNonSslPort: true } })).toEqual([]);
  });

  it("writes the current name when requireExplicit finds none, and Analyze downgrades remediate to mandatory", async () => {
    await runningPack().engine.configure({ [POLICY]: { enforcementLevel: "remediate", properties: { requireExplicit: true } } });
    const [remediation] = await runningPack().engine.remediate({ type: "azure:redis/cache:Cache", name: "c", properties: {} });
    expect(remediation!.properties).toEqual({ nonSslPortEnabled: false });
    const result = await runningPack().engine.analyze({ type: "azure:redis/cache:Cache", name: "c", properties: {} });
    expect(ours(result).map((d) => d.enforcementLevel)).toEqual(["mandatory"]);
  });
});

describe("AnalyzeStack", () => {
  it("answers for a whole stack; the pack's policies are per resource so it reports nothing there", async () => {
    const result = await runningPack().engine.analyzeStack([
      { type: "azure-native:resources:ResourceGroup", name: "rg", properties: { location: "westeurope" } },
      { type: "azure-native:redis:Redis", name: "cache", properties: { enableNonSslPort: true } },
    ]);
    expect(result.diagnostics).toEqual([]);
  });
});
