import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EnforcementLevel } from "@pulumi/policy";

/**
 * Writes a policy pack that imports only `@pulumi/policy` and holds one no-op policy per entry of
 * `enforcementLevels`, using the same installed SDK as ours (its node_modules is a link to the
 * repository's), so the difference between it and ours is exactly what azure-redis-guard adds.
 *
 * Each policy is shaped like ours: a `validateResource` function with no Pulumi type attached, so
 * the SDK deserializes the property bag for it on every resource, as it does for ours (the SDK's one
 * shortcut, a validation function tagged with a single type, cannot express a rule over several
 * tokens). Disabled or remediate-only policies would be skipped by the SDK, so levels are copied.
 */
export function writeNoopPack(repoRoot: string, name: string, enforcementLevels: readonly EnforcementLevel[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `arg-${name}-pack-`));
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), `runtime: nodejs\ndescription: ${name}\n`);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: `${name}-pack`, version: "0.0.1", main: "index.js" }));
  fs.writeFileSync(
    path.join(dir, "index.js"),
    [
      `const { PolicyPack } = require("@pulumi/policy");`,
      `const levels = ${JSON.stringify(enforcementLevels)};`,
      `new PolicyPack(${JSON.stringify(name)}, {`,
      `  policies: levels.map((enforcementLevel, i) => ({`,
      `    name: "noop-" + i, description: "does nothing", enforcementLevel, validateResource: () => {},`,
      `  })),`,
      `});`,
    ].join("\n"),
  );
  return dir;
}

/** The one-policy baseline: what any CrossGuard pack costs at the least. */
export function writeBaselinePack(repoRoot: string): string {
  return writeNoopPack(repoRoot, "baseline", ["mandatory"]);
}

/**
 * The floor: as many no-op policies as our pack has rules, with their enforcement levels. The SDK's
 * per-policy work (deserialization, proxy, arguments) is the same as for ours; only our code differs.
 */
export function writeFloorPack(repoRoot: string, enforcementLevels: readonly EnforcementLevel[]): string {
  return writeNoopPack(repoRoot, "floor", enforcementLevels);
}
