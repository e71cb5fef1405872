import type { SettingPaths } from "./read";
import type { AbsentDefault, AbsentDefaults, ResourceKind, SettingName } from "./types";

/**
 * What Azure itself does with an absent property, per Azure REST API version: the facts a surface that
 * speaks API versions (azure-native tokens name theirs) turns into absent-value defaults. Surfaces whose
 * provider writes its own default (azurerm, classic `@pulumi/azure`) declare that default instead.
 */

/** An Azure REST API version as ARM spells it: `2025-07-01`, `2024-09-01-preview`. */
export type ApiVersion = string;

const API_VERSION = /^(\d{4}-\d{2}-\d{2})(-preview)?$/;

/** Whether `text` is an API version ARM could accept (a date, optionally `-preview`). */
export function isApiVersion(text: string): boolean {
  return API_VERSION.test(text);
}

/**
 * Orders API versions by date; on the same date a preview comes first (ARM has never shipped both).
 * Only meaningful for texts {@link isApiVersion} accepts.
 */
export function compareApiVersions(a: ApiVersion, b: ApiVersion): number {
  const [, dateA = "", previewA] = API_VERSION.exec(a) ?? [];
  const [, dateB = "", previewB] = API_VERSION.exec(b) ?? [];
  if (dateA !== dateB) return dateA < dateB ? -1 : 1;
  return (previewA ? 0 : 1) - (previewB ? 0 : 1);
}

/** What an absent property means from one API version on, until the next entry of its list. */
interface DefaultSince {
  readonly since: ApiVersion;
  /** Omitted where no value can be relied on (the property does not exist yet, or must be set). */
  readonly value?: boolean | string;
  /** Why, when there is no value: follows "at API version X". */
  readonly note?: string;
}

const EARLIEST = "2000-01-01";

/**
 * The defaults that changed between API versions, oldest first, per resource kind and per setting as
 * the ARM property (azure-native's name) spells it. Sources:
 * - `Microsoft.Cache/redisEnterprise/databases` `accessKeysAuthentication`: added in 2024-09-01-preview
 *   (azure-mgmt-redisenterprise 3.1.0b2 changelog), enabled unless disabled; 2025-07-01 made `Disabled` the
 *   default (its breaking-change notes, hashicorp/terraform#37842; azure-rest-api-specs
 *   `DatabaseCreateProperties`: "Default is Disabled"). Before the property existed keys were always on.
 * - `Microsoft.Cache/redisEnterprise` `publicNetworkAccess`: introduced, and required, in 2025-07-01
 *   (same notes; pulumi/pulumi-azure-native#4745). Before it a cluster's public endpoint could not be turned off.
 */
const AZURE_API_DEFAULTS: Readonly<Partial<Record<ResourceKind, Readonly<Partial<Record<SettingName, readonly DefaultSince[]>>>>>> = {
  redisEnterpriseDatabase: {
    accessKeysAuthentication: [
      { since: EARLIEST, value: "Enabled" },
      { since: "2025-07-01", value: "Disabled" },
    ],
  },
  redisEnterpriseCluster: {
    publicNetworkAccess: [
      { since: EARLIEST, note: "there is no publicNetworkAccess property, so the cluster's public endpoint cannot be turned off" },
      { since: "2025-07-01", note: "publicNetworkAccess is required: Azure rejects a cluster that leaves it out" },
    ],
  },
};

function entryAt(entries: readonly DefaultSince[], version: ApiVersion): DefaultSince | undefined {
  let found: DefaultSince | undefined;
  for (const entry of entries) if (compareApiVersions(entry.since, version) <= 0) found = entry;
  return found;
}

const listed = (versions: readonly ApiVersion[]): string =>
  versions.length === 1 ? `API version ${versions[0]}` : `API versions ${versions.slice(0, -1).join(", ")} and ${versions[versions.length - 1]}`;

/** The default of one setting across the API versions a surface may speak, or why there is none. */
function defaultAcross(entries: readonly DefaultSince[], versions: readonly ApiVersion[], where: string): AbsentDefault {
  if (versions.length === 0) return { basis: `${where} does not tell which Azure API version it uses, and the default depends on it` };
  const groups = new Map<DefaultSince | undefined, ApiVersion[]>();
  for (const version of versions) {
    const entry = entryAt(entries, version);
    groups.set(entry, [...(groups.get(entry) ?? []), version]);
  }
  const describe = (entry: DefaultSince | undefined): string =>
    entry?.value !== undefined ? `Azure's default is ${JSON.stringify(entry.value)}` : (entry?.note ?? "there is no default");
  if (groups.size === 1) {
    const [entry] = groups.keys();
    if (entry?.value !== undefined) return { value: entry.value, basis: `Azure's default at ${listed(versions)}` };
    return { basis: `at ${listed(versions)} ${describe(entry)}` };
  }
  const parts = [...groups].map(([entry, at]) => `at ${listed(at)} ${describe(entry)}`);
  return { basis: `${where} has stood for ${listed(versions)}, and they differ: ${parts.join("; ")}` };
}

/**
 * The absent-value defaults Azure applies at the API versions a resource type may speak, for the
 * settings its binding maps. `versions` holds one version for a token that names it, several for a
 * token whose SDK changed its default API version over time; the default is only established when all
 * agree. `where` names the token in messages. `undefined` when no mapped setting's default depends on it.
 */
export function apiVersionDefaults(kind: ResourceKind, settings: SettingPaths, versions: readonly ApiVersion[], where: string): AbsentDefaults | undefined {
  const table = AZURE_API_DEFAULTS[kind];
  if (!table) return undefined;
  const defaults: Partial<Record<SettingName, AbsentDefault>> = {};
  let any = false;
  for (const [setting, entries] of Object.entries(table) as [SettingName, readonly DefaultSince[]][]) {
    if (!settings[setting]?.length) continue;
    defaults[setting] = defaultAcross(entries, versions, where);
    any = true;
  }
  return any ? defaults : undefined;
}
