import * as fs from "node:fs";
import * as path from "node:path";
import type { SourceLocation } from "../report/model";
import { displayPath, lineOf } from "../report/source-lines";

const SOURCE_FILE = /\.(?:[cm]?ts|[cm]?js)$/;
const SKIPPED_DIRS = new Set(["node_modules", "bin", "dist", ".git", ".pulumi"]);
const MAX_FILES = 500;

/** The program's own source files, entry point first; bounded so a huge tree cannot stall the check. */
function sourceFiles(projectDir: string, entry: string | undefined): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const dirent of fs.readdirSync(dir, { withFileTypes: true })) {
      if (files.length >= MAX_FILES) return;
      const full = path.join(dir, dirent.name);
      if (dirent.isDirectory() && !SKIPPED_DIRS.has(dirent.name) && !dirent.name.startsWith(".")) walk(full);
      else if (dirent.isFile() && SOURCE_FILE.test(dirent.name) && !dirent.name.endsWith(".d.ts")) files.push(full);
    }
  };
  walk(projectDir);
  return entry ? [entry, ...files.filter((f) => f !== entry)] : files;
}

/** Resolves the program's entry file the way Node would for "." or Pulumi.yaml's `main`. */
export function entryFile(projectDir: string, entryPoint: string): string | undefined {
  const base = path.resolve(projectDir, entryPoint);
  let main: string | undefined;
  if (entryPoint === ".") {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8")) as { main?: unknown };
      if (typeof pkg.main === "string") main = path.resolve(projectDir, pkg.main);
    } catch {
      // No package.json, or not JSON: Node falls back to index.*.
    }
  }
  const candidates = [main, base, ...["index.ts", "index.js", "index.mts", "index.mjs"].map((f) => path.join(base, f))];
  return candidates.find((c): c is string => c !== undefined && fs.existsSync(c) && fs.statSync(c).isFile());
}

/**
 * Where the program declares each named resource: the first line of its sources that holds the name as
 * a string literal. Names built at run time are not found; such a resource points at the entry file.
 */
export function declarationLocator(projectDir: string, entryPoint: string): (name: string) => SourceLocation | undefined {
  const entry = entryFile(projectDir, entryPoint);
  const texts = sourceFiles(projectDir, entry).map((file) => ({ file, text: fs.readFileSync(file, "utf8") }));
  return (name) => {
    for (const { file, text } of texts) {
      for (const quote of ['"', "'", "`"]) {
        const line = lineOf(text, `${quote}${name}${quote}`);
        if (line) return { file: displayPath(file), line };
      }
    }
    return entry ? { file: displayPath(entry) } : undefined;
  };
}
