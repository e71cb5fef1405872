/**
 * `RedisPolicyAspect.exempt()` and exemption tags in a CDK Terrain (`cdktn`) app. Like cdktn.test.ts, this
 * file loads nothing of `cdktf`, so it also checks that exempting never loads it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformResource, TerraformStack, Testing, type TerraformMetaArguments } from "cdktn";
import { Construct } from "constructs";
import { afterAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect } from "../../cdktf-aspect/index";
import { RULE_ID, V4, removeTempDirs, ruleAnnotationsUnder, tempOutdir } from "./support";

afterAll(removeTempDirs);

class CdktnRedis extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly attributes: Record<string, unknown>, meta: TerraformMetaArguments = {}) {
    super(scope, id, { terraformResourceType: "azurerm_redis_cache", ...meta });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { name: this.node.id, location: "westeurope", ...this.attributes };
  }
}

describe("exemptions in a cdktn 0.24 app", () => {
  it("exempt() on a scope and a tag on a resource: info instead of errors; the rest still fails", () => {
    const stack = new TerraformStack(Testing.app({ outdir: tempOutdir() }), "stack");
    const legacy = new Construct(stack, "legacy");
    new CdktnRedis(legacy, "sessions", { [V4]: true });
    new CdktnRedis(stack, "tagged", { [V4]: true, tags: { "redis-guard-exempt": `${RULE_ID}; client without TLS` } });
    new CdktnRedis(stack, "open", { [V4]: true });
    RedisPolicyAspect.exempt(legacy, { rule: RULE_ID, reason: "legacy team" });
    RedisPolicyAspect.applyTo(stack);
    Testing.synth(stack);
    expect(ruleAnnotationsUnder(stack).map((a) => [a.path, a.level])).toEqual([
      ["stack/legacy/sessions", "info"],
      ["stack/tagged", "info"],
      ["stack/open", "error"],
    ]);
  });

  it("a real synth writes the record into cdk.tf.json and the exemption into manifest.json", () => {
    const app = new App({ outdir: tempOutdir(), stackTraces: false });
    const stack = new TerraformStack(app, "terrain");
    const cache = new CdktnRedis(stack, "legacy", { [V4]: true });
    RedisPolicyAspect.exempt(cache, { rule: RULE_ID, reason: "CHG-7", expires: "2099-06-30" });
    RedisPolicyAspect.applyTo(stack, { allowInCodeExemptions: true, rules: { "Azure.Redis.PublicNetworkAccess": { enforcement: "disabled" }, "Azure.Redis.LocalAuth": { enforcement: "disabled" }, "Azure.Redis.EntraID": { enforcement: "disabled" } } });
    app.synth();
    const written = JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", "terrain", "cdk.tf.json"), "utf8")) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(Object.values(written.resource["azurerm_redis_cache"]!)[0]!["//"]).toMatchObject({
      "azure-redis-guard": { exemptions: [{ construct: "terrain/legacy", rules: [RULE_ID], reason: "CHG-7", expires: "2099-06-30" }] },
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { annotations: { message: string }[] }> };
    expect(manifest.stacks["terrain"]!.annotations.map((a) => a.message)).toContain(
      `azure-redis-guard: ${RULE_ID} not enforced on 'terrain/legacy' and every resource below it until 2099-06-30: CHG-7 (RedisPolicyAspect.exempt()).`,
    );
  });

  it("allowInCodeExemptions: false refuses them", () => {
    const stack = new TerraformStack(Testing.app({ outdir: tempOutdir() }), "stack");
    RedisPolicyAspect.exempt(new CdktnRedis(stack, "legacy", { [V4]: true }), { rule: RULE_ID, reason: "r" });
    RedisPolicyAspect.applyTo(stack, { allowInCodeExemptions: false });
    Testing.synth(stack);
    const [error] = ruleAnnotationsUnder(stack);
    expect(error).toMatchObject({ path: "stack/legacy", level: "error" });
    expect(error!.message).toContain("was refused: allowInCodeExemptions is false");
  });

  it("never loaded cdktf", () => {
    const loaded = Object.keys(require.cache);
    expect(loaded.filter((file) => file.includes(`${path.sep}node_modules${path.sep}cdktf${path.sep}`))).toEqual([]);
  });
});
