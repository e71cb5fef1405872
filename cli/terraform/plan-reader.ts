import { MalformedValue } from "../../policies";
import { isPlainRecord } from "../../policies/core/values";
import { findTerraformBinding } from "../../policies/terraform";
import { CheckError } from "../check-error";
import { checkFormatVersion, type JsonInput } from "../input/json-input";
import type { JsonDocument, JsonMember } from "../input/json-scan";
import { NOT_GUARDED, ROOT_MODULE_STACK, type InputDescription, type ReadItem } from "../input/reader";
import { displayPath } from "../report/source-lines";

/** Why a value that `after_unknown` marks is unknown: the words go into the verdict's message. */
export const KNOWN_AFTER_APPLY = "the plan only knows it after apply";

/** Actions after which the resource exists with the planned values (`change.after`). */
const LEAVES_IT_EXISTING = new Set(["create", "update", "no-op"]);
/** Every action Terraform and OpenTofu write today; anything else is newer than this reader. */
const KNOWN_ACTIONS = new Set(["create", "update", "no-op", "delete", "read", "forget"]);

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

  const lineOf = document.lineCounter();
  let index = 0;
  let openTofu = false;
  for (const element of changes ? document.elements(changes.start) : []) {
    const members = document.memberMap(element.start);
    if (!members) throw malformed(input, `resource_changes[${index}]`, "is not an object");
    openTofu ||= isOpenTofuProvider(document.scalar(members.get("provider_name")));
    yield readResourceChange(input, members, index++, () => ({ file: displayPath(file), line: lineOf(element.start) }));
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
function readResourceChange(input: JsonInput, members: ReadonlyMap<string, JsonMember>, index: number, location: () => { file: string; line: number }): ReadItem {
  const { document } = input;
  const type = document.scalar(members.get("type"));
  if (typeof type !== "string") throw malformed(input, `resource_changes[${index}].type`, "is not a string");
  const binding = findTerraformBinding(type);
  if (!binding) return NOT_GUARDED;
  const address = document.scalar(members.get("address"));
  if (typeof address !== "string") throw malformed(input, `resource_changes[${index}].address`, "is not a string");
  const mode = document.scalar(members.get("mode"));
  if (mode !== "managed") {
    return { kind: "skipped", reason: mode === "data" ? "data sources (only managed resources are checked)" : "resources whose mode is not 'managed'", name: address };
  }
  if (members.has("deposed")) {
    return { kind: "skipped", reason: "deposed objects (what a failed create_before_destroy left behind, planned for deletion)", name: address };
  }
  const change = readChange(document, members.get("change"), input, index);
  if (!judgesAfter(change.actions, change.after)) {
    return { kind: "skipped", reason: "resources the plan removes (delete, forget)", name: `${address} (${change.actions.join(", ")})` };
  }
  return {
    kind: "resource",
    identity: address,
    name: address,
    type,
    stack: ROOT_MODULE_STACK,
    identifiers: [address],
    binding,
    values: isPlainRecord(change.after) ? change.after : new MalformedValue("planned values that are not an object"),
    dialect: "resolved",
    unknown: { mask: change.afterUnknown, why: KNOWN_AFTER_APPLY },
    location: location(),
    plannedActions: change.actions,
  };
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
