import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { allRules } from "../../policies/rules";
import { findPulumiBinding, pulumiBindings } from "../../policies/pulumi/bindings";
import { CLASSIC_PROPERTY_RELEASES } from "../../policies/pulumi/property-releases";
import { propertyPaths } from "../../policies/rules/property-text";
import type { BindingRef } from "../../policies/rules/rule-docs";
import { AZURERM_ATTRIBUTE_RELEASES } from "../../policies/terraform/attribute-releases";
import { findTerraformBinding, terraformBindings } from "../../policies/terraform/bindings";
import { ROOT, absentVerdict, bindingOf, docsOf, generatedRegions, openMarker, regionsIn } from "../../scripts/docs/generate";
import { RULE_DOCS } from "../../scripts/docs/rule-docs";
import { BINDING_ROWS, README_TABLES, kindOf, surfaceOf } from "../../scripts/docs/surfaces";

/**
 * What users read about properties (each rule page's "what the rule reads" table, the README's rules
 * tables, the names in every rule's fix steps) is generated from the bindings (scripts/docs/generate.ts,
 * policies/rules/property-text.ts). Here the generation runs in memory and must equal the committed text:
 * a binding edited without `npm run docs` fails, naming the file and the region.
 */
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("generated docs", () => {
  it.each(generatedRegions().map((region) => [`${region.file} ${region.name} ${region.id}`, region] as const))(
    "%s matches the bindings",
    (_, region) => {
      const text = read(region.file);
      const key = `${region.name} ${region.id}`;
      expect(text.split(openMarker(region)).length - 1, `${region.file}: exactly one '${openMarker(region)}' … '<!-- end generated -->' region`).toBe(1);
      expect(
        regionsIn(text).get(key),
        `${region.file}, region '${key}', disagrees with the bindings and the rules' metadata (- generated now, + committed): run npm run docs`,
      ).toBe(region.text);
    },
  );

  it("every rule page carries its generated table under 'What the rule reads'", () => {
    for (const rule of allRules) {
      const text = read(`docs/rules/${rule.id}.md`);
      const section = text.slice(text.indexOf("\n## What the rule reads"), text.indexOf("\n## Value semantics"));
      expect(section, `docs/rules/${rule.id}.md`).toContain(openMarker({ name: "rule-table", id: rule.id }));
    }
  });

  it("each rule's fix steps name every property its bindings read for it", () => {
    for (const rule of allRules) {
      for (const setting of rule.settingsRead ?? []) {
        for (const surface of ["azure-native", "azure", "terraform"] as const) {
          for (const kind of rule.resourceKinds) {
            for (const property of propertyPaths(surface, kind, setting)) {
              // Terraform blocks are written as HCL (`a { b = v }`): the attribute's own name must be there.
              const name = surface === "terraform" ? property.split(".").pop() : property;
              expect(rule.remediationSteps, `${rule.id}: ${surface} ${kind} '${property}'`).toContain(`${name}`);
            }
          }
        }
      }
    }
  });
});

describe("the facts the generated docs rest on", () => {
  const FULL_TOKEN = /`((?:azure-native|azure):[\w/]+:[A-Za-z]+|azurerm_\w+)`/g;

  /** Every full token a docs cell names must resolve to the binding it is listed under. */
  function expectTokensOf(ref: BindingRef, markdown: string): void {
    for (const [, token = ""] of markdown.matchAll(FULL_TOKEN)) {
      if (token.startsWith("azurerm_")) {
        if (surfaceOf(ref) !== "terraform") continue; // "deprecated in favour of `azurerm_managed_redis`"
        expect(findTerraformBinding(token)?.kind, `${ref}: ${token}`).toBe(kindOf(ref));
      } else {
        const binding = findPulumiBinding(token);
        expect([binding?.family, binding?.kind], `${ref}: ${token}`).toEqual([surfaceOf(ref), kindOf(ref)]);
      }
    }
  }

  it("the resource types the docs list per binding are tokens of that binding", () => {
    for (const rows of BINDING_ROWS) for (const row of rows.rows) expectTokensOf(rows.ref, row.resourceTypes);
    for (const rule of allRules) {
      for (const [ref, groups] of Object.entries(docsOf(rule).tokenGroups ?? {})) {
        for (const group of groups ?? []) expectTokensOf(ref as BindingRef, group.resourceTypes);
      }
    }
  });

  it("every rule's docs metadata is listed, and nothing else", () => {
    expect(Object.keys(RULE_DOCS).sort()).toEqual(allRules.map((rule) => rule.id).sort());
  });

  it("every binding has its rows in the docs, once", () => {
    const refs = [
      ...pulumiBindings.map((binding) => `${binding.family}:${binding.kind}`),
      ...terraformBindings.map((binding) => `terraform:${binding.kind}`),
    ].sort();
    expect(BINDING_ROWS.map((rows) => rows.ref).sort()).toEqual(refs);
    for (const table of README_TABLES) expect(table.columns.map((column) => column.surface).sort()).toEqual(["azure", "azure-native", "terraform"]);
  });

  it("a hand-written 'when the property is absent' verdict is the rule's own verdict on every token of its row", () => {
    const bold = (cell: string): string | undefined => /^\*\*(pass|fail|unknown)\*\*/.exec(cell)?.[1];
    let checked = 0;
    for (const rule of allRules) {
      const docs = docsOf(rule);
      for (const [ref, groups] of Object.entries(docs.tokenGroups ?? {})) {
        for (const group of groups ?? []) {
          if (group.whenAbsent === undefined) continue;
          for (const [, token = ""] of group.resourceTypes.matchAll(FULL_TOKEN)) {
            const binding = findPulumiBinding(token);
            expect(binding, `${rule.id} ${ref}: ${token}`).toBeDefined();
            expect(bold(group.whenAbsent), `${rule.id} ${ref}: absent on ${token}`).toBe(absentVerdict(rule, binding!, "pulumi"));
            checked++;
          }
        }
      }
      for (const [ref, cell] of Object.entries(docs.whenAbsent ?? {}) as [BindingRef, string][]) {
        const binding = bindingOf(ref);
        expect(bold(cell), `${rule.id} ${ref}`).toBe(absentVerdict(rule, binding!, surfaceOf(ref) === "terraform" ? "terraform" : "pulumi"));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("release labels name only properties a binding reads", () => {
    for (const [type, names] of Object.entries(AZURERM_ATTRIBUTE_RELEASES)) {
      const read = Object.values(findTerraformBinding(type)?.settings ?? {}).flat();
      for (const name of Object.keys(names)) expect(read, `AZURERM_ATTRIBUTE_RELEASES ${type}.${name}`).toContain(name);
    }
    for (const [token, names] of Object.entries(CLASSIC_PROPERTY_RELEASES)) {
      const read = Object.values(findPulumiBinding(token)?.settings ?? {}).flat();
      for (const name of Object.keys(names)) expect(read, `CLASSIC_PROPERTY_RELEASES ${token}.${name}`).toContain(name);
    }
  });

  it("a rule's docs metadata only speaks of bindings its docs list", () => {
    for (const rule of allRules) {
      const docs = docsOf(rule);
      const listed = BINDING_ROWS.map((rows) => rows.ref).filter(
        (ref) => rule.resourceKinds.includes(kindOf(ref)) || docs.notApplicable?.[ref] !== undefined,
      );
      const reads = (ref: BindingRef): boolean => (rule.settingsRead ?? []).some((setting) => propertyPaths(surfaceOf(ref), kindOf(ref), setting).length > 0);
      for (const map of [docs.propertyNotes, docs.whenAbsent, docs.absentRemark, docs.tokenGroups]) {
        for (const ref of Object.keys(map ?? {}) as BindingRef[]) {
          expect(listed, `${rule.id}: ${ref}`).toContain(ref);
          expect(reads(ref), `${rule.id}: ${ref} reads nothing for the rule`).toBe(true);
        }
      }
      for (const ref of Object.keys(docs.notApplicable ?? {}) as BindingRef[]) {
        expect(reads(ref), `${rule.id}: notApplicable['${ref}'], yet the binding reads the rule's settings`).toBe(false);
      }
    }
  });
});
