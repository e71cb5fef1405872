import { MalformedValue } from "../../policies";
import { isPlainRecord } from "../../policies/core/values";
import { azurermProviderContext, findTerraformBinding } from "../../policies/terraform";
import { CheckError } from "../check-error";
import { checkFormatVersion, describeScalar, describeField, type JsonInput } from "../input/json-input";
import type { JsonMember } from "../input/json-scan";
import { NOT_GUARDED, ROOT_MODULE_STACK, type InputDescription, type ReadItem } from "../input/reader";
import { displayPath } from "../report/source-lines";
import { isOpenTofuProvider } from "./plan-reader";

/** One resource instance of a state, as either state form holds it. */
interface StateInstance {
  readonly address: string;
  readonly type: string;
  readonly mode: unknown;
  /** The deposed key as written (`deposed_key` of show-json, `deposed` of a state file), `undefined` when absent. */
  readonly deposed: unknown;
  readonly hasDeposed: boolean;
  /** Whether its provider address is OpenTofu's registry: the state's producer, for the report. */
  readonly openTofu: boolean;
  /** Parses the instance's attribute values; called only for the Redis family. */
  readonly values: () => unknown;
  readonly offset: number;
}

/**
 * `check <state.json>`: what a Terraform or OpenTofu state records as deployed, in either form:
 * `terraform show -json` without a plan (`values.root_module` and its `child_modules`, recursively), or
 * the state file itself as a backend stores it (`terraform state pull`, `terraform.tfstate`, version 4).
 * Each managed resource of the Redis family is judged on its recorded values; addresses are the ones a
 * plan of the same configuration uses, module path and index included.
 */
export function* readTerraformState(input: JsonInput): Generator<ReadItem, InputDescription, void> {
  const { document, root, file } = input;
  const { formatVersion, instances } = input.kind === "terraform-tfstate" ? readStateFile(input) : readShownState(input);
  const lineOf = document.lineCounter();
  let openTofu = false;
  for (const instance of instances) {
    openTofu ||= instance.openTofu;
    yield readInstance(instance, () => ({ file: displayPath(file), line: lineOf(instance.offset) }));
  }

  const version = document.scalar(root.get("terraform_version"));
  return {
    kind: "terraform-state",
    stacks: [{ name: ROOT_MODULE_STACK, file: displayPath(file) }],
    formatVersion,
    ...(typeof version === "string" ? { producer: `${openTofu ? "OpenTofu" : "Terraform"} ${version}` } : {}),
    notes: [
      "Offline check of a state: each managed resource is judged on the values the state recorded at the last apply or refresh. " +
        "Changes made in Azure since then are not in it (run `terraform apply -refresh-only` or `terraform refresh` first to include them).",
    ],
  };
}

interface StateInstances {
  readonly formatVersion: string;
  readonly instances: Iterable<StateInstance>;
}

/** The state file as a backend stores it (`terraform.tfstate`): only version 4 is read. */
function readStateFile(input: JsonInput): StateInstances {
  const { document, root, file } = input;
  const version = document.scalar(root.get("version"));
  if (version !== 4) {
    if (version === 0 || version === 1 || version === 2 || version === 3) {
      throw new CheckError(
        `${file} is Terraform state version ${version}, written by a Terraform older than 0.12: check reads version 4; run \`terraform show -json\` with a current Terraform (it upgrades the state as it reads it) and check that output.`,
      );
    }
    const why = typeof version === "number" && version > 4 ? `a state file of version ${version}, newer than this tool reads` : `a state file of ${typeof version === "number" ? `version ${version}` : `an unreadable version (${describeScalar(version)})`}`;
    throw new CheckError(`${file} is ${why}: expected a state file of version 4 (Terraform 0.12 and later, OpenTofu) or \`terraform show -json\`.`);
  }
  return { formatVersion: "4", instances: tfstateInstances(input, root.get("resources")) };
}

/** `terraform show -json` of a state: `values.root_module`, recursively. */
function readShownState(input: JsonInput): StateInstances {
  const { document, root, file } = input;
  const formatVersion = checkFormatVersion(file, document.scalar(root.get("format_version")), "a Terraform state", "terraform show -json");
  // Terraform omits `values` for a state with no resources; when present it always holds `root_module`
  // (hashicorp/terraform internal/command/jsonstate/state.go: `Values *stateValues ,omitempty`, whose
  // `RootModule module` is a struct, never omitted). Anything else is not a state Terraform wrote: say so,
  // never "holds no resources".
  const valuesMember = root.get("values");
  if (!valuesMember) return { formatVersion, instances: [] };
  const values = document.memberMap(valuesMember.start);
  if (!values) throw malformed(input, "values", "is not an object");
  const rootModule = values.get("root_module");
  if (!rootModule) throw malformed(input, "values", "has no root_module");
  return { formatVersion, instances: moduleInstances(input, rootModule, "values.root_module") };
}

/** One instance: the resource to judge on its recorded values, or why it is not judged. */
function readInstance(instance: StateInstance, location: () => { file: string; line: number }): ReadItem {
  const binding = findTerraformBinding(instance.type);
  if (!binding) return NOT_GUARDED;
  // Terraform's formats: `mode` is "managed" or "data", exactly; a deposed object's key is a non-empty string.
  // Anything else is not understood: reported, never skipped.
  if (instance.mode !== "managed" && instance.mode !== "data") {
    return { kind: "unreadable", name: instance.address, reason: `has a mode that is neither "managed" nor "data" (${describeField(instance.mode)})`, location: location() };
  }
  if (instance.hasDeposed && (typeof instance.deposed !== "string" || instance.deposed === "")) {
    return { kind: "unreadable", name: instance.address, reason: `has a deposed key that is not a deposed object's key (${describeField(instance.deposed)})`, location: location() };
  }
  if (instance.mode === "data") return { kind: "skipped", reason: "data sources (only managed resources are checked)", name: instance.address };
  if (instance.hasDeposed) {
    return { kind: "skipped", reason: "deposed objects (what a failed create_before_destroy left behind, destroyed by the next apply)", name: instance.address };
  }
  const values = instance.values();
  // A state records every attribute of the provider's schema: its names say which azurerm major wrote it.
  const provider = isPlainRecord(values) ? azurermProviderContext({ resourceType: instance.type, attributeNames: Object.keys(values), complete: true }) : undefined;
  return {
    kind: "resource",
    identity: instance.address,
    name: instance.address,
    type: instance.type,
    stack: ROOT_MODULE_STACK,
    identifiers: [instance.address],
    binding,
    values: isPlainRecord(values) ? values : new MalformedValue("recorded values that are not an object"),
    dialect: "resolved",
    location: location(),
    ...(provider ? { provider } : {}),
  };
}


function malformed(input: JsonInput, where: string, problem: string): CheckError {
  return new CheckError(`${input.file} is not a readable Terraform state: ${where} ${problem}; expected \`terraform show -json\` or a state file of version 4.`);
}

/** `terraform show -json`: a module's resources, then its child modules, recursively (addresses are absolute). */
function* moduleInstances(input: JsonInput, module: JsonMember, where: string): Generator<StateInstance> {
  const { document } = input;
  const members = document.memberMap(module.start);
  if (!members) throw malformed(input, where, "is not an object");
  const resources = members.get("resources");
  if (resources) {
    if (document.kindAt(resources.start) !== "array") throw malformed(input, `${where}.resources`, "is not a list");
    let index = 0;
    for (const element of document.elements(resources.start)) {
      const at = `${where}.resources[${index++}]`;
      const resource = document.memberMap(element.start);
      if (!resource) throw malformed(input, at, "is not an object");
      const address = document.scalar(resource.get("address"));
      const type = document.scalar(resource.get("type"));
      if (typeof address !== "string" || typeof type !== "string") throw malformed(input, at, "has no address or type");
      const values = resource.get("values");
      yield {
        address,
        type,
        mode: document.scalar(resource.get("mode")),
        deposed: document.scalar(resource.get("deposed_key")),
        hasDeposed: resource.has("deposed_key"),
        openTofu: isOpenTofuProvider(document.scalar(resource.get("provider_name"))),
        values: () => (values ? document.parse(values.start, values.end) : undefined),
        offset: element.start,
      };
    }
  }
  const children = members.get("child_modules");
  if (children) {
    if (document.kindAt(children.start) !== "array") throw malformed(input, `${where}.child_modules`, "is not a list");
    let index = 0;
    for (const child of document.elements(children.start)) yield* moduleInstances(input, { key: "", ...child }, `${where}.child_modules[${index++}]`);
  }
}

/** A state file (version 4): `resources[]` of `{ module?, mode, type, name, instances[] }`. */
function* tfstateInstances(input: JsonInput, resources: JsonMember | undefined): Generator<StateInstance> {
  // A version 4 state file always lists `resources`, `[]` when it has none (hashicorp/terraform
  // internal/states/statefile/version4.go: `Resources []resourceStateV4 json:"resources"`, no omitempty).
  if (!resources) throw malformed(input, "resources", "is missing");
  const { document } = input;
  if (document.kindAt(resources.start) !== "array") throw malformed(input, "resources", "is not a list");
  let index = 0;
  for (const element of document.elements(resources.start)) {
    const at = `resources[${index++}]`;
    const resource = document.memberMap(element.start);
    if (!resource) throw malformed(input, at, "is not an object");
    const type = document.scalar(resource.get("type"));
    const name = document.scalar(resource.get("name"));
    const mode = document.scalar(resource.get("mode"));
    const module = document.scalar(resource.get("module"));
    if (typeof type !== "string" || typeof name !== "string") throw malformed(input, at, "has no type or name");
    const instances = resource.get("instances");
    if (!instances || document.kindAt(instances.start) !== "array") throw malformed(input, `${at}.instances`, "is not a list");
    // The state file writes the provider as a configuration address: provider["registry.opentofu.org/hashicorp/azurerm"].
    const provider = document.scalar(resource.get("provider"));
    const openTofu = typeof provider === "string" && provider.includes('["registry.opentofu.org/');
    const base = `${typeof module === "string" && module !== "" ? `${module}.` : ""}${mode === "data" ? "data." : ""}${type}.${name}`;
    for (const item of document.elements(instances.start)) {
      const instance = document.memberMap(item.start);
      if (!instance) throw malformed(input, `${at}.instances`, "holds something that is not an object");
      const attributes = instance.get("attributes");
      yield {
        address: `${base}${indexSuffix(document.scalar(instance.get("index_key")))}`,
        type,
        mode,
        deposed: document.scalar(instance.get("deposed")),
        hasDeposed: instance.has("deposed"),
        openTofu,
        values: () =>
          attributes ? document.parse(attributes.start, attributes.end) : new MalformedValue("an instance without attributes (a state from before Terraform 0.12)"),
        offset: item.start,
      };
    }
  }
}

/** The index part of an address as Terraform writes it: `[0]` for count, `["eu"]` for for_each. */
function indexSuffix(key: unknown): string {
  if (typeof key === "number") return `[${key}]`;
  if (typeof key === "string") return `[${JSON.stringify(key)}]`;
  return "";
}
