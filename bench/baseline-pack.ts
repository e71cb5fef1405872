import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Writes the baseline: a policy pack with one no-op policy that imports only `@pulumi/policy`, using
 * the same installed SDK as ours (its node_modules is a link to the repository's), so the difference
 * between the two is exactly what azure-redis-guard adds.
 */
export function writeBaselinePack(repoRoot: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arg-baseline-pack-"));
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: baseline\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "baseline-pack", version: "0.0.1", main: "index.js" }));
  fs.writeFileSync(
    path.join(dir, "index.js"),
    [
      `const { PolicyPack } = require("@pulumi/policy");`,
      `new PolicyPack("baseline", {`,
      `  policies: [{ name: "noop", description: "does nothing", enforcementLevel: "mandatory", validateResource: () => {} }],`,
      `});`,
    ].join("\n"),
  );
  return dir;
}
