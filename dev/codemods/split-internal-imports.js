#!/usr/bin/env node
// One-off codemod (issue 17): imports of names that left the public entry points move to the internal ones.
// For every import from policies/index.ts (written "../policies", "../../policies", ...), the names that
// policies/index.ts no longer exports are imported from policies/internal.ts instead; for
// policies/pulumi/index.ts, from policies/pulumi/bindings.ts. Idempotent: run it again after a merge.
// Usage: node dev/codemods/split-internal-imports.js [dir...]   (default: cli test bench scripts)
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

const root = path.resolve(__dirname, "..", "..");
const entries = [
  { index: "policies/index.ts", internal: "policies/internal" },
  { index: "policies/pulumi/index.ts", internal: "policies/pulumi/bindings" },
];

const program = ts.createProgram(entries.map((e) => path.join(root, e.index)), { module: ts.ModuleKind.CommonJS, skipLibCheck: true });
const checker = program.getTypeChecker();
for (const entry of entries) {
  const file = program.getSourceFile(path.join(root, entry.index));
  entry.publicNames = new Set(checker.getExportsOfModule(checker.getSymbolAtLocation(file)).map((s) => s.name));
  entry.module = entry.index.replace(/\/index\.ts$/, "");
}

function relativeSpecifier(fromFile, target) {
  const rel = path.relative(path.dirname(fromFile), path.join(root, target)).split(path.sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

function rewrite(file) {
  const text = fs.readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const edits = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const spec = statement.moduleSpecifier.text;
    if (!spec.startsWith(".")) continue;
    const target = path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep).join("/").replace(/\/index$/, "");
    const entry = entries.find((e) => e.module === target);
    const bindings = statement.importClause?.namedBindings;
    if (!entry || !bindings || !ts.isNamedImports(bindings)) continue;
    const typeOnly = statement.importClause.isTypeOnly;
    const print = (el) => `${!typeOnly && el.isTypeOnly ? "type " : ""}${el.propertyName ? `${el.propertyName.text} as ` : ""}${el.name.text}`;
    const kept = bindings.elements.filter((el) => entry.publicNames.has((el.propertyName ?? el.name).text));
    const moved = bindings.elements.filter((el) => !entry.publicNames.has((el.propertyName ?? el.name).text));
    if (moved.length === 0) continue;
    const keyword = typeOnly ? "import type" : "import";
    const lines = [];
    if (kept.length > 0) lines.push(`${keyword} { ${kept.map(print).join(", ")} } from "${spec}";`);
    lines.push(`${keyword} { ${moved.map(print).join(", ")} } from "${relativeSpecifier(file, entry.internal)}";`);
    edits.push({ start: statement.getStart(source), end: statement.getEnd(), text: lines.join("\n") });
  }
  if (edits.length === 0) return false;
  let out = text;
  for (const edit of edits.reverse()) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  fs.writeFileSync(file, out);
  return true;
}

function walk(dir, found) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!["node_modules", "dist", ".bench", "cdktf.out"].includes(entry.name)) walk(full, found);
    } else if (/\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) found.push(full);
  }
  return found;
}

const dirs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["cli", "test", "bench", "scripts"];
for (const dir of dirs) {
  const abs = path.resolve(root, dir);
  if (!fs.existsSync(abs)) continue;
  for (const file of walk(abs, [])) if (rewrite(file)) console.log(`rewrote ${path.relative(root, file)}`);
}
