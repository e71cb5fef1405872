import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runNode } from "../support/cli";
import { REPO_ROOT } from "../support/pack";

describe("npm run demo", () => {
  it("checks both examples, names their violating resources, ends with the two-line summary and exits 0", async () => {
    const started = Date.now();
    // What `npm run demo` runs (package.json), without npm in between.
    const run = await runNode(["-r", "ts-node/register/transpile-only", path.join(REPO_ROOT, "scripts", "demo.ts")], { timeoutMs: 120_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const out = run.stdout;
    // The Pulumi report, then the CDKTF synth (the aspect's error annotation) and report.
    expect(out).toContain("$ azure-redis-guard check examples/pulumi-azure-native");
    expect(out).toMatch(/✖ legacy-cache\s+azure-native:redis:Redis[\s\S]*FAIL\s+Azure\.Redis\.NonSslPort/);
    expect(out).toContain("[ERROR] violating/legacy-cache: Azure.Redis.NonSslPort");
    expect(out).toMatch(/✖ azurerm_redis_cache\.legacy-cache[\s\S]*construct violating\/legacy-cache[\s\S]*FAIL\s+Azure\.Redis\.NonSslPort/);
    const lines = out.trimEnd().split("\n");
    expect(lines.at(-2)).toMatch(/^Caught: Pulumi 'legacy-cache' and CDKTF 'violating\/legacy-cache' .*Azure\.Redis\.NonSslPort/);
    expect(lines.at(-1)).toMatch(/^Passed: Pulumi 'compliant-cache' and CDKTF 'compliant\/compliant-cache'/);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);
});
