import * as path from "node:path";

/**
 * The 1-based line where `needles` occur in order in `text` (each searched after the previous one),
 * or `undefined` when one is missing. Finding `"azurerm_redis_cache"` then `"cache_1A2B"` locates a
 * resource in synthesized JSON without a position-tracking parser.
 */
export function lineOf(text: string, ...needles: string[]): number | undefined {
  let index = 0;
  for (const needle of needles) {
    index = text.indexOf(needle, index);
    if (index < 0) return undefined;
  }
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * A path relative to the working directory with `/` separators, as SARIF (relative to the checkout)
 * and CI logs want it; a file outside the working directory keeps its absolute path.
 */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  const shown = relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
  return shown.split(path.sep).join("/");
}
