/**
 * The azurerm provider's schema for the attributes our rules read, per provider version, as read from
 * the provider's own source (hashicorp/terraform-provider-azurerm at its release tags). Framework-free
 * data: no Pulumi or CDKTF import, so the `check` readers, the aspect and the docs can all use it.
 *
 * A fact says: from provider version `since` through `until` (both release tags, inclusive), the
 * resource type's attribute `attribute` has these schema flags. "Effective" flags are what the
 * provider built at that release, after the feature-flag blocks ran:
 *
 * - `!features.FourPointOhBeta()` (3.x): `FourPointOh()` returns false in every 3.x release, so the
 *   block runs (unless the user opted into the 4.0 beta with `ARM_FOURPOINTZERO_BETA=true`). It holds
 *   the 3.x-only names (`enable_non_ssl_port`) and the 3.x flags of the renamed twins. From 4.0.0
 *   `FourPointOh()` returns true and the block is dead; 4.10.0 removed it from the redis sources.
 * - `!features.FivePointOh()` (4.x): `FivePointOh()` returns false in 4.x unless the user sets
 *   `ARM_FIVEPOINTZERO_BETA=true` (read from 4.4.0). The block restores what 5.0 removes (TLS 1.0 and
 *   1.1 from 4.15.0; the Redis Enterprise resources' registration from 4.81.0). In 5.0.0 `FivePointOh()`
 *   returns true (the block is dead); 5.1.0 deleted the blocks and the Redis Enterprise sources.
 * - `features.SixPointOh()` (5.x): nothing in the files read here.
 */

export const AZURERM_REPOSITORY = "hashicorp/terraform-provider-azurerm";

export type AzurermMajor = 3 | 4 | 5;
export const AZURERM_MAJORS: readonly AzurermMajor[] = [3, 4, 5];

/** Where a fact was read: a file of the provider's repository at a release tag. */
export interface SchemaSource {
  readonly repository: typeof AZURERM_REPOSITORY;
  readonly tag: string;
  readonly file: string;
  readonly commit?: string;
}

export type AzurermResourceType =
  | "azurerm_redis_cache"
  | "azurerm_managed_redis"
  | "azurerm_redis_enterprise_cluster"
  | "azurerm_redis_enterprise_database";

export interface SchemaFlags {
  readonly type: "bool" | "string" | "int";
  readonly optional?: true;
  readonly required?: true;
  readonly computed?: true;
  readonly forceNew?: true;
  /** The schema `Default` (as Terraform writes it into a plan: a string attribute's default is a string). */
  readonly default?: boolean | string;
  /** The `Deprecated` message, when the attribute has one. */
  readonly deprecated?: string;
  /** The effective `ConflictsWith` (attribute names, without the `.0.` of a nested block). */
  readonly conflictsWith?: readonly string[];
  /** `ValidateFunc: validation.StringInSlice(...)` values, case-sensitive. */
  readonly allowed?: readonly string[];
}

export interface AttributeFact extends SchemaFlags {
  readonly resourceType: AzurermResourceType;
  /** The attribute path as the Terraform bindings write it: `block.attribute` inside a one-item block. */
  readonly attribute: string;
  /** First and last release (tags without the `v`) this fact holds for, inclusive. */
  readonly since: string;
  readonly until: string;
  /** The feature-flag block the effective definition sits in, when it sits in one. */
  readonly gate?: string;
  /** What else the source says that the flags do not (a second assignment, a CustomizeDiff check...). */
  readonly note?: string;
  readonly sources: readonly SchemaSource[];
}

/** A pair of names for one setting: the old name and the name that replaced it. */
export interface TwinPair {
  readonly resourceType: AzurermResourceType;
  readonly oldName: string;
  readonly newName: string;
  /** The release that added `newName` beside `oldName`, and the first release without `oldName`. */
  readonly renamedIn: string;
  readonly oldRemovedIn: string;
  readonly sources: readonly SchemaSource[];
}

/** Whether a resource type is registered by the provider in a range of releases. */
export interface ResourceAvailability {
  readonly resourceType: AzurermResourceType;
  readonly since: string;
  readonly until: string;
  readonly deprecated?: string;
  readonly note?: string;
  readonly sources: readonly SchemaSource[];
}

/** The newest release the facts were read at (the mirror's newest tag). */
export const NEWEST_TAG_READ = "5.2.0";

const REDIS_CACHE_FILE = "internal/services/redis/redis_cache_resource.go";
const MANAGED_REDIS_FILE = "internal/services/managedredis/managed_redis_resource.go";
const ENTERPRISE_CLUSTER_FILE = "internal/services/redisenterprise/redis_enterprise_cluster_resource.go";
const ENTERPRISE_DATABASE_FILE = "internal/services/redisenterprise/redis_enterprise_database_resource.go";
const ENTERPRISE_REGISTRATION_FILE = "internal/services/redisenterprise/registration.go";

/** Release tags read, with their commits. */
export const TAG_COMMITS: Readonly<Record<string, string>> = {
  "v3.0.0": "8621a756ed4f3e1e14a54e99a3b24602186918df",
  "v3.83.0": "6e1748d15b392abc561602f12f2e8508c48260c8",
  "v3.113.0": "5ed68c93835eb11616789fccdf612429ce18461c",
  "v3.114.0": "93964d59a00265df7dd0f77bafba9e887b84ef2c",
  "v3.117.1": "42a67742eb980e14eeab4ca0ed98d5c38c0fe414",
  "v4.0.0": "83622ed3ea75ef9dbbe6faf34b33473b21f10cca",
  "v4.14.0": "36996bc68a4a4b80f65338f2066070426abf8551",
  "v4.15.0": "1756d4c0648e1adf0498aa1a5fba7ff21c8094aa",
  "v4.50.0": "211156b6c9c3c4721a2a4631998a6bd08433a9ee",
  "v4.53.0": "4f933c6d9d0d0993d1317bac70429d8ad40f460e",
  "v4.81.0": "5782a75422c68a0d0804ac16d97dcaf3df5ee2fa",
  "v5.0.0": "b241ed4b62ce683f74730401392ebb94b96d3981",
  "v5.1.0": "11970d0c55193709a306617f009d44d2ba42f5a9",
  "v5.2.0": "8d8282ef5bee6861b43a9532e948498e3355c0cb",
};

function src(tag: string, file: string): SchemaSource {
  const commit = TAG_COMMITS[tag];
  return commit === undefined
    ? { repository: AZURERM_REPOSITORY, tag, file }
    : { repository: AZURERM_REPOSITORY, tag, file, commit };
}

const cache = (tag: string) => src(tag, REDIS_CACHE_FILE);
const managed = (tag: string) => src(tag, MANAGED_REDIS_FILE);
const cluster = (tag: string) => src(tag, ENTERPRISE_CLUSTER_FILE);
const database = (tag: string) => src(tag, ENTERPRISE_DATABASE_FILE);

const TLS_ALL = ["1.0", "1.1", "1.2"] as const;
const TLS_12 = ["1.2"] as const;
const FOUR_BETA_GATE = "!features.FourPointOhBeta()";
const FIVE_GATE = "!features.FivePointOh()";

export const attributeFacts: readonly AttributeFact[] = [
  // ---- azurerm_redis_cache: the non-SSL port twins ----
  {
    resourceType: "azurerm_redis_cache",
    attribute: "enable_non_ssl_port",
    since: "3.0.0",
    until: "3.113.0",
    type: "bool",
    optional: true,
    default: false,
    sources: [cache("v3.0.0"), cache("v3.113.0")],
  },
  {
    resourceType: "azurerm_redis_cache",
    attribute: "enable_non_ssl_port",
    since: "3.114.0",
    until: "3.117.1",
    type: "bool",
    optional: true,
    default: false,
    deprecated:
      "`enable_non_ssl_port` will be removed in favour of the property `non_ssl_port_enabled` in version 4.0 of the AzureRM Provider.",
    conflictsWith: ["non_ssl_port_enabled"],
    gate: FOUR_BETA_GATE,
    note: "Create/Update send enable_non_ssl_port when it is set (d.GetOk), else non_ssl_port_enabled; Read writes the API value into both names.",
    sources: [cache("v3.114.0"), cache("v3.117.1")],
  },
  {
    resourceType: "azurerm_redis_cache",
    attribute: "non_ssl_port_enabled",
    since: "3.114.0",
    until: "3.117.1",
    type: "bool",
    optional: true,
    computed: true,
    gate: FOUR_BETA_GATE,
    note:
      "The 3.x block assigns non_ssl_port_enabled twice: first Optional+Computed with ConflictsWith enable_non_ssl_port, then again Optional+Computed without ConflictsWith; the second assignment wins, so only enable_non_ssl_port's ConflictsWith refuses a configuration with both. Unset, it is unknown in a create plan (after_unknown) and Read fills it from the API.",
    sources: [cache("v3.114.0"), cache("v3.117.1")],
  },
  {
    resourceType: "azurerm_redis_cache",
    attribute: "non_ssl_port_enabled",
    since: "4.0.0",
    until: NEWEST_TAG_READ,
    type: "bool",
    optional: true,
    default: false,
    sources: [cache("v4.0.0"), cache("v4.81.0"), cache("v5.0.0"), cache("v5.2.0")],
  },
  // ---- azurerm_redis_cache: the authentication twins (no rule reads them; recorded because they follow the same pattern) ----
  {
    resourceType: "azurerm_redis_cache",
    attribute: "redis_configuration.enable_authentication",
    since: "3.0.0",
    until: "3.113.0",
    type: "bool",
    optional: true,
    default: true,
    sources: [cache("v3.0.0"), cache("v3.113.0")],
  },
  {
    resourceType: "azurerm_redis_cache",
    attribute: "redis_configuration.enable_authentication",
    since: "3.114.0",
    until: "3.117.1",
    type: "bool",
    optional: true,
    default: true,
    deprecated:
      "`enable_authentication` will be removed in favour of the property `authentication_enabled` in version 4.0 of the AzureRM Provider.",
    conflictsWith: ["redis_configuration.authentication_enabled"],
    gate: FOUR_BETA_GATE,
    sources: [cache("v3.114.0"), cache("v3.117.1")],
  },
  {
    resourceType: "azurerm_redis_cache",
    attribute: "redis_configuration.authentication_enabled",
    since: "3.114.0",
    until: "3.117.1",
    type: "bool",
    optional: true,
    computed: true,
    conflictsWith: ["redis_configuration.enable_authentication"],
    gate: FOUR_BETA_GATE,
    note: "Assigned once in the 3.x block (unlike non_ssl_port_enabled), so both twins declare the conflict.",
    sources: [cache("v3.114.0"), cache("v3.117.1")],
  },
  {
    resourceType: "azurerm_redis_cache",
    attribute: "redis_configuration.authentication_enabled",
    since: "4.0.0",
    until: NEWEST_TAG_READ,
    type: "bool",
    optional: true,
    default: true,
    sources: [cache("v4.0.0"), cache("v4.81.0"), cache("v5.2.0")],
  },
  // ---- azurerm_redis_cache: TLS ----
  {
    resourceType: "azurerm_redis_cache",
    attribute: "minimum_tls_version",
    since: "3.0.0",
    until: "4.14.0",
    type: "string",
    optional: true,
    default: "1.2",
    allowed: TLS_ALL,
    note: "3.0.0 computes the default from features.ThreePointOhBeta(), which returns true in 3.x: \"1.2\".",
    sources: [cache("v3.0.0"), cache("v3.117.1"), cache("v4.0.0"), cache("v4.14.0")],
  },
  {
    resourceType: "azurerm_redis_cache",
    attribute: "minimum_tls_version",
    since: "4.15.0",
    until: "4.81.0",
    type: "string",
    optional: true,
    default: "1.2",
    allowed: TLS_ALL,
    gate: FIVE_GATE,
    note: "The main schema allows only \"1.2\"; the !features.FivePointOh() block (runs in 4.x unless ARM_FIVEPOINTZERO_BETA=true) redefines it with \"1.0\", \"1.1\", \"1.2\".",
    sources: [cache("v4.15.0"), cache("v4.81.0")],
  },
  {
    resourceType: "azurerm_redis_cache",
    attribute: "minimum_tls_version",
    since: "5.0.0",
    until: NEWEST_TAG_READ,
    type: "string",
    optional: true,
    default: "1.2",
    allowed: TLS_12,
    note: "5.0.0: FivePointOh() returns true, the 1.0/1.1 block is dead; 5.1.0 deleted it.",
    sources: [cache("v5.0.0"), cache("v5.2.0")],
  },
  // ---- azurerm_redis_cache: network, authentication, version, SKU ----
  {
    resourceType: "azurerm_redis_cache",
    attribute: "public_network_access_enabled",
    since: "3.0.0",
    until: NEWEST_TAG_READ,
    type: "bool",
    optional: true,
    default: true,
    sources: [cache("v3.0.0"), cache("v3.117.1"), cache("v4.0.0"), cache("v4.81.0"), cache("v5.0.0"), cache("v5.2.0")],
  },
  {
    resourceType: "azurerm_redis_cache",
    attribute: "access_keys_authentication_enabled",
    since: "4.0.0",
    until: NEWEST_TAG_READ,
    type: "bool",
    optional: true,
    default: true,
    note:
      "Added in 4.0.0 (PR #27039), never in 3.x (not even 3.117.x, released after 4.0). CustomizeDiff refuses false unless redis_configuration.active_directory_authentication_enabled is true.",
    sources: [cache("v3.117.1"), cache("v4.0.0"), cache("v4.81.0"), cache("v5.0.0"), cache("v5.2.0")],
  },
  {
    resourceType: "azurerm_redis_cache",
    attribute: "redis_configuration.active_directory_authentication_enabled",
    since: "3.83.0",
    until: NEWEST_TAG_READ,
    type: "bool",
    optional: true,
    note:
      "Inside the redis_configuration block (TypeList, MaxItems 1, Optional+Computed). No default: unset reads back from the API. 3.83.0-3.93.x allowed it on Premium only; 3.94.0 (#25006) on every SKU.",
    sources: [cache("v3.83.0"), cache("v3.117.1"), cache("v4.0.0"), cache("v4.81.0"), cache("v5.2.0")],
  },
  {
    resourceType: "azurerm_redis_cache",
    attribute: "redis_version",
    since: "3.0.0",
    until: "3.117.1",
    type: "string",
    optional: true,
    computed: true,
    allowed: ["4", "6"],
    gate: FOUR_BETA_GATE,
    note: "3.0.0-3.113.0 in the main schema; 3.114.0-3.117.1 the main schema says Default 6 but the 3.x block redefines it Optional+Computed.",
    sources: [cache("v3.0.0"), cache("v3.114.0"), cache("v3.117.1")],
  },
  {
    resourceType: "azurerm_redis_cache",
    attribute: "redis_version",
    since: "4.0.0",
    until: NEWEST_TAG_READ,
    type: "string",
    optional: true,
    default: "6",
    allowed: ["4", "6"],
    note: "Default is the int literal 6 up to 4.20.0 and the string \"6\" from 4.21.0; both reach a plan as \"6\". DiffSuppressFunc: a state of \"6.0\" matches \"6\".",
    sources: [cache("v4.0.0"), cache("v4.81.0"), cache("v5.2.0")],
  },
  {
    resourceType: "azurerm_redis_cache",
    attribute: "sku_name",
    since: "3.0.0",
    until: NEWEST_TAG_READ,
    type: "string",
    required: true,
    allowed: ["Basic", "Standard", "Premium"],
    note: "Downgrading the SKU forces replacement (CustomizeDiff ForceNewIfChange).",
    sources: [cache("v3.0.0"), cache("v3.117.1"), cache("v4.0.0"), cache("v4.81.0"), cache("v5.2.0")],
  },
  // ---- azurerm_managed_redis (4.50.0+) ----
  {
    resourceType: "azurerm_managed_redis",
    attribute: "default_database.client_protocol",
    since: "4.50.0",
    until: NEWEST_TAG_READ,
    type: "string",
    optional: true,
    default: "Encrypted",
    allowed: ["Encrypted", "Plaintext"],
    note: "Inside the default_database block (TypeList, MaxItems 1, Optional, no Computed): with no block there is no database.",
    sources: [managed("v4.50.0"), managed("v4.81.0"), managed("v5.0.0"), managed("v5.2.0")],
  },
  {
    resourceType: "azurerm_managed_redis",
    attribute: "default_database.access_keys_authentication_enabled",
    since: "4.50.0",
    until: NEWEST_TAG_READ,
    type: "bool",
    optional: true,
    default: false,
    sources: [managed("v4.50.0"), managed("v4.81.0"), managed("v5.0.0"), managed("v5.2.0")],
  },
  {
    resourceType: "azurerm_managed_redis",
    attribute: "public_network_access",
    since: "4.53.0",
    until: NEWEST_TAG_READ,
    type: "string",
    optional: true,
    default: "Enabled",
    allowed: ["Disabled", "Enabled"],
    note: "Absent from 4.50.0-4.52.0.",
    sources: [managed("v4.53.0"), managed("v4.81.0"), managed("v5.0.0"), managed("v5.2.0")],
  },
  {
    resourceType: "azurerm_managed_redis",
    attribute: "sku_name",
    since: "4.50.0",
    until: NEWEST_TAG_READ,
    type: "string",
    required: true,
    note: "validate.PossibleValuesForSkuName(): the redisenterprise 2025-07-01 SKU enum without Enterprise_* and EnterpriseFlash_* (Balanced_B*, ComputeOptimized_X*, MemoryOptimized_M*, FlashOptimized_A*).",
    sources: [managed("v4.50.0"), managed("v4.81.0"), managed("v5.2.0")],
  },
  // ---- azurerm_redis_enterprise_cluster (removed in 5.0.0) ----
  {
    resourceType: "azurerm_redis_enterprise_cluster",
    attribute: "minimum_tls_version",
    since: "3.0.0",
    until: "4.14.0",
    type: "string",
    optional: true,
    forceNew: true,
    default: "1.2",
    allowed: TLS_ALL,
    sources: [cluster("v3.0.0"), cluster("v3.117.1"), cluster("v4.0.0"), cluster("v4.14.0")],
  },
  {
    resourceType: "azurerm_redis_enterprise_cluster",
    attribute: "minimum_tls_version",
    since: "4.15.0",
    until: "4.81.0",
    type: "string",
    optional: true,
    forceNew: true,
    default: "1.2",
    allowed: TLS_ALL,
    gate: FIVE_GATE,
    note: "The main schema allows only \"1.2\" (PR #28444); the !features.FivePointOh() block restores \"1.0\", \"1.1\" in 4.x.",
    sources: [cluster("v4.15.0"), cluster("v4.81.0")],
  },
  {
    resourceType: "azurerm_redis_enterprise_cluster",
    attribute: "sku_name",
    since: "3.0.0",
    until: "4.81.0",
    type: "string",
    required: true,
    forceNew: true,
    note: "validate.RedisEnterpriseClusterSkuName: `<Enterprise_E*|EnterpriseFlash_F*>-<capacity>` (capacity 2, 4, 6... or 3, 9, 15... for Flash).",
    sources: [cluster("v3.0.0"), cluster("v3.117.1"), cluster("v4.0.0"), cluster("v4.81.0")],
  },
  // ---- azurerm_redis_enterprise_database (removed in 5.0.0) ----
  {
    resourceType: "azurerm_redis_enterprise_database",
    attribute: "client_protocol",
    since: "3.0.0",
    until: "4.81.0",
    type: "string",
    optional: true,
    forceNew: true,
    default: "Encrypted",
    allowed: ["Encrypted", "Plaintext"],
    sources: [database("v3.0.0"), database("v3.117.1"), database("v4.0.0"), database("v4.81.0")],
  },
];

export const twinPairs: readonly TwinPair[] = [
  {
    resourceType: "azurerm_redis_cache",
    oldName: "redis_configuration.enable_authentication",
    newName: "redis_configuration.authentication_enabled",
    renamedIn: "3.114.0",
    oldRemovedIn: "4.0.0",
    sources: [cache("v3.113.0"), cache("v3.114.0"), cache("v3.117.1"), cache("v4.0.0")],
  },
  {
    resourceType: "azurerm_redis_cache",
    oldName: "enable_non_ssl_port",
    newName: "non_ssl_port_enabled",
    renamedIn: "3.114.0",
    oldRemovedIn: "4.0.0",
    sources: [cache("v3.113.0"), cache("v3.114.0"), cache("v3.117.1"), cache("v4.0.0")],
  },
];

export const resourceAvailability: readonly ResourceAvailability[] = [
  {
    resourceType: "azurerm_redis_cache",
    since: "3.0.0",
    until: NEWEST_TAG_READ,
    sources: [cache("v3.0.0"), cache("v4.0.0"), cache("v5.0.0"), cache("v5.2.0")],
  },
  {
    resourceType: "azurerm_managed_redis",
    since: "4.50.0",
    until: NEWEST_TAG_READ,
    note: "Added by PR #30060, first released in 4.50.0.",
    sources: [managed("v4.50.0"), managed("v5.2.0")],
  },
  {
    resourceType: "azurerm_redis_enterprise_cluster",
    since: "3.0.0",
    until: "4.81.0",
    deprecated:
      "The `azurerm_redis_enterprise_cluster` resource has been deprecated in favour of `azurerm_managed_redis_cluster` and will be removed in v5.0 of the AzureRM provider.",
    note:
      "DeprecationMessage from 4.50.0. 4.81.0 registers it only under !features.FivePointOh(); 5.0.0 still ships the file but FivePointOh() is true, so the type is not registered; 5.1.0 deleted the sources.",
    sources: [cluster("v4.50.0"), src("v4.81.0", ENTERPRISE_REGISTRATION_FILE), src("v5.0.0", ENTERPRISE_REGISTRATION_FILE), src("v5.1.0", ENTERPRISE_REGISTRATION_FILE)],
  },
  {
    resourceType: "azurerm_redis_enterprise_database",
    since: "3.0.0",
    until: "4.81.0",
    deprecated:
      "The `azurerm_redis_enterprise_database` resource has been deprecated in favour of `azurerm_managed_redis_database` and will be removed in v5.0 of the AzureRM provider.",
    note: "As azurerm_redis_enterprise_cluster: not registered from 5.0.0, sources deleted in 5.1.0.",
    sources: [database("v4.50.0"), src("v4.81.0", ENTERPRISE_REGISTRATION_FILE), src("v5.0.0", ENTERPRISE_REGISTRATION_FILE), src("v5.1.0", ENTERPRISE_REGISTRATION_FILE)],
  },
];

// ---------------------------------------------------------------------------------------------
// Versions

export type Version = readonly [number, number, number];

/** Parses `3.116.0`, `v3.116`, `4` (missing parts are 0); `undefined` for anything else. */
export function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i += 1) {
    if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  }
  return 0;
}

function within(version: Version, since: string, until: string): boolean {
  return (
    compareVersions(version, parseVersion(since) as Version) >= 0 &&
    compareVersions(version, parseVersion(until) as Version) <= 0
  );
}

/** The facts for one attribute of one resource type at one provider version (none: not in that schema). */
export function factAt(resourceType: string, attribute: string, version: string): AttributeFact | undefined {
  const parsed = parseVersion(version);
  if (parsed === undefined) return undefined;
  return attributeFacts.find(
    (fact) =>
      fact.resourceType === resourceType && fact.attribute === attribute && within(parsed, fact.since, fact.until),
  );
}

/** Whether a resource type's attribute exists in any release of a major (as read). */
export function attributeInMajor(resourceType: string, attribute: string, major: AzurermMajor): boolean {
  return attributeFacts.some(
    (fact) =>
      fact.resourceType === resourceType &&
      fact.attribute === attribute &&
      (parseVersion(fact.since) as Version)[0] <= major &&
      (parseVersion(fact.until) as Version)[0] >= major,
  );
}

/** Whether a resource type is registered in any release of a major. */
export function resourceInMajor(resourceType: string, major: AzurermMajor): boolean {
  return resourceAvailability.some(
    (entry) =>
      entry.resourceType === resourceType &&
      (parseVersion(entry.since) as Version)[0] <= major &&
      (parseVersion(entry.until) as Version)[0] >= major,
  );
}

/**
 * Whether some version of the given major satisfies a Terraform version constraint
 * (`~> 3.0`, `>= 3.50, < 4.0`, `=4.1.0`, `4.81.0`, `!= 4.2.0`). `undefined` when the constraint
 * cannot be parsed: no conclusion can be drawn from it.
 */
export function majorSatisfies(constraint: string, major: AzurermMajor): boolean | undefined {
  // A plan names one constraint for every resource: answer each (constraint, major) once.
  const key = `${major}\u0000${constraint}`;
  if (satisfiesCache.has(key)) return satisfiesCache.get(key);
  const answer = evaluateConstraint(constraint, major);
  if (satisfiesCache.size < 1024) satisfiesCache.set(key, answer);
  return answer;
}

const satisfiesCache = new Map<string, boolean | undefined>();

function evaluateConstraint(constraint: string, major: AzurermMajor): boolean | undefined {
  const parts = constraint
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (parts.length === 0) return undefined;
  const checks: ((v: Version) => boolean)[] = [];
  for (const part of parts) {
    const match = /^(~>|>=|<=|!=|=|>|<)?\s*(v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?)$/.exec(part);
    if (match === null) return undefined;
    const operator = match[1] ?? "=";
    const text = match[2] as string;
    const bound = parseVersion(text);
    if (bound === undefined) return undefined;
    const segments = text.replace(/^v/, "").split("-")[0]!.split(".").length;
    switch (operator) {
      case "=":
        checks.push((v) => compareVersions(v, bound) === 0);
        break;
      case "!=":
        checks.push((v) => compareVersions(v, bound) !== 0);
        break;
      case ">":
        checks.push((v) => compareVersions(v, bound) > 0);
        break;
      case ">=":
        checks.push((v) => compareVersions(v, bound) >= 0);
        break;
      case "<":
        checks.push((v) => compareVersions(v, bound) < 0);
        break;
      case "<=":
        checks.push((v) => compareVersions(v, bound) <= 0);
        break;
      case "~>": {
        // Only the rightmost written part may grow: `~> 3.0` is >= 3.0, < 4.0; `~> 3.116.0` is < 3.117.0.
        const upper: [number, number, number] =
          segments <= 2 ? [bound[0] + 1, 0, 0] : [bound[0], bound[1] + 1, 0];
        checks.push((v) => compareVersions(v, bound) >= 0 && compareVersions(v, upper) < 0);
        break;
      }
    }
  }
  // Probe the major's releases: every minor up to a generous bound, a few patches each.
  for (let minor = 0; minor <= 200; minor += 1) {
    for (let patch = 0; patch <= 9; patch += 1) {
      const candidate: Version = [major, minor, patch];
      if (checks.every((check) => check(candidate))) return true;
    }
  }
  return false;
}

export interface MajorEvidence {
  /** The majors that could have produced the input, oldest first. */
  readonly majors: readonly AzurermMajor[];
  /** One line per piece of evidence that ruled a major out. */
  readonly reasons: readonly string[];
}

export interface MajorQuery {
  readonly resourceType?: string;
  /**
   * Attribute names present on the resource (top level, or `block.attribute` for the blocks in the
   * facts). With `complete: true` an attribute missing from the set also counts: pass that only for a
   * set where the provider writes every attribute of its schema, a state's attributes or a plan's
   * `after` keys together with its `after_unknown` keys (`after` alone leaves out unknown values).
   */
  readonly attributeNames?: Iterable<string>;
  readonly complete?: boolean;
  /** A provider version constraint (`configuration.provider_config.azurerm.version_constraint`). */
  readonly versionConstraint?: string;
}

/**
 * Which azurerm major(s) could have produced a resource with these attribute names, under this
 * version constraint: the basis for a fix that names only arguments the user's provider has.
 */
const knownAttributes = new Map<string, ReadonlySet<string>>();

/** The attributes the facts record for a resource type, computed once per type. */
function knownAttributesOf(type: string): ReadonlySet<string> {
  let known = knownAttributes.get(type);
  if (!known) {
    known = new Set(attributeFacts.filter((f) => f.resourceType === type).map((f) => f.attribute));
    knownAttributes.set(type, known);
  }
  return known;
}

export function possibleMajors(query: MajorQuery): MajorEvidence {
  // Every resource of one type in one input usually carries the same attribute names: answer each once.
  const names = query.attributeNames === undefined ? undefined : [...query.attributeNames];
  const key = JSON.stringify([query.resourceType, query.versionConstraint, query.complete, names]);
  const cached = evidenceCache.get(key);
  if (cached) return cached;
  const evidence = decideMajors(names === undefined ? query : { ...query, attributeNames: names });
  if (evidenceCache.size >= 256) evidenceCache.clear();
  evidenceCache.set(key, evidence);
  return evidence;
}

const evidenceCache = new Map<string, MajorEvidence>();

function decideMajors(query: MajorQuery): MajorEvidence {
  let majors: AzurermMajor[] = [...AZURERM_MAJORS];
  const reasons: string[] = [];
  const drop = (major: AzurermMajor, reason: string): void => {
    if (majors.includes(major)) {
      majors = majors.filter((m) => m !== major);
      reasons.push(reason);
    }
  };
  if (query.versionConstraint !== undefined) {
    for (const major of AZURERM_MAJORS) {
      if (majorSatisfies(query.versionConstraint, major) === false) {
        drop(major, `the version constraint "${query.versionConstraint}" allows no azurerm ${major}.x`);
      }
    }
  }
  const type = query.resourceType;
  if (type !== undefined && resourceAvailability.some((entry) => entry.resourceType === type)) {
    for (const major of AZURERM_MAJORS) {
      if (!resourceInMajor(type, major)) drop(major, `azurerm ${major}.x has no ${type}`);
    }
    if (query.attributeNames !== undefined) {
      const present = new Set(query.attributeNames);
      const known = knownAttributesOf(type);
      for (const name of present) {
        if (!known.has(name)) continue;
        for (const major of AZURERM_MAJORS) {
          if (!attributeInMajor(type, name, major)) drop(major, `"${name}" is not in azurerm ${major}.x's ${type}`);
        }
      }
      if (query.complete === true) {
        for (const name of known) {
          if (present.has(name) || name.includes(".")) continue;
          for (const major of AZURERM_MAJORS) {
            if (attributeInEveryRelease(type, name, major)) {
              drop(major, `"${name}" is missing, and every azurerm ${major}.x release writes it for ${type}`);
            }
          }
        }
      }
    }
  }
  return { majors, reasons };
}

/** The first and last release of each major, as tagged in the provider's repository when read. */
export const MAJOR_RELEASE_SPAN: Readonly<Record<AzurermMajor, readonly [string, string]>> = {
  3: ["3.0.0", "3.117.1"],
  4: ["4.0.0", "4.81.0"],
  5: ["5.0.0", NEWEST_TAG_READ],
};

/**
 * Whether an attribute is in the schema at both the first and the last release of a major that has
 * the resource type (the facts have no gaps inside a span, so: in every such release).
 */
function attributeInEveryRelease(resourceType: string, attribute: string, major: AzurermMajor): boolean {
  const [first, last] = MAJOR_RELEASE_SPAN[major];
  const spans = resourceAvailability.filter((entry) => entry.resourceType === resourceType);
  const releases = [first, last].filter((release) =>
    spans.some((entry) => within(parseVersion(release) as Version, entry.since, entry.until)),
  );
  // The resource type must exist in the whole major, else absence says nothing certain.
  if (releases.length !== 2) return false;
  return releases.every((release) => factAt(resourceType, attribute, release) !== undefined);
}
