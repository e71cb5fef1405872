/**
 * The same aspect inside a CDK Terrain (`cdktn`, the maintained fork of cdktf) app. This file imports
 * nothing that loads `cdktf`, so it can also check that the aspect never loads it on its own.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { App, Aspects, TerraformResource, TerraformStack, TerraformVariable, Testing, type IAspect, type TerraformMetaArguments } from "cdktn";
import type { Construct, IConstruct } from "constructs";
import { afterAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect, type RedisPolicyAspectOptions } from "../../cdktf-aspect/index";
import { encodeFixtureValue, isUnknownMarker, loadRuleFixtures } from "../support/fixtures";
import {
  BARE_CACHE_WARNINGS,
  CACHE_RETIRING,
  COMPLIANT_CACHE_ATTRIBUTES,
  RULE_ID,
  V3,
  V4,
  annotationsUnder,
  ofRule,
  removeTempDirs,
  ruleAnnotationsUnder,
  tempOutdir,
  verdictFromAnnotations,
  withEnv,
} from "./support";

afterAll(removeTempDirs);

class CdktnRedis extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly attributes: Record<string, unknown>, meta: TerraformMetaArguments = {}) {
    super(scope, id, { terraformResourceType: "azurerm_redis_cache", ...meta });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { name: this.node.id, location: "westeurope", ...this.attributes };
  }
}

function cdktnStack(options?: RedisPolicyAspectOptions): TerraformStack {
  const stack = new TerraformStack(Testing.app({ outdir: tempOutdir() }), "stack");
  RedisPolicyAspect.applyTo(stack, options);
  return stack;
}

const fixture = loadRuleFixtures().find((f) => f.rule === RULE_ID)!;

describe("RedisPolicyAspect in a cdktn 0.24 app", () => {
  it("is a cdktn IAspect, added where cdktn's synthesizer looks", () => {
    const stack = new TerraformStack(Testing.app({ outdir: tempOutdir() }), "stack");
    const aspect: IAspect = RedisPolicyAspect.applyTo(stack);
    expect(Aspects.of(stack).all).toEqual([aspect]);
  });

  describe.each([V4, V3])("the fixture table through cdktn synthesis (%s)", (attribute) => {
    it.each(fixture.cases.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
      const stack = cdktnStack(testCase.options);
      const value = testCase.settings.nonSslPortEnabled;
      const synthesized = isUnknownMarker(value) ? new TerraformVariable(stack, "open", { type: "bool" }).booleanValue : encodeFixtureValue(value, "terraform");
      new CdktnRedis(stack, "cache", value === undefined ? {} : { [attribute]: synthesized });
      Testing.synth(stack);
      expect(verdictFromAnnotations(stack, "stack/cache")).toBe(testCase.expect);
    });
  });

  it("overrides count, as in cdktf", () => {
    const stack = cdktnStack();
    new CdktnRedis(stack, "cache", { [V4]: false }).addOverride(V4, true);
    new CdktnRedis(stack, "fixed", { [V4]: true }).addOverride(V4, false);
    Testing.synth(stack);
    expect(ruleAnnotationsUnder(stack).map((a) => [a.path, a.level])).toEqual([["stack/cache", "error"]]);
  });

  it("app.synth() fails on a violation; in CLI mode the manifest holds the error", () => {
    const failing = new App({ outdir: tempOutdir(), stackTraces: false });
    new CdktnRedis(new TerraformStack(failing, "stack"), "cache", { [V4]: true });
    RedisPolicyAspect.applyTo(failing);
    expect(() => failing.synth()).toThrow(/\[stack\/cache\] Azure\.Redis\.NonSslPort: /);

    const outdir = tempOutdir();
    withEnv("CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS", "true", () => {
      const app = new App({ outdir, stackTraces: false });
      new CdktnRedis(new TerraformStack(app, "stack"), "cache", { [V3]: "true" });
      RedisPolicyAspect.applyTo(app);
      app.synth();
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { annotations: { constructPath: string; level: string; message: string }[] }>;
    };
    expect(manifest.stacks["stack"]!.annotations.filter((a) => a.message.startsWith(`${RULE_ID}:`))).toEqual([
      { constructPath: "stack/cache", level: "@cdktf/error", message: expect.stringContaining(`'${V3}' enables the non-SSL port`) },
    ]);
  });

  it("cdktn does not apply an App-level aspect either; applyTo(app) guards every stack", () => {
    const unguarded = new App({ outdir: tempOutdir(), stackTraces: false });
    new CdktnRedis(new TerraformStack(unguarded, "stack"), "cache", { [V4]: true });
    const visited: string[] = [];
    Aspects.of(unguarded).add({ visit: (node: IConstruct) => void visited.push(node.node.path) });
    Aspects.of(unguarded).add(new RedisPolicyAspect());
    expect(() => unguarded.synth()).not.toThrow();
    expect(visited).toEqual([]);

    const guarded = new App({ outdir: tempOutdir(), stackTraces: false });
    for (const id of ["one", "two"]) new CdktnRedis(new TerraformStack(guarded, id), "cache", { [V4]: true });
    RedisPolicyAspect.applyTo(guarded, { level: "warning" });
    guarded.synth();
    expect(ruleAnnotationsUnder(guarded).map((a) => [a.path, a.level])).toEqual([
      ["one/cache", "warning"],
      ["two/cache", "warning"],
    ]);
  });

  it("fix mode writes false into cdk.tf.json", () => {
    const app = new App({ outdir: tempOutdir(), stackTraces: false });
    new CdktnRedis(new TerraformStack(app, "stack"), "cache", { [V3]: true });
    RedisPolicyAspect.applyTo(app, { fix: true });
    app.synth();
    const written = JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", "stack", "cdk.tf.json"), "utf8")) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(written.resource["azurerm_redis_cache"]!["cache"]![V3]).toBe(false);
    expect(ruleAnnotationsUnder(app).map((a) => a.level)).toEqual(["info"]);
  });

  it("the other rules and the rules option work as in cdktf", () => {
    const annotationsOf = (options: RedisPolicyAspectOptions | undefined, attributes: Record<string, unknown>) => {
      const stack = cdktnStack(options);
      new CdktnRedis(stack, "cache", attributes);
      Testing.synth(stack);
      return annotationsUnder(stack).map((a) => [a.message.slice(0, a.message.indexOf(":")), a.level]);
    };
    // Defaults: the advisory rules whose attribute is unset warn; a TLS 1.0 minimum is a mandatory error.
    expect(annotationsOf(undefined, { [V4]: false, minimum_tls_version: "1.0" })).toEqual([
      ["Azure.Redis.MinTLS", "error"],
      ...BARE_CACHE_WARNINGS.map((id) => [id, "warning"]),
    ]);
    // Disabled, mandatory, and a compliant block written as a one-element list.
    expect(
      annotationsOf(
        { rules: { "Azure.Redis.PublicNetworkAccess": { enforcement: "disabled" }, "Azure.Redis.LocalAuth": { enforcement: "mandatory" } } },
        { redis_configuration: [{ active_directory_authentication_enabled: true }] },
      ),
    ).toEqual([
      ["Azure.Redis.LocalAuth", "error"],
      [CACHE_RETIRING, "warning"],
    ]);
    expect(annotationsOf(undefined, COMPLIANT_CACHE_ATTRIBUTES)).toEqual([[CACHE_RETIRING, "warning"]]);
    // The filter every NonSslPort test here relies on: it keeps exactly that rule's annotations.
    const stack = cdktnStack();
    new CdktnRedis(stack, "cache", { [V4]: true });
    Testing.synth(stack);
    expect(ofRule(annotationsUnder(stack)).map((a) => a.level)).toEqual(["error"]);
    expect(annotationsUnder(stack)).toHaveLength(1 + BARE_CACHE_WARNINGS.length);
  });

  it("never loaded cdktf: the aspect used the cdktn module that built the app", () => {
    const loaded = Object.keys(require.cache);
    expect(loaded.some((file) => file.includes(`${path.sep}node_modules${path.sep}cdktn${path.sep}`))).toBe(true);
    expect(loaded.filter((file) => file.includes(`${path.sep}node_modules${path.sep}cdktf${path.sep}`))).toEqual([]);
  });
});
