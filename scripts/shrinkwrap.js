#!/usr/bin/env node
// The enforceable policy pack carries its own production tree (issue 21): `npm pack` at the root bundles the
// runtime dependencies (`bundleDependencies` in package.json) from the checkout's node_modules, the tree `npm ci`
// installed from package-lock.json (integrity-checked) and the whole test suite ran on, and ships an
// npm-shrinkwrap.json that describes exactly that bundled tree. Where Pulumi installs the published pack
// (`npm install --loglevel=error` in the unpacked tarball), npm then finds every package of the shrinkwrap already
// in place and fetches nothing: no registry at enforcement time, the bytes we tested.
//
//   node scripts/shrinkwrap.js write    prepack: writes npm-shrinkwrap.json at the root for the tarball
//   node scripts/shrinkwrap.js remove   postpack: removes it again
//   node scripts/shrinkwrap.js check    prints the bundled tree, writes nothing
//
// The shrinkwrap exists at the root only while `npm pack` runs: with it present, `npm ci` in the checkout would
// install the shrinkwrap (the production tree) instead of package-lock.json.
//
// Two facts of npm 10/11 (Arborist) decide what the shrinkwrap must say, or the install goes to the registry:
// - a package whose `bin` links are missing is re-fetched (arborist/lib/diff.js: `binsExist`), and `npm pack` never
//   packs node_modules/.bin. So the entries name no `bin`: nothing in the pack runs a bundled package's command.
// - a package whose version differs from its entry's is re-fetched, compared as strings: @pulumi/policy 1.21.0's
//   own package.json says "v1.21.0". So each entry's version is the one on disk (checked to be the lock's).
// Entries are marked `inBundle` without `resolved`, as npm itself writes bundled packages, keep the lock's sha512
// `integrity` of the registry tarball, and are formatted as npm writes a lock file, so that the install leaves the
// shrinkwrap byte for byte as it was.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const SHRINKWRAP = path.join(ROOT, "npm-shrinkwrap.json");

/** Fields of a lock entry that describe the checkout's install, not the bundled package. */
const CHECKOUT_ONLY = ["resolved", "dev", "devOptional", "optional", "peer", "extraneous", "bin"];

/** Where Node.js (and npm) resolve `name` from the package at `from` ("" is the root), in the lock's layout. */
function resolveLocation(packages, from, name) {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const parent = dir.lastIndexOf("/node_modules/");
    dir = parent < 0 ? "" : dir.slice(0, parent);
  }
}

/**
 * The tree `npm pack` bundles (npm-packlist: the root's bundleDependencies, then each bundled package's
 * dependencies and optionalDependencies, wherever they resolve), as lock locations, checked against the disk.
 */
function bundledTree(root = ROOT) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
  const packages = lock.packages;
  const bundled = manifest.bundleDependencies ?? [];
  const missingFromBundle = Object.keys(manifest.dependencies ?? {}).filter((name) => !bundled.includes(name));
  if (missingFromBundle.length) throw new Error(`dependencies not in bundleDependencies (the offline install would fetch them): ${missingFromBundle.join(", ")}`);
  const problems = [];
  const locations = new Set();
  const queue = bundled.map((name) => [resolveLocation(packages, "", name), "", name]);
  while (queue.length) {
    const [location, from, name] = queue.pop();
    if (!location) {
      problems.push(`${name} (needed by ${from || "the pack"}) is not in package-lock.json`);
      continue;
    }
    if (locations.has(location)) continue;
    locations.add(location);
    const entry = packages[location];
    if (entry.link) problems.push(`${location} is a link (a workspace?): a link cannot be bundled`);
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) queue.push([resolveLocation(packages, location, dep), location, dep]);
  }
  // npm pack bundles no peer dependency: a required one must be in the tree through someone's dependencies.
  for (const location of locations) {
    const entry = packages[location];
    for (const peer of Object.keys(entry.peerDependencies ?? {})) {
      if (entry.peerDependenciesMeta?.[peer]?.optional) continue;
      const target = resolveLocation(packages, location, peer);
      if (!target || !locations.has(target)) problems.push(`${location} needs the peer ${peer}, which is not bundled`);
    }
  }
  const entries = {};
  for (const location of [...locations].sort()) {
    const file = path.join(root, location, "package.json");
    if (!fs.existsSync(file)) {
      problems.push(`${location} is in package-lock.json but not installed: run \`npm ci\``);
      continue;
    }
    const onDisk = JSON.parse(fs.readFileSync(file, "utf8")).version;
    const locked = packages[location].version;
    if (String(onDisk).replace(/^[v=]+/, "") !== locked) problems.push(`${location} is ${onDisk} on disk but ${locked} in package-lock.json: run \`npm ci\``);
    if (!packages[location].integrity) problems.push(`${location} has no integrity hash in package-lock.json`);
    const entry = { ...packages[location], version: onDisk, inBundle: true };
    for (const field of CHECKOUT_ONLY) delete entry[field];
    entries[location] = entry;
  }
  if (problems.length) throw new Error(`the bundled tree cannot be built from this checkout:\n  ${problems.join("\n  ")}`);
  return { manifest, lock, entries };
}

/** The npm-shrinkwrap.json for the packed pack: its root entry from package.json, then the bundled tree. */
function shrinkwrapFor(root = ROOT) {
  const { manifest, lock, entries } = bundledTree(root);
  const rootEntry = { name: manifest.name, version: manifest.version };
  // What npm records of a root package (arborist/lib/shrinkwrap.js pkgMetaKeys), read from the packed package.json.
  for (const key of ["dependencies", "bundleDependencies", "license", "engines", "bin", "workspaces", "peerDependencies", "optionalDependencies"]) {
    if (manifest[key] !== undefined) rootEntry[key] = manifest[key];
  }
  return { name: manifest.name, version: manifest.version, lockfileVersion: lock.lockfileVersion, requires: true, packages: { "": rootEntry, ...entries } };
}

// As npm formats a lock file (arborist's Shrinkwrap with json-stringify-nice, ISC, inlined): preferred keys first,
// then other keys by name, values that are objects after the rest.
const KEY_ORDER = ["name", "version", "lockfileVersion", "resolved", "integrity", "requires", "packages", "dependencies"];
function stringifyLikeNpm(data) {
  const isObject = (value) => !!value && !Array.isArray(value) && typeof value === "object";
  const compare = (a, b) => {
    const ia = KEY_ORDER.indexOf(a), ib = KEY_ORDER.indexOf(b);
    if (ia >= 0 && ib < 0) return -1;
    if (ib >= 0 && ia < 0) return 1;
    if (ia >= 0 && ib >= 0) return ia - ib;
    return a.localeCompare(b, "en");
  };
  const sorted = (_key, value) => {
    if (!isObject(value)) return value;
    const pairs = Object.entries(value).sort(([ak, av], [bk, bv]) => (isObject(av) === isObject(bv) ? compare(ak, bk) : isObject(av) ? 1 : -1));
    return Object.fromEntries(pairs);
  };
  return `${JSON.stringify(data, sorted, 2)}\n`;
}

module.exports = { bundledTree, shrinkwrapFor, stringifyLikeNpm, SHRINKWRAP };

if (require.main === module) {
  const command = process.argv[2];
  try {
    if (command === "write") {
      const text = stringifyLikeNpm(shrinkwrapFor());
      // Atomically: a concurrent `npm pack` never sees half a file.
      const temporary = `${SHRINKWRAP}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, text);
      fs.renameSync(temporary, SHRINKWRAP);
      const count = Object.keys(JSON.parse(text).packages).length - 1;
      console.error(`azure-redis-guard: npm-shrinkwrap.json written for the ${count} bundled packages`);
    } else if (command === "remove") {
      fs.rmSync(SHRINKWRAP, { force: true });
    } else if (command === "check") {
      const { entries } = bundledTree();
      for (const [location, entry] of Object.entries(entries)) console.log(`${location.replace(/^node_modules\//, "")}@${entry.version}`);
    } else {
      console.error("usage: node scripts/shrinkwrap.js write|remove|check");
      process.exit(2);
    }
  } catch (error) {
    console.error(`azure-redis-guard: ${error.message}`);
    process.exit(1);
  }
}
