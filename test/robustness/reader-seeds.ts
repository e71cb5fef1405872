/**
 * One small, valid input per reader of `check`, each holding one Azure Cache for Redis named `open` whose
 * non-SSL port is on (so `Azure.Redis.NonSslPort` must fail on it) and a secret marker in attribute values
 * the rules never print. The reader fuzz suite mutates these around the one value that decides the verdict.
 */

/** In attribute values only: it must never appear in any output, whatever the mutation. */
export const SECRET_MARKER = "S3cr3tMarker9c1e";

export interface ReaderSeed {
  /** The reader it exercises, for the per-family counts. */
  readonly reader: string;
  /** The file name the input is written as (the reader is chosen by content; `.tf.json` by name too). */
  readonly fileName: string;
  readonly document: Record<string, unknown>;
  /**
   * Paths (keys from the root) of the values that make the cache fail NonSslPort. A mutation never changes
   * or deletes these themselves: everything around them it may break, and the cache must still not pass.
   */
  readonly deciding: readonly (readonly (string | number)[])[];
}

const cacheAttributes = (open: unknown) => ({
  name: "open",
  location: "westeurope",
  sku_name: "Standard",
  non_ssl_port_enabled: open,
  minimum_tls_version: "1.2",
  primary_access_key: SECRET_MARKER,
  tags: { owner: `team-${SECRET_MARKER}` },
});

const other = { address: "azurerm_storage_account.logs", mode: "managed", type: "azurerm_storage_account", name: "logs", provider_name: "registry.terraform.io/hashicorp/azurerm" };

export const READER_SEEDS: readonly ReaderSeed[] = [
  {
    reader: "terraform-plan",
    fileName: "plan.json",
    document: {
      format_version: "1.2",
      terraform_version: "1.9.8",
      resource_changes: [
        {
          address: "azurerm_redis_cache.open",
          mode: "managed",
          type: "azurerm_redis_cache",
          name: "open",
          provider_name: "registry.terraform.io/hashicorp/azurerm",
          change: { actions: ["create"], before: null, after: cacheAttributes(true), after_unknown: { id: true, tags: {} }, before_sensitive: false, after_sensitive: { primary_access_key: true } },
        },
        { ...other, change: { actions: ["create"], before: null, after: { name: "logs" }, after_unknown: { id: true } } },
      ],
    },
    deciding: [["resource_changes", 0, "change", "after", "non_ssl_port_enabled"]],
  },
  {
    reader: "terraform-state (show -json)",
    fileName: "state.json",
    document: {
      format_version: "1.0",
      terraform_version: "1.9.8",
      values: {
        root_module: {
          resources: [
            { address: "azurerm_redis_cache.open", mode: "managed", type: "azurerm_redis_cache", name: "open", provider_name: "registry.terraform.io/hashicorp/azurerm", schema_version: 1, values: cacheAttributes(true), sensitive_values: {} },
            { ...other, schema_version: 0, values: { name: "logs" }, sensitive_values: {} },
          ],
        },
      },
    },
    deciding: [["values", "root_module", "resources", 0, "values", "non_ssl_port_enabled"]],
  },
  {
    reader: "terraform-tfstate",
    fileName: "terraform.tfstate",
    document: {
      version: 4,
      terraform_version: "1.9.8",
      serial: 7,
      lineage: "3f1c2a9e-0b7d-4c35-9f1e-5d2a7c8b4e61",
      outputs: {},
      resources: [
        { mode: "managed", type: "azurerm_redis_cache", name: "open", provider: 'provider["registry.terraform.io/hashicorp/azurerm"]', instances: [{ schema_version: 1, attributes: cacheAttributes(true), sensitive_attributes: [] }] },
        { mode: "managed", type: "azurerm_storage_account", name: "logs", provider: 'provider["registry.terraform.io/hashicorp/azurerm"]', instances: [{ schema_version: 0, attributes: { name: "logs" } }] },
      ],
      check_results: null,
    },
    deciding: [["resources", 0, "instances", 0, "attributes", "non_ssl_port_enabled"]],
  },
  {
    reader: "pulumi-state",
    fileName: "stack.json",
    document: {
      version: 3,
      deployment: {
        manifest: { time: "2026-11-30T10:00:00Z", magic: "0", version: "v3.206.0" },
        resources: [
          { urn: "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev", custom: false, type: "pulumi:pulumi:Stack" },
          {
            urn: "urn:pulumi:dev::proj::azure-native:redis:Redis::open",
            custom: true,
            id: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Cache/redis/open",
            type: "azure-native:redis:Redis",
            inputs: { name: "open", enableNonSslPort: true, minimumTlsVersion: "1.2", sku: { name: "Standard", family: "C", capacity: 1 } },
            outputs: { name: "open", enableNonSslPort: true, minimumTlsVersion: "1.2", accessKeys: { primaryKey: SECRET_MARKER }, hostName: `open.${SECRET_MARKER}.example` },
          },
        ],
      },
    },
    deciding: [
      ["deployment", "resources", 1, "inputs", "enableNonSslPort"],
      ["deployment", "resources", 1, "outputs", "enableNonSslPort"],
    ],
  },
  {
    // A Pulumi YAML program is YAML, and JSON is YAML: the seed is written as JSON into Pulumi.yaml.
    reader: "pulumi-yaml",
    fileName: "Pulumi.yaml",
    document: {
      name: "proj",
      runtime: "yaml",
      variables: { owner: `team-${SECRET_MARKER}`, tls: "1.2" },
      resources: {
        open: {
          type: "azure:redis/cache:Cache",
          properties: { nonSslPortEnabled: true, minimumTlsVersion: "${tls}", capacity: 1, family: "C", skuName: "Standard", tags: { owner: "${owner}", key: SECRET_MARKER } },
        },
        logs: { type: "azure-native:storage:StorageAccount", properties: { accountName: "logs" } },
      },
    },
    deciding: [["resources", "open", "properties", "nonSslPortEnabled"]],
  },
  {
    reader: "terraform-json",
    fileName: "main.tf.json",
    document: {
      terraform: { required_providers: { azurerm: { source: "hashicorp/azurerm", version: "~> 4.0" } } },
      resource: {
        azurerm_redis_cache: { open: { ...cacheAttributes(true), resource_group_name: "rg", capacity: 1, family: "C" } },
        azurerm_storage_account: { logs: { name: "logs" } },
      },
    },
    deciding: [["resource", "azurerm_redis_cache", "open", "non_ssl_port_enabled"]],
  },
];
