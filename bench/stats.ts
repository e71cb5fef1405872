/** Small statistics for benchmarks: medians of repeated, alternated runs. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Peak resident set size of a process in KiB (VmHWM), or NaN where /proc is not there. */
export function peakRssKiB(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- read lazily: only Linux has /proc
    const status: string = require("node:fs").readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) a process has used so far, in ms, or NaN where /proc is not there. */
export function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- read lazily: only Linux has /proc
    const stat: string = require("node:fs").readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces, hence the last parenthesis): utime is the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** `getconf CLK_TCK`: 100 on every Linux Node.js supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/** The repository root, found from here whether this runs from source or from `.bench/dist`. */
export function repoRoot(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- plain fs/path, kept local to this helper
  const fs: typeof import("node:fs") = require("node:fs"), path: typeof import("node:path") = require("node:path");
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "PulumiPolicy.yaml"))) return dir;
    if (path.dirname(dir) === dir) throw new Error("cannot find the repository root (PulumiPolicy.yaml) above " + __dirname);
  }
}
