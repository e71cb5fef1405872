import { describe, expect, it } from "vitest";
import { buildResourceView, redisMinTls, redisNonSslPort } from "../../policies";
import { readBoolean, readString, normalizeRawValue } from "../../policies/internal";
import { PULUMI_UNDECRYPTED_SECRET_PLACEHOLDER, UNDECRYPTED_PULUMI_SECRET } from "../../policies/core/values";
import { findPulumiBinding } from "../../policies/pulumi";
import { terraformBindings } from "../../policies/terraform";

const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

/**
 * The engine's "[secret]" is the Pulumi engine's own placeholder (its blinding decrypter) for a secret it
 * could not decrypt, so only the Pulumi dialect reads it as unknown. In Terraform configuration, or values
 * Terraform resolved, nothing writes it: there it is a string like any other, and a boolean setting holding
 * it fails closed.
 */
describe('"[secret]" in the core', () => {
  it("is unknown in the Pulumi dialect, bare, wrapped as a secret, or as a --show-secrets plaintext", () => {
    for (const raw of [PULUMI_UNDECRYPTED_SECRET_PLACEHOLDER, { ...SECRET_SIG, value: "[secret]" }, { ...SECRET_SIG, plaintext: '"[secret]"' }]) {
      expect(readBoolean(normalizeRawValue(raw, "pulumi")), JSON.stringify(raw)).toEqual({ kind: "unknown", why: UNDECRYPTED_PULUMI_SECRET });
      expect(readString(normalizeRawValue(raw, "pulumi")).kind).toBe("unknown");
    }
  });

  it("is a string in the Terraform dialects: a boolean setting fails closed", () => {
    for (const dialect of ["terraform", "resolved"] as const) {
      expect(readBoolean(normalizeRawValue("[secret]", dialect))).toEqual({ kind: "invalid", found: "a string that is not a boolean" });
    }
  });

  it("only the exact placeholder: other text stays what it is", () => {
    for (const raw of ["[SECRET]", "[secret] ", "secret"]) expect(readBoolean(normalizeRawValue(raw, "pulumi")).kind).toBe("invalid");
  });

  it("gives an unknown verdict that names the property and the reason, never the value, on every Pulumi family", () => {
    for (const [type, property] of [
      ["azure-native:redis:Redis", "enableNonSslPort"],
      ["azure:redis/cache:Cache", "nonSslPortEnabled"],
      ["azurerm:index/redisCache:RedisCache", "enableNonSslPort"],
      ["pulumi:terraform:azurerm_redis_cache", "enable_non_ssl_port"],
      ["redismod:tf:azurerm_redis_cache", "non_ssl_port_enabled"],
    ] as const) {
      const view = buildResourceView(findPulumiBinding(type)!, "cache", { [property]: "[secret]" }, "pulumi");
      const verdict = redisNonSslPort.evaluate(view);
      expect(verdict.status, type).toBe("unknown");
      expect(verdict.properties).toEqual([property]);
      expect(verdict.message).toContain(`the value of '${property}' is not known (it is a secret this run could not decrypt`);
      expect(verdict.message).not.toContain("[secret]");
      expect(verdict.message).not.toContain("must be a boolean");
    }
  });

  it("in Terraform configuration the same text fails closed", () => {
    const binding = terraformBindings.find((b) => b.terraformType === "azurerm_redis_cache")!;
    const verdict = redisNonSslPort.evaluate(buildResourceView(binding, "cache", { non_ssl_port_enabled: "[secret]" }, "terraform"));
    expect(verdict.status).toBe("fail");
    const tls = redisMinTls.evaluate(buildResourceView(binding, "cache", { minimum_tls_version: "[secret]" }, "terraform"));
    expect(tls.status).toBe("fail");
  });
});
