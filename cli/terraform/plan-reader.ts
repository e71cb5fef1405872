import { MalformedValue } from "../../policies";
import { applyUnknownMask } from "../../policies/internal";
import { findTerraformBinding } from "../../policies/terraform";
import { CheckError } from "../check-error";
import type { CheckConfig } from "../config/pack-config";
import { checkFormatVersion, type JsonInput } from "../input/json-input";
import type { JsonDocument, JsonMember } from "../input/json-scan";
import { ROOT_MODULE_STACK, SkippedResources, type ReadResult } from "../input/read-result";
import { judgeResource } from "../judge";
import type { ReportResource } from "../report/model";
import { displayPath } from "../report/source-lines";

/** Why a value that `after_unknown` marks is unknown: the words go into the verdict's message. */
export const KNOWN_AFTER_APPLY = "the plan only knows it after apply";

/** Actions after which the resource exists with the planned values (`change.after`). */
const LEAVES_IT_EXISTING = new Set(["create", "update", "no-op"]);
/** Every action Terraform and OpenTofu write today; anything else is newer than this reader. */
const KNOWN_ACTIONS = new Set(["create", "update", "no-op", "delete", "read", "forget"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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
  return actions.some((action) => !KNOWN_ACTIONS.has(action)) && isRecord(after);
}

/**
 * `check <plan.json>`: a Terraform or OpenTofu plan as `terraform show -json tfplan` writes it. Reads
 * `resource_changes` (not `planned_values`, which drops unknown values and nests modules differently):
 * every managed resource of the Redis family whose planned action leaves it existing is judged on
 * `change.after`, with what `change.after_unknown` marks made unknown. Values marked sensitive are
 * judged like any other and, like every value, never printed.
 */
export function readTerraformPlan(input: JsonInput, config: CheckConfig, now: number): ReadResult {
  const { document, root, file } = input;
  const formatVersion = checkFormatVersion(file, document.scalar(root.get("format_version")), "a Terraform plan", "terraform show -json tfplan");
  if (document.scalar(root.get("errored")) === true) {
    throw new CheckError(
      `${file} is the plan of a failed run (errored: true): fix the errors terraform plan reported and plan again; expected the plan of a successful \`terraform plan -out tfplan\`.`,
    );
  }
  const changes = root.get("resource_changes");
  if (changes && document.kindAt(changes.start) !== "array") throw malformed(input, "resource_changes", "is not a list");

  const resources: ReportResource[] = [];
  const skipped = new SkippedResources();
  const lineOf = document.lineCounter();
  let seen = 0;
  let openTofu = false;
  for (const element of changes ? document.elements(changes.start) : []) {
    const index = seen++;
    const members = document.memberMap(element.start);
    if (!members) throw malformed(input, `resource_changes[${index}]`, "is not an object");
    if (!openTofu) openTofu = isOpenTofuProvider(document.scalar(members.get("provider_name")));
    const type = document.scalar(members.get("type"));
    if (typeof type !== "string") throw malformed(input, `resource_changes[${index}].type`, "is not a string");
    const binding = findTerraformBinding(type);
    if (!binding) continue;
    const address = document.scalar(members.get("address"));
    if (typeof address !== "string") throw malformed(input, `resource_changes[${index}].address`, "is not a string");
    const mode = document.scalar(members.get("mode"));
    if (mode !== "managed") {
      skipped.add(mode === "data" ? "data sources (only managed resources are checked)" : "resources whose mode is not 'managed'", address);
      continue;
    }
    if (members.has("deposed")) {
      skipped.add("deposed objects (what a failed create_before_destroy left behind, planned for deletion)", address);
      continue;
    }
    const change = readChange(document, members.get("change"), input, index);
    if (!judgesAfter(change.actions, change.after)) {
      skipped.add("resources the plan removes (delete, forget)", `${address} (${change.actions.join(", ")})`);
      continue;
    }
    const after = isRecord(change.after) ? change.after : new MalformedValue("planned values that are not an object");
    const results = judgeResource(
      { binding, displayName: address, properties: applyUnknownMask(after, change.afterUnknown, KNOWN_AFTER_APPLY), dialect: "resolved", identifiers: [address] },
      config,
      now,
    );
    if (results.length === 0) continue;
    resources.push({
      identity: address,
      name: address,
      type,
      stack: ROOT_MODULE_STACK,
      plannedActions: change.actions,
      location: { file: displayPath(file), line: lineOf(element.start) },
      results,
    });
  }

  const version = document.scalar(root.get("terraform_version"));
  const notes = [
    "Offline check of a plan: nothing was applied. Each managed resource the plan keeps, creates, updates or replaces is judged " +
      "on its planned values (change.after), unchanged ones included; values the plan only knows after apply are reported as " +
      "unknown, never as a pass.",
    ...skipped.notes(),
  ];
  if (document.scalar(root.get("complete")) === false) {
    notes.push("The plan says it is not complete (complete: false): changes Terraform deferred to a later plan were not checked.");
  }
  return {
    kind: "terraform-plan",
    stacks: [{ name: ROOT_MODULE_STACK, file: displayPath(file) }],
    resourcesSeen: seen,
    formatVersion,
    ...(typeof version === "string" ? { producer: `${openTofu ? "OpenTofu" : "Terraform"} ${version}` } : {}),
    resources,
    notes,
  };
}

interface PlannedChange {
  readonly actions: readonly string[];
  readonly after: unknown;
  readonly afterUnknown: unknown;
}

function readChange(document: JsonDocument, member: JsonMember | undefined, input: JsonInput, index: number): PlannedChange {
  const change = member && document.kindAt(member.start) === "object" ? document.parse(member.start, member.end) : undefined;
  if (!isRecord(change)) throw malformed(input, `resource_changes[${index}].change`, "is not an object");
  const actions = change["actions"];
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a): a is string => typeof a === "string")) {
    throw malformed(input, `resource_changes[${index}].change.actions`, "is not a list of actions");
  }
  return { actions, after: change["after"], afterUnknown: change["after_unknown"] };
}
