import * as fs from "node:fs";
import * as path from "node:path";
import { App, Aspects, TerraformStack } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RedisCache } from "@cdktf/provider-azurerm/lib/redis-cache";
import { afterAll, describe, expect, it } from "vitest";
import { RedisPolicyAspect } from "../../cdktf-aspect/index";
import { COMPLIANT_CACHE, appWithStack } from "./cdktf-support";
import { COMPLIANT_CACHE_ATTRIBUTES, RULE_ID, V4, annotationsUnder, removeTempDirs, tempOutdir, withEnv, writtenStack } from "./support";

afterAll(removeTempDirs);

const CONTINUE_ON_ERRORS = "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS";

/**
 * A stack with one cache that complies with every rule except, with `nonSslPortEnabled: true`,
 * Azure.Redis.NonSslPort: so what the manifest and the thrown error hold can be compared exactly.
 */
function addStack(app: App, id: string, nonSslPortEnabled: boolean): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, nonSslPortEnabled });
  return stack;
}

interface ManifestAnnotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
}

function manifestAnnotations(app: App): Record<string, ManifestAnnotation[]> {
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { annotations: ManifestAnnotation[] }>;
  };
  return Object.fromEntries(Object.entries(manifest.stacks).map(([name, stack]) => [name, stack.annotations]));
}

describe("a violation fails synthesis the way a user sees it", () => {
  it("app.synth() throws, naming the construct and the rule, and writes no stack", () => {
    const { app, stack } = appWithStack();
    new RedisCache(stack, "cache", { ...COMPLIANT_CACHE, nonSslPortEnabled: true });
    RedisPolicyAspect.applyTo(app);
    expect(() => app.synth()).toThrow(/Encountered Annotations with level "ERROR":\n\[stack\/cache\] Azure\.Redis\.NonSslPort: /);
    expect(fs.existsSync(path.join(app.outdir, "stacks", "stack", "cdk.tf.json"))).toBe(false);
  });

  it(`with ${CONTINUE_ON_ERRORS} (what \`cdktf synth\` sets), the error is in the manifest for the CLI to fail on`, () => {
    // The variable is read when a stack is constructed, so the whole app is built inside it.
    const app = withEnv(CONTINUE_ON_ERRORS, "true", () => {
      const built = new App({ outdir: tempOutdir(), stackTraces: false });
      addStack(built, "bad", true);
      const unknown = addStack(built, "unknown", false);
      (unknown.node.findChild("cache") as RedisCache).addOverride(V4, "${var.open}");
      addStack(built, "good", false);
      RedisPolicyAspect.applyTo(built);
      built.synth();
      return built;
    });
    const annotations = manifestAnnotations(app);
    // Every cache also carries the advisory retirement notice (Azure.Redis.MigrateAMR): a warning.
    const notice = (stack: string) => ({ constructPath: `${stack}/cache`, level: "@cdktf/warn", message: expect.stringMatching(/^Azure\.Redis\.MigrateAMR: /) });
    expect(annotations["bad"]).toEqual([
      { constructPath: "bad/cache", level: "@cdktf/error", message: expect.stringMatching(new RegExp(`^${RULE_ID}: Redis cache 'bad/cache' accepts unencrypted`)) },
      notice("bad"),
    ]);
    expect(annotations["unknown"]).toEqual([
      { constructPath: "unknown/cache", level: "@cdktf/warn", message: expect.stringContaining("cannot be verified") },
      notice("unknown"),
    ]);
    expect(annotations["good"]).toEqual([notice("good")]);
    // Synthesis went on: every stack was written, the violating one as it is.
    expect(writtenStack(app, "bad").resource?.["azurerm_redis_cache"]?.["cache"]?.[V4]).toBe(true);
    expect(writtenStack(app, "good").resource?.["azurerm_redis_cache"]?.["cache"]?.[V4]).toBe(false);
  });

  it("a cache that complies with every setting rule synthesizes with only the retirement notice (default options)", () => {
    const { app, stack } = appWithStack();
    new RedisCache(stack, "cache", COMPLIANT_CACHE);
    RedisPolicyAspect.applyTo(app);
    app.synth();
    expect(annotationsUnder(app).map((a) => [a.level, a.message.slice(0, a.message.indexOf(":"))])).toEqual([["warning", "Azure.Redis.MigrateAMR"]]);
    // The premise: every attribute a rule reads was written with its compliant value.
    expect(writtenStack(app, "stack").resource?.["azurerm_redis_cache"]?.["cache"]).toMatchObject(COMPLIANT_CACHE_ATTRIBUTES);
  });

  it("synthesizing twice neither duplicates an annotation nor changes the outcome", () => {
    const app = withEnv(CONTINUE_ON_ERRORS, "true", () => {
      const built = new App({ outdir: tempOutdir(), stackTraces: false });
      addStack(built, "bad", true);
      RedisPolicyAspect.applyTo(built);
      built.synth();
      built.synth();
      return built;
    });
    // The violation and the retirement notice, once each.
    expect(manifestAnnotations(app)["bad"]).toHaveLength(2);
    expect(annotationsUnder(app)).toHaveLength(2);
  });
});

describe("cdktf 0.21 does not apply an aspect added to the App", () => {
  it("an App-level aspect is never visited, so a violation synthesizes silently", () => {
    const app = new App({ outdir: tempOutdir(), stackTraces: false });
    addStack(app, "bad", true);
    const visited: string[] = [];
    const recorder = { visit: (node: IConstruct) => void visited.push(node.node.path) };
    Aspects.of(app).add(recorder);
    Aspects.of(app).add(new RedisPolicyAspect());
    expect(() => app.synth()).not.toThrow();
    expect(visited).toEqual([]);
    expect(annotationsUnder(app)).toEqual([]);
    expect(writtenStack(app, "bad").resource?.["azurerm_redis_cache"]?.["cache"]?.[V4]).toBe(true);
  });

  it("the same aspect on the stack is visited for the stack and every construct in it", () => {
    const app = new App({ outdir: tempOutdir(), stackTraces: false });
    const stack = addStack(app, "bad", false);
    const visited: string[] = [];
    Aspects.of(stack).add({ visit: (node: IConstruct) => void visited.push(node.node.path) });
    app.synth();
    expect(visited).toEqual(expect.arrayContaining(["bad", "bad/azurerm", "bad/cache"]));
  });
});

describe("RedisPolicyAspect.applyTo(app)", () => {
  it("guards every stack of the app with one aspect", () => {
    const app = new App({ outdir: tempOutdir(), stackTraces: false });
    const stacks = [addStack(app, "one", true), addStack(app, "two", false), addStack(app, "three", true)];
    const aspect = RedisPolicyAspect.applyTo(app);
    for (const stack of stacks) expect(Aspects.of(stack).all).toEqual([aspect]);
    expect(Aspects.of(app).all).toEqual([]);
    let thrown: unknown;
    try {
      app.synth();
    } catch (error) {
      thrown = error;
    }
    expect(String(thrown)).toContain("[one/cache] Azure.Redis.NonSslPort");
    // Stacks synthesize one by one and the first error stops the app: the second violating stack is
    // checked when the first one is fixed. Its annotation is already recorded, though.
    expect(annotationsUnder(app).filter((a) => a.level === "error").map((a) => a.path)).toEqual(["one/cache"]);
  });

  it("a stack created after applyTo(app) is not silently unguarded: app.synth() names it", () => {
    const app = new App({ outdir: tempOutdir(), stackTraces: false });
    addStack(app, "early", false);
    RedisPolicyAspect.applyTo(app);
    addStack(app, "late", true);
    expect(() => app.synth()).toThrow(/RedisPolicyAspect\.applyTo\(app\) ran before stack 'late' was created/);
  });

  it("a late stack guarded on its own is fine", () => {
    const app = new App({ outdir: tempOutdir(), stackTraces: false });
    addStack(app, "early", false);
    RedisPolicyAspect.applyTo(app);
    RedisPolicyAspect.applyTo(addStack(app, "late", true));
    expect(() => app.synth()).toThrow(/\[late\/cache\] Azure\.Redis\.NonSslPort/);
  });

  it("applies the options to every stack", () => {
    const app = withEnv(CONTINUE_ON_ERRORS, "true", () => {
      const built = new App({ outdir: tempOutdir(), stackTraces: false });
      addStack(built, "one", true);
      addStack(built, "two", true);
      RedisPolicyAspect.applyTo(built, { level: "warning" });
      built.synth();
      return built;
    });
    const annotations = manifestAnnotations(app);
    expect([...annotations["one"]!, ...annotations["two"]!].map((a) => [a.constructPath, a.level])).toEqual([
      ["one/cache", "@cdktf/warn"],
      ["one/cache", "@cdktf/warn"],
      ["two/cache", "@cdktf/warn"],
      ["two/cache", "@cdktf/warn"],
    ]);
  });

  it("refuses a scope that is not part of a cdktf app", () => {
    // A construct tree with no cdktf in it: constructs' root takes no scope.
    expect(() => RedisPolicyAspect.applyTo(new Construct(undefined as never, "loose"))).toThrow(/is not a cdktf or cdktn App, TerraformStack or construct inside a stack/);
  });
});
