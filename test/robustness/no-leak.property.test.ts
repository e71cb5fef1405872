import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformResource, TerraformStack } from "cdktf";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect } from "../../cdktf-aspect/index";
import { allRules, buildResourceView, type ResourceBinding } from "../../policies";
import { pulumiBindings, type PulumiBinding } from "../../policies/pulumi";
import { terraformBindings, type TerraformBinding } from "../../policies/terraform";
import { runCli, tempDir } from "../support/cli";
import { setPath } from "../support/fixtures";
import { tokenOf } from "../support/tokens";
import { pulumiSecret, startRepoPack, type RunningPack } from "../support/pack";
import { fastCheckRuns } from "./arbitraries";

/**
 * Property bags that carry a distinctive marker in every other property, secret or not, in the
 * properties the rules read too: no diagnostic, annotation, CLI report or SARIF file may contain one.
 */
const MARKER = "LEAKMARK7f3a";
const SEED = Number(process.env["ARG_SEED"] ?? 20261129);
const RUNS = fastCheckRuns(150);

const marked = fc.nat({ max: 9999 }).map((n) => `${MARKER}-${n}`);
const markedValue: fc.Arbitrary<unknown> = fc.oneof(
  marked,
  marked.map((m) => ({ nested: m })),
  marked.map((m) => [m]),
  marked.map((m) => `\${var.${m}}`),
  marked.map((m) => m.toUpperCase() + " true"),
  fc.constantFrom<unknown>(true, false, "TRUE", "Plaintext", "1.0", "4", "Enabled", null),
);

function bagFor(binding: ResourceBinding, secrets: boolean): fc.Arbitrary<Record<string, unknown>> {
  const paths = Object.values(binding.settings).flatMap((p) => [...(p ?? [])]);
  const wrap = (v: unknown) => (secrets ? pulumiSecret(v) : v);
  return fc
    .record({
      read: fc.array(fc.tuple(fc.constantFrom(...paths), markedValue, fc.boolean()), { minLength: 1, maxLength: paths.length }),
      other: fc.dictionary(fc.constantFrom("location", "tags", "password", "connectionString", "sku", "name"), markedValue, { maxKeys: 4 }),
    })
    .map(({ read, other }) => {
      const props: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(other)) props[key] = wrap(value);
      for (const [p, value, secret] of read) setPath(props, p, secret ? wrap(value) : value);
      return props;
    });
}


const pulumiCases = pulumiBindings.flatMap((binding) =>
  fc.sample(bagFor(binding, true), { numRuns: Math.ceil(RUNS / pulumiBindings.length), seed: SEED }).map((props) => ({ binding, props })),
);
const terraformCases = terraformBindings.flatMap((binding) =>
  fc.sample(bagFor(binding, false), { numRuns: Math.ceil(RUNS / terraformBindings.length), seed: SEED }).map((props) => ({ binding, props })),
);

let pack: RunningPack;
const leaks: string[] = [];
let tfJsonFile = "";
let annotations: string[] = [];

beforeAll(async () => {
  pack = await startRepoPack();
  // Every rule mandatory, so each failure is a message of ours (not only the SDK's unknown advisory).
  await pack.engine.configure(Object.fromEntries(allRules.map((r) => [r.policyName, { enforcementLevel: "mandatory" as const }])));
  process.env["CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS"] = "true";
  const outdir = tempDir("no-leak");
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "leaks");
  terraformCases.forEach(({ binding, props }, i) => {
    const resource = new TerraformResource(stack, `r${i}`, { terraformResourceType: (binding as TerraformBinding).terraformType });
    for (const [key, value] of Object.entries(props)) resource.addOverride(key, value);
  });
  RedisPolicyAspect.applyTo(app);
  app.synth();
  annotations = stack.node.findAll().flatMap((n) => n.node.metadata.filter((m) => String(m.type).startsWith("@cdktf/")).map((m) => String(m.data)));
  tfJsonFile = path.join(outdir, "stacks", "leaks", "cdk.tf.json");
}, 120_000);

afterAll(async () => {
  await pack?.stop();
});

describe(`no output carries a property value (seed ${SEED}; ARG_SEED and ARG_PROPERTY_RUNS change the sample)`, () => {
  it("the rule core's messages", () => {
    for (const { binding, props } of [...pulumiCases, ...terraformCases]) {
      const dialect = "terraformType" in binding ? "terraform" : "pulumi";
      const view = buildResourceView(binding, "cache", props, dialect);
      for (const rule of allRules.filter((r) => r.resourceKinds.includes(binding.kind))) {
        const message = rule.evaluate(view, { requireExplicit: true }).message;
        if (message.includes(MARKER)) leaks.push(`${rule.id}: ${message}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it(`the Pulumi pack's diagnostics over gRPC (${pulumiCases.length} resources, secrets and plain values)`, async () => {
    const found: string[] = [];
    for (const { binding, props } of pulumiCases) {
      const type = tokenOf(binding as PulumiBinding);
      const result = await pack.engine.analyze({ type, name: "cache", properties: props });
      for (const d of result.diagnostics) if (d.message.includes(MARKER) || d.description.includes(MARKER)) found.push(d.message);
    }
    expect(found).toEqual([]);
  });

  it(`the CDKTF aspect's annotations (${terraformCases.length} resources)`, () => {
    expect(annotations.length).toBeGreaterThan(0);
    expect(annotations.filter((a) => a.includes(MARKER))).toEqual([]);
  });

  it("`check` in every format: text, JSON and the SARIF file", async () => {
    const dir = tempDir("no-leak-out");
    for (const format of ["text", "json", "sarif"]) {
      const output = path.join(dir, `report.${format}`);
      const run = await runCli(["check", tfJsonFile, "--format", format, "--output", output]);
      expect(run.status, run.stderr).toBe(1);
      const written = fs.readFileSync(output, "utf8");
      expect(written.length).toBeGreaterThan(100);
      expect(written.includes(MARKER), `${format} report`).toBe(false);
      expect(run.stdout.includes(MARKER) || run.stderr.includes(MARKER)).toBe(false);
    }
  });
});
