import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runNode } from "../support/cli";
import { REPO_ROOT } from "../support/pack";

describe("npm run demo", () => {
  it("checks both examples, names their violating resources, ends with the two-line summary and exits 0", async () => {
    // What `npm run demo` runs (package.json), without npm in between.
    const run = await runNode(["-r", "ts-node/register/transpile-only", path.join(REPO_ROOT, "scripts", "demo.ts")], { timeoutMs: 120_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const out = run.stdout;
    // The Pulumi report, then the CDKTF synth (the aspect's error annotations) and report.
    expect(out).toContain("$ azure-redis-guard check examples/pulumi-azure-native");
    expect(out).toMatch(/✖ legacy-cache\s+azure-native:redis:Redis[\s\S]*FAIL\s+Azure\.Redis\.NonSslPort/);
    expect(out).toMatch(/✖ managed-redis-db\s+azure-native:redisenterprise:Database[\s\S]*FAIL\s+Azure\.RedisEnterprise\.ClientProtocol/);
    expect(out).toContain("[ERROR] violating/legacy-cache: Azure.Redis.NonSslPort");
    expect(out).toContain("[ERROR] violating/managed-redis: Azure.RedisEnterprise.ClientProtocol");
    expect(out).toContain("RedisPolicyAspect reported 2 error annotation(s) and 8 warning annotation(s)");
    // Azure Managed Redis findings on both surfaces, and the retirement notices.
    expect(out).toMatch(/✖ managed-redis-db\s+azure-native:redisenterprise:Database[\s\S]*?FAIL\s+Azure\.RedisEnterprise\.LocalAuth\s+high\s+advisory/);
    expect(out).toMatch(/! enterprise-cluster\s+azure-native:redisenterprise:RedisEnterprise[\s\S]*?FAIL\s+Azure\.RedisEnterprise\.PublicNetworkAccess[\s\S]*?FAIL\s+Azure\.RedisEnterprise\.MigrateAMR \(AZR-000534\)\s+high\s+advisory/);
    expect(out).toMatch(/✖ azurerm_managed_redis\.managed-redis[\s\S]*?FAIL\s+Azure\.RedisEnterprise\.PublicNetworkAccess\s+critical\s+advisory[\s\S]*?FAIL\s+Azure\.RedisEnterprise\.LocalAuth\s+high\s+advisory/);
    expect(out).toMatch(/! azurerm_redis_enterprise_cluster\.enterprise-cluster[\s\S]*?FAIL\s+Azure\.RedisEnterprise\.MigrateAMR \(AZR-000534\)/);
    expect(out).toMatch(/! azurerm_redis_cache\.compliant-cache[\s\S]*?FAIL\s+Azure\.Redis\.MigrateAMR \(AZR-000533\)\s+high\s+advisory/);
    expect(out).toMatch(/✖ azurerm_redis_cache\.legacy-cache[\s\S]*construct violating\/legacy-cache[\s\S]*FAIL\s+Azure\.Redis\.NonSslPort/);
    expect(out).toMatch(/✖ azurerm_managed_redis\.managed-redis[\s\S]*construct violating\/managed-redis[\s\S]*FAIL\s+Azure\.RedisEnterprise\.ClientProtocol/);
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
