import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runNode } from "../support/cli";
import { REPO_ROOT } from "../support/pack";

describe("npm run demo", () => {
  it("checks both examples on one screen, names their violating resources, ends with its two results and exits 0", async () => {
    // What `npm run demo` runs (package.json), without npm in between.
    const run = await runNode(["-r", "ts-node/register/transpile-only", path.join(REPO_ROOT, "scripts", "demo.ts")], { timeoutMs: 120_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const out = run.stdout;
    // One screen: a line per resource of each example, the message of each mandatory violation, the two results.
    expect(out.trimEnd().split("\n").length).toBeLessThanOrEqual(40);
    expect(out).toContain("1/2 Pulumi program examples/pulumi-azure-native");
    expect(out).toMatch(/✖ legacy-cache +mandatory: Redis\.NonSslPort; advisory: Redis\.PublicNetworkAccess, Redis\.LocalAuth, Redis\.EntraID, Redis\.MigrateAMR\n/);
    expect(out).toMatch(/✖ managed-redis-db +mandatory: RedisEnterprise\.ClientProtocol; advisory: RedisEnterprise\.LocalAuth\n/);
    // Azure Managed Redis findings, and the retirement notices (advisory: "!").
    expect(out).toMatch(/! compliant-cache +advisory: Redis\.MigrateAMR\n/);
    expect(out).toMatch(/! enterprise-cluster +advisory: RedisEnterprise\.PublicNetworkAccess, RedisEnterprise\.MigrateAMR\n/);
    expect(out).toMatch(/✔ managed-redis +passes 3 rules\n/);
    expect(out).toContain("Azure.Redis.NonSslPort: Redis cache 'legacy-cache' accepts unencrypted connections: 'enableNonSslPort' enables the non-SSL port 6379. Fix:");
    expect(out).toContain("2/2 CDKTF app examples/cdktf-azurerm");
    expect(out).toContain("synth: RedisPolicyAspect annotated 2 error(s) (cdktf synth fails) and 8 warning(s)");
    expect(out).toMatch(/✖ violating\/legacy-cache +mandatory: Redis\.NonSslPort;/);
    expect(out).toMatch(/✖ violating\/managed-redis +mandatory: RedisEnterprise\.ClientProtocol; advisory: RedisEnterprise\.PublicNetworkAccess, RedisEnterprise\.LocalAuth\n/);
    expect(out).toMatch(/! violating\/enterprise-cluster +advisory: RedisEnterprise\.MigrateAMR\n/);
    expect(out).toContain("Azure.RedisEnterprise.ClientProtocol: Azure Managed Redis 'violating/managed-redis' accepts unencrypted connections");
    // The summary: every mandatory violation with its rule, the advisory findings, and what passed.
    const lines = out.trimEnd().split("\n");
    expect(lines.at(-2)).toBe(
      "Caught: 4 mandatory violations — " +
        "Pulumi 'legacy-cache' (Azure.Redis.NonSslPort), 'managed-redis-db' (Azure.RedisEnterprise.ClientProtocol); " +
        "CDKTF 'violating/legacy-cache' (Azure.Redis.NonSslPort), 'violating/managed-redis' (Azure.RedisEnterprise.ClientProtocol); " +
        "plus 16 advisory findings on Pulumi 'legacy-cache', 'enterprise-cluster', 'managed-redis-db', 'compliant-cache' and " +
        "CDKTF 'violating/legacy-cache', 'violating/managed-redis', 'compliant/compliant-cache', 'violating/enterprise-cluster' " +
        "(Azure.Redis.PublicNetworkAccess, Azure.RedisEnterprise.PublicNetworkAccess, Azure.Redis.LocalAuth, Azure.RedisEnterprise.LocalAuth, " +
        "Azure.Redis.EntraID, Azure.Redis.MigrateAMR, Azure.RedisEnterprise.MigrateAMR).",
    );
    expect(lines.at(-1)).toBe(
      "Passed: Pulumi 'managed-redis' (3 rules) and CDKTF 'compliant/managed-redis' (3 rules): every rule that applies to them passes (12 rules checked).",
    );
  }, 120_000);
});
