#!/usr/bin/env node
// `prepare` runs on every `npm ci` / `npm install` in this directory, also when a published policy pack is
// installed without dev dependencies. Build dist/ when TypeScript is installed; otherwise the shipped dist/
// is what runs, so keep it, and fail only when there is neither.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
let tsc;
try {
  tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
} catch {
  tsc = undefined;
}
if (tsc) {
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit", cwd: root });
} else if (fs.existsSync(path.join(root, "dist", "policies", "pack.js"))) {
  console.log("azure-redis-guard: TypeScript is not installed (production install); using the built dist/.");
} else {
  console.error("azure-redis-guard: dist/ is missing and TypeScript is not installed: run `npm ci` with dev dependencies to build it.");
  process.exit(1);
}
