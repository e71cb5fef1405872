/** Where an exemption was written. */
export type ExemptionSource = "config" | "tag" | "construct";

/** An exemption written next to the resource, validated. */
export interface InCodeExemption {
  readonly source: "tag" | "construct";
  /** The tag key as written (`redis-guard-exempt-tls`), or the path of the construct `exempt()` was called on. */
  readonly origin: string;
  /** Rule ids in their canonical spelling (`Azure.Redis.NonSslPort`). */
  readonly rules: readonly string[];
  readonly reason: string;
  /** As written: an ISO date (through the end of that day, UTC) or date-time. */
  readonly expires?: string;
}

/** An in-code exemption that exempts nothing because it could not be read; the finding says why. */
export interface IgnoredExemption {
  readonly source: "tag" | "construct";
  /** The tag key or construct path; absent when the resource's tags as a whole could not be read. */
  readonly origin?: string;
  /** The rules it names, as far as they could be read; empty: it concerns every rule of the resource. */
  readonly rules: readonly string[];
  /** Why, fit to follow "was ignored: " (names what is wrong, never another property's value). */
  readonly problem: string;
}

/** Everything written next to one resource. */
export interface InCodeExemptions {
  readonly exemptions: readonly InCodeExemption[];
  readonly ignored: readonly IgnoredExemption[];
}

export const NO_IN_CODE_EXEMPTIONS: InCodeExemptions = Object.freeze({ exemptions: Object.freeze([]), ignored: Object.freeze([]) });

/** The rules an exemption may name: the core's rules (`allRules`), passed in so the core does not import them. */
export type KnownRules = readonly { readonly id: string }[];
