#!/usr/bin/env node
// `prepare` runs on every `npm ci` / `npm install` in this directory: in a checkout, and also where a published
// policy pack is unpacked and installed (Pulumi runs `npm install` there). In a checkout (the TypeScript sources are
// here) it builds dist/ for the pack and the CDKTF aspect package. A published pack ships no sources: it runs the
// dist/ that was built and tested before `npm pack`, so nothing is rebuilt there, even when TypeScript is installed.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const isCheckout = fs.existsSync(path.join(root, "tsconfig.build.json")) && fs.existsSync(path.join(root, "policies", "pack.ts"));
const shipped = path.join(root, "dist", "policies", "pack.js");

if (!isCheckout) {
  if (fs.existsSync(shipped)) process.exit(0);
  console.error("azure-redis-guard: this package has no dist/policies/pack.js; it was packed without building. Reinstall a published version.");
  process.exit(1);
}
// The test suite and the benchmark pack the dist/ they have just tested (`npm pack` runs `prepare` too): they set
// this so that what they install is exactly what they ran, not a rebuild.
if (process.env.AZURE_REDIS_GUARD_KEEP_DIST === "1" && fs.existsSync(shipped)) process.exit(0);
let tsc;
try {
  tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
} catch {
  console.error("azure-redis-guard: TypeScript is not installed: run `npm ci` (with dev dependencies) to build dist/.");
  process.exit(1);
}
for (const project of ["tsconfig.build.json", path.join("cdktf-aspect", "tsconfig.build.json")]) {
  execFileSync(process.execPath, [tsc, "-p", path.join(root, project)], { stdio: "inherit", cwd: root });
}
