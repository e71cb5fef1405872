import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildResourceView, redisNonSslPort, UnknownValue, type ResourceView } from "../../policies";
import { terraformBindings } from "../../policies/terraform";

const azurerm = terraformBindings.find((b) => b.terraformType === "azurerm_redis_cache")!;

function terraformView(config: Record<string, unknown>): ResourceView {
  return buildResourceView(azurerm, "stack/cache", config, "terraform");
}

describe("Azure.Redis.NonSslPort metadata", () => {
  it("carries PSRule's id, ref, severity and the MCSB control", () => {
    expect(redisNonSslPort).toMatchObject({
      id: "Azure.Redis.NonSslPort",
      ref: "AZR-000163",
      policyName: "azure-redis-non-ssl-port",
      title: "Use secure connections to Redis instances",
      severity: "critical",
      pillar: "Security",
      category: "Encryption",
      control: { framework: "MCSB", version: "v1", id: "DP-3", title: "Encrypt sensitive data in transit" },
      defaultEnforcement: "mandatory",
      fix: { setting: "nonSslPortEnabled", value: false },
    });
    expect(redisNonSslPort.docsUrl).toMatch(/docs\/rules\/Azure\.Redis\.NonSslPort\.md$/);
    expect(fs.existsSync(path.join(__dirname, "..", "..", "docs", "rules", "Azure.Redis.NonSslPort.md"))).toBe(true);
  });
});

describe("Azure.Redis.NonSslPort with both azurerm attribute names", () => {
  it.each([
    [{ non_ssl_port_enabled: false, enable_non_ssl_port: true }, "fail", ["enable_non_ssl_port"]],
    [{ non_ssl_port_enabled: true, enable_non_ssl_port: false }, "fail", ["non_ssl_port_enabled"]],
    [{ non_ssl_port_enabled: true, enable_non_ssl_port: true }, "fail", ["non_ssl_port_enabled", "enable_non_ssl_port"]],
    [{ non_ssl_port_enabled: false, enable_non_ssl_port: false }, "pass", ["non_ssl_port_enabled", "enable_non_ssl_port"]],
    [{ non_ssl_port_enabled: false }, "pass", ["non_ssl_port_enabled"]],
    [{ enable_non_ssl_port: "TRUE" }, "fail", ["enable_non_ssl_port"]],
    [{ non_ssl_port_enabled: "${var.x}", enable_non_ssl_port: true }, "fail", ["enable_non_ssl_port"]],
    [{ non_ssl_port_enabled: "${var.x}", enable_non_ssl_port: false }, "unknown", ["non_ssl_port_enabled"]],
    [{ non_ssl_port_enabled: "maybe", enable_non_ssl_port: "${local.y}" }, "fail", ["non_ssl_port_enabled"]],
  ] as const)("%j -> %s", (config, status, properties) => {
    const verdict = redisNonSslPort.evaluate(terraformView(config));
    expect(verdict.status).toBe(status);
    expect(verdict.properties).toEqual(properties);
  });

  it("asks for the current provider's name when requireExplicit finds neither", () => {
    const verdict = redisNonSslPort.evaluate(terraformView({}), { requireExplicit: true });
    expect(verdict.status).toBe("fail");
    expect(verdict.message).toContain("does not set 'non_ssl_port_enabled'");
  });
});

describe("messages never carry property values", () => {
  const marker = "MARKER-7f3a9c";
  it.each([
    ["a string", { non_ssl_port_enabled: marker }],
    ["a long string", { non_ssl_port_enabled: marker.repeat(1000) }],
    ["an object", { non_ssl_port_enabled: { nested: marker } }],
    ["a list", { non_ssl_port_enabled: [marker] }],
    ["an expression", { non_ssl_port_enabled: `\${var.${marker}}` }],
  ])("%s", (_kind, config) => {
    const verdict = redisNonSslPort.evaluate(terraformView(config));
    expect(verdict.status).not.toBe("pass");
    expect(verdict.message).not.toContain(marker);
  });
});

describe("unknown values built by hand", () => {
  it("reads an UnknownValue as unknown, never pass", () => {
    const view: ResourceView = {
      kind: "redisCache",
      displayName: "c",
      settings: { nonSslPortEnabled: [{ property: "p", value: new UnknownValue("test") }] },
    };
    expect(redisNonSslPort.evaluate(view).status).toBe("unknown");
  });

  it("is not applicable to other kinds: the rule lists only redisCache", () => {
    expect(redisNonSslPort.resourceKinds).toEqual(["redisCache"]);
  });
});

describe("verdicts are plain records when serialized", () => {
  it("JSON carries the message composed on read", () => {
    const verdict = redisNonSslPort.evaluate(terraformView({ non_ssl_port_enabled: true }));
    const json = JSON.parse(JSON.stringify(verdict)) as Record<string, unknown>;
    expect(json).toEqual({
      ruleId: "Azure.Redis.NonSslPort",
      status: "fail",
      reason: "non-compliant",
      properties: ["non_ssl_port_enabled"],
      message: verdict.message,
    });
    expect(verdict.message).toContain("'stack/cache'");
  });
});
