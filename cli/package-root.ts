import * as fs from "node:fs";
import * as path from "node:path";

/**
 * This package's root: the nearest folder above this file with the pack's PulumiPolicy.yaml beside a
 * package.json (dist/cli -> ../.. once built; cli/ -> .. when the sources run in-process under a test runner).
 */
function findPackageRoot(start: string): string {
  for (let dir = start; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "PulumiPolicy.yaml")) && fs.existsSync(path.join(dir, "package.json"))) return dir;
  }
  return path.resolve(start, "..", "..");
}

/** Its package.json, and the policy pack the check starts. */
export const PACKAGE_ROOT = findPackageRoot(__dirname);
