import { DerivedValue, hasOwn, isPlainRecord } from "../core/values";
import { attributeFacts, compareVersions, parseVersion, twinPairs, type Version } from "./azurerm-schema";

/** A plan's planned values of one resource, and the mask of what it only knows after apply. */
export interface PlannedValues {
  readonly after: unknown;
  readonly afterUnknown: unknown;
}

/**
 * A plan knows more than its values: in the azurerm releases that carry both names of a renamed attribute
 * (3.114.0 to 3.117.1: `enable_non_ssl_port` and `non_ssl_port_enabled`), the new name is Optional+Computed.
 * When the user writes only the old one (or neither), the new one is in `after_unknown` although nothing the
 * user wrote is unknown: the provider computes it from the old twin. Such a twin takes the old twin's planned
 * value (Terraform has put its default there when it was not written), as a {@link DerivedValue} that says so,
 * and leaves the mask.
 *
 * Only when the plan says what the user wrote (`written`, the attribute names of the resource's
 * `configuration` expressions): a twin the user wrote (`non_ssl_port_enabled = var.flag`, unknown until
 * apply) stays unknown, and so does every twin of a plan without a configuration. The old twin must itself be
 * known. Which names are twins and which of them the provider computes comes from the facts
 * (azurerm-schema.ts), never from here. Twins inside blocks (`redis_configuration.enable_authentication`) are
 * left as they are: no rule reads them.
 */
export function resolveComputedTwins(resourceType: string, planned: PlannedValues, written: ReadonlySet<string> | undefined): PlannedValues {
  const { after, afterUnknown } = planned;
  if (!written || !isPlainRecord(after) || !isPlainRecord(afterUnknown)) return planned;
  let resolvedAfter: Record<string, unknown> | undefined;
  let resolvedMask: Record<string, unknown> | undefined;
  for (const pair of twinPairs) {
    if (pair.resourceType !== resourceType || pair.oldName.includes(".") || pair.newName.includes(".")) continue;
    const { oldName, newName } = pair;
    if (afterUnknown[newName] !== true || written.has(newName)) continue;
    // The old twin in the planned values marks a release that has both (Terraform writes every attribute of
    // the schema into `after`); a 4.x plan has no old twin and is left as it is.
    if (!hasOwn(after, oldName) || (hasOwn(afterUnknown, oldName) && afterUnknown[oldName] !== false)) continue;
    if (!providerComputesWhileBothExist(resourceType, newName, pair.renamedIn, pair.oldRemovedIn)) continue;
    const planned = after[oldName];
    const fallback = planned === undefined || planned === null ? oldDefault(resourceType, oldName, pair.renamedIn) : planned;
    if (fallback === undefined) continue;
    const provenance = written.has(oldName)
      ? `'${oldName}' is ${describeDerived(fallback)}; '${newName}' is computed from it`
      : `'${oldName}' is not set and defaults to ${describeDerived(fallback)}; '${newName}' is computed from it`;
    resolvedAfter ??= { ...after };
    resolvedMask ??= { ...afterUnknown };
    Object.defineProperty(resolvedAfter, newName, { value: new DerivedValue(fallback, provenance), enumerable: true, writable: true, configurable: true });
    resolvedMask[newName] = false;
  }
  return resolvedAfter && resolvedMask ? { after: resolvedAfter, afterUnknown: resolvedMask } : planned;
}

/** A boolean or short string for the message (the twins are flags); anything else by its kind, never its content. */
function describeDerived(value: unknown): string {
  if (typeof value === "boolean") return String(value);
  return "a value that is not a boolean";
}

function overlaps(since: string, until: string, from: string, before: string): boolean {
  const s = parseVersion(since) as Version;
  const u = parseVersion(until) as Version;
  return compareVersions(u, parseVersion(from) as Version) >= 0 && compareVersions(s, parseVersion(before) as Version) < 0;
}

/** Whether every recorded release carrying both twins makes the new one Computed (else an unknown is the user's). */
function providerComputesWhileBothExist(resourceType: string, newName: string, renamedIn: string, oldRemovedIn: string): boolean {
  const facts = attributeFacts.filter((fact) => fact.resourceType === resourceType && fact.attribute === newName && overlaps(fact.since, fact.until, renamedIn, oldRemovedIn));
  return facts.length > 0 && facts.every((fact) => fact.computed === true);
}

/** The old twin's schema default while both twins exist, when every such release agrees on one. */
function oldDefault(resourceType: string, oldName: string, renamedIn: string): boolean | string | undefined {
  const facts = attributeFacts.filter((fact) => fact.resourceType === resourceType && fact.attribute === oldName && overlaps(fact.since, fact.until, renamedIn, "999.0.0"));
  const defaults = new Set(facts.map((fact) => fact.default));
  return defaults.size === 1 ? [...defaults][0] : undefined;
}
