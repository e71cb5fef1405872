import { RedisCache } from "@cdktf/provider-azurerm/lib/redis-cache";
import { Construct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckReport, ReportResult } from "../../cli/report/model";
import { redisMinTls, redisNonSslPort } from "../../policies";
import { RedisPolicyAspect } from "../../cdktf-aspect/index";
import { CACHE_BASE, appWithStack } from "../cdktf/cdktf-support";
import { reportValidator, runCli, sarifValidator, tempDir, TRANSPILE_ONLY_ENV, writeJson, writePulumiProgram } from "../support/cli";

/**
 * `check` honours and reports exemptions written next to the resource, on every input it reads today:
 * Terraform JSON (tags, and the `RedisPolicyAspect.exempt()` records of a real cdktf synth) and a Pulumi
 * program (tags, through the policy pack). Each exemption is listed with where it was written.
 */
const validateReport = reportValidator();
const validateSarif = sarifValidator();
const POLICY = redisNonSslPort.policyName;
const OTHER_TAG = "OTHER-TAG-VALUE-MARKER";

let scratch: string;
beforeAll(() => {
  scratch = tempDir("in-code");
});

function parseReport(text: string): CheckReport {
  const report = JSON.parse(text) as CheckReport;
  expect(validateReport(report)).toEqual([]);
  return report;
}

function resultOf(report: CheckReport, name: string, ruleId = redisNonSslPort.id): ReportResult {
  const result = report.resources.find((r) => r.name === name || r.constructPath === name)?.results.find((x) => x.ruleId === ruleId);
  if (!result) throw new Error(`no ${ruleId} result for ${name}`);
  return result;
}

type SarifResult = { ruleId: string; locations: { logicalLocations: { name: string }[] }[]; suppressions?: unknown[]; properties: Record<string, unknown> };

function sarifResultsOf(text: string, ruleId = redisNonSslPort.id): Map<string, SarifResult> {
  const sarif = JSON.parse(text) as { runs: { results: SarifResult[] }[] };
  expect(validateSarif(sarif)).toEqual([]);
  return new Map(sarif.runs[0]!.results.filter((r) => r.ruleId === ruleId).map((r) => [r.locations[0]!.logicalLocations[0]!.name, r]));
}

/** Caches that open the non-SSL port, each exempted (or not) a different way, in hand-written Terraform JSON. */
const TERRAFORM = {
  "//": { metadata: { stackName: "prod", version: "0.21.0", backend: "local" } },
  resource: {
    azurerm_redis_cache: {
      tagged: { non_ssl_port_enabled: true, tags: { owner: OTHER_TAG, "redis-guard-exempt": "Azure.Redis.NonSslPort; client without TLS, CHG-1; until 2099-12-31" } },
      expired: { non_ssl_port_enabled: true, tags: { "redis-guard-exempt": "Azure.Redis.NonSslPort; CHG-2; until 2020-01-31" } },
      malformed: { non_ssl_port_enabled: true, tags: { owner: OTHER_TAG, "redis-guard-exempt": "Azure.Redis.NonSslPort until 2099-01-01" } },
      computed: { non_ssl_port_enabled: true, tags: "${merge(local.tags, { env = \"prod\" })}" },
      recorded: {
        non_ssl_port_enabled: true,
        "//": {
          metadata: { path: "prod/legacy/recorded", uniqueId: "recorded" },
          "azure-redis-guard": { exemptions: [{ construct: "prod/legacy", rules: ["Azure.Redis.NonSslPort"], reason: "legacy team, CHG-3" }] },
        },
      },
      configured: { non_ssl_port_enabled: true },
      plain: { non_ssl_port_enabled: true },
    },
  },
};

describe("check on Terraform JSON", () => {
  let file: string;
  let config: string;
  beforeAll(() => {
    file = writeJson(scratch, "exemptions.tf.json", TERRAFORM);
    config = writeJson(scratch, "config.json", { [POLICY]: { exemptions: [{ resource: "azurerm_redis_cache.configured", reason: "CHG-4" }] } });
  });

  it("json: each exemption with its source; expired and malformed ones fail and say why", async () => {
    const run = await runCli(["check", file, "--format", "json", "--policy-pack-config", config]);
    expect(run.status).toBe(1);
    const report = parseReport(run.stdout);
    expect(resultOf(report, "azurerm_redis_cache.tagged")).toMatchObject({
      status: "exempted",
      exemption: { source: "tag", tag: "redis-guard-exempt", resource: "azurerm_redis_cache.tagged", reason: "client without TLS, CHG-1", expires: "2099-12-31", expired: false },
    });
    expect(resultOf(report, "prod/legacy/recorded")).toMatchObject({
      status: "exempted",
      exemption: { source: "construct", construct: "prod/legacy", resource: "prod/legacy", reason: "legacy team, CHG-3", expired: false },
    });
    expect(resultOf(report, "azurerm_redis_cache.configured")).toMatchObject({
      status: "exempted",
      exemption: { source: "config", resource: "azurerm_redis_cache.configured", reason: "CHG-4", expired: false },
    });
    const expired = resultOf(report, "azurerm_redis_cache.expired");
    expect(expired).toMatchObject({ status: "fail", exemption: { source: "tag", expired: true, expires: "2020-01-31" } });
    expect(expired.message).toContain("The exemption tag 'redis-guard-exempt' on 'azurerm_redis_cache.expired' (CHG-2) expired on 2020-01-31.");
    const malformed = resultOf(report, "azurerm_redis_cache.malformed");
    expect(malformed).toMatchObject({ status: "fail", ignoredExemptions: [{ source: "tag", tag: "redis-guard-exempt", problem: expect.stringContaining("is a ';' missing?") }] });
    expect(malformed).not.toHaveProperty("exemption");
    expect(malformed.message).toContain("The tag 'redis-guard-exempt' on 'azurerm_redis_cache.malformed' was ignored and exempts nothing");
    const computed = resultOf(report, "azurerm_redis_cache.computed");
    expect(computed).toMatchObject({ status: "fail", ignoredExemptions: [{ source: "tag", problem: expect.stringContaining("Terraform expression") }] });
    expect(resultOf(report, "azurerm_redis_cache.plain")).not.toHaveProperty("ignoredExemptions");
    expect(report.summary).toMatchObject({ mandatoryViolations: 4, exempted: 3 });
    expect(run.stdout).not.toContain(OTHER_TAG);
  });

  it("sarif: in-code exemptions are inSource suppressions, the config's external; expired and ignored ones suppress nothing", async () => {
    const run = await runCli(["check", file, "--format", "sarif", "--policy-pack-config", config]);
    const results = sarifResultsOf(run.stdout);
    expect(results.get("azurerm_redis_cache.tagged")!.suppressions).toEqual([
      { kind: "inSource", status: "accepted", justification: "client without TLS, CHG-1", properties: { source: "tag", tag: "redis-guard-exempt", expires: "2099-12-31" } },
    ]);
    expect(results.get("azurerm_redis_cache.recorded")!.suppressions).toEqual([
      {
        kind: "inSource",
        status: "accepted",
        justification: "legacy team, CHG-3",
        location: { logicalLocations: [{ fullyQualifiedName: "prod/legacy", kind: "module" }] },
        properties: { source: "construct" },
      },
    ]);
    expect(results.get("azurerm_redis_cache.configured")!.suppressions).toEqual([
      { kind: "external", status: "accepted", justification: "CHG-4", properties: { source: "config", resource: "azurerm_redis_cache.configured" } },
    ]);
    const expired = results.get("azurerm_redis_cache.expired")!;
    expect(expired.suppressions).toBeUndefined();
    expect(expired.properties["exemption"]).toMatchObject({ source: "tag", expired: true });
    const malformed = results.get("azurerm_redis_cache.malformed")!;
    expect(malformed.suppressions).toBeUndefined();
    expect(malformed.properties["ignoredExemptions"]).toEqual([{ source: "tag", tag: "redis-guard-exempt", problem: expect.stringContaining("is a ';' missing?") }]);
  });

  it("text: an exempted result says where the exemption was written", async () => {
    const run = await runCli(["check", file, "--policy-pack-config", config]);
    expect(run.stdout).toContain("exempt by tag 'redis-guard-exempt' on the resource until 2099-12-31: client without TLS, CHG-1");
    expect(run.stdout).toContain("exempt by RedisPolicyAspect.exempt() on 'prod/legacy': legacy team, CHG-3");
    expect(run.stdout).toContain("exempt by config exemption 'azurerm_redis_cache.configured': CHG-4");
  });

  it("allowInCodeExemptions: false in --policy-pack-config refuses tags and construct records, keeps the config's exemptions", async () => {
    const strict = writeJson(scratch, "strict.json", {
      [POLICY]: { allowInCodeExemptions: false, exemptions: [{ resource: "azurerm_redis_cache.configured", reason: "CHG-4" }] },
    });
    const run = await runCli(["check", file, "--format", "json", "--policy-pack-config", strict]);
    expect(run.status).toBe(1);
    const report = parseReport(run.stdout);
    const tagged = resultOf(report, "azurerm_redis_cache.tagged");
    expect(tagged).toMatchObject({ status: "fail", exemption: { source: "tag", refused: true, expired: false } });
    expect(tagged.message).toContain("(client without TLS, CHG-1) was refused: allowInCodeExemptions is false for Azure.Redis.NonSslPort");
    expect(resultOf(report, "prod/legacy/recorded")).toMatchObject({ status: "fail", exemption: { source: "construct", refused: true } });
    expect(resultOf(report, "azurerm_redis_cache.configured").status).toBe("exempted");
    // Only this rule is strict: another rule's exemption tag would still apply (MinTLS passes here anyway).
    expect(resultOf(report, "azurerm_redis_cache.tagged", redisMinTls.id).status).toBe("pass");
  });
});

describe("check on a cdktf.out that used RedisPolicyAspect.exempt()", () => {
  it("honours the exemption the synth recorded, without running the app, and reports the construct", async () => {
    const { app, stack } = appWithStack("sessions");
    const legacy = new Construct(stack, "legacy");
    new RedisCache(legacy, "cache", { ...CACHE_BASE, nonSslPortEnabled: true });
    new RedisCache(stack, "tagged", { ...CACHE_BASE, nonSslPortEnabled: true, tags: { "redis-guard-exempt-tls": "Azure.Redis.NonSslPort; CHG-6" } });
    RedisPolicyAspect.exempt(legacy, { rule: "Azure.Redis.NonSslPort", reason: "legacy team, CHG-5", expires: "2099-03-31" });
    app.synth(); // no aspect: exempt() alone records the exemption
    const run = await runCli(["check", app.outdir, "--format", "json"]);
    expect(run.status).toBe(0);
    const report = parseReport(run.stdout);
    expect(resultOf(report, "sessions/legacy/cache")).toMatchObject({
      status: "exempted",
      exemption: { source: "construct", construct: "sessions/legacy", reason: "legacy team, CHG-5", expires: "2099-03-31", expired: false },
    });
    expect(resultOf(report, "sessions/tagged")).toMatchObject({ status: "exempted", exemption: { source: "tag", tag: "redis-guard-exempt-tls", reason: "CHG-6" } });
  });
});

const TAGGED_PROGRAM = `
import * as redis from "@pulumi/azure-native/redis";
import * as azure from "@pulumi/azure";

const sku = { name: "Basic", family: "C", capacity: 0 };
new redis.Redis("tagged-cache", {
  resourceGroupName: "rg",
  sku,
  enableNonSslPort: true,
  tags: { owner: "${OTHER_TAG}", "redis-guard-exempt": "Azure.Redis.NonSslPort; client without TLS, CHG-7; until 2099-12-31" },
});
new redis.Redis("malformed-cache", { resourceGroupName: "rg", sku, enableNonSslPort: true, tags: { "redis-guard-exempt": "Azure.Redis.NonSslPort" } });
new azure.redis.Cache("classic-cache", {
  resourceGroupName: "rg",
  location: "westeurope",
  capacity: 0,
  family: "C",
  skuName: "Basic",
  nonSslPortEnabled: true,
  tags: { "redis-guard-exempt": "Azure.Redis.NonSslPort; classic, CHG-8" },
});
`;

describe("check on a Pulumi program with exemption tags", () => {
  let dir: string;
  beforeAll(() => {
    dir = writePulumiProgram({ "index.ts": TAGGED_PROGRAM });
  });

  it("the core honours the tags; the report lists them as tag exemptions; a malformed one fails and says why", async () => {
    const run = await runCli(["check", dir, "--format", "json"], { env: TRANSPILE_ONLY_ENV });
    expect(run.status).toBe(1);
    const report = parseReport(run.stdout);
    expect(resultOf(report, "tagged-cache")).toMatchObject({
      status: "exempted",
      exemption: { source: "tag", tag: "redis-guard-exempt", resource: "tagged-cache", reason: "client without TLS, CHG-7", expires: "2099-12-31", expired: false },
    });
    // The core's message for the finding the tag exempts, as for every other input; the exemption is in `exemption`.
    expect(resultOf(report, "tagged-cache").message).toBe(
      "Azure.Redis.NonSslPort: Redis cache 'tagged-cache' accepts unencrypted connections: 'enableNonSslPort' enables the non-SSL port 6379. " +
        `Fix: set 'enableNonSslPort' to false (or remove it) and connect clients with TLS on port 6380. See ${redisNonSslPort.docsUrl}`,
    );
    expect(resultOf(report, "classic-cache")).toMatchObject({ status: "exempted", exemption: { source: "tag", reason: "classic, CHG-8" } });
    const malformed = resultOf(report, "malformed-cache");
    expect(malformed).toMatchObject({ status: "fail", ignoredExemptions: [{ source: "tag", tag: "redis-guard-exempt" }] });
    expect(malformed.message).toContain("The tag 'redis-guard-exempt' on 'malformed-cache' was ignored and exempts nothing: its value has no reason");
    expect(run.stdout).not.toContain(OTHER_TAG);
  });

  it("allowInCodeExemptions: false: the core refuses the tag and the report says which exemption was refused", async () => {
    const config = writeJson(dir, "strict.json", { [POLICY]: { allowInCodeExemptions: false } });
    const run = await runCli(["check", dir, "--format", "sarif", "--policy-pack-config", config], { env: TRANSPILE_ONLY_ENV });
    expect(run.status).toBe(1);
    const tagged = sarifResultsOf(run.stdout).get("tagged-cache")!;
    expect(tagged.suppressions).toBeUndefined();
    expect(tagged.properties["exemption"]).toMatchObject({ source: "tag", tag: "redis-guard-exempt", refused: true });
  });
});

/**
 * A plan, a Terraform state and a Pulumi state export of the same kind of tagged caches: every reader hands
 * the resource's tags to the same core reader, so the tag exempts, expires and is refused alike. In a plan a
 * tags map that is only known after apply exempts nothing; in a Pulumi export an encrypted tags map neither.
 */
describe("exemption tags on plans and state", () => {
  const EXEMPT = "Azure.Redis.NonSslPort; client without TLS, CHG-9; until 2099-12-31";
  const cache = (tags: unknown) => ({ non_ssl_port_enabled: true, ...(tags === undefined ? {} : { tags }) });
  const change = (name: string, after: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}) => ({
    address: `azurerm_redis_cache.${name}`,
    mode: "managed",
    type: "azurerm_redis_cache",
    name,
    provider_name: "registry.terraform.io/hashicorp/azurerm",
    change: { actions: ["create"], before: null, after, after_unknown: afterUnknown, before_sensitive: false, after_sensitive: {} },
  });

  it("a plan: a tag exempts; a tags map known only after apply exempts nothing and says so", async () => {
    const plan = writeJson(scratch, "tagged-plan.json", {
      format_version: "1.2",
      terraform_version: "1.9.5",
      resource_changes: [
        change("tagged", cache({ owner: OTHER_TAG, "redis-guard-exempt": EXEMPT })),
        change("later", cache(undefined), { tags: true }),
      ],
      applyable: true,
      complete: true,
      errored: false,
    });
    const run = await runCli(["check", plan, "--format", "json"]);
    expect(run.status).toBe(1);
    const report = parseReport(run.stdout);
    expect(report.input.kind).toBe("terraform-plan");
    expect(resultOf(report, "azurerm_redis_cache.tagged")).toMatchObject({ status: "exempted", exemption: { source: "tag", tag: "redis-guard-exempt", reason: "client without TLS, CHG-9", expired: false } });
    const later = resultOf(report, "azurerm_redis_cache.later");
    expect(later).toMatchObject({ status: "fail", ignoredExemptions: [{ source: "tag" }] });
    expect(later.message).toContain("No exemption tag applies to 'azurerm_redis_cache.later': the resource's tags cannot be read yet (the plan only knows it after apply)");
    expect(run.stdout).not.toContain(OTHER_TAG);
  });

  it("a Terraform state: the same tag exempts, and allowInCodeExemptions: false refuses it", async () => {
    const state = writeJson(scratch, "tagged-state.json", {
      format_version: "1.0",
      terraform_version: "1.9.5",
      values: {
        root_module: {
          resources: [
            { address: "azurerm_redis_cache.tagged", mode: "managed", type: "azurerm_redis_cache", name: "tagged", provider_name: "registry.terraform.io/hashicorp/azurerm", schema_version: 1, values: cache({ "redis-guard-exempt": EXEMPT }), sensitive_values: {} },
          ],
        },
      },
    });
    const exempted = parseReport((await runCli(["check", state, "--format", "json"])).stdout);
    expect(exempted.input.kind).toBe("terraform-state");
    expect(resultOf(exempted, "azurerm_redis_cache.tagged")).toMatchObject({ status: "exempted", exemption: { source: "tag" } });
    const strict = writeJson(scratch, "strict-state.json", { [POLICY]: { allowInCodeExemptions: false } });
    const refused = await runCli(["check", state, "--format", "json", "--policy-pack-config", strict]);
    expect(refused.status).toBe(1);
    expect(resultOf(parseReport(refused.stdout), "azurerm_redis_cache.tagged")).toMatchObject({ status: "fail", exemption: { source: "tag", refused: true } });
  });

  it("a Pulumi state export: a tag in the outputs exempts; an encrypted tags map exempts nothing", async () => {
    const resource = (name: string, tags: unknown) => ({
      urn: `urn:pulumi:prod::estate::azure-native:redis:Redis::${name}`,
      custom: true,
      id: name,
      type: "azure-native:redis:Redis",
      inputs: {},
      outputs: { enableNonSslPort: true, tags },
    });
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:AAAA:BBBB" };
    const exported = writeJson(scratch, "tagged-pulumi-state.json", {
      version: 3,
      deployment: { manifest: { time: "2026-11-30T00:00:00Z", magic: "", version: "v3.276.0" }, resources: [resource("tagged", { "redis-guard-exempt": EXEMPT }), resource("sealed", secret)] },
    });
    const run = await runCli(["check", exported, "--format", "json"]);
    const report = parseReport(run.stdout);
    expect(report.input.kind).toBe("pulumi-state");
    expect(resultOf(report, "tagged")).toMatchObject({ status: "exempted", exemption: { source: "tag", reason: "client without TLS, CHG-9" } });
    expect(resultOf(report, "sealed")).toMatchObject({ status: "fail", ignoredExemptions: [{ source: "tag" }] });
    expect(resultOf(report, "sealed").message).toContain("the resource's tags cannot be read yet (it is an encrypted Pulumi secret");
    expect(run.status).toBe(1);
  });
});
