import { beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../cli/report/model";
import { allRules, redisNonSslPort } from "../../policies";
import { expectNoStackTrace, reportValidator, runCli, TRANSPILE_ONLY_ENV, writeJson, writePulumiProgram } from "../support/cli";

/** Small Pulumi programs for what the example does not show: unknowns, secrets, invokes, failures, config. */
const POLICY = redisNonSslPort.policyName;
const SECRET_MARKER = "SECRET-MARKER-42";

const EDGE_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as redis from "@pulumi/azure-native/redis";
import * as resources from "@pulumi/azure-native/resources";

const group = new resources.ResourceGroup("group");
const client = authorization.getClientConfigOutput();
const sku = { name: "Basic", family: "C", capacity: 0 };

new redis.Redis("open-cache", { resourceGroupName: group.name, sku, enableNonSslPort: true });
new redis.Redis("exempt-cache", { resourceGroupName: group.name, sku, enableNonSslPort: true });
// Known only once the group exists: unknown in a preview, and so in the offline check.
new redis.Redis("unknown-cache", { resourceGroupName: group.name, sku, enableNonSslPort: group.id.apply((id) => id.endsWith("-open")) });
new redis.Redis("secret-cache", {
  resourceGroupName: group.name,
  sku,
  enableNonSslPort: pulumi.secret(false),
  redisConfiguration: { maxmemoryPolicy: pulumi.secret("${SECRET_MARKER}") },
  tags: { owner: client.clientId },
});
console.log("hello from the program");
`;

/** These programs are about Azure.Redis.NonSslPort: its result per resource (the other rules have their own tests). */
function results(report: CheckReport): Record<string, string> {
  return Object.fromEntries(
    report.resources.map((r) => [r.name, r.results.filter((x) => x.ruleId === redisNonSslPort.id).map((x) => `${x.status}:${x.enforcementLevel}`).join(",")]),
  );
}

function nonSslPortResult(report: CheckReport, name: string): CheckReport["resources"][number]["results"][number] {
  const result = report.resources.find((r) => r.name === name)?.results.find((x) => x.ruleId === redisNonSslPort.id);
  if (!result) throw new Error(`no ${redisNonSslPort.id} result for ${name}`);
  return result;
}

describe("a program with unknowns, secrets and a provider function", () => {
  let dir: string;
  beforeAll(() => {
    dir = writePulumiProgram({ "index.ts": EDGE_PROGRAM });
  });

  it("keeps unknowns unknown (never a pass, as in a preview), checks secrets without printing them, names the invoke", async () => {
    const run = await runCli(["check", dir, "--format", "json"], { env: TRANSPILE_ONLY_ENV });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(reportValidator()(report)).toEqual([]);
    expect(results(report)).toEqual({
      "open-cache": "fail:mandatory",
      "exempt-cache": "fail:mandatory",
      "unknown-cache": "unknown:mandatory",
      "secret-cache": "pass:mandatory",
    });
    const unknown = nonSslPortResult(report, "unknown-cache");
    // The core's own unknown verdict, as for a state export: the property, and why it is unknown.
    expect(unknown.message).toMatch(/^Azure\.Redis\.NonSslPort: Redis cache 'unknown-cache' cannot be verified yet: the value of 'enableNonSslPort' is not known \(Pulumi does not know it until the update\)/);
    expect(unknown.properties).toEqual(["enableNonSslPort"]);
    expect(report.notes.join("\n")).toContain("azure-native:authorization:getClientConfig");
    expect(report.input.resourcesSeen).toBe(6);
    // Nothing prints a secret; the program's own console output goes to stderr, marked as the program's.
    expect(run.stdout).not.toContain(SECRET_MARKER);
    expect(run.stderr).not.toContain(SECRET_MARKER);
    expect(run.stderr).toContain("[program] hello from the program");
  });

  it("honours --policy-pack-config: advisory level and an exemption with its reason", async () => {
    const config = writeJson(dir, "policy-config.json", { [POLICY]: { enforcementLevel: "advisory", exemptions: [{ resource: "exempt-*", reason: "CHG-9: retiring" }] } });
    const run = await runCli(["check", dir, "--policy-pack-config", config, "--format", "json"], { env: TRANSPILE_ONLY_ENV });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(results(report)).toMatchObject({ "open-cache": "fail:advisory", "exempt-cache": "exempted:advisory" });
    expect(nonSslPortResult(report, "exempt-cache").exemption).toEqual({ source: "config", resource: "exempt-*", reason: "CHG-9: retiring", expired: false });
    // The exemption and the level are this policy's: the other rules still judge exempt-cache at their defaults.
    expect(report.resources.find((r) => r.name === "exempt-cache")!.results.filter((x) => x.status === "exempted").map((x) => x.ruleId)).toEqual([redisNonSslPort.id]);
    expect(report.rules.find((r) => r.id === redisNonSslPort.id)!.enforcementLevel).toBe("advisory");
    expect(report.rules.filter((r) => r.id !== redisNonSslPort.id).every((r) => {
      const rule = allRules.find((x) => x.id === r.id)!;
      return r.enforcementLevel === rule.defaultEnforcement;
    })).toBe(true);
  });
});

describe("programs that cannot be checked: exit 2 with the reason", () => {
  it.each([
    ["throws while loading", `import "@pulumi/pulumi";\nthrow new Error("boom from the program");\n`, /boom from the program \(in index\.ts:2:7\)/],
    ["rejects asynchronously", `import "@pulumi/pulumi";\nexport = async () => {\n  await Promise.resolve();\n  throw new Error("async boom");\n};\n`, /async boom/],
    ["reads config the stack does not have", `import * as pulumi from "@pulumi/pulumi";\nnew pulumi.Config().require("cacheName");\n`, /Missing required configuration variable 'test-program:cacheName'[\s\S]*Stack 'dev' has no such config value/],
  ])("a program that %s", async (_label, source, message) => {
    const run = await runCli(["check", writePulumiProgram({ "index.ts": source })], { env: TRANSPILE_ONLY_ENV });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("the Pulumi program in");
    expect(run.stderr).toMatch(message);
    expectNoStackTrace(run.stderr);
  });

  it("a type error fails the run as it fails `pulumi preview` (type-checked like Pulumi does by default)", async () => {
    const { PULUMI_NODEJS_TRANSPILE_ONLY: _ignored, ...env } = process.env;
    const run = await runCli(["check", writePulumiProgram({ "index.ts": `import "@pulumi/pulumi";\nconst port: number = "6379";\nexport const out = port;\n` })], { env });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/TSError: .*Unable to compile TypeScript[\s\S]*index\.ts\(2,7\): error TS2322/);
    expectNoStackTrace(run.stderr);
  });

  it("a program that never finishes is stopped at --timeout", async () => {
    const run = await runCli(["check", writePulumiProgram({ "index.ts": `import "@pulumi/pulumi";\nsetInterval(() => undefined, 1000);\n` }), "--timeout", "3"], { env: TRANSPILE_ONLY_ENV });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("did not finish within 3 s");
  });

  it.each([
    ["a Python project", () => writePulumiProgram({ "__main__.py": "" }, { runtime: "python" }), "declares runtime 'python': the offline check runs Node.js"],
    ["a Pulumi.yaml without a name", () => {
      const dir = writePulumiProgram({ "index.ts": "" });
      writeJson(dir, "Pulumi.yaml", "runtime: nodejs\n");
      return dir;
    }, "has no project name"],
    ["a Pulumi.yaml that is not YAML", () => {
      const dir = writePulumiProgram({ "index.ts": "" });
      writeJson(dir, "Pulumi.yaml", "name: [unclosed\n");
      return dir;
    }, "cannot read"],
  ])("%s", async (_label, makeDir, message) => {
    const run = await runCli(["check", makeDir()]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expectNoStackTrace(run.stderr);
  });
});

describe("stack config", () => {
  const source = `
import * as pulumi from "@pulumi/pulumi";
import * as redis from "@pulumi/azure-native/redis";
new redis.Redis("configured-cache", {
  resourceGroupName: "rg",
  sku: { name: "Basic", family: "C", capacity: 0 },
  enableNonSslPort: new pulumi.Config().requireBoolean("openPort"),
});
`;
  let dir: string;
  beforeAll(() => {
    dir = writePulumiProgram({
      "index.ts": source,
      "Pulumi.ci.yaml": "config:\n  test-program:openPort: \"true\"\n",
      "Pulumi.prod.yaml": "config:\n  test-program:openPort: false\n",
      "Pulumi.sealed.yaml": "config:\n  test-program:openPort:\n    secure: v1:AAAABBBBCCCC\n",
    });
  });

  it.each([
    ["ci", 1, "fail:mandatory"],
    ["prod", 0, "pass:mandatory"],
  ])("--stack %s reads that stack's config file", async (stack, status, outcome) => {
    const run = await runCli(["check", dir, "--stack", stack, "--format", "json"], { env: TRANSPILE_ONLY_ENV });
    expect(run.status).toBe(status);
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(report.input.stacks[0]!.name).toBe(stack);
    expect(results(report)).toEqual({ "configured-cache": outcome });
  });

  it("a secret config value cannot be decrypted offline, and the message says so", async () => {
    const run = await runCli(["check", dir, "--stack", "sealed"], { env: TRANSPILE_ONLY_ENV });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Secret config values (test-program:openPort) cannot be decrypted offline");
    expect(run.stderr).not.toContain("AAAABBBBCCCC");
  });
});
