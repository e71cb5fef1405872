import * as path from "node:path";

/** This package's root (dist/cli -> ../..): its package.json, and the policy pack the check starts. */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");
