import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  AZURERM_REPOSITORY,
  attributeFacts,
  compareVersions,
  factAt,
  majorSatisfies,
  parseVersion,
  possibleMajors,
  resourceAvailability,
  twinPairs,
  type Version,
} from "../../policies/terraform/azurerm-schema";
import { terraformBindings } from "../../policies/terraform/bindings";

/**
 * The azurerm schema facts (read from the provider's source at its release tags) are consistent with
 * themselves and cover every attribute the Terraform bindings read.
 */
describe("azurerm schema facts", () => {
  it("every fact, twin pair and availability entry names its source: the provider repository, a tag, a file", () => {
    for (const entry of [...attributeFacts, ...twinPairs, ...resourceAvailability]) {
      expect(entry.sources.length).toBeGreaterThan(0);
      for (const source of entry.sources) {
        expect(source.repository).toBe(AZURERM_REPOSITORY);
        expect(source.tag).toMatch(/^v\d+\.\d+\.\d+$/);
        expect(source.file).toMatch(/^internal\/services\/.+\.go$/);
        if (source.commit !== undefined) expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
      }
    }
  });

  it("every fact has valid, ordered versions and sources inside or at the edge of its span", () => {
    for (const fact of attributeFacts) {
      const since = parseVersion(fact.since) as Version;
      const until = parseVersion(fact.until) as Version;
      expect(since, `${fact.resourceType}.${fact.attribute}`).toBeDefined();
      expect(until).toBeDefined();
      expect(compareVersions(since, until)).toBeLessThanOrEqual(0);
      expect(fact.optional === true || fact.required === true || fact.computed === true).toBe(true);
      if (fact.default !== undefined && fact.allowed !== undefined) {
        expect(fact.allowed).toContain(fact.default);
      }
    }
  });

  it("no two facts for one attribute overlap", () => {
    const keys = new Set(attributeFacts.map((f) => `${f.resourceType} ${f.attribute}`));
    for (const key of keys) {
      const spans = attributeFacts
        .filter((f) => `${f.resourceType} ${f.attribute}` === key)
        .map((f) => [parseVersion(f.since) as Version, parseVersion(f.until) as Version] as const)
        .sort((a, b) => compareVersions(a[0], b[0]));
      for (let i = 1; i < spans.length; i += 1) {
        expect(compareVersions((spans[i - 1] as readonly [Version, Version])[1], (spans[i] as readonly [Version, Version])[0]), key).toBeLessThan(0);
      }
    }
  });

  it("every twin pair is mutually exclusive in 3.x: a configuration with both names is refused", () => {
    for (const pair of twinPairs) {
      for (const version of [pair.renamedIn, "3.117.1"]) {
        const oldFact = factAt(pair.resourceType, pair.oldName, version);
        const newFact = factAt(pair.resourceType, pair.newName, version);
        expect(oldFact, `${pair.oldName}@${version}`).toBeDefined();
        expect(newFact, `${pair.newName}@${version}`).toBeDefined();
        // SDKv2 checks ConflictsWith on the attribute that declares it: one side is enough to refuse both.
        const refused =
          (oldFact?.conflictsWith ?? []).includes(pair.newName) || (newFact?.conflictsWith ?? []).includes(pair.oldName);
        expect(refused).toBe(true);
        // The old name is the deprecated one; the new one is computed from it when the user wrote the old.
        expect(oldFact?.deprecated).toBeDefined();
        expect(newFact?.computed).toBe(true);
      }
      expect(factAt(pair.resourceType, pair.oldName, pair.oldRemovedIn)).toBeUndefined();
      expect(factAt(pair.resourceType, pair.newName, pair.oldRemovedIn)).toBeDefined();
    }
  });

  it("records what the source says of the 3.x twin definitions: the second assignment drops ConflictsWith", () => {
    const newFact = factAt("azurerm_redis_cache", "non_ssl_port_enabled", "3.116.0");
    expect(newFact?.conflictsWith).toBeUndefined();
    expect(newFact?.note).toMatch(/twice/);
    expect(factAt("azurerm_redis_cache", "enable_non_ssl_port", "3.116.0")?.conflictsWith).toEqual(["non_ssl_port_enabled"]);
  });

  it("every attribute the Terraform bindings read is in the facts of at least one version", () => {
    for (const binding of terraformBindings) {
      for (const paths of Object.values(binding.settings) as (readonly string[] | undefined)[]) {
        for (const path of paths ?? []) {
          const found = attributeFacts.some((f) => f.resourceType === binding.terraformType && f.attribute === path);
          expect(found, `${binding.terraformType}.${path}`).toBe(true);
        }
      }
    }
  });

  it("5.0 removes the Redis Enterprise resources and TLS 1.0/1.1 on azurerm_redis_cache", () => {
    expect(possibleMajors({ resourceType: "azurerm_redis_enterprise_cluster" }).majors).toEqual([3, 4]);
    expect(possibleMajors({ resourceType: "azurerm_managed_redis" }).majors).toEqual([4, 5]);
    expect(factAt("azurerm_redis_cache", "minimum_tls_version", "4.81.0")?.allowed).toContain("1.0");
    expect(factAt("azurerm_redis_cache", "minimum_tls_version", "5.0.0")?.allowed).toEqual(["1.2"]);
    expect(factAt("azurerm_redis_cache", "access_keys_authentication_enabled", "3.117.1")).toBeUndefined();
  });
});

describe("possibleMajors", () => {
  it("reads the major from attribute names", () => {
    expect(possibleMajors({ resourceType: "azurerm_redis_cache", attributeNames: ["enable_non_ssl_port"] }).majors).toEqual([3]);
    expect(
      possibleMajors({ resourceType: "azurerm_redis_cache", attributeNames: ["access_keys_authentication_enabled"] }).majors,
    ).toEqual([4, 5]);
    expect(possibleMajors({ resourceType: "azurerm_redis_cache", attributeNames: ["non_ssl_port_enabled"] }).majors).toEqual([3, 4, 5]);
  });

  it("in a complete attribute set (a state), a missing attribute every release of a major writes rules the major out", () => {
    const state4 = ["non_ssl_port_enabled", "minimum_tls_version", "public_network_access_enabled", "access_keys_authentication_enabled", "redis_version", "sku_name"];
    expect(possibleMajors({ resourceType: "azurerm_redis_cache", attributeNames: state4, complete: true }).majors).toEqual([4, 5]);
    const state3 = ["enable_non_ssl_port", "non_ssl_port_enabled", "minimum_tls_version", "public_network_access_enabled", "redis_version", "sku_name"];
    const evidence = possibleMajors({ resourceType: "azurerm_redis_cache", attributeNames: state3, complete: true });
    expect(evidence.majors).toEqual([3]);
    expect(evidence.reasons.join("\n")).toMatch(/"enable_non_ssl_port" is not in azurerm 4\.x/);
    // Neither 3.x's old name nor 4.x's access-key switch: no major writes such a state.
    const neither = possibleMajors({ resourceType: "azurerm_redis_cache", attributeNames: state4.filter((name) => name !== "access_keys_authentication_enabled"), complete: true });
    expect(neither.majors).toEqual([]);
    expect(neither.reasons.join("\n")).toMatch(/"access_keys_authentication_enabled" is missing/);
  });

  it("reads the major from a provider version constraint", () => {
    expect(possibleMajors({ versionConstraint: "~> 3.0" }).majors).toEqual([3]);
    expect(possibleMajors({ versionConstraint: "3.116.0" }).majors).toEqual([3]);
    expect(possibleMajors({ versionConstraint: ">= 3.50, < 5.0" }).majors).toEqual([3, 4]);
    expect(possibleMajors({ versionConstraint: ">= 4.0.0" }).majors).toEqual([4, 5]);
    expect(possibleMajors({ versionConstraint: "~> 4.81.0" }).majors).toEqual([4]);
    expect(majorSatisfies("not a constraint", 3)).toBeUndefined();
    expect(possibleMajors({ versionConstraint: "not a constraint" }).majors).toEqual([3, 4, 5]);
  });
});

describe("possibleMajors on the real-world corpus", () => {
  const corpus = path.join(__dirname, "..", "real-world");
  const read = (file: string): Record<string, unknown> =>
    JSON.parse(fs.readFileSync(path.join(corpus, file), "utf8")) as Record<string, unknown>;
  interface Change {
    type: string;
    change: { after: Record<string, unknown>; after_unknown: Record<string, unknown> };
  }
  const planMajors = (file: string): number[][] => {
    const plan = read(file) as { resource_changes: Change[]; configuration: { provider_config: { azurerm: { version_constraint: string } } } };
    return plan.resource_changes
      .filter((rc) => rc.type === "azurerm_redis_cache")
      .map(
        (rc) =>
          possibleMajors({
            resourceType: rc.type,
            attributeNames: [...Object.keys(rc.change.after), ...Object.keys(rc.change.after_unknown)],
            complete: true,
            versionConstraint: plan.configuration.provider_config.azurerm.version_constraint,
          }).majors as number[],
      );
  };

  it("names azurerm 3.x for the 3.x plans and 4.x for the 4.x plan, from attributes and constraint alike", () => {
    for (const file of ["tf3-plan-twins-root.json", "tf3-plan-twin-var.json", "tf3-plan-modules-indexed.json"]) {
      for (const majors of planMajors(file)) expect(majors, file).toEqual([3]);
    }
    for (const majors of planMajors("tf4-plan.json")) expect(majors).toEqual([4]);
  });

  it("names azurerm 3.x for the 3.x state file from its attributes alone", () => {
    const state = read("tf3-state.tfstate") as {
      resources: { mode: string; type: string; instances: { attributes: Record<string, unknown> }[] }[];
    };
    for (const resource of state.resources.filter((r) => r.mode === "managed")) {
      for (const instance of resource.instances) {
        expect(possibleMajors({ resourceType: resource.type, attributeNames: Object.keys(instance.attributes), complete: true }).majors).toEqual([3]);
      }
    }
  });
});
