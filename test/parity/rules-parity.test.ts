import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformResource, TerraformStack } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect } from "../../cdktf-aspect/index";
import { allRules, buildResourceView, findRule, ruleApplies, type ResourceBinding, type RuleEvaluationOptions, type VerdictStatus } from "../../policies";
import { findPulumiBinding, pulumiBindings, terraformModuleBindings, type PulumiBinding } from "../../policies/pulumi";
import { bridgedAzurermBindings, bridgedResourceToken, terraformStackBindings } from "../../policies/pulumi/bridged-azurerm";
import { terraformBindings } from "../../policies/terraform";
import { runCli, tempDir } from "../support/cli";
import { encodeFixtureValue, isUnknownMarker, loadRuleFixtures, setPath, targetsOf, type FixtureCase } from "../support/fixtures";
import { startRepoPack, type RunningPack } from "../support/pack";

/**
 * One table per rule (test/fixtures/rules), every surface, one verdict: the rule core, the Pulumi pack
 * over the engine protocol (Azure SDK tokens and Terraform modules' `<package>:tf:<type>` children), the
 * CDKTF aspect on a real synth, `check` on synthesized JSON, `check` on a Terraform plan generated from
 * the rows, and `check` on a Pulumi state export generated from the rows (with and without
 * `--show-secrets`). Every case runs on every binding of every surface that can express it (a case
 * setting `publicNetworkAccess` needs azure-native's string form; `publicNetworkAccessEnabled` the boolean one),
 * or, when its verdict depends on the surface's defaults, on the types it names (`on`: a versioned
 * azure-native token, `azurerm_managed_redis`), each through the binding that type gets.
 */

/** Alias and versioned tokens on purpose: the other suites use the current class tokens. */
const TOKEN: Readonly<Record<string, string>> = {
  "azure-native/redisCache": "azure-native:cache/v20230401:Redis",
  "azure-native/redisEnterpriseCluster": "azure-native:redisenterprise:RedisEnterprise",
  "azure-native/redisEnterpriseDatabase": "azure-native:cache:Database",
  "azure/redisCache": "azure:redis/cache:Cache",
  "azure/redisEnterpriseCluster": "azure:redis/enterpriseCluster:EnterpriseCluster",
  "azure/redisEnterpriseDatabase": "azure:redis/enterpriseDatabase:EnterpriseDatabase",
  "azure/managedRedis": "azure:managedredis/managedRedis:ManagedRedis",
};

/** The properties that express a case on a binding, or `undefined` when the binding cannot. */
function propsFor(binding: ResourceBinding, testCase: FixtureCase, dialect: "pulumi" | "terraform"): Record<string, unknown> | undefined {
  const props: Record<string, unknown> = {};
  for (const [setting, value] of Object.entries(testCase.settings)) {
    const primary = binding.settings[setting as keyof typeof binding.settings]?.[0];
    if (!primary) return undefined;
    setPath(props, primary, encodeFixtureValue(value, dialect));
  }
  return props;
}

const fixtures = loadRuleFixtures();
const optionGroups = [false, true]; // without and with requireExplicit
const groupOf = (c: FixtureCase) => c.options?.requireExplicit === true;

let pack: RunningPack;
const pulumiVerdicts = new Map<string, VerdictStatus>();
const aspectVerdicts = new Map<string, VerdictStatus>();
const checkVerdicts = new Map<string, VerdictStatus>();
const expectedRows: { key: string; ruleId: string; testCase: FixtureCase; binding: string; core: VerdictStatus }[] = [];

interface Row {
  readonly key: string;
  /** The binding the type gets (for azure-native, with the defaults of the token's API version). */
  readonly binding: ResourceBinding;
  /** The Pulumi type token or the Terraform type the row runs on. */
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly ruleId: string;
  readonly testCase: FixtureCase;
}

function rowsFor(dialect: "pulumi" | "terraform"): Row[] {
  const rows: Row[] = [];
  const generic: readonly { type: string; binding: ResourceBinding }[] =
    dialect === "pulumi"
      ? [
          ...pulumiBindings.map((b) => TOKEN[`${(b as PulumiBinding).family}/${b.kind}`]!),
          // A Terraform module's children under Pulumi: the package name is the user's; `tf` and the type are the provider's.
          ...terraformModuleBindings.map((b) => `redismod:tf:${b.terraform!.terraformType}`),
          // Dynamically bridged azurerm (`pulumi package add terraform-provider`, HCL programs) and Terraform stacks' state.
          ...bridgedAzurermBindings.map((b) => bridgedResourceToken(b.terraform!.terraformType)),
          ...terraformStackBindings.map((b) => `pulumi:terraform:${b.terraform!.terraformType}`),
        ].map((type) => ({ type, binding: findPulumiBinding(type)! }))
      : terraformBindings.map((binding) => ({ type: binding.terraformType, binding }));
  for (const fixture of fixtures) {
    const rule = findRule(fixture.rule)!;
    fixture.cases.forEach((testCase, index) => {
      const targets = testCase.on ? targetsOf(testCase).filter((t) => t.dialect === dialect) : generic.filter((t) => ruleApplies(rule, t.binding));
      for (const { type, binding } of targets) {
        const props = propsFor(binding, testCase, dialect);
        if (!props) {
          if (testCase.on) throw new Error(`${rule.id} '${testCase.name}' names ${type}, which cannot express its settings`);
          continue;
        }
        rows.push({ key: `${rule.id} #${index} ${testCase.name} @ ${type}`, binding, type, props, ruleId: rule.id, testCase });
      }
    });
  }
  return rows;
}

const pulumiRows = rowsFor("pulumi");
const terraformRows = rowsFor("terraform");

const planVerdicts = new Map<string, VerdictStatus>();
const pulumiStateVerdicts = new Map<string, VerdictStatus>();
const pulumiStatePlaintextVerdicts = new Map<string, VerdictStatus>();

/**
 * A row as a plan's resource change: the settings in `change.after` with blocks as one-element lists,
 * as `terraform show -json` writes them, and a "not known yet" value left out of `after` and marked
 * `true` at its place in `after_unknown`.
 */
function planChange(address: string, type: string, binding: ResourceBinding, testCase: FixtureCase): Record<string, unknown> {
  const after: Record<string, unknown> = { name: address };
  const afterUnknown: Record<string, unknown> = { id: true };
  for (const [setting, value] of Object.entries(testCase.settings)) {
    const [head, ...rest] = binding.settings[setting as keyof typeof binding.settings]![0]!.split(".");
    const target = isUnknownMarker(value) ? afterUnknown : after;
    const leaf = isUnknownMarker(value) ? true : value;
    if (rest.length === 0) target[head!] = leaf;
    else target[head!] = [Object.fromEntries([[rest.join("."), leaf]])];
  }
  return {
    address,
    mode: "managed",
    type,
    name: address.split(".")[1],
    provider_name: "registry.terraform.io/hashicorp/azurerm",
    change: { actions: ["create"], before: null, after, after_unknown: afterUnknown, before_sensitive: false, after_sensitive: {} },
  };
}

const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

/**
 * A row as a resource of `pulumi stack export`: the settings in its outputs. An export holds no
 * preview unknowns: what it cannot show is an encrypted secret. With `plaintext`, every value is a
 * secret written as `--show-secrets` writes it, JSON text.
 */
function stateResource(name: string, type: string, binding: ResourceBinding, testCase: FixtureCase, plaintext: boolean): Record<string, unknown> {
  const outputs: Record<string, unknown> = { provisioningState: "Succeeded" };
  for (const [setting, value] of Object.entries(testCase.settings)) {
    const encoded = isUnknownMarker(value) ? { ...SECRET_SIG, ciphertext: "v1:AAAA:BBBB" } : plaintext ? { ...SECRET_SIG, plaintext: JSON.stringify(value) } : value;
    setPath(outputs, binding.settings[setting as keyof typeof binding.settings]![0]!, encoded);
  }
  return { urn: `urn:pulumi:parity::parity::${type}::${name}`, custom: true, id: name, type, inputs: {}, outputs };
}

/** Every rule mandatory, so a failure of an advisory rule is told apart from an unknown on every surface. */
function mandatoryConfig(requireExplicit: boolean): Record<string, { enforcementLevel: "mandatory"; requireExplicit?: boolean }> {
  return Object.fromEntries(allRules.map((r) => [r.policyName, { enforcementLevel: "mandatory" as const, ...(requireExplicit ? { requireExplicit } : {}) }]));
}

beforeAll(async () => {
  for (const row of [...pulumiRows, ...terraformRows]) {
    const dialect = "terraformType" in row.binding ? "terraform" : "pulumi";
    const options: RuleEvaluationOptions = row.testCase.options ?? {};
    const core = findRule(row.ruleId)!.evaluate(buildResourceView(row.binding, "parity", row.props, dialect), options).status;
    expectedRows.push({ key: row.key, ruleId: row.ruleId, testCase: row.testCase, binding: row.type, core });
  }

  // Pulumi: the real pack over gRPC.
  pack = await startRepoPack();
  for (const requireExplicit of optionGroups) {
    const config = mandatoryConfig(requireExplicit);
    await pack.engine.configure(Object.fromEntries(Object.entries(config).map(([name, { enforcementLevel, ...properties }]) => [name, { enforcementLevel, properties }])));
    for (const row of pulumiRows.filter((r) => groupOf(r.testCase) === requireExplicit)) {
      const result = await pack.engine.analyze({ type: row.type, name: "parity", properties: row.props });
      const diagnostics = result.diagnostics.filter((d) => d.policyName === findRule(row.ruleId)!.policyName);
      pulumiVerdicts.set(row.key, diagnostics.length === 0 ? "pass" : /can't run policy .* during preview/.test(diagnostics[0]!.message) ? "unknown" : "fail");
    }
  }

  // CDKTF: a real synth of raw resources, attributes set with escape hatches; `check`: the JSON it wrote.
  process.env["CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS"] = "true";
  for (const requireExplicit of optionGroups) {
    const outdir = tempDir("parity-synth");
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "parity");
    const rows = terraformRows.filter((r) => groupOf(r.testCase) === requireExplicit);
    const constructs = rows.map((row, i) => {
      const resource = new TerraformResource(stack, `r${i}`, { terraformResourceType: row.type });
      for (const [attribute, value] of Object.entries(row.props)) resource.addOverride(attribute, value);
      return { row, resource };
    });
    RedisPolicyAspect.applyTo(app, {
      rules: Object.fromEntries(allRules.map((r) => [r.id, { enforcement: "mandatory" as const, ...(requireExplicit ? { requireExplicit } : {}) }])),
    });
    app.synth();
    for (const { row, resource } of constructs) {
      const mine = resource.node.metadata.filter((m) => String(m.data).startsWith(`${row.ruleId}:`)).map((m) => m.type);
      aspectVerdicts.set(row.key, mine.includes("@cdktf/error") ? "fail" : mine.includes("@cdktf/warn") ? "unknown" : "pass");
    }
    const configFile = path.join(outdir, "config.json");
    fs.writeFileSync(configFile, JSON.stringify(mandatoryConfig(requireExplicit)));
    const run = await runCli(["check", path.join(outdir, "stacks", "parity", "cdk.tf.json"), "--format", "json", "--policy-pack-config", configFile]);
    const report = JSON.parse(run.stdout) as { resources: { constructPath?: string; results: { ruleId: string; status: string }[] }[] };
    for (const { row, resource } of constructs) {
      const entry = report.resources.find((r) => r.constructPath === resource.node.path);
      const status = entry?.results.find((r) => r.ruleId === row.ruleId)?.status ?? "missing";
      checkVerdicts.set(row.key, status as VerdictStatus);
    }
  }

  // `check` on a plan and on Pulumi state exports generated from the rows, one document per option group.
  for (const requireExplicit of optionGroups) {
    const dir = tempDir("parity-documents");
    const configFile = path.join(dir, "config.json");
    fs.writeFileSync(configFile, JSON.stringify(mandatoryConfig(requireExplicit)));
    const statusesBy = async (file: string, key: "identity" | "name") => {
      const run = await runCli(["check", file, "--format", "json", "--policy-pack-config", configFile]);
      const report = JSON.parse(run.stdout) as { resources: { identity: string; name: string; results: { ruleId: string; status: string }[] }[] };
      return (row: { ruleId: string }, id: string) =>
        (report.resources.find((r) => r[key] === id)?.results.find((r) => r.ruleId === row.ruleId)?.status ?? "missing") as VerdictStatus;
    };

    const planRows = terraformRows.filter((r) => groupOf(r.testCase) === requireExplicit);
    const plan = {
      format_version: "1.2",
      terraform_version: "1.9.5",
      resource_changes: planRows.map((row, i) => planChange(`${row.type}.r${i}`, row.type, row.binding, row.testCase)),
      applyable: true,
      complete: true,
      errored: false,
    };
    const planFile = path.join(dir, "plan.json");
    fs.writeFileSync(planFile, JSON.stringify(plan));
    const planStatus = await statusesBy(planFile, "identity");
    planRows.forEach((row, i) => planVerdicts.set(row.key, planStatus(row, `${row.type}.r${i}`)));

    const stateRows = pulumiRows.filter((r) => groupOf(r.testCase) === requireExplicit);
    for (const [plaintext, verdicts] of [[false, pulumiStateVerdicts], [true, pulumiStatePlaintextVerdicts]] as const) {
      const resources = stateRows.map((row, i) => stateResource(`r${i}`, row.key.split(" @ ")[1]!, row.binding, row.testCase, plaintext));
      const stateFile = path.join(dir, `state-${plaintext}.json`);
      fs.writeFileSync(stateFile, JSON.stringify({ version: 3, deployment: { manifest: { time: "2026-01-01T00:00:00Z", magic: "", version: "v3.190.0" }, resources } }));
      const stateStatus = await statusesBy(stateFile, "name");
      stateRows.forEach((row, i) => verdicts.set(row.key, stateStatus(row, `r${i}`)));
    }
  }
}, 240_000);

afterAll(async () => {
  await pack?.stop();
});

describe("every rule's fixture table gives one verdict on every surface", () => {
  it("runs every case somewhere, and the surface-specific ones on every type they name", () => {
    for (const fixture of fixtures) {
      fixture.cases.forEach((testCase, index) => {
        const rows = [...pulumiRows, ...terraformRows].filter((r) => r.ruleId === fixture.rule && r.key.startsWith(`${fixture.rule} #${index} `));
        expect(rows.length, `${fixture.rule} '${testCase.name}'`).toBeGreaterThan(0);
        if (testCase.on) expect(rows.map((r) => r.type).sort()).toEqual([...testCase.on].sort());
      });
    }
  });

  it("covers every rule on both Pulumi and Terraform bindings, and Terraform modules' children", () => {
    for (const rule of allRules) {
      expect(pulumiRows.some((r) => r.ruleId === rule.id), rule.id).toBe(true);
      expect(pulumiRows.some((r) => r.ruleId === rule.id && r.key.includes(":tf:")), rule.id).toBe(true);
      expect(pulumiRows.some((r) => r.ruleId === rule.id && r.key.includes("@ azurerm:index/")), rule.id).toBe(true);
      expect(pulumiRows.some((r) => r.ruleId === rule.id && r.key.includes("@ pulumi:terraform:")), rule.id).toBe(true);
      expect(terraformRows.some((r) => r.ruleId === rule.id), rule.id).toBe(true);
    }
  });

  it("the core on each binding agrees with the fixture table", () => {
    const wrong = expectedRows.filter((r) => r.core !== r.testCase.expect).map((r) => `${r.key}: ${r.core}`);
    expect(wrong).toEqual([]);
  });

  it("the Pulumi pack over the engine protocol agrees", () => {
    const wrong = pulumiRows.filter((r) => pulumiVerdicts.get(r.key) !== r.testCase.expect).map((r) => `${r.key}: ${pulumiVerdicts.get(r.key)}`);
    expect(wrong).toEqual([]);
  });

  it("the CDKTF aspect on a real synth agrees", () => {
    const wrong = terraformRows.filter((r) => aspectVerdicts.get(r.key) !== r.testCase.expect).map((r) => `${r.key}: ${aspectVerdicts.get(r.key)}`);
    expect(wrong).toEqual([]);
  });

  it("`check` on the synthesized JSON agrees", () => {
    const wrong = terraformRows.filter((r) => checkVerdicts.get(r.key) !== r.testCase.expect).map((r) => `${r.key}: ${checkVerdicts.get(r.key)}`);
    expect(wrong).toEqual([]);
  });

  it("`check` on a Terraform plan agrees (unknowns marked in after_unknown)", () => {
    const wrong = terraformRows.filter((r) => planVerdicts.get(r.key) !== r.testCase.expect).map((r) => `${r.key}: ${planVerdicts.get(r.key)}`);
    expect(wrong).toEqual([]);
  });

  it("`check` on a Pulumi state export agrees (unknowns as encrypted secrets), with and without --show-secrets", () => {
    const wrong = pulumiRows.filter((r) => pulumiStateVerdicts.get(r.key) !== r.testCase.expect).map((r) => `${r.key}: ${pulumiStateVerdicts.get(r.key)}`);
    const wrongPlaintext = pulumiRows.filter((r) => pulumiStatePlaintextVerdicts.get(r.key) !== r.testCase.expect).map((r) => `${r.key}: ${pulumiStatePlaintextVerdicts.get(r.key)}`);
    expect(wrong).toEqual([]);
    expect(wrongPlaintext).toEqual([]);
  });
});


