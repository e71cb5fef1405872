import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { allRules } from "../../policies";

/**
 * Every rule has its page in docs/rules (the link in every message), and the page's front matter says
 * what the rule's metadata says: a page that drifts from the code misleads the reader of a finding.
 */
const DOCS = path.join(__dirname, "..", "..", "docs", "rules");
const PSRULE_SEVERITY = { critical: "Critical", high: "Important", medium: "Moderate", low: "Awareness" } as const;

function frontMatter(text: string): Record<string, string> {
  const block = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? "";
  return Object.fromEntries(block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]));
}

describe("docs/rules pages", () => {
  it("one page per rule, and no page without a rule", () => {
    expect(fs.readdirSync(DOCS).filter((f) => f.endsWith(".md")).sort()).toEqual(allRules.map((r) => `${r.id}.md`).sort());
  });

  it.each(allRules.map((rule) => [rule.id, rule] as const))("%s: the front matter matches the rule", (id, rule) => {
    const text = fs.readFileSync(path.join(DOCS, `${id}.md`), "utf8");
    const meta = frontMatter(text);
    expect(rule.docsUrl.endsWith(`/docs/rules/${id}.md`)).toBe(true);
    expect(meta).toMatchObject({
      id,
      policyName: rule.policyName,
      severity: PSRULE_SEVERITY[rule.severity],
      pillar: rule.pillar,
      category: rule.category,
      defaultEnforcement: rule.defaultEnforcement,
    });
    expect(meta["ref"]).toBe(rule.ref ?? "none (azure-redis-guard rule)");
    expect(meta["control"]).toBe(rule.control ? `${rule.control.framework} ${rule.control.version} ${rule.control.id} ${rule.control.title}` : "none");
    expect(meta["psrule"]).toEqual(rule.ref ? `https://azure.github.io/PSRule.Rules.Azure/en/rules/${id}/` : expect.stringMatching(/^none \(/));
    for (const section of ["## Synopsis", "## Description", "## Recommendation", "## What the rule reads", "## Value semantics", "## Fix", "## Links"]) {
      expect(text, `${id}: ${section}`).toContain(`\n${section}`);
    }
    expect(text).toContain(`# ${rule.title}`);
  });
});
