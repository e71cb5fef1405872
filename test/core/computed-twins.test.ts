import { describe, expect, it } from "vitest";
import { buildResourceView, redisLocalAuth, redisNonSslPort } from "../../policies";
import { applyUnknownMask, DerivedValue } from "../../policies/internal";
import { azurermProviderContext, findTerraformBinding, resolveComputedTwins } from "../../policies/terraform";

const WHY = "the plan only knows it after apply";
const binding = findTerraformBinding("azurerm_redis_cache")!;

/** The NonSslPort verdict on a 3.x plan's values, after the twins are resolved and the mask laid over them. */
function nonSsl(after: Record<string, unknown>, afterUnknown: Record<string, unknown>, written: string[] | undefined) {
  const planned = resolveComputedTwins("azurerm_redis_cache", { after, afterUnknown }, written ? new Set(written) : undefined);
  const view = buildResourceView(binding, "azurerm_redis_cache.c", applyUnknownMask(planned.after, planned.afterUnknown, WHY), "resolved");
  return redisNonSslPort.evaluate(view);
}

describe("resolveComputedTwins: a twin azurerm 3.x computes takes the written twin's value (from the facts)", () => {
  it.each([
    ["old twin written false", { enable_non_ssl_port: false }, { non_ssl_port_enabled: true }, ["enable_non_ssl_port"], "pass", "'enable_non_ssl_port' is false; 'non_ssl_port_enabled' is computed from it"],
    ["old twin written true", { enable_non_ssl_port: true }, { non_ssl_port_enabled: true }, ["enable_non_ssl_port"], "fail", "'enable_non_ssl_port' is true; 'non_ssl_port_enabled' is computed from it"],
    ["neither written: the old twin's default", { enable_non_ssl_port: false }, { non_ssl_port_enabled: true }, [], "pass", "'enable_non_ssl_port' is not set and defaults to false"],
    ["old twin null in after: its default from the facts", { enable_non_ssl_port: null }, { non_ssl_port_enabled: true }, [], "pass", "defaults to false"],
    ["new twin written (var.flag, unknown): stays unknown", { enable_non_ssl_port: false }, { non_ssl_port_enabled: true }, ["non_ssl_port_enabled"], "unknown", "is not known"],
    ["old twin unknown: the computed twin stays unknown", {}, { enable_non_ssl_port: true, non_ssl_port_enabled: true }, ["enable_non_ssl_port"], "unknown", "is not known"],
    ["no configuration: nothing is known about what was written", { enable_non_ssl_port: false }, { non_ssl_port_enabled: true }, undefined, "unknown", "is not known"],
    ["a 4.x plan (no old twin in after): untouched", {}, { non_ssl_port_enabled: true }, [], "unknown", "is not known"],
    ["an old twin that is not a boolean: fails closed, never a pass", { enable_non_ssl_port: "yes" }, { non_ssl_port_enabled: true }, ["enable_non_ssl_port"], "fail", "fails closed"],
  ])("%s", (_label, after, afterUnknown, written, status, text) => {
    const verdict = nonSsl(after, afterUnknown, written);
    expect(verdict.status).toBe(status);
    expect(verdict.message).toContain(text);
  });

  it("marks the derived value with its provenance and takes it out of the mask, without touching its inputs", () => {
    const after = { enable_non_ssl_port: false };
    const afterUnknown = { non_ssl_port_enabled: true, id: true };
    const planned = resolveComputedTwins("azurerm_redis_cache", { after, afterUnknown }, new Set(["enable_non_ssl_port"]));
    expect((planned.after as Record<string, unknown>)["non_ssl_port_enabled"]).toBeInstanceOf(DerivedValue);
    expect(planned.afterUnknown).toEqual({ non_ssl_port_enabled: false, id: true });
    expect(after).toEqual({ enable_non_ssl_port: false });
    expect(afterUnknown).toEqual({ non_ssl_port_enabled: true, id: true });
  });
});

describe("azurermProviderContext: fixes name only what the input's provider has", () => {
  it.each([
    ["3.x attribute names", { attributeNames: ["enable_non_ssl_port", "non_ssl_port_enabled"] }, "azurerm 3.x", true],
    ["a ~> 3.116 constraint", { versionConstraint: "~> 3.116" }, "azurerm 3.x", true],
    ["4.x attribute names", { attributeNames: ["access_keys_authentication_enabled", "non_ssl_port_enabled"] }, "azurerm 4.x or azurerm 5.x", false],
  ])("%s", (_label, query, label, lacks) => {
    const context = azurermProviderContext({ resourceType: "azurerm_redis_cache", ...query });
    expect(context?.label).toBe(label);
    expect(context?.unavailable("access_keys_authentication_enabled") !== undefined).toBe(lacks);
    expect(context?.unavailable("non_ssl_port_enabled")).toBeUndefined();
  });

  it("nothing known: no context, and the fix names the argument as before", () => {
    expect(azurermProviderContext({ resourceType: "azurerm_redis_cache" })).toBeUndefined();
  });

  it("LocalAuth's fix on a 3.x view says to upgrade or record an exemption", () => {
    const provider = azurermProviderContext({ resourceType: "azurerm_redis_cache", versionConstraint: "~> 3.116" })!;
    const view = { ...buildResourceView(binding, "c", { enable_non_ssl_port: false }, "resolved"), provider };
    const verdict = redisLocalAuth.evaluate(view);
    expect(verdict.status).toBe("fail");
    expect(verdict.message).not.toContain("set 'access_keys_authentication_enabled'");
    expect(verdict.message).toContain("upgrade to azurerm 4.x and turn it off there once clients authenticate with Entra ID, or record an exemption with a reason");
  });
});
