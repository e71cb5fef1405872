import { describe, expect, it } from "vitest";
import { ConfigError, parseRuleConfig } from "../../policies";
import { findExemption, parseExpiry, policyNameOf } from "../../policies/internal";

describe("parseRuleConfig", () => {
  it("accepts the documented shape", () => {
    expect(
      parseRuleConfig({ requireExplicit: true, exemptions: [{ resource: "legacy-*", reason: "migration", expires: "2027-01-31" }] }, "p"),
    ).toEqual({ requireExplicit: true, exemptions: [{ resource: "legacy-*", reason: "migration", expires: "2027-01-31" }] });
    expect(parseRuleConfig(undefined, "p")).toEqual({});
    expect(parseRuleConfig({}, "p")).toEqual({});
  });

  it.each([
    ["not an object", "p", "p"],
    [{ requireExplicit: "yes" }, "p", "p.requireExplicit"],
    [{ requireExplict: true }, "p", "p.requireExplict"],
    [{ exemptions: {} }, "p", "p.exemptions"],
    [{ exemptions: [null] }, "p", "p.exemptions[0]"],
    [{ exemptions: [{ resource: "", reason: "r" }] }, "p", "p.exemptions[0].resource"],
    [{ exemptions: [{ resource: "x", reason: "  " }] }, "p", "p.exemptions[0].reason"],
    [{ exemptions: [{ resource: "x" }] }, "p", "p.exemptions[0].reason"],
    [{ exemptions: [{ resource: "x", reason: "r", expires: "next week" }] }, "p", "p.exemptions[0].expires"],
    [{ exemptions: [{ resource: "x", reason: "r", expires: "2026-02-30" }] }, "p", "p.exemptions[0].expires"],
    [{ exemptions: [{ resource: "x", reason: "r", expires: 20261231 }] }, "p", "p.exemptions[0].expires"],
    [{ exemptions: [{ resource: "x", reason: "r", owner: "me" }] }, "p", "p.exemptions[0].owner"],
  ])("refuses %j naming %s", (raw, prefix, field) => {
    let caught: unknown;
    try {
      parseRuleConfig(raw, prefix);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).field).toBe(field);
    expect((caught as ConfigError).message.startsWith(field)).toBe(true);
    // Shown to users as is: no stack frames.
    expect((caught as ConfigError).stack).not.toMatch(/\n\s+at /);
  });
});

describe("exemptions", () => {
  const day = Date.UTC(2026, 5, 15, 12);
  it("expire at the end of an ISO date (UTC) or at an instant", () => {
    expect(parseExpiry("2026-06-15")).toBe(Date.UTC(2026, 5, 15, 23, 59, 59, 999));
    expect(parseExpiry("2026-06-15T10:00:00Z")).toBe(Date.UTC(2026, 5, 15, 10));
    expect(parseExpiry("2026-06-15T10:00:00")).toBeUndefined();
  });

  it("match by glob on any identifier; active wins over expired", () => {
    const exemptions = [
      { resource: "legacy-*", reason: "old", expires: "2026-06-14" },
      { resource: "urn:pulumi:prod::*::legacy-cache", reason: "prod migration" },
    ];
    expect(findExemption(exemptions, ["legacy-cache"], day)).toMatchObject({ state: "expired", exemption: { reason: "old" } });
    expect(findExemption(exemptions, ["urn:pulumi:prod::proj::azure-native:cache/v20230401:Redis::legacy-cache", "legacy-cache"], day)).toMatchObject({
      state: "active",
      exemption: { reason: "prod migration" },
    });
    expect(findExemption(exemptions, ["other"], day)).toBeUndefined();
    expect(findExemption([{ resource: "a?c", reason: "r" }], ["abc"], day)?.state).toBe("active");
    expect(findExemption([{ resource: "a.c", reason: "r" }], ["abc"], day)).toBeUndefined();
  });
});

describe("policyNameOf", () => {
  it.each([
    ["Azure.Redis.NonSslPort", "azure-redis-non-ssl-port"],
    ["Azure.Redis.MinTLS", "azure-redis-min-tls"],
    ["Azure.Redis.PublicNetworkAccess", "azure-redis-public-network-access"],
    ["Azure.Redis.LocalAuth", "azure-redis-local-auth"],
    ["Azure.Redis.EntraID", "azure-redis-entra-id"],
    ["Azure.Redis.Version", "azure-redis-version"],
    ["Azure.RedisEnterprise.MinTLS", "azure-redis-enterprise-min-tls"],
    ["Azure.RedisEnterprise.ClientProtocol", "azure-redis-enterprise-client-protocol"],
  ])("%s -> %s", (id, name) => {
    expect(policyNameOf(id)).toBe(name);
  });
});
