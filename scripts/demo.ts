/**
 * `npm run demo`: the guard on both examples, offline, right after `npm ci`.
 *
 *   1. `azure-redis-guard check examples/pulumi-azure-native` (the program runs under Pulumi's mocks,
 *      the rule core judges every resource it registers);
 *   2. synthesizes examples/cdktf-azurerm the way `cdktf synth` does (its cdktf.json `app` command, with
 *      CDKTF_OUTDIR and CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) into a temporary directory and shows
 *      the aspect's annotations, then `azure-redis-guard check <that cdktf.out>`;
 *   3. its two results in two lines: what was caught (each mandatory violation with its rule id, plus the
 *      advisory findings) and what passed (the resources every applicable rule passes).
 * It fits one screen: a line per resource and the message of each mandatory violation; the full reports are one
 * command away. Exit 0 only when both checks ran and found exactly what the examples contain (EXPECTED), and the
 * aspect's error annotations are exactly the mandatory violations.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CheckReport } from "../cli/report/model";

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "dist", "cli", "main.js");
const PULUMI_EXAMPLE = path.join("examples", "pulumi-azure-native");
const CDKTF_EXAMPLE = path.join("examples", "cdktf-azurerm");

/** A finding as the demo compares it: the resource (construct path for CDKTF) and the rule. */
type Finding = readonly [resource: string, ruleId: string];

interface Expectation {
  /** Mandatory violations: the check exits 1 because of exactly these. */
  readonly mandatory: readonly Finding[];
  /** Advisory violations: reported, never failing the check. */
  readonly advisory: readonly Finding[];
  /** Resources every applicable rule passes on. */
  readonly passing: readonly string[];
}

/** The advisory rules a legacy cache fails by leaving their settings at the Azure defaults. */
const ADVISORY_DEFAULTS = ["Azure.Redis.PublicNetworkAccess", "Azure.Redis.LocalAuth", "Azure.Redis.EntraID"] as const;

/** The advisory notice every Azure Cache for Redis gets, compliant or not: the service is retiring. */
const CACHE_RETIRING = "Azure.Redis.MigrateAMR";

/** What the examples contain: the demo fails if a check finds anything else (an unknown or exempted result included). */
const EXPECTED: { readonly pulumi: Expectation; readonly cdktf: Expectation } = {
  pulumi: {
    mandatory: [
      ["legacy-cache", "Azure.Redis.NonSslPort"],
      ["managed-redis-db", "Azure.RedisEnterprise.ClientProtocol"],
    ],
    advisory: [
      ...[...ADVISORY_DEFAULTS, CACHE_RETIRING].map((rule) => ["legacy-cache", rule] as const),
      ["compliant-cache", CACHE_RETIRING],
      ["managed-redis-db", "Azure.RedisEnterprise.LocalAuth"],
      ["enterprise-cluster", "Azure.RedisEnterprise.PublicNetworkAccess"],
      ["enterprise-cluster", "Azure.RedisEnterprise.MigrateAMR"],
    ],
    passing: ["managed-redis"],
  },
  cdktf: {
    mandatory: [
      ["violating/legacy-cache", "Azure.Redis.NonSslPort"],
      ["violating/managed-redis", "Azure.RedisEnterprise.ClientProtocol"],
    ],
    advisory: [
      ...[...ADVISORY_DEFAULTS, CACHE_RETIRING].map((rule) => ["violating/legacy-cache", rule] as const),
      ["compliant/compliant-cache", CACHE_RETIRING],
      ["violating/managed-redis", "Azure.RedisEnterprise.PublicNetworkAccess"],
      ["violating/managed-redis", "Azure.RedisEnterprise.LocalAuth"],
      ["violating/enterprise-cluster", "Azure.RedisEnterprise.MigrateAMR"],
    ],
    passing: ["compliant/managed-redis"],
  },
};

const useStyle = process.stdout.isTTY === true && !process.env["NO_COLOR"];
const bold = (text: string): string => (useStyle ? `\u001b[1m${text}\u001b[22m` : text);
const dim = (text: string): string => (useStyle ? `\u001b[2m${text}\u001b[22m` : text);

/** Runs `check` with a JSON report; what it prints is kept for when it could not run. */
function check(target: string, jsonReport: string): { status: number | null; report?: CheckReport; output: string } {
  const run = spawnSync(process.execPath, [BIN, "check", target, "--format", "json", "--output", jsonReport], { cwd: ROOT, encoding: "utf8" });
  const report = run.status === 0 || run.status === 1 ? (JSON.parse(fs.readFileSync(jsonReport, "utf8")) as CheckReport) : undefined;
  return { status: run.status, output: `${run.stdout}${run.stderr}`, ...(report ? { report } : {}) };
}

/** The short form of a rule id (`NonSslPort`), for one-line listings. */
const shortRule = (ruleId: string): string => ruleId.replace(/^Azure\./, "");

/** One line per resource: its mark, name and type, and its non-passing findings by level; then each mandatory message. */
function printReport(report: CheckReport): void {
  const width = Math.max(...report.resources.map((r) => nameOf(r).length));
  const messages: string[] = [];
  for (const resource of report.resources) {
    const failing = (level: "mandatory" | "advisory"): string[] => resource.results.filter((x) => x.status === "fail" && x.enforcementLevel === level).map((x) => shortRule(x.ruleId));
    const [mandatory, advisory] = [failing("mandatory"), failing("advisory")];
    const other = resource.results.filter((x) => x.status === "unknown" || x.status === "exempted").map((x) => `${shortRule(x.ruleId)} ${x.status}`);
    const findings = [
      ...(mandatory.length > 0 ? [`mandatory: ${mandatory.join(", ")}`] : []),
      ...(advisory.length > 0 ? [`advisory: ${advisory.join(", ")}`] : []),
      ...other,
    ];
    const mark = mandatory.length > 0 ? "✖" : findings.length > 0 ? "!" : "✔";
    const summary = findings.length > 0 ? findings.join("; ") : `passes ${resource.results.length} rule${resource.results.length === 1 ? "" : "s"}`;
    process.stdout.write(`  ${mark} ${nameOf(resource).padEnd(width)}  ${summary}\n`);
    for (const result of resource.results) {
      if (result.status === "fail" && result.enforcementLevel === "mandatory") messages.push(result.message.replace(/ See https:\/\/\S+$/, ""));
    }
  }
  for (const message of messages) process.stdout.write(`    ${dim(message)}\n`);
  const s = report.summary;
  process.stdout.write(`  exit ${report.exitCode}: ${s.mandatoryViolations} mandatory violation(s), ${s.advisoryViolations} advisory, ${s.unknown} unknown, ${s.passed} passed\n`);
}

interface ManifestAnnotation {
  readonly constructPath?: string;
  readonly level?: string;
  readonly message?: string;
}

/** The rule id a message of the rule core starts with (`Azure.Redis.NonSslPort: …`). */
function ruleIdOf(message: string | undefined): string {
  return /^(Azure\.[A-Za-z]+\.[A-Za-z0-9]+):/.exec(message ?? "")?.[1] ?? "?";
}

/**
 * Runs the app as `cdktf synth` does and prints its error annotations as the CLI would; returns the
 * errors as findings, or undefined when synth broke.
 */
function synthesize(outdir: string): Finding[] | undefined {
  const appDir = path.join(ROOT, CDKTF_EXAMPLE);
  const { app } = JSON.parse(fs.readFileSync(path.join(appDir, "cdktf.json"), "utf8")) as { app: string };
  const run = spawnSync(app, {
    cwd: appDir,
    shell: true,
    encoding: "utf8",
    // cdktf synth lets the app finish despite error annotations, then reports them itself.
    env: { ...process.env, CDKTF_OUTDIR: outdir, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true", PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env["PATH"] ?? ""}` },
  });
  const manifestFile = path.join(outdir, "manifest.json");
  if (run.status !== 0 || !fs.existsSync(manifestFile)) {
    process.stderr.write(`demo: synthesizing ${CDKTF_EXAMPLE} failed (exit ${run.status}):\n${run.stdout}${run.stderr}\n`);
    return undefined;
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { stacks: Record<string, { annotations?: ManifestAnnotation[] }> };
  const annotations = Object.values(manifest.stacks).flatMap((stack) => stack.annotations ?? []);
  const errors = annotations.filter((a) => a.level === "@cdktf/error");
  const warnings = annotations.filter((a) => a.level === "@cdktf/warn");
  const warned = [...new Set(warnings.map((w) => shortRule(ruleIdOf(w.message))))].join(", ");
  process.stdout.write(
    `  synth: RedisPolicyAspect annotated ${errors.length} error(s)${errors.length > 0 ? " (cdktf synth fails)" : ""} and ${warnings.length} warning(s)${warned ? ` (${warned})` : ""}\n`,
  );
  return errors.map((a) => [a.constructPath ?? "?", ruleIdOf(a.message)] as const);
}

type ReportResource = CheckReport["resources"][number];

/** How EXPECTED names a resource: its construct path (CDKTF), else its name. */
const nameOf = (r: ReportResource): string => r.constructPath ?? r.name;

/** What a report found, in EXPECTED's terms, plus anything EXPECTED never has (unknown or exempted results). */
function outcome(report: CheckReport): Expectation & { readonly other: readonly Finding[] } {
  const findings = (keep: (x: ReportResource["results"][number]) => boolean): Finding[] =>
    report.resources.flatMap((r) => r.results.filter(keep).map((x) => [nameOf(r), x.ruleId] as const));
  return {
    mandatory: findings((x) => x.status === "fail" && x.enforcementLevel === "mandatory"),
    advisory: findings((x) => x.status === "fail" && x.enforcementLevel === "advisory"),
    other: findings((x) => x.status === "unknown" || x.status === "exempted"),
    passing: report.resources.filter((r) => r.results.every((x) => x.status === "pass")).map(nameOf),
  };
}

const key = (finding: Finding | string): string => (typeof finding === "string" ? finding : `${finding[0]} ${finding[1]}`);

function sameSet(a: readonly (Finding | string)[], b: readonly (Finding | string)[]): boolean {
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((x, i) => x === right[i]);
}

const list = (findings: readonly Finding[]): string => findings.map(([resource, rule]) => `'${resource}' (${rule})`).join(", ");
const quoted = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(", ");

/** Differences between what a check found and what the example contains, as sentences. */
function differences(label: string, found: ReturnType<typeof outcome>, expected: Expectation): string[] {
  const problems: string[] = [];
  if (!sameSet(found.mandatory, expected.mandatory)) problems.push(`the ${label} check found mandatory violations [${list(found.mandatory)}], expected [${list(expected.mandatory)}]`);
  if (!sameSet(found.advisory, expected.advisory)) problems.push(`the ${label} check found advisory violations [${list(found.advisory)}], expected [${list(expected.advisory)}]`);
  if (found.other.length > 0) problems.push(`the ${label} check found unknown or exempted results [${list(found.other)}], expected none`);
  if (!sameSet(found.passing, expected.passing)) problems.push(`the ${label} check passed [${quoted(found.passing)}], expected [${quoted(expected.passing)}]`);
  return problems;
}

/** Findings by the report's rule order (encryption in transit first), passing resources by their first rule. */
function inRuleOrder(report: CheckReport, found: ReturnType<typeof outcome>): ReturnType<typeof outcome> {
  const rank = (ruleId: string | undefined): number => report.rules.findIndex((rule) => rule.id === ruleId);
  const byRule = (findings: readonly Finding[]): Finding[] => [...findings].sort((a, b) => rank(a[1]) - rank(b[1]));
  const firstRule = (name: string): number => rank(report.resources.find((r) => nameOf(r) === name)?.results[0]?.ruleId);
  return { ...found, mandatory: byRule(found.mandatory), advisory: byRule(found.advisory), passing: [...found.passing].sort((a, b) => firstRule(a) - firstRule(b)) };
}

/** The two summary lines, from the reports (which the caller has compared with EXPECTED). */
function summary(pulumi: CheckReport, cdktf: CheckReport): [string, string] {
  const runs = [
    ["Pulumi", pulumi],
    ["CDKTF", cdktf],
  ] as const;
  const found = runs.map(([label, report]) => [label, report, inRuleOrder(report, outcome(report))] as const);
  const mandatory = found.flatMap(([, , o]) => o.mandatory);
  const advisory = found.flatMap(([, , o]) => o.advisory);
  const advisoryOn = found.map(([label, , o]) => `${label} ${quoted([...new Set(o.advisory.map(([r]) => r))])}`).join(" and ");
  const caught =
    `Caught: ${mandatory.length} mandatory violations — ${found.map(([label, , o]) => `${label} ${list(o.mandatory)}`).join("; ")}; ` +
    `plus ${advisory.length} advisory findings on ${advisoryOn} (${[...new Set(advisory.map(([, rule]) => rule))].join(", ")}).`;
  const passedRules = (report: CheckReport, name: string): string => {
    const count = report.resources.find((r) => nameOf(r) === name)?.results.length ?? 0;
    return `'${name}' (${count} rule${count === 1 ? "" : "s"})`;
  };
  const passed =
    `Passed: ${found.map(([label, report, o]) => `${label} ${o.passing.map((name) => passedRules(report, name)).join(", ")}`).join(" and ")}: ` +
    `every rule that applies to them passes (${pulumi.rules.length} rules checked).`;
  return [caught, passed];
}

function main(): number {
  if (!fs.existsSync(BIN)) {
    process.stderr.write("demo: dist/cli/main.js is missing: run `npm ci` (or `npm run build`) first.\n");
    return 2;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "azure-redis-guard-demo-"));
  const started = Date.now();
  try {
    process.stdout.write(`${bold("azure-redis-guard demo")}: the guard on two example projects, offline (no cloud account, Pulumi CLI or Terraform)\n`);
    process.stdout.write(`\n${bold(`1/2 Pulumi program ${PULUMI_EXAMPLE}`)}: azure-redis-guard check (the program under Pulumi's mocks)\n`);
    const pulumi = check(PULUMI_EXAMPLE, path.join(work, "pulumi.json"));
    if (pulumi.report) printReport(pulumi.report);

    process.stdout.write(`\n${bold(`2/2 CDKTF app ${CDKTF_EXAMPLE}`)}: cdktf synth with RedisPolicyAspect, then azure-redis-guard check cdktf.out\n`);
    const outdir = path.join(work, "cdktf.out");
    const synthErrors = synthesize(outdir);
    const cdktf = synthErrors ? check(outdir, path.join(work, "cdktf.json")) : { status: null, output: "" };
    if (cdktf.report) printReport(cdktf.report);

    const problems: string[] = [];
    for (const [label, run, expected] of [
      ["Pulumi", pulumi, EXPECTED.pulumi],
      ["CDKTF", cdktf, EXPECTED.cdktf],
    ] as const) {
      // A run that found mandatory violations exits 1; anything else (2, a signal) means it could not run.
      const status = expected.mandatory.length > 0 ? 1 : 0;
      if (!run.report || (run.status !== 0 && run.status !== 1)) problems.push(`the ${label} check could not run (exit ${run.status}):\n${run.output}`);
      else if (run.status !== status) problems.push(`the ${label} check exited ${run.status}, expected ${status}`);
      if (run.report) problems.push(...differences(label, outcome(run.report), expected));
    }
    // The aspect decides through the same core: it must stop synth on exactly the mandatory violations.
    if (synthErrors && !sameSet(synthErrors, EXPECTED.cdktf.mandatory)) {
      problems.push(`RedisPolicyAspect reported errors [${list(synthErrors)}], expected [${list(EXPECTED.cdktf.mandatory)}]`);
    }
    process.stdout.write(`\nFull reports: npx azure-redis-guard check ${PULUMI_EXAMPLE} (or a cdktf.out; --format json|sarif)\n`);
    process.stdout.write(`\n${bold(`The two results (${((Date.now() - started) / 1000).toFixed(1)} s)`)}\n`);
    if (problems.length > 0 || !pulumi.report || !cdktf.report) {
      process.stderr.write(`demo: ${problems.join("; ")}.\n`);
      return 1;
    }
    process.stdout.write(`${summary(pulumi.report, cdktf.report).join("\n")}\n`);
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
