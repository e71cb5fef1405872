/**
 * The child process that runs a Pulumi program offline for `azure-redis-guard check <project-dir>`.
 *
 * It installs Pulumi's own mock runtime (`runtime.setMocks`, preview mode) from the `@pulumi/pulumi`
 * the PROGRAM resolves, so program and mocks share one runtime, and then hands control to that
 * package's language-host entry point (`@pulumi/pulumi/cmd/run`), which registers ts-node, finds the
 * entry point and runs the program inside its Stack resource exactly as `pulumi preview` does.
 *
 * Every RegisterResource request is recorded at the mock monitor, where it is already serialized: the
 * inputs are in Pulumi's wire form, with secrets wrapped and unknowns as sentinels, as the engine would
 * hand them to an analyzer. Records go to a file, one JSON line each, written synchronously so that
 * nothing is lost however the program ends.
 *
 * Usage (internal): node program-host.js <request-json> <records-file>
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { HostMessage, HostRequest } from "./host-protocol";
import { engineUrn } from "./urn";

/** The parts of a serialized RegisterResourceRequest this host reads (google-protobuf objects). */
interface RegisterResourceRequestLike {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface InvokeRequestLike {
  getTok(): string;
}

type Callback = (error: unknown, response: unknown) => void;

/** The mock monitor `runtime.setMocks` installs; its methods are wrapped, never reimplemented. */
interface MockMonitorLike {
  registerResource(request: RegisterResourceRequestLike, callback: Callback): Promise<void>;
  invoke(request: InvokeRequestLike, callback: Callback): Promise<void>;
  newUrn(parent: string, type: string, name: string): string;
  signalAndWaitForShutdown?: (request: unknown, callback: Callback) => void;
}

interface PulumiModuleLike {
  runtime: {
    setMocks(
      mocks: {
        newResource(args: { inputs: Record<string, unknown> }): { id: string | undefined; state: Record<string, unknown> };
        call(args: { token: string }): Record<string, unknown>;
      },
      project: string,
      stack: string,
      preview: boolean,
      organization: string,
    ): Promise<void>;
  };
}

interface SettingsModuleLike {
  getMonitor(): MockMonitorLike | undefined;
}

const [requestJson, recordsFile] = process.argv.slice(2);
if (!requestJson || !recordsFile) {
  process.stderr.write("program-host: internal usage: program-host.js <request-json> <records-file>\n");
  process.exit(2);
}
const request = JSON.parse(requestJson) as HostRequest;

function record(message: HostMessage): void {
  fs.appendFileSync(recordsFile as string, `${JSON.stringify(message)}\n`);
}

/** The first stack frame in the user's own code, as `index.ts:12:5`: enough to find the bug, without the runtime's frames. */
function programLocation(error: Error): string | undefined {
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  const own = frames.find((line) => line.includes(request.programDir) && !line.includes(`${path.sep}node_modules${path.sep}`));
  const position = own ? /\(?([^()\s]+):(\d+):(\d+)\)?\s*$/.exec(own) : null;
  return position ? `${path.relative(request.programDir, position[1] as string)}:${position[2]}:${position[3]}` : undefined;
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return `the program threw a non-Error value (${typeof error})`;
  // ts-node's TSError carries the compiler's diagnostics in its message; a RunError is Pulumi's own.
  const location = programLocation(error);
  const name = error.name && error.name !== "Error" ? `${error.name}: ` : "";
  return `${name}${error.message.trim()}${location ? ` (in ${location})` : ""}`;
}

let failed = false;
/**
 * The program failed: record why and end the process now. Left alone, the runtime can keep a failed
 * program's process alive for a long time (a Stack resource whose outputs never resolve); the language
 * host would kill it, and so do we.
 */
function onFailure(error: unknown): void {
  if (failed) return;
  failed = true;
  record({ kind: "failed", stage: "program", message: describeFailure(error) });
  process.exit(1);
}

/** The program's own `@pulumi/pulumi`: its entry module and its package root. Records a setup failure and exits without one. */
function programPulumi(): { index: string; root: string } {
  const paths = [request.programDir];
  let index: string;
  try {
    index = require.resolve("@pulumi/pulumi", { paths });
  } catch {
    record({ kind: "failed", stage: "setup", message: `@pulumi/pulumi is not installed for ${request.programDir} (run npm install there).` });
    process.exit(2);
  }
  return { index, root: path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths })) };
}

/** Pulumi's own mock runtime, in preview mode: a resource's outputs are its inputs, and functions answer with nothing. */
async function installMocks(pulumiIndex: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the PROGRAM's @pulumi/pulumi, found at run time
  const pulumi = require(pulumiIndex) as PulumiModuleLike;
  await pulumi.runtime.setMocks(
    {
      // What a preview knows about a resource being created: its inputs. Everything else (ids,
      // attributes Azure computes) stays undefined, which preview mode turns into unknown outputs.
      newResource: (args) => ({ id: undefined, state: args.inputs }),
      // No provider runs offline, so functions (`getX`) answer with an empty result; the report names them.
      call: () => ({}),
    },
    request.project,
    request.stack,
    true,
    request.organization,
  );
}

/** The mock monitor `setMocks` installed; records a setup failure and exits when there is none this host understands. */
function mockMonitor(pulumiRoot: string): MockMonitorLike {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same package's runtime settings, by path
  const settings = require(path.join(pulumiRoot, "runtime", "settings")) as SettingsModuleLike;
  const monitor = settings.getMonitor();
  if (!monitor || typeof monitor.registerResource !== "function") {
    record({ kind: "failed", stage: "setup", message: `this @pulumi/pulumi (${pulumiRoot}) has no mock monitor the check understands.` });
    process.exit(2);
  }
  return monitor;
}

/** Wraps the monitor's RegisterResource and Invoke so each request is recorded before the mock answers it. */
function recordRequests(monitor: MockMonitorLike): void {
  const registerResource = monitor.registerResource.bind(monitor);
  // The mock monitor mints URNs its own way: it chains the root stack's type into every top-level resource's
  // URN (`pulumi:pulumi:Stack$azure-native:redis:Redis`) and only the parent's last type into a grandchild's.
  // The engine does neither (pulumi/pulumi pkg/resource/deploy/deployment.go, generateURN: no root stack type,
  // the parent's full qualified type), and a report's identity must be the URN `pulumi stack export` and
  // `pulumi preview` show. The program keeps the mock's URNs; the record gets the engine's.
  const engineUrns = new Map<string, string>();
  const urnOf = (mockParent: string, type: string, name: string): string => {
    const parent = mockParent ? (engineUrns.get(mockParent) ?? mockParent) : "";
    return engineUrn(request.stack, request.project, parent.split("::")[2] ?? "", type, name);
  };
  monitor.registerResource = (req, callback) => {
    const type = req.getType();
    const name = req.getName();
    const urn = urnOf(req.getParent(), type, name);
    engineUrns.set(monitor.newUrn(req.getParent(), type, name), urn);
    record({
      kind: "resource",
      resource: {
        urn,
        type,
        name,
        custom: req.getCustom(),
        parent: req.getParent() ? (engineUrns.get(req.getParent()) ?? req.getParent()) : req.getParent(),
        properties: req.getObject()?.toJavaScript() ?? {},
      },
    });
    return registerResource(req, callback);
  };
  const invoke = monitor.invoke.bind(monitor);
  monitor.invoke = (req, callback) => {
    if (req.getTok() !== "pulumi:pulumi:getResource") record({ kind: "invoke", token: req.getTok() });
    return invoke(req, callback);
  };
  // The language host signals the engine when the program ends; the mock monitor has no such call.
  monitor.signalAndWaitForShutdown ??= (_request, callback) => callback(null, {});
}

/** Hands over to the language host's own entry point, with the arguments the Pulumi CLI gives it. */
function runLanguageHost(pulumiRoot: string): void {
  process.env["PULUMI_NODEJS_TYPESCRIPT"] = request.typescript ? "true" : "false";
  const runEntry = path.join(pulumiRoot, "cmd", "run");
  process.argv = [
    process.execPath,
    runEntry,
    "--monitor=offline-mock",
    `--project=${request.project}`,
    `--stack=${request.stack}`,
    ...(request.organization ? [`--organization=${request.organization}`] : []),
    `--root-directory=${request.programDir}`,
    `--pwd=${request.programDir}`,
    "--dry-run",
    request.entryPoint,
  ];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the language host's entry runs on require
  require(runEntry);
}

async function main(): Promise<void> {
  const pulumi = programPulumi();
  await installMocks(pulumi.index);
  recordRequests(mockMonitor(pulumi.root));
  process.on("uncaughtException", onFailure);
  process.on("unhandledRejection", onFailure);
  process.on("exit", (code) => {
    if (code === 0 && !failed) record({ kind: "done" });
    else if (!failed) record({ kind: "failed", stage: "program", message: `the program exited with code ${code}` });
  });
  runLanguageHost(pulumi.root);
}

main().catch((error: unknown) => {
  record({ kind: "failed", stage: "setup", message: error instanceof Error ? error.message : String(error) });
  process.exit(2);
});
