/**
 * The enforceable pack ships its production tree (npm-shrinkwrap.json lists it), so that tree is ours to answer for:
 * no bundled package may be at a version an advisory we keep (docs/advisories.json) marks as affected. The shrinkwrap
 * checked here is the one `npm pack`'s prepack writes (scripts/shrinkwrap.js, from package-lock.json and the
 * installed tree); published-pack.test.ts checks that the tarball carries exactly this one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/pack";

interface Advisory {
  readonly id: string | null;
  readonly kind?: "malware" | "known-fixed-without-id";
  readonly package: string;
  readonly affected: string;
  readonly summary: string;
  readonly source: string;
  readonly approximate?: string;
}
interface ShrinkwrapEntry {
  readonly version: string;
  readonly integrity?: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the pack's own CommonJS script, as prepack runs it
const { shrinkwrapFor } = require(path.join(REPO_ROOT, "scripts", "shrinkwrap.js")) as {
  shrinkwrapFor(): { packages: Record<string, ShrinkwrapEntry & { name?: string }> };
};

const advisories = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "docs", "advisories.json"), "utf8")) as { advisories: Advisory[] }).advisories;
const GHSA = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/;

/** `name@version` of every bundled package (location → name: the part after the last node_modules/). */
function bundled(packages: Record<string, ShrinkwrapEntry>): { name: string; version: string; location: string }[] {
  return Object.entries(packages)
    .filter(([location]) => location !== "")
    .map(([location, entry]) => ({ name: location.slice(location.lastIndexOf("node_modules/") + "node_modules/".length), version: entry.version, location }));
}

/** Every advisory that affects one of the packages: `<location>@<version>: <id> (<summary>)`. */
function affectedBy(packages: Record<string, ShrinkwrapEntry>): string[] {
  const found: string[] = [];
  for (const { name, version, location } of bundled(packages)) {
    const clean = semver.clean(version, { loose: true });
    if (!clean) {
      found.push(`${location}@${version}: not a version the advisory ranges can be checked against`);
      continue;
    }
    for (const advisory of advisories.filter((a) => a.package === name)) {
      if (semver.satisfies(clean, advisory.affected)) found.push(`${location}@${version}: ${advisory.id ?? advisory.kind} (${advisory.summary}; affected ${advisory.affected})`);
    }
  }
  return found;
}

describe("the advisories against the bundled production tree (docs/advisories.json)", () => {
  it("are data the check can use: a GHSA id (or a named kind without one), a valid semver range, a source", () => {
    expect(advisories.length).toBeGreaterThan(0);
    for (const advisory of advisories) {
      const label = `${advisory.package} ${advisory.id ?? advisory.kind}`;
      if (advisory.id === null) expect(["malware", "known-fixed-without-id"], label).toContain(advisory.kind);
      else expect(advisory.id, label).toMatch(GHSA);
      expect(semver.validRange(advisory.affected), label).not.toBeNull();
      expect(advisory.source.length, label).toBeGreaterThan(0);
    }
  });

  it("affect no package the pack bundles", () => {
    const shrinkwrap = shrinkwrapFor();
    const packages = bundled(shrinkwrap.packages);
    // The whole production tree, not only the direct dependencies: about 110 packages through @pulumi/pulumi.
    expect(packages.length).toBeGreaterThan(50);
    expect(packages.map((p) => p.name)).toEqual(expect.arrayContaining(["@pulumi/pulumi", "@pulumi/policy", "protobufjs", "@grpc/grpc-js", "js-yaml"]));
    expect(affectedBy(shrinkwrap.packages)).toEqual([]);
  });

  it("would fail the build on an affected version, at any depth (the check is not vacuous)", () => {
    const planted = {
      "node_modules/protobufjs": { version: "7.2.4" },
      "node_modules/@pulumi/pulumi/node_modules/js-yaml": { version: "4.1.0" },
      "node_modules/debug": { version: "4.4.2" },
      "node_modules/@pulumi/policy": { version: "v1.21.0" },
    };
    const found = affectedBy(planted);
    expect(found.filter((f) => f.startsWith("node_modules/protobufjs@7.2.4: GHSA-h755-8qp9-cq85"))).toHaveLength(1);
    expect(found.some((f) => f.startsWith("node_modules/@pulumi/pulumi/node_modules/js-yaml@4.1.0: GHSA-mh29-5h37-fv8m"))).toBe(true);
    expect(found.some((f) => f.startsWith("node_modules/debug@4.4.2: malware"))).toBe(true);
    expect(found.some((f) => f.startsWith("node_modules/@pulumi/policy"))).toBe(false);
  });
});
