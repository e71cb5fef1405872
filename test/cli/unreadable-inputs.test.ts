import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { expectNoStackTrace, runCli, tempDir, writeJson } from "../support/cli";

/**
 * Issue 19's minimal cases for the plan, state and Pulumi readers, and issue 18's twins and provider-aware
 * fixes, through the built CLI. A resource the reader does not understand is never skipped: it fails closed
 * (exit 1, the rule says what it could not read) or makes the check exit 2 naming it. No case prints a stack
 * trace or the marker placed in the input's values.
 */
const MARKER = "SECRET_MARKER_7f3a";

/** A plan with one cache; `resourceChange` and `change` override its members (`undefined` deletes one). */
function plan(resourceChange: Record<string, unknown> = {}, change: Record<string, unknown> = {}, top: Record<string, unknown> = {}): unknown {
  const rc: Record<string, unknown> = {
    address: "azurerm_redis_cache.c",
    mode: "managed",
    type: "azurerm_redis_cache",
    name: "c",
    provider_name: "registry.terraform.io/hashicorp/azurerm",
    change: { actions: ["create"], before: null, after: { name: MARKER, non_ssl_port_enabled: false }, after_unknown: { id: true }, ...change },
    ...resourceChange,
  };
  for (const key of Object.keys(rc)) if (rc[key] === undefined) delete rc[key];
  return { format_version: "1.2", terraform_version: "1.9.8", resource_changes: [rc], ...top };
}

function shownState(resource: Record<string, unknown>): unknown {
  return {
    format_version: "1.0",
    values: { root_module: { resources: [{ address: "azurerm_redis_cache.c", mode: "managed", type: "azurerm_redis_cache", name: "c", values: { name: MARKER, non_ssl_port_enabled: false }, ...resource }] } },
  };
}

function stateFile(instance: Record<string, unknown>, mode: unknown = "managed"): unknown {
  return {
    version: 4,
    terraform_version: "1.9.8",
    serial: 1,
    lineage: "3f1c",
    outputs: {},
    resources: [
      {
        mode,
        type: "azurerm_redis_cache",
        name: "c",
        provider: 'provider["registry.terraform.io/hashicorp/azurerm"]',
        instances: [{ schema_version: 1, attributes: { name: MARKER, non_ssl_port_enabled: false }, ...instance }],
      },
    ],
  };
}

function pulumiExport(resource: Record<string, unknown>): unknown {
  return {
    version: 3,
    deployment: { manifest: { version: "v3.140.0" }, resources: [{ urn: "urn:pulumi:dev::p::azure-native:cache:Redis::c", type: "azure-native:cache:Redis", custom: true, ...resource }] },
  };
}

async function check(document: unknown): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const file = writeJson(tempDir("unreadable"), "input.json", document);
  const run = await runCli(["check", file]);
  expectNoStackTrace(run.stderr);
  expect(run.stdout + run.stderr).not.toContain(MARKER);
  return run;
}

const FAILS_CLOSED = /FAIL\s+Azure\.Redis\.NonSslPort[^\n]*\n\s+Azure\.Redis\.NonSslPort: Redis cache '[^']+' fails closed: '\w+' must be a boolean but is ([^,]+), so the rule cannot read it/;

describe("issue 19: a plan, state or export the reader does not understand never passes and is never skipped", () => {
  it.each([
    ["after null with create and a mask", plan({}, { after: null, after_unknown: { id: true } }), "planned values that are not an object"],
    ["after a list", plan({}, { after: [MARKER] }), "planned values that are not an object"],
    ["after a string", plan({}, { after: MARKER }), "planned values that are not an object"],
    ['after_unknown marking "true"', plan({}, { after: { name: MARKER }, after_unknown: { non_ssl_port_enabled: "true" } }), "marked by an unknown-value mask that is not understood"],
    ["after_unknown marking 1", plan({}, { after: { name: MARKER }, after_unknown: { non_ssl_port_enabled: 1 } }), "marked by an unknown-value mask that is not understood"],
    ["after_unknown that is not an object", plan({}, { after: { name: MARKER }, after_unknown: MARKER }), "marked by an unknown-value mask that is not understood"],
    ["after_unknown missing beside planned values", plan({}, { after: { name: MARKER }, after_unknown: undefined }), "planned values without the after_unknown mask Terraform writes beside them"],
    ['Pulumi outputs "garbage"', pulumiExport({ outputs: MARKER }), "recorded outputs that are not an object"],
    ["Pulumi outputs 7", pulumiExport({ outputs: 7 }), "recorded outputs that are not an object"],
    ["Pulumi: neither outputs nor inputs", pulumiExport({}), "a resource with neither outputs nor inputs recorded"],
  ])("%s: fails closed, exit 1", async (_label, document, why) => {
    const run = await check(document);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(FAILS_CLOSED);
    expect(FAILS_CLOSED.exec(run.stdout)?.[1]).toBe(why);
    expect(run.stdout).not.toMatch(/PASS\s+Azure\.Redis\.NonSslPort/);
  });

  const unreadable = (reason: string): RegExp =>
    new RegExp(`could not run: 1 resource\\(s\\) of the Redis family in the Terraform (plan|state) \\S*input\\.json could not be read, so the input cannot be vouched for: azurerm_redis_cache\\.c \\(line \\d+\\) ${reason.replace(/[()"]/g, "\\$&")}\\. Nothing was skipped`);
  const MODE = 'has a mode that is neither "managed" nor "data"';
  const DEPOSED = "has a deposed key that is not a deposed object's key";

  it.each([
    ["plan: mode missing", plan({ mode: undefined }), `${MODE} (missing)`],
    ["plan: mode null", plan({ mode: null }), `${MODE} (null)`],
    ['plan: mode ""', plan({ mode: "" }), `${MODE} (an empty string)`],
    ['plan: mode "Managed"', plan({ mode: "Managed" }), `${MODE} (a string it does not know)`],
    ['plan: mode "DATA"', plan({ mode: "DATA" }), `${MODE} (a string it does not know)`],
    ["plan: deposed null", plan({ deposed: null }), `${DEPOSED} (null)`],
    ['plan: deposed ""', plan({ deposed: "" }), `${DEPOSED} (an empty string)`],
    ["plan: deposed false", plan({ deposed: false }), `${DEPOSED} (a boolean)`],
    ["plan: deposed 0", plan({ deposed: 0 }), `${DEPOSED} (a number)`],
    ['plan: actions ["read"] on a managed resource', plan({}, { actions: ["read"] }), 'is a managed resource with the action "read", which Terraform plans only for data sources'],
    ["show-json state: deposed_key null", shownState({ deposed_key: null }), `${DEPOSED} (null)`],
    ['show-json state: deposed_key ""', shownState({ deposed_key: "" }), `${DEPOSED} (an empty string)`],
    ["show-json state: deposed_key false", shownState({ deposed_key: false }), `${DEPOSED} (a boolean)`],
    ["show-json state: deposed_key 0", shownState({ deposed_key: 0 }), `${DEPOSED} (a number)`],
    ['show-json state: mode "Managed"', shownState({ mode: "Managed" }), `${MODE} (a string it does not know)`],
    ["state file: deposed null", stateFile({ deposed: null }), `${DEPOSED} (null)`],
    ['state file: deposed ""', stateFile({ deposed: "" }), `${DEPOSED} (an empty string)`],
    ["state file: deposed false", stateFile({ deposed: false }), `${DEPOSED} (a boolean)`],
    ["state file: deposed 0", stateFile({ deposed: 0 }), `${DEPOSED} (a number)`],
    ['state file: mode "DATA"', stateFile({}, "DATA"), `${MODE} (a string it does not know)`],
  ])("%s: exit 2 naming the resource and what was not understood", async (_label, document, reason) => {
    const run = await check(document);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(unreadable(reason));
  });

  it("a plan with caches in planned_values and no resource_changes: exit 2, not 'nothing checked'", async () => {
    const run = await check({
      format_version: "1.2",
      planned_values: { root_module: { resources: [{ address: "azurerm_redis_cache.c", mode: "managed", type: "azurerm_redis_cache", name: "c", values: { name: MARKER, non_ssl_port_enabled: true } }] } },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/is not a readable Terraform plan: resource_changes is missing, though planned_values lists 1 resource\(s\) of the Redis family/);
  });

  it("a valid deposed object and a data source are still skipped with their notes (the format's own cases)", async () => {
    const run = await check({
      format_version: "1.2",
      resource_changes: [
        { address: "azurerm_redis_cache.c", mode: "managed", type: "azurerm_redis_cache", name: "c", deposed: "00000001", change: { actions: ["delete"], before: {}, after: null } },
        { address: "data.azurerm_redis_cache.d", mode: "data", type: "azurerm_redis_cache", name: "d", change: { actions: ["read"], before: null, after: { name: MARKER }, after_unknown: {} } },
      ],
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Not judged, deposed objects .*\(1\): azurerm_redis_cache\.c\./);
    expect(run.stdout).toMatch(/Not judged, data sources .*\(1\): data\.azurerm_redis_cache\.d\./);
  });

  it.each([
    ["a 3,000-deep after_unknown list", `{"format_version":"1.2","resource_changes":[{"address":"azurerm_redis_cache.c","mode":"managed","type":"azurerm_redis_cache","name":"c","change":{"actions":["create"],"after":{},"after_unknown":{"x":${"[".repeat(3000)}true${"]".repeat(3000)}}}}]}`],
    ["child_modules nested 3,000 deep", `{"format_version":"1.0","values":{"root_module":${'{"child_modules":['.repeat(3000)}{}${"]}".repeat(3000)}}}`],
    [
      "30,000 nested Pulumi secret envelopes",
      `{"version":3,"deployment":{"resources":[{"urn":"urn:pulumi:dev::p::azure-native:cache:Redis::c","type":"azure-native:cache:Redis","custom":true,"outputs":{"enableNonSslPort":${'{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","value":'.repeat(30000)}"x"${"}".repeat(30000)}}}]}}`,
    ],
  ])("%s: a clean exit 2 with the position", async (_label, text) => {
    const dir = tempDir("deep");
    const file = path.join(dir, "deep.json");
    (await import("node:fs")).writeFileSync(file, text);
    const run = await runCli(["check", file]);
    expectNoStackTrace(run.stderr);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/deep\.json is not valid JSON: the JSON nests deeper than 256 levels at line 1, column \d+ \(byte \d+\)/);
  });

  it("within the scanner's depth, the readers' walkers do not overflow: a cache under 120 child modules is judged", async () => {
    const cache = '{"resources":[{"address":"azurerm_redis_cache.c","mode":"managed","type":"azurerm_redis_cache","name":"c","values":{"non_ssl_port_enabled":true}}]}';
    const dir = tempDir("deep-ok");
    const file = path.join(dir, "state.json");
    (await import("node:fs")).writeFileSync(file, `{"format_version":"1.0","values":{"root_module":${'{"child_modules":['.repeat(120)}${cache}${"]}".repeat(120)}}}`);
    const run = await runCli(["check", file]);
    expectNoStackTrace(run.stderr);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+Azure\.Redis\.NonSslPort/);
  });

  it("a CDKTF manifest.json with no stacks/ beside it: a clean exit 2 saying what it is", async () => {
    const file = writeJson(tempDir("manifest"), "manifest.json", { version: "0.20.0", stacks: { dev: { name: "dev", synthesizedStackPath: "stacks/dev/cdk.tf.json", workingDirectory: "stacks/dev" } } });
    const run = await runCli(["check", file]);
    expectNoStackTrace(run.stderr);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/manifest\.json is a CDKTF manifest \(manifest\.json\) with no stacks\/ directory beside it/);
  });
});

describe("issue 18: honest names", () => {
  it("a DIY checkpoint without latest is a stack with no resources: exit 0, said in a note", async () => {
    const run = await check({ version: 3, checkpoint: { stack: "dev" } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("A Pulumi DIY backend checkpoint without a deployment (no checkpoint.latest): the stack was created but never deployed, so it has no resources to check.");
  });

  it.each([1, 2, 3])("a Terraform state of version %i is named with its version and what to do", async (version) => {
    const run = await check({ version, serial: 4, modules: [{ path: ["root"], resources: {} }] });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      `is Terraform state version ${version}, written by a Terraform older than 0.12: check reads version 4; run \`terraform show -json\` with a current Terraform`,
    );
  });
});

/** An azurerm 3.116 plan of one cache, with what the user wrote (`expressions`) and what the plan knows. */
function plan3x(expressions: Record<string, unknown>, after: Record<string, unknown>, afterUnknown: Record<string, unknown>, constraint = "~> 3.116"): unknown {
  const base = { name: MARKER, capacity: 1, family: "C", sku_name: "Standard", minimum_tls_version: "1.2", public_network_access_enabled: true, enable_non_ssl_port: false, redis_configuration: [] };
  return {
    format_version: "1.2",
    terraform_version: "1.9.8",
    resource_changes: [
      {
        address: "azurerm_redis_cache.c",
        mode: "managed",
        type: "azurerm_redis_cache",
        name: "c",
        provider_name: "registry.terraform.io/hashicorp/azurerm",
        change: { actions: ["create"], before: null, after: { ...base, ...after }, after_unknown: { id: true, redis_version: true, redis_configuration: true, ...afterUnknown } },
      },
    ],
    configuration: {
      provider_config: { azurerm: { name: "azurerm", full_name: "registry.terraform.io/hashicorp/azurerm", version_constraint: constraint } },
      root_module: { resources: [{ address: "azurerm_redis_cache.c", mode: "managed", type: "azurerm_redis_cache", name: "c", provider_config_key: "azurerm", expressions: { name: { constant_value: MARKER }, ...expressions } }] },
    },
  };
}

async function verdicts(document: unknown): Promise<Map<string, { status: string; message: string }>> {
  const file = writeJson(tempDir("twins"), "plan.json", document);
  const run = await runCli(["check", file, "--format", "json"]);
  expectNoStackTrace(run.stderr);
  expect(run.stdout).not.toContain(MARKER);
  const report = JSON.parse(run.stdout) as CheckReport;
  return new Map(report.resources[0]!.results.map((r) => [r.ruleId, { status: r.status, message: r.message }] as const));
}

describe("issue 18: azurerm 3.x twins in a plan, and fixes for the provider the input shows", () => {
  it.each([
    [
      "3.x, enable_non_ssl_port = false written: pass from the twin, and the message says so",
      plan3x({ enable_non_ssl_port: { constant_value: false } }, {}, { non_ssl_port_enabled: true }),
      "pass",
      "('enable_non_ssl_port' is false; 'non_ssl_port_enabled' is computed from it)",
    ],
    [
      "3.x, neither twin written: pass from the old twin's default",
      plan3x({}, {}, { non_ssl_port_enabled: true }),
      "pass",
      "('enable_non_ssl_port' is not set and defaults to false; 'non_ssl_port_enabled' is computed from it)",
    ],
    [
      "3.x, enable_non_ssl_port = true written: fail, naming the written twin",
      plan3x({ enable_non_ssl_port: { constant_value: true } }, { enable_non_ssl_port: true }, { non_ssl_port_enabled: true }),
      "fail",
      "'enable_non_ssl_port' enables the non-SSL port 6379 ('enable_non_ssl_port' is true; 'non_ssl_port_enabled' is computed from it). Fix: set 'enable_non_ssl_port' to false",
    ],
    [
      "3.x, non_ssl_port_enabled = var.flag unknown after apply: stays unknown (never the known twin's value)",
      plan3x({ non_ssl_port_enabled: { references: ["var.flag"] } }, {}, { non_ssl_port_enabled: true }),
      "unknown",
      "the value of 'non_ssl_port_enabled' is not known (the plan only knows it after apply)",
    ],
    [
      "3.x, the old twin written as an unknown expression: the computed twin stays unknown",
      plan3x({ enable_non_ssl_port: { references: ["var.flag"] } }, { enable_non_ssl_port: undefined }, { enable_non_ssl_port: true, non_ssl_port_enabled: true }),
      "unknown",
      "is not known (the plan only knows it after apply)",
    ],
  ])("%s", async (_label, document, status, text) => {
    const nonSsl = (await verdicts(document)).get("Azure.Redis.NonSslPort");
    expect(nonSsl?.status).toBe(status);
    expect(nonSsl?.message).toContain(text);
  });

  it("a plan without configuration says nothing about what was written: the computed twin stays unknown", async () => {
    const document = plan3x({}, {}, { non_ssl_port_enabled: true }) as Record<string, unknown>;
    delete document["configuration"];
    expect((await verdicts(document)).get("Azure.Redis.NonSslPort")?.status).toBe("unknown");
  });

  it("4.x is unaffected: non_ssl_port_enabled written as var.x stays unknown, and a known value decides alone", async () => {
    const base = plan3x({ non_ssl_port_enabled: { references: ["var.x"] } }, { enable_non_ssl_port: undefined, access_keys_authentication_enabled: true }, { non_ssl_port_enabled: true }, "~> 4.0") as {
      resource_changes: { change: { after: Record<string, unknown> } }[];
    };
    delete base.resource_changes[0]!.change.after["enable_non_ssl_port"];
    const unknown = (await verdicts(base)).get("Azure.Redis.NonSslPort");
    expect(unknown?.status).toBe("unknown");
    expect(unknown?.message).not.toContain("computed from it");
    const localAuth = (await verdicts(base)).get("Azure.Redis.LocalAuth");
    expect(localAuth?.status).toBe("fail");
    expect(localAuth?.message).toContain("Fix: set 'access_keys_authentication_enabled' to false once clients authenticate with Entra ID");
  });

  it("LocalAuth on a 3.x input never tells the user to set an argument 3.x lacks", async () => {
    const localAuth = (await verdicts(plan3x({}, {}, { non_ssl_port_enabled: true }))).get("Azure.Redis.LocalAuth");
    expect(localAuth?.status).toBe("fail");
    expect(localAuth?.message).not.toContain("set 'access_keys_authentication_enabled'");
    expect(localAuth?.message).toContain(
      "has no 'access_keys_authentication_enabled' (azurerm 3.x), and the Azure default is not compliant. Fix: azurerm 3.x cannot turn access-key authentication off ('access_keys_authentication_enabled' was added in azurerm 4.0.0): upgrade to azurerm 4.x and turn it off there once clients authenticate with Entra ID, or record an exemption with a reason.",
    );
  });
});
