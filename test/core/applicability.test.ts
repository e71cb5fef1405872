import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { allRules, buildResourceView, evaluateResource, ruleApplies } from "../../policies";
import { pulumiBindings, type PulumiBinding } from "../../policies/pulumi";
import { terraformBindings, type TerraformBinding } from "../../policies/terraform";
import { TOKEN_OF_BINDING } from "../support/tokens";

/**
 * A rule applies to a resource type when its kind is the rule's and its binding maps a setting the rule
 * reads. The types of a rule's kinds that cannot express its setting are few, named here and in the
 * rule's docs page: a type that silently drops out of a rule would be a gap nobody sees.
 */
const typeOf = (binding: PulumiBinding | TerraformBinding): string =>
  "terraformType" in binding ? binding.terraformType : TOKEN_OF_BINDING[`${binding.family}/${binding.kind}`]!;

const NOT_EXPRESSIBLE: Readonly<Record<string, readonly string[]>> = {
  "Azure.RedisEnterprise.PublicNetworkAccess": ["azure:redis/enterpriseCluster:EnterpriseCluster", "azurerm_redis_enterprise_cluster"],
  "Azure.RedisEnterprise.LocalAuth": ["azure:redis/enterpriseDatabase:EnterpriseDatabase", "azurerm_redis_enterprise_database"],
};

describe("which resource types each rule applies to", () => {
  const bindings = [...pulumiBindings, ...terraformBindings];

  it.each(allRules.map((rule) => [rule.id, rule] as const))("%s: only the types that cannot express its setting drop out, and its page names them", (id, rule) => {
    const dropped = bindings.filter((b) => rule.resourceKinds.includes(b.kind) && !ruleApplies(rule, b)).map(typeOf);
    expect(dropped.sort()).toEqual([...(NOT_EXPRESSIBLE[id] ?? [])].sort());
    const page = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "rules", `${id}.md`), "utf8");
    for (const type of dropped) expect(page, `docs/rules/${id}.md names ${type}`).toMatch(new RegExp(`\`${type}\`[^\\n]*\\*\\*none\\*\\*`));
  });

  it("a rule that reads no setting applies to its whole kind", () => {
    const migrate = allRules.find((r) => r.id === "Azure.Redis.MigrateAMR")!;
    expect(migrate.settingsRead).toEqual([]);
    expect(bindings.filter((b) => ruleApplies(migrate, b)).map((b) => b.kind)).toEqual(bindings.filter((b) => b.kind === "redisCache").map((b) => b.kind));
  });

  it("evaluateResource uses the same test on a view", () => {
    const cluster = terraformBindings.find((b) => b.terraformType === "azurerm_redis_enterprise_cluster")!;
    const view = buildResourceView(cluster, "c", { sku_name: "Enterprise_E10-2" }, "terraform");
    const ids = evaluateResource(allRules, view, () => ({}), { identifiers: ["c"] }).map((f) => f.rule.id);
    expect(ids.sort()).toEqual(["Azure.RedisEnterprise.MigrateAMR", "Azure.RedisEnterprise.MinTLS"]);
  });
});
