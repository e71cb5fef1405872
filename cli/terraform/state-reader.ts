import { MalformedValue } from "../../policies";
import { findTerraformBinding } from "../../policies/terraform";
import { CheckError } from "../check-error";
import type { CheckConfig } from "../config/pack-config";
import { checkFormatVersion, describeScalar, type JsonInput } from "../input/json-input";
import type { JsonMember } from "../input/json-scan";
import { ROOT_MODULE_STACK, SkippedResources, type ReadResult } from "../input/read-result";
import { judgeResource } from "../judge";
import type { ReportResource } from "../report/model";
import { displayPath } from "../report/source-lines";
import { isOpenTofuProvider } from "./plan-reader";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One resource instance of a state, as either state form holds it. */
interface StateInstance {
  readonly address: string;
  readonly type: string;
  readonly mode: unknown;
  readonly deposed: boolean;
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
export function readTerraformState(input: JsonInput, config: CheckConfig, now: number): ReadResult {
  const { document, root, file } = input;
  const tfstate = input.kind === "terraform-tfstate";
  let formatVersion: string;
  let instances: Iterable<StateInstance>;
  if (tfstate) {
    const version = document.scalar(root.get("version"));
    if (version !== 4) {
      const why = typeof version === "number" && version > 4 ? `a state file of version ${version}, newer than this tool reads` : `a state file of ${typeof version === "number" ? `version ${version}` : `an unreadable version (${describeScalar(version)})`}`;
      throw new CheckError(`${file} is ${why}: expected a state file of version 4 (Terraform 0.12 and later, OpenTofu) or \`terraform show -json\`.`);
    }
    formatVersion = "4";
    instances = tfstateInstances(input, root.get("resources"));
  } else {
    formatVersion = checkFormatVersion(file, document.scalar(root.get("format_version")), "a Terraform state", "terraform show -json");
    const values = document.memberMap(root.get("values")?.start);
    const rootModule = values?.get("root_module");
    instances = rootModule ? moduleInstances(input, rootModule, "values.root_module") : [];
  }

  const resources: ReportResource[] = [];
  const skipped = new SkippedResources();
  const lineOf = document.lineCounter();
  let seen = 0;
  let openTofu = false;
  for (const instance of instances) {
    seen++;
    openTofu ||= instance.openTofu;
    const binding = findTerraformBinding(instance.type);
    if (!binding) continue;
    if (instance.mode !== "managed") {
      skipped.add(instance.mode === "data" ? "data sources (only managed resources are checked)" : "resources whose mode is not 'managed'", instance.address);
      continue;
    }
    if (instance.deposed) {
      skipped.add("deposed objects (what a failed create_before_destroy left behind, destroyed by the next apply)", instance.address);
      continue;
    }
    const values = instance.values();
    const results = judgeResource(
      {
        binding,
        displayName: instance.address,
        properties: isRecord(values) ? values : new MalformedValue("recorded values that are not an object"),
        dialect: "resolved",
        identifiers: [instance.address],
      },
      config,
      now,
    );
    if (results.length === 0) continue;
    resources.push({
      identity: instance.address,
      name: instance.address,
      type: instance.type,
      stack: ROOT_MODULE_STACK,
      location: { file: displayPath(file), line: lineOf(instance.offset) },
      results,
    });
  }

  const version = document.scalar(root.get("terraform_version"));
  return {
    kind: "terraform-state",
    stacks: [{ name: ROOT_MODULE_STACK, file: displayPath(file) }],
    resourcesSeen: seen,
    formatVersion,
    ...(typeof version === "string" ? { producer: `${openTofu ? "OpenTofu" : "Terraform"} ${version}` } : {}),
    resources,
    notes: [
      "Offline check of a state: each managed resource is judged on the values the state recorded at the last apply or refresh. " +
        "Changes made in Azure since then are not in it (run `terraform apply -refresh-only` or `terraform refresh` first to include them).",
      ...skipped.notes(),
    ],
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
        deposed: resource.has("deposed_key"),
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
  if (!resources) return;
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
        deposed: instance.has("deposed"),
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
