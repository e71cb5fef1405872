import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { validateXML } from "xmllint-wasm";
import { REPO_ROOT } from "./pack";

export const CLI = path.join(REPO_ROOT, "dist", "cli", "main.js");
export const PULUMI_EXAMPLE = path.join(REPO_ROOT, "examples", "pulumi-azure-native");
export const CDKTF_EXAMPLE = path.join(REPO_ROOT, "examples", "cdktf-azurerm");

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI in a child process, as a user or CI would, and collects what it prints. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  if (!fs.existsSync(CLI)) throw new Error("dist/cli/main.js is missing: run `npm run build` first (npm test does).");
  return runNode([CLI, ...args], options);
}

export function runNode(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 90_000);
    child.once("error", reject);
    child.once("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Environment for program runs that need no type-checking: Pulumi's own switch, honoured by the check. */
export const TRANSPILE_ONLY_ENV: NodeJS.ProcessEnv = { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" };

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `arg-${prefix}-`));
}

/**
 * A Pulumi project in a temporary directory whose node_modules links to the repository's, so the
 * program resolves the same @pulumi/pulumi and @pulumi/azure-native as the examples.
 */
export function writePulumiProgram(files: Record<string, string>, options: { runtime?: string } = {}): string {
  const dir = tempDir("program");
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: test-program\nruntime: ${options.runtime ?? "nodejs"}\n`);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "test-program", main: "index.ts" }));
  fs.copyFileSync(path.join(PULUMI_EXAMPLE, "tsconfig.json"), path.join(dir, "tsconfig.json"));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return file;
}

/** Validates against the official SARIF 2.1.0 schema shipped in test/fixtures (a draft-04 schema). */
export function sarifValidator(): (document: unknown) => string[] {
  // strict: false because the schema uses draft-04 idioms ajv's strict mode rejects; unicodeRegExp: false
  // because its `language` pattern (`...{2}]?$`) is only valid without the u flag (a typo in the schema).
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "test", "fixtures", "sarif", "sarif-schema-2.1.0.json"), "utf8")) as object;
  const validate = ajv.compile(schema);
  return (document) => (validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

/** Validates `--format json` output against the documented schema, docs/check-report.schema.json. */
export function reportValidator(): (document: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "docs", "check-report.schema.json"), "utf8")) as object;
  const validate = ajv.compile(schema);
  return (document) => (validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

/** A user error is explained, never shown as a stack trace of this tool or of Node. */
export function expectNoStackTrace(text: string): void {
  const frames = text.split("\n").filter((line) => /^\s+at .+\(.+:\d+:\d+\)$/.test(line) || /^\s+at (node:|.*node_modules)/.test(line));
  if (frames.length > 0) throw new Error(`expected no stack trace, found:\n${frames.join("\n")}`);
}

/**
 * Validates `--format junit` output against the Jenkins xUnit plugin's junit-10.xsd (test/fixtures/junit)
 * with libxml2's own schema validator (xmllint-wasm): the errors, empty when valid.
 */
export async function validateJunit(xml: string): Promise<string[]> {
  const schema = fs.readFileSync(path.join(REPO_ROOT, "test", "fixtures", "junit", "junit-10.xsd"), "utf8");
  const result = await validateXML({ xml: { fileName: "report.xml", contents: xml }, schema: { fileName: "junit-10.xsd", contents: schema } });
  return result.valid ? [] : result.errors.map((e) => e.message);
}

/** Validates a baseline file against docs/baseline.schema.json. */
export function baselineValidator(): (document: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: true });
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "docs", "baseline.schema.json"), "utf8")) as object;
  const validate = ajv.compile(schema);
  return (document) => (validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

/**
 * The policy config of a team that has turned the retirement notices off (one line each). Tests about gates,
 * formats and baselines count findings: with the notices on, every Azure Cache for Redis and Enterprise
 * cluster also carries an advisory MigrateAMR finding, and no cache would have "nothing to report".
 */
export const NOTICES_OFF = { "azure-redis-migrate-amr": "disabled", "azure-redis-enterprise-migrate-amr": "disabled" } as const;

let noticesOffFile: string | undefined;

/** `check` as that team runs it: NOTICES_OFF unless the call brings its own `--policy-pack-config` (add NOTICES_OFF to it). */
export function runCliWithoutNotices(args: readonly string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliRun> {
  if (args.includes("--policy-pack-config")) return runCli(args, options);
  noticesOffFile ??= writeJson(tempDir("notices-off"), "notices-off.json", NOTICES_OFF);
  return runCli([...args, "--policy-pack-config", noticesOffFile], options);
}
