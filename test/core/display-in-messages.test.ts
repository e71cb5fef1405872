import { describe, expect, it } from "vitest";
import { allRules, buildResourceView, evaluateRule, findTerraformBinding, parseRuleConfig } from "../../policies";
import { parseExemptionTagValue, readExemptionTags } from "../../policies/internal";

/**
 * The core's messages reach a terminal on every surface (a Pulumi preview's diagnostics, a CDKTF synth's
 * annotations, `check`'s report): text from the user's code inside them has its control characters escaped,
 * and an exemption reason holding one is refused (issue 19).
 */
// eslint-disable-next-line no-control-regex -- what must never reach a terminal from the input
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069]/;

describe("text from the user's code in the core's messages", () => {
  const binding = findTerraformBinding("azurerm_redis_cache")!;
  const rule = allRules.find((r) => r.id === "Azure.Redis.NonSslPort")!;
  const CONFIG = parseRuleConfig({}, "test");

  it("a resource name with a line-rewriting sequence is shown escaped, every occurrence", () => {
    const name = "cache\u001b[2K\rFAKE \u2714 ok\u001b[0m\u202e";
    const view = buildResourceView(binding, name, { non_ssl_port_enabled: true }, "resolved");
    const finding = evaluateRule(rule, view, CONFIG, { identifiers: [name], now: Date.now() });
    expect(finding.message).not.toMatch(RAW_CONTROL);
    expect(finding.message).toContain("'cache\\u001b[2K\\rFAKE \u2714 ok\\u001b[0m\\u202e'");
  });

  it.each([
    ["a line feed", "reason\nsecond line"],
    ["a C1 control", "reason\u0085next"],
    ["a right-to-left override", "reason \u202eCHG-1"],
    ["a zero-width space", "reason\u200bhidden"],
  ])("an exemption reason with %s is refused", (_what, reason) => {
    const parsed = parseExemptionTagValue(`Azure.Redis.NonSslPort; ${reason}`, allRules);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? "" : parsed.problem).toContain("has a control character");
  });

  it("an unknown rule id is quoted with every control character escaped", () => {
    const parsed = parseExemptionTagValue("Azure.Redis.No\u001b[2K\u001b[2K; reason", allRules);
    expect(parsed.ok).toBe(false);
    const problem = parsed.ok ? "" : parsed.problem;
    expect(problem).not.toMatch(RAW_CONTROL);
    expect(problem).toContain("'Azure.Redis.No\\u001b[2K\\u001b[2K'");
  });

  it("a refused tag's key is shown escaped in what the finding says about it", () => {
    const read = readExemptionTags({ "redis-guard-exempt\u001b[2K": "Azure.Redis.NonSslPort; CHG-1" }, "terraform", allRules);
    const view = buildResourceView(binding, "cache", { non_ssl_port_enabled: true }, "resolved");
    const finding = evaluateRule(rule, view, CONFIG, { identifiers: ["cache"], now: Date.now(), inCodeExemptions: () => read });
    expect(finding.message).toContain("redis-guard-exempt\\u001b[2K");
    expect(finding.message).not.toMatch(RAW_CONTROL);
  });
});
