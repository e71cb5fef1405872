/**
 * The framework-free vocabulary of the rule core. Nothing here knows about Pulumi or CDKTF: a surface
 * (the Pulumi pack, the CDKTF aspect, the `check` command) builds a {@link ResourceView} and asks the
 * core for {@link Verdict}s.
 */

/** Severity as PSRule for Azure and Pulumi CrossGuard both express it (lower case, Pulumi's scale). */
export type Severity = "low" | "medium" | "high" | "critical";

/** The kinds of resource the core has rules for. A surface maps its own type names onto these. */
export type ResourceKind =
  | "redisCache"
  | "redisEnterpriseCluster"
  | "redisEnterpriseDatabase"
  /** Classic `ManagedRedis` / `azurerm_managed_redis`: a cluster and its default database in one resource. */
  | "managedRedis";

/**
 * A setting is one logical configuration value of a resource kind, whatever a provider calls it:
 * azure-native `enableNonSslPort`, classic `nonSslPortEnabled` and azurerm `non_ssl_port_enabled` are
 * all the setting `nonSslPortEnabled` of a `redisCache`.
 */
export type SettingName =
  | "nonSslPortEnabled"
  | "minimumTlsVersion"
  /** azure-native's string form: "Enabled" / "Disabled". */
  | "publicNetworkAccess"
  /** classic and azurerm's boolean form. */
  | "publicNetworkAccessEnabled"
  /** azure-native: `disableAccessKeyAuthentication` (true complies). */
  | "accessKeyAuthenticationDisabled"
  /** classic and azurerm: `accessKeysAuthenticationEnabled` (false complies). */
  | "accessKeysAuthenticationEnabled"
  /** azure-native Redis Enterprise / Azure Managed Redis databases: `accessKeysAuthentication`, "Enabled" / "Disabled". */
  | "accessKeysAuthentication"
  | "entraIdAuthenticationEnabled"
  | "redisVersion"
  | "clientProtocol"
  /** The SKU of a Redis Enterprise / Azure Managed Redis cluster (`Enterprise_E10`, `Balanced_B5`; azurerm adds `-<capacity>`). */
  | "skuName";

/** One place a setting was read from: the property path as the user wrote it, and its raw value. */
export interface SettingSource {
  /** Property path as named on the resource (`enableNonSslPort`, `redis_configuration.aad_enabled`). */
  readonly property: string;
  /** The raw value found there; `undefined` when the property is absent. Never printed in messages. */
  readonly value: unknown;
  /** How the value was established when the input did not hold it as such (a computed twin); goes into the message. */
  readonly provenance?: string;
}

/**
 * What applies to a setting a resource leaves unset, as the surface knows it: a provider's own default
 * (azurerm writes `access_keys_authentication_enabled = false`) or Azure's default at the API version
 * the surface speaks. `value` is judged like a value the resource set; without one, the default cannot
 * be established (the token stands for API versions whose defaults differ) and absence does not pass.
 */
export interface AbsentDefault {
  readonly value?: boolean | string;
  /** Where the default comes from, for messages: "Azure's default at API version 2025-07-01". */
  readonly basis: string;
}

export type AbsentDefaults = Readonly<Partial<Record<SettingName, AbsentDefault>>>;

/** A small, typed view of one resource: what the rules read, and nothing else. */
export interface ResourceView {
  readonly kind: ResourceKind;
  /** How messages name the resource: a Pulumi resource name, a construct path, a Terraform address. */
  readonly displayName: string;
  /** For each setting, every place it can be expressed on this resource type (absent ones included). */
  readonly settings: Readonly<Partial<Record<SettingName, readonly SettingSource[]>>>;
  /**
   * Defaults the surface declares for absent settings; a setting not listed falls back to the rule's
   * own `absentComplies`. Shared with the binding, never copied per resource.
   */
  readonly defaults?: AbsentDefaults;
  /**
   * What the input shows about the provider that produced it, when a surface knows: a fix then never
   * names an argument that provider lacks (an azurerm 3.x input has no `access_keys_authentication_enabled`).
   */
  readonly provider?: ProviderContext;
}

/**
 * The provider release(s) an input could come from, as the surface established them from the input itself
 * (attribute names it carries, a version constraint). Built by the surface from the provider facts
 * (policies/terraform/provider-context.ts); the rules only ask it about the properties they would name.
 */
export interface ProviderContext {
  /** How messages name it: "azurerm 3.x". */
  readonly label: string;
  /** `undefined` when the property is available (or nothing certain is known about it); otherwise why not. */
  unavailable(property: string): ProviderLack | undefined;
}

/** A property the input's provider does not have, and where it does. */
export interface ProviderLack {
  /** The provider(s) the input comes from, for messages: "azurerm 3.x". */
  readonly provider: string;
  /** The first provider release that has it ("azurerm 4.0.0"), and what to upgrade to ("azurerm 4.x"). */
  readonly addedIn: string;
  readonly upgradeTo: string;
}

export type VerdictStatus = "pass" | "fail" | "unknown";

/** Why a verdict is what it is; lets surfaces and tests tell a failing value from an unreadable one. */
export type VerdictReason =
  | "compliant"
  | "default-compliant"
  | "non-compliant"
  | "absent-required"
  | "default-non-compliant"
  | "unknown-value"
  | "invalid-value";

export interface Verdict {
  readonly ruleId: string;
  readonly status: VerdictStatus;
  readonly reason: VerdictReason;
  /** Names the resource, the property and the fix; never a property's value. */
  readonly message: string;
  /** The properties the verdict is about, as named on the resource. */
  readonly properties: readonly string[];
}

/** A compliance control a rule maps to (Microsoft cloud security benchmark, for every rule here). */
export interface ComplianceControl {
  readonly framework: string;
  readonly version: string;
  readonly id: string;
  readonly title: string;
}

/**
 * What a rule's `evaluate` takes besides the view: the options every rule understands. Each surface takes
 * them from its own configuration (the pack's config, the aspect's options, `check`'s policy config).
 */
export interface RuleEvaluationOptions {
  /** Treat an absent property as a failure instead of trusting the Azure default (PSRule's behaviour). */
  readonly requireExplicit?: boolean;
}

/** A safe automatic fix: write `value` to the setting under the property name the resource uses. */
export interface RuleFix {
  readonly setting: SettingName;
  readonly value: boolean | string;
}

export type Pillar = "Security" | "Reliability" | "Operational Excellence";

export interface RuleMetadata {
  /** PSRule-style id: `Azure.<Service>.<Check>`. */
  readonly id: string;
  /** PSRule for Azure's stable reference (`AZR-000163`), or `null` for rules PSRule does not have. */
  readonly ref: string | null;
  /** Pulumi policy name: the id in kebab case. */
  readonly policyName: string;
  readonly title: string;
  readonly description: string;
  readonly recommendation: string;
  readonly severity: Severity;
  /** The Well-Architected pillar, as PSRule for Azure tags it. */
  readonly pillar: Pillar;
  readonly category: string;
  /** The MCSB control, or `null` where PSRule maps none (Reliability and Operational Excellence rules). */
  readonly control: ComplianceControl | null;
  /** Default enforcement on every surface: mandatory fails a preview or synth, advisory warns. */
  readonly defaultEnforcement: "mandatory" | "advisory";
  /** Steps a person follows to comply, in Markdown. */
  readonly remediationSteps: string;
  /** Link to this rule's page in docs/rules. */
  readonly docsUrl: string;
  readonly resourceKinds: readonly ResourceKind[];
  readonly fix?: RuleFix;
}

export interface Rule extends RuleMetadata {
  /**
   * The settings the rule reads. It applies to a resource type whose binding maps at least one of
   * them (see `ruleApplies`); a rule that reads none (a retirement notice) applies to every resource
   * of its kinds. Omitted by hand-written rules: they apply to every resource of their kinds.
   */
  readonly settingsRead?: readonly SettingName[];
  /** Pure: the same view and options always give the same verdict. Never throws. */
  evaluate(view: ResourceView, options?: RuleEvaluationOptions): Verdict;
}
