import { MalformedValue, type ProviderContext } from "../../policies";
import { isPlainRecord } from "../../policies/core/values";
import { azurermProviderContext, findTerraformBinding, resolveComputedTwins } from "../../policies/terraform";
import { CheckError } from "../check-error";
import { checkFormatVersion, describeField, type JsonInput } from "../input/json-input";
import type { JsonDocument, JsonMember } from "../input/json-scan";
import { NOT_GUARDED, ROOT_MODULE_STACK, type InputDescription, type ReadItem } from "../input/reader";
import { displayPath } from "../report/source-lines";

/** Why a value that `after_unknown` marks is unknown: the words go into the verdict's message. */
export const KNOWN_AFTER_APPLY = "the plan only knows it after apply";

/** Actions after which the resource exists with the planned values (`change.after`). */
const LEAVES_IT_EXISTING = new Set(["create", "update", "no-op"]);
/** Every action Terraform and OpenTofu write today; anything else is newer than this reader. */
const KNOWN_ACTIONS = new Set(["create", "update", "no-op", "delete", "read", "forget"]);
/** How deep `configuration.root_module.module_calls` is followed (the scanner refuses nesting beyond 256). */
const MAX_MODULE_DEPTH = 100;

/** OpenTofu writes its own registry into provider addresses (`registry.opentofu.org/hashicorp/azurerm`). */
export function isOpenTofuProvider(providerName: unknown): boolean {
  return typeof providerName === "string" && providerName.startsWith("registry.opentofu.org/");
}

function malformed(input: JsonInput, where: string, problem: string): CheckError {
  return new CheckError(`${input.file} is not a readable Terraform plan: ${where} ${problem}; expected the output of \`terraform show -json tfplan\`.`);
}

/**
 * Whether the plan leaves the resource existing with `after`: create, update, no-op (an unchanged
 * cache that does not comply is still reported, as `pulumi preview` does) and both replace orders.
 * Delete alone and forget leave nothing to judge; an action newer than this reader is judged when
 * the plan has values for it, rather than skipped.
 */
function judgesAfter(actions: readonly string[], after: unknown): boolean {
  if (actions.some((action) => LEAVES_IT_EXISTING.has(action))) return true;
  return actions.some((action) => !KNOWN_ACTIONS.has(action)) && isPlainRecord(after);
}

/** Delete and forget: the resource does not exist with planned values after the plan. */
function removesIt(actions: readonly string[]): boolean {
  return actions.every((action) => action === "delete" || action === "forget");
}

/**
 * What the plan's `configuration` says the user wrote, per resource: the attribute names of its
 * `expressions`, keyed by configuration address (`module.a.module.b.azurerm_redis_cache.c`, no instance keys),
 * and the azurerm version constraint. `undefined` members when the plan has no configuration: then nothing
 * is known about what was written, and no computed twin is resolved.
 */
interface WrittenConfiguration {
  readonly written?: ReadonlyMap<string, ReadonlySet<string>>;
  readonly versionConstraint?: string;
}

function readConfiguration(document: JsonDocument, member: JsonMember | undefined): WrittenConfiguration {
  const configuration = document.memberMap(member?.start);
  if (!configuration) return {};
  // Walked with the scanner, not parsed: a large plan's configuration holds every resource's expressions,
  // and only the attribute names of the Redis family's are needed.
  const written = new Map<string, Set<string>>();
  const walk = (module: JsonMember | undefined, prefix: string, depth: number): void => {
    const members = document.memberMap(module?.start);
    if (!members || depth > MAX_MODULE_DEPTH) return;
    const resources = members.get("resources");
    if (resources && document.kindAt(resources.start) === "array") {
      for (const element of document.elements(resources.start)) recordWritten(document, element.start, prefix, written);
    }
    const calls = document.memberMap(members.get("module_calls")?.start);
    for (const [name, call] of calls ?? []) walk(document.memberMap(call.start)?.get("module"), `${prefix}module.${name}.`, depth + 1);
  };
  walk(configuration.get("root_module"), "", 0);
  const providersMember = configuration.get("provider_config");
  const providers = providersMember ? document.parse(providersMember.start, providersMember.end) : undefined;
  const constraints = new Set<string>();
  if (isPlainRecord(providers)) for (const key of Object.keys(providers)) {
    const provider = providers[key];
    if (isPlainRecord(provider) && provider["name"] === "azurerm" && typeof provider["version_constraint"] === "string") constraints.add(provider["version_constraint"]);
  }
  return { written, ...(constraints.size === 1 ? { versionConstraint: [...constraints][0] as string } : {}) };
}

/** One configuration resource: the names of the attributes the user wrote, for a type some binding covers. */
function recordWritten(document: JsonDocument, start: number, prefix: string, written: Map<string, Set<string>>): void {
  const resource = document.memberMap(start);
  const type = document.scalar(resource?.get("type"));
  const address = document.scalar(resource?.get("address"));
  if (typeof type !== "string" || !findTerraformBinding(type) || typeof address !== "string") return;
  const expressions = document.memberMap(resource?.get("expressions")?.start);
  if (!expressions) return;
  written.set(address.startsWith("module.") || prefix === "" ? address : `${prefix}${address}`, new Set(expressions.keys()));
}

/** An instance address without its instance keys: `module.a["eu"].azurerm_redis_cache.c[0]` → `module.a.azurerm_redis_cache.c`. */
export function configurationAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]/g, "");
}

/** Whether a plan lists resources of the Redis family in `planned_values` (at any module depth). */
function plannedRedisResources(document: JsonDocument, member: JsonMember | undefined): number {
  if (!member || document.kindAt(member.start) !== "object") return 0;
  const planned = document.parse(member.start, member.end);
  let count = 0;
  const walk = (module: unknown, depth: number): void => {
    if (!isPlainRecord(module) || depth > MAX_MODULE_DEPTH) return;
    if (Array.isArray(module["resources"])) {
      for (const resource of module["resources"]) if (isPlainRecord(resource) && typeof resource["type"] === "string" && findTerraformBinding(resource["type"])) count++;
    }
    if (Array.isArray(module["child_modules"])) for (const child of module["child_modules"]) walk(child, depth + 1);
  };
  walk(isPlainRecord(planned) ? planned["root_module"] : undefined, 0);
  return count;
}

/**
 * `check <plan.json>`: a Terraform or OpenTofu plan as `terraform show -json tfplan` writes it. Reads
 * `resource_changes` (not `planned_values`, which drops unknown values and nests modules differently):
 * every managed resource of the Redis family whose planned action leaves it existing is judged on
 * `change.after`, with what `change.after_unknown` marks made unknown. Values marked sensitive are
 * judged like any other and, like every value, never printed.
 */
export function* readTerraformPlan(input: JsonInput): Generator<ReadItem, InputDescription, void> {
  const { document, root, file } = input;
  const formatVersion = checkFormatVersion(file, document.scalar(root.get("format_version")), "a Terraform plan", "terraform show -json tfplan");
  if (document.scalar(root.get("errored")) === true) {
    throw new CheckError(
      `${file} is the plan of a failed run (errored: true): fix the errors terraform plan reported and plan again; expected the plan of a successful \`terraform plan -out tfplan\`.`,
    );
  }
  const changes = root.get("resource_changes");
  if (changes && document.kindAt(changes.start) !== "array") throw malformed(input, "resource_changes", "is not a list");
  // "Nothing to check" must be proven: planned values without the changes they come from are not a plan this reads.
  if (!changes) {
    const planned = plannedRedisResources(document, root.get("planned_values"));
    if (planned > 0) throw malformed(input, "resource_changes", `is missing, though planned_values lists ${planned} resource(s) of the Redis family`);
  }
  const configuration = readConfiguration(document, root.get("configuration"));

  const lineOf = document.lineCounter();
  let index = 0;
  let openTofu = false;
  for (const element of changes ? document.elements(changes.start) : []) {
    const members = document.memberMap(element.start);
    if (!members) throw malformed(input, `resource_changes[${index}]`, "is not an object");
    openTofu ||= isOpenTofuProvider(document.scalar(members.get("provider_name")));
    yield readResourceChange(input, members, index++, () => ({ file: displayPath(file), line: lineOf(element.start) }), configuration);
  }

  const version = document.scalar(root.get("terraform_version"));
  return {
    kind: "terraform-plan",
    stacks: [{ name: ROOT_MODULE_STACK, file: displayPath(file) }],
    formatVersion,
    ...(typeof version === "string" ? { producer: `${openTofu ? "OpenTofu" : "Terraform"} ${version}` } : {}),
    notes: [
      "Offline check of a plan: nothing was applied. Each managed resource the plan keeps, creates, updates or replaces is judged " +
        "on its planned values (change.after), unchanged ones included; values the plan only knows after apply are reported as " +
        "unknown, never as a pass.",
    ],
    closingNotes: () =>
      document.scalar(root.get("complete")) === false
        ? ["The plan says it is not complete (complete: false): changes Terraform deferred to a later plan were not checked."]
        : [],
  };
}

/** One element of `resource_changes`: the resource to judge on its planned values, or why it is not judged. */
function readResourceChange(
  input: JsonInput,
  members: ReadonlyMap<string, JsonMember>,
  index: number,
  location: () => { file: string; line: number },
  configuration: WrittenConfiguration,
): ReadItem {
  const { document } = input;
  const type = document.scalar(members.get("type"));
  if (typeof type !== "string") throw malformed(input, `resource_changes[${index}].type`, "is not a string");
  const binding = findTerraformBinding(type);
  if (!binding) return NOT_GUARDED;
  const address = document.scalar(members.get("address"));
  if (typeof address !== "string") throw malformed(input, `resource_changes[${index}].address`, "is not a string");
  const unreadable = (reason: string): ReadItem => ({ kind: "unreadable", name: address, reason, location: location() });
  // Terraform's JSON output format: `mode` is "managed" or "data", exactly; `deposed` is present only for a
  // deposed object, as its key (a non-empty string). Anything else is not understood, never skipped.
  const mode = document.scalar(members.get("mode"));
  if (mode !== "managed" && mode !== "data") return unreadable(`has a mode that is neither "managed" nor "data" (${describeField(mode)})`);
  if (members.has("deposed")) {
    const deposed = document.scalar(members.get("deposed"));
    if (typeof deposed !== "string" || deposed === "") return unreadable(`has a deposed key that is not a deposed object's key (${describeField(deposed)})`);
  }
  const change = readChange(document, members.get("change"), input, index);
  if (mode === "data") return { kind: "skipped", reason: "data sources (only managed resources are checked)", name: address };
  if (change.actions.includes("read")) return unreadable(`is a managed resource with the action "read", which Terraform plans only for data sources`);
  if (members.has("deposed")) {
    return { kind: "skipped", reason: "deposed objects (what a failed create_before_destroy left behind, planned for deletion)", name: address };
  }
  if (!judgesAfter(change.actions, change.after)) {
    if (removesIt(change.actions)) return { kind: "skipped", reason: "resources the plan removes (delete, forget)", name: `${address} (${change.actions.join(", ")})` };
    return unreadable(`has actions this version does not know (${change.actions.length} action(s)) and no planned values that are an object`);
  }
  const planned = resolveComputedTwins(type, change, configuration.written?.get(configurationAddress(address)));
  const provider = providerOf(type, planned, configuration);
  return {
    kind: "resource",
    identity: address,
    name: address,
    type,
    stack: ROOT_MODULE_STACK,
    identifiers: [address],
    binding,
    values: !isPlainRecord(planned.after)
      ? new MalformedValue("planned values that are not an object")
      : change.afterUnknown === undefined
        ? // Terraform always writes the mask beside planned values; without it an unknown value would read as absent.
          new MalformedValue("planned values without the after_unknown mask Terraform writes beside them")
        : planned.after,
    dialect: "resolved",
    unknown: { mask: planned.afterUnknown, why: KNOWN_AFTER_APPLY },
    location: location(),
    plannedActions: change.actions,
    ...(provider ? { provider } : {}),
  };
}

/**
 * The azurerm release(s) the planned values could come from: `after`'s and `after_unknown`'s attribute names
 * together (Terraform writes every attribute of the schema into one of them) and the configuration's constraint.
 */
function providerOf(type: string, planned: { readonly after: unknown; readonly afterUnknown: unknown }, configuration: WrittenConfiguration): ProviderContext | undefined {
  const names = isPlainRecord(planned.after) ? new Set(Object.keys(planned.after)) : undefined;
  if (names && isPlainRecord(planned.afterUnknown)) for (const key of Object.keys(planned.afterUnknown)) names.add(key);
  return azurermProviderContext({
    resourceType: type,
    ...(names ? { attributeNames: names, complete: true } : {}),
    ...(configuration.versionConstraint !== undefined ? { versionConstraint: configuration.versionConstraint } : {}),
  });
}


interface PlannedChange {
  readonly actions: readonly string[];
  readonly after: unknown;
  readonly afterUnknown: unknown;
}

function readChange(document: JsonDocument, member: JsonMember | undefined, input: JsonInput, index: number): PlannedChange {
  const change = member && document.kindAt(member.start) === "object" ? document.parse(member.start, member.end) : undefined;
  if (!isPlainRecord(change)) throw malformed(input, `resource_changes[${index}].change`, "is not an object");
  const actions = change["actions"];
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a): a is string => typeof a === "string")) {
    throw malformed(input, `resource_changes[${index}].change.actions`, "is not a list of actions");
  }
  return { actions, after: change["after"], afterUnknown: change["after_unknown"] };
}
