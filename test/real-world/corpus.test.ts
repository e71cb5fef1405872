import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { allRules } from "../../policies/rules";

/**
 * The real-world corpus's manifest is complete and honest: every file exists and parses, says where it
 * comes from (a permissively licensed origin, or the recipe it was constructed from), and every
 * expected verdict is justified. The verdicts themselves are asserted through `check` elsewhere, once
 * the readers give them (issue 18).
 */
const DIR = __dirname;
const manifest = JSON.parse(fs.readFileSync(path.join(DIR, "corpus.json"), "utf8")) as Manifest;

interface Expected {
  readonly verdict: string;
  readonly why: string;
  readonly messageMustContain?: readonly string[];
  readonly messageMustNotContain?: readonly string[];
  readonly messageNote?: string;
}
interface Entry {
  readonly file: string;
  readonly kind: string;
  readonly constructed: boolean;
  readonly origin: { repo: string; path: string; commit: string; license: string } | null;
  readonly recipe?: { models: string; facts: readonly string[]; shape: string };
  readonly covers: readonly string[];
  readonly expected: {
    readonly exitCode: number;
    readonly inputKind: string | null;
    readonly resources: Record<string, Record<string, Expected>>;
    readonly errorMustContain?: readonly string[];
  };
}
interface Manifest {
  readonly files: readonly Entry[];
}

const PERMISSIVE = ["MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MPL-2.0", "0BSD", "Unlicense", "CC0-1.0"];
const ruleIds = new Set(allRules.map((rule) => rule.id));

/** The JSON files an entry stands for: the file itself, or every file under a directory. */
function filesOf(entry: Entry): string[] {
  const full = path.join(DIR, entry.file);
  if (!fs.statSync(full).isDirectory()) return [full];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir)) {
      const child = path.join(dir, name);
      if (fs.statSync(child).isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk(full);
  return out;
}

describe("test/real-world corpus.json", () => {
  it("lists files", () => {
    expect(manifest.files.length).toBeGreaterThan(0);
  });

  for (const entry of manifest.files) {
    describe(entry.file, () => {
      it("exists and parses as JSON", () => {
        expect(fs.existsSync(path.join(DIR, entry.file))).toBe(true);
        const files = filesOf(entry);
        expect(files.length).toBeGreaterThan(0);
        for (const file of files) expect(() => JSON.parse(fs.readFileSync(file, "utf8")) as unknown, file).not.toThrow();
      });

      it("has a permissively licensed origin, or is marked constructed with its recipe", () => {
        if (entry.constructed) {
          expect(entry.recipe?.models.length).toBeGreaterThan(0);
          expect(entry.recipe?.shape.length).toBeGreaterThan(0);
          expect(Array.isArray(entry.recipe?.facts)).toBe(true);
        } else {
          expect(entry.origin).not.toBeNull();
          expect(entry.origin?.repo).toMatch(/^[^/]+\/[^/]+$/);
          expect(entry.origin?.path.length).toBeGreaterThan(0);
          expect(entry.origin?.commit).toMatch(/^[0-9a-f]{40}$/);
          expect(PERMISSIVE).toContain(entry.origin?.license);
        }
        expect(entry.covers.length).toBeGreaterThan(0);
      });

      it("justifies every expected verdict in one line, for a rule that exists", () => {
        expect([0, 1, 2]).toContain(entry.expected.exitCode);
        if (entry.expected.exitCode === 2) expect(entry.expected.errorMustContain?.length).toBeGreaterThan(0);
        for (const [address, verdicts] of Object.entries(entry.expected.resources)) {
          expect(Object.keys(verdicts).length, address).toBeGreaterThan(0);
          for (const [ruleId, expected] of Object.entries(verdicts)) {
            expect(ruleIds.has(ruleId), `${address} ${ruleId}`).toBe(true);
            expect(["pass", "fail", "unknown"]).toContain(expected.verdict);
            expect(expected.why.trim().length, `${address} ${ruleId}`).toBeGreaterThan(10);
            expect(expected.why).not.toMatch(/\n/);
          }
        }
      });
    });
  }
});
