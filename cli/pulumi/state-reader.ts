import { MalformedValue } from "../../policies";
import { findPulumiBinding } from "../../policies/pulumi/bindings";
import { isPlainRecord, PULUMI_SECRET_SIGNATURE, PULUMI_SIGNATURE_KEY } from "../../policies/core/values";
import { CheckError } from "../check-error";
import { describeScalar, type JsonInput } from "../input/json-input";
import type { JsonMember } from "../input/json-scan";
import { NOT_GUARDED, type FoundResource, type InputDescription, type ReadItem } from "../input/reader";
import { displayPath } from "../report/source-lines";

/** The deployment format `pulumi stack export` has written since Pulumi 2 (apitype.DeploymentV3). */
const DEPLOYMENT_VERSION = 3;

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<qualified type>::<name>` (the name may hold `::`). */
export function parseUrn(urn: string): { stack: string; project: string; name: string } | undefined {
  if (!urn.startsWith("urn:pulumi:")) return undefined;
  const parts = urn.slice("urn:pulumi:".length).split("::");
  if (parts.length < 4) return undefined;
  return { stack: parts[0]!, project: parts[1]!, name: parts.slice(3).join("::") };
}

function malformed(input: JsonInput, where: string, problem: string): CheckError {
  return new CheckError(`${input.file} is not a readable Pulumi state: ${where} ${problem}; expected the output of \`pulumi stack export\`.`);
}

/** Counts encrypted secrets in a property bag, so the report can say how to read them. */
function countEncryptedSecrets(value: unknown, depth = 0): number {
  if (depth > 64) return 0;
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + countEncryptedSecrets(item, depth + 1), 0);
  if (!isPlainRecord(value)) return 0;
  if (value[PULUMI_SIGNATURE_KEY] === PULUMI_SECRET_SIGNATURE && "ciphertext" in value) return 1;
  return Object.values(value).reduce<number>((sum, item) => sum + countEncryptedSecrets(item, depth + 1), 0);
}

/**
 * The deployment of an export: `{ version: 3, deployment }` from `pulumi stack export`, or a DIY
 * backend's checkpoint file, `{ version: 3, checkpoint: { latest: deployment } }`. A checkpoint without
 * `latest` is a stack that was never deployed (pulumi/pulumi apitype.CheckpointV3: `latest` is omitempty):
 * `"none"`, a stack with no resources.
 */
function deploymentOf(input: JsonInput): JsonMember | "none" | undefined {
  const { document, root, file } = input;
  const version = document.scalar(root.get("version"));
  if (version !== DEPLOYMENT_VERSION) {
    const why =
      typeof version === "number" && version > DEPLOYMENT_VERSION
        ? `a Pulumi state of version ${version}, newer than this tool reads; upgrade azure-redis-guard`
        : `a Pulumi state of ${typeof version === "number" ? `version ${version}` : `an unreadable version (${describeScalar(version)})`}; export it again with a current Pulumi CLI`;
    throw new CheckError(`${file} is ${why}: expected \`pulumi stack export\` (version ${DEPLOYMENT_VERSION}).`);
  }
  if (root.has("deployment")) return root.get("deployment");
  const checkpoint = document.memberMap(root.get("checkpoint")?.start);
  if (!checkpoint) throw malformed(input, "checkpoint", "is not an object");
  return checkpoint.has("latest") ? checkpoint.get("latest") : "none";
}

/** A checkpoint of a stack that was never deployed: read, and it holds nothing. */
function neverDeployed(input: JsonInput): InputDescription {
  const { document, root, file } = input;
  const stack = document.scalar(document.memberMap(root.get("checkpoint")?.start)?.get("stack"));
  return {
    kind: "pulumi-state",
    stacks: typeof stack === "string" ? [{ name: stack, file: displayPath(file) }] : [],
    formatVersion: String(DEPLOYMENT_VERSION),
    notes: [
      "A Pulumi DIY backend checkpoint without a deployment (no checkpoint.latest): the stack was created but never deployed, so it has no resources to check.",
    ],
  };
}

/**
 * `check <state.json>` on `pulumi stack export` (with or without `--show-secrets`): each resource of the
 * Redis family that is not pending deletion is judged on its outputs, what exists (its inputs when it
 * has no outputs), through the pack's own bindings: the same tokens the pack matches, Terraform modules'
 * children included. An encrypted secret is unknown, never a pass; a `--show-secrets` export's plaintext
 * is read. Providers and components are not Redis resources.
 */
export function* readPulumiState(input: JsonInput): Generator<ReadItem, InputDescription, void> {
  const { document, file } = input;
  const found = deploymentOf(input);
  if (found === "none") return neverDeployed(input);
  const deployment = document.memberMap(found?.start);
  if (!deployment) throw malformed(input, "deployment", "is missing or not an object");
  const manifest = document.memberMap(deployment.get("manifest")?.start);
  const cliVersion = manifest ? document.scalar(manifest.get("version")) : undefined;
  const list = deployment.get("resources");
  if (list && document.kindAt(list.start) !== "array") throw malformed(input, "deployment.resources", "is not a list");

  const stacks = new Set<string>();
  const projects = new Set<string>();
  const lineOf = document.lineCounter();
  let index = 0;
  for (const element of list ? document.elements(list.start) : []) {
    const at = `deployment.resources[${index++}]`;
    const members = document.memberMap(element.start);
    if (!members) throw malformed(input, at, "is not an object");
    const urn = document.scalar(members.get("urn"));
    const type = document.scalar(members.get("type"));
    if (typeof urn !== "string" || typeof type !== "string") throw malformed(input, at, "has no urn or type");
    const parts = parseUrn(urn);
    if (!parts) throw malformed(input, `${at}.urn`, "is not a Pulumi URN");
    stacks.add(parts.stack);
    projects.add(parts.project);
    yield readStateResource(input, members, { urn, type, ...parts }, () => ({ file: displayPath(file), line: lineOf(element.start) }));
  }

  const project = projects.size === 1 ? [...projects][0] : undefined;
  return {
    kind: "pulumi-state",
    stacks: [...stacks].map((name) => ({ name, file: displayPath(file) })),
    ...(project !== undefined ? { project } : {}),
    formatVersion: String(DEPLOYMENT_VERSION),
    ...(typeof cliVersion === "string" ? { producer: `Pulumi ${cliVersion.startsWith("v") ? cliVersion : `v${cliVersion}`}` } : {}),
    notes: [
      "Offline check of a Pulumi state export: each resource is judged on the outputs recorded at the last update or refresh " +
        "(`pulumi refresh` first to include changes made in Azure since). Nothing was previewed or deployed.",
    ],
    closingNotes: encryptedSecretsNote,
  };
}

interface StateResourceNames {
  readonly urn: string;
  readonly type: string;
  readonly stack: string;
  readonly name: string;
}

/** One resource of the deployment: the resource to judge on its outputs (else inputs), or why it is not judged. */
function readStateResource(input: JsonInput, members: ReadonlyMap<string, JsonMember>, names: StateResourceNames, location: () => { file: string; line: number }): ReadItem {
  const { document } = input;
  const { urn, type, stack, name } = names;
  if (type.startsWith("pulumi:providers:") || document.scalar(members.get("custom")) === false) return NOT_GUARDED;
  const binding = findPulumiBinding(type);
  if (!binding) return NOT_GUARDED;
  if (document.scalar(members.get("delete")) === true) return { kind: "skipped", reason: "resources pending deletion (replaced, or left by an interrupted update)", name: urn };
  const values = stateValues(input, members);
  return { kind: "resource", identity: urn, name, type, urn, stack, identifiers: [urn, name], binding, values, dialect: "pulumi", location: location() };
}

/**
 * What a resource of the state holds: its outputs (what exists), else its inputs (a resource recorded before it
 * had outputs). Values that are neither an object of outputs nor of inputs are not read as "nothing set": Azure's
 * defaults would then pass a cache nobody has read. They are a {@link MalformedValue}, and every rule fails closed.
 */
function stateValues(input: JsonInput, members: ReadonlyMap<string, JsonMember>): unknown {
  const { document } = input;
  const outputs = members.get("outputs");
  const inputs = members.get("inputs");
  const parsedOutputs = outputs ? document.parse(outputs.start, outputs.end) : undefined;
  if (outputs && !isPlainRecord(parsedOutputs)) return new MalformedValue("recorded outputs that are not an object");
  if (isPlainRecord(parsedOutputs) && Object.keys(parsedOutputs).length > 0) return parsedOutputs;
  const parsedInputs = inputs ? document.parse(inputs.start, inputs.end) : undefined;
  if (inputs && !isPlainRecord(parsedInputs)) return new MalformedValue("recorded inputs that are not an object");
  if (isPlainRecord(parsedInputs) && Object.keys(parsedInputs).length > 0) return parsedInputs;
  return new MalformedValue("a resource with neither outputs nor inputs recorded");
}

/** How many encrypted secrets the checked resources hold, and how to read them. */
function encryptedSecretsNote(checked: readonly FoundResource[]): string[] {
  const encrypted = checked.reduce((sum, resource) => sum + countEncryptedSecrets(resource.values), 0);
  if (encrypted === 0) return [];
  return [
    `${encrypted} encrypted secret value(s) of the checked resources cannot be read offline; a setting held in one is reported as unknown. ` +
      "`pulumi stack export --show-secrets` writes them in plaintext (keep that file private).",
  ];
}
