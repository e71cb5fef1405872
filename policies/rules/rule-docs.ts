import type { ResourceKind } from "../core/types";
import type { PropertySurface } from "./property-text";

/**
 * What a rule's docs say that the bindings cannot: the cells around the property names that
 * `npm run docs` fills from the bindings (scripts/docs/generate.ts). Each rule file exports its own as `docs`.
 * Property names never appear here: they come from the bindings.
 */

/** One surface's binding of one resource kind: `terraform:managedRedis`, `azure-native:redisCache`. */
export type BindingRef = `${PropertySurface}:${ResourceKind}`;

/** A group of a binding's tokens that a rule page lists on its own row (where the verdict on absence differs). */
export interface TokenGroup {
  /** The surface column: "Pulumi azure-native, versioned tokens from 2025-07-01". */
  readonly surface: string;
  /** The resource type column, Markdown; every full token in it must resolve to the binding (tested). */
  readonly resourceTypes: string;
  /** The "when the property is absent" column. */
  readonly whenAbsent?: string;
}

export interface RuleDocs {
  /** The README's "passes when" column. */
  readonly passesWhen: string;
  /** Said after the property names on the rule page's row of a binding: "`true` passes". */
  readonly propertyNotes?: Readonly<Partial<Record<BindingRef, string>>>;
  /**
   * The rule page's "when the property is absent" column, per binding whose binding declares no default for
   * the rule's settings (a declared default is written from the binding: verdict, basis and value).
   */
  readonly whenAbsent?: Readonly<Partial<Record<BindingRef, string>>>;
  /** Said in parentheses after a "when the property is absent" cell written from a binding's declared default. */
  readonly absentRemark?: Readonly<Partial<Record<BindingRef, string>>>;
  /** Rows of a binding split by token where the answer differs per API version; replaces the catalogue's rows. */
  readonly tokenGroups?: Readonly<Partial<Record<BindingRef, readonly TokenGroup[]>>>;
  /**
   * Why a binding has nothing for this rule to read: bindings of the rule's kinds that map none of its
   * settings (required), and related bindings a reader would look for (listed only when named here).
   */
  readonly notApplicable?: Readonly<Partial<Record<BindingRef, string>>>;
}
