#!/usr/bin/env node
// The repository ships two artifacts from one build (issue 21):
// - the enforceable policy pack: `npm pack` at the root (what `pulumi policy publish` uploads), with its production
//   tree bundled and an npm-shrinkwrap.json, so that it installs offline, exactly as tested;
// - the npm library `azure-redis-guard` (this script): the same files without the bundled tree, for an organisation
//   that imports `createPulumiPolicies()` into its own pack and for `npx azure-redis-guard check`. A bundled
//   dependency is never deduplicated: it would give that organisation a second @pulumi/policy and @pulumi/pulumi
//   nested under ours, and the SDK recognises values such as UnknownValueError by identity. So here @pulumi/policy and
//   @pulumi/pulumi are peer dependencies (npm 7 and later install them when the project has none): the
//   organisation's own copies are the ones our policies use.
//
//   node scripts/pack-library.js [--from <pack tarball>] [--pack-destination <dir>]
//
// Without --from it runs `npm pack` at the root first. It prints the library tarball's path.
// `npm publish` at the root is refused (prepublishOnly runs this with --refuse-root-publish): it would publish the
// enforceable pack, bundled tree and all, as the library. Publish the library tarball this script makes instead.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
/** Shared with the organisation's own pack; the caret from the versions this release was tested with. */
const PEERS = ["@pulumi/policy", "@pulumi/pulumi"];
/** Scripts that make the pack in a checkout and have no meaning in the library (their files are not shipped). */
const PACK_ONLY_SCRIPTS = ["prepack", "postpack", "prepublishOnly", "pack:library"];

/** package.json of the library, from the enforceable pack's. */
function libraryManifest(packManifest) {
  const manifest = { ...packManifest };
  delete manifest.bundleDependencies;
  delete manifest.bundledDependencies;
  delete manifest.workspaces;
  manifest.files = manifest.files.filter((file) => file !== "npm-shrinkwrap.json");
  manifest.scripts = Object.fromEntries(Object.entries(manifest.scripts ?? {}).filter(([name]) => !PACK_ONLY_SCRIPTS.includes(name)));
  const dependencies = { ...manifest.dependencies };
  const peerDependencies = { ...manifest.peerDependencies };
  for (const name of PEERS) {
    if (!dependencies[name]) throw new Error(`${name} is not a dependency of the pack`);
    peerDependencies[name] = `^${dependencies[name]}`;
    delete dependencies[name];
  }
  manifest.dependencies = dependencies;
  manifest.peerDependencies = peerDependencies;
  return manifest;
}

function packRoot(destination) {
  execFileSync(NPM, ["pack", "--loglevel=error", "--pack-destination", destination], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const [tarball] = fs.readdirSync(destination).filter((file) => file.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack made no tarball");
  return path.join(destination, tarball);
}

function packLibrary(fromTarball, destination) {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "azure-redis-guard-library-"));
  try {
    execFileSync("tar", ["-xzf", fromTarball, "-C", staging]);
    const dir = path.join(staging, "package");
    fs.rmSync(path.join(dir, "node_modules"), { recursive: true, force: true });
    fs.rmSync(path.join(dir, "npm-shrinkwrap.json"), { force: true });
    const manifest = libraryManifest(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")));
    fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    // The files are those of the pack tarball, built and tested: no script runs here.
    const out = path.join(staging, "out");
    fs.mkdirSync(out);
    execFileSync(NPM, ["pack", "--ignore-scripts", "--loglevel=error", "--pack-destination", out], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
    const target = path.join(destination, `${manifest.name}-library-${manifest.version}.tgz`);
    fs.mkdirSync(destination, { recursive: true });
    fs.copyFileSync(path.join(out, `${manifest.name}-${manifest.version}.tgz`), target);
    return target;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

module.exports = { libraryManifest, packLibrary, PEERS };

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes("--refuse-root-publish")) {
    console.error(
      "azure-redis-guard: `npm publish` here would publish the enforceable policy pack (its bundled production tree) as the npm library.\n" +
        "Publish the library instead: npm run pack:library, then npm publish azure-redis-guard-library-<version>.tgz.\n" +
        "The policy pack itself is published with `pulumi policy publish <org>`.",
    );
    process.exit(1);
  }
  const option = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const destination = path.resolve(option("--pack-destination") ?? ROOT);
  let temporary;
  try {
    let from = option("--from");
    if (!from) {
      temporary = fs.mkdtempSync(path.join(os.tmpdir(), "azure-redis-guard-pack-"));
      from = packRoot(temporary);
    }
    console.log(packLibrary(path.resolve(from), destination));
  } catch (error) {
    console.error(`azure-redis-guard: ${error.message}`);
    process.exit(1);
  } finally {
    if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
  }
}
