#!/usr/bin/env node
// The engine-protocol suites, run against the published pack as a policy group installs it (issue 21): `npm pack` of
// the root (its prepack, as `pulumi policy publish` runs it), the tarball unpacked into a fresh folder, then
// `npm install --loglevel=error --offline` there with an empty cache and a registry nothing listens on, then vitest on
// the suites that start the pack, with AZURE_REDIS_GUARD_PACK_DIR pointing at that folder (test/support/pack.ts).
// Needs dist/ built (npm run build): the tarball holds the dist/ the rest of the suite tested.
"use strict";
const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const SUITES = [
  "test/pulumi/engine-protocol.test.ts",
  "test/pulumi/engine-protocol-amr.test.ts",
  "test/pulumi/engine-protocol-shapes.test.ts",
  "test/pulumi/in-code-exemptions.test.ts",
  "test/parity/rules-parity.test.ts",
];

const work = fs.mkdtempSync(path.join(os.tmpdir(), "arg-from-tarball-"));
try {
  const tarballs = path.join(work, "tarball");
  fs.mkdirSync(tarballs);
  execFileSync(NPM, ["pack", "--loglevel=error", "--pack-destination", tarballs], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, AZURE_REDIS_GUARD_KEEP_DIST: "1" } });
  const tarball = path.join(tarballs, fs.readdirSync(tarballs).find((f) => f.endsWith(".tgz")));
  execFileSync("tar", ["-xzf", tarball, "-C", work]);
  const dir = path.join(work, "package");
  const cache = path.join(work, "empty-cache");
  const args = ["install", "--loglevel=error", "--offline", "--cache", cache];
  console.log(`$ cd ${dir}\n$ npm_config_registry=http://127.0.0.1:9/ npm ${args.join(" ")}   # ${(fs.statSync(tarball).size / 1048576).toFixed(1)} MiB tarball, empty cache`);
  const started = process.hrtime.bigint();
  const install = spawnSync(NPM, args, { cwd: dir, encoding: "utf8", env: { ...process.env, npm_config_registry: "http://127.0.0.1:9/" } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${install.stdout}${install.stderr}`);
  console.log(`(exit ${install.status}, ${seconds.toFixed(2)} s; cache entries fetched: ${fs.existsSync(path.join(cache, "_cacache")) ? "some" : "none"})`);
  if (install.status !== 0) process.exit(1);
  const vitest = path.join(ROOT, "node_modules", "vitest", "vitest.mjs");
  console.log(`$ AZURE_REDIS_GUARD_PACK_DIR=${dir} vitest run ${SUITES.join(" ")}   # node ${process.version}`);
  const run = spawnSync(process.execPath, [vitest, "run", ...SUITES], { cwd: ROOT, stdio: "inherit", env: { ...process.env, AZURE_REDIS_GUARD_PACK_DIR: dir } });
  process.exitCode = run.status ?? 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
