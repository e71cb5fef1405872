import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceBinding, ResourceKind, RuleEvaluationOptions, SettingName, VerdictReason, VerdictStatus } from "../../policies";
import { findPulumiBinding } from "../../policies/pulumi";
import { findTerraformBinding } from "../../policies/terraform";

/** A surface-neutral fixture case: setting values, with `{ "$unknown": true }` for "not known yet". */
export interface FixtureCase {
  readonly name: string;
  /**
   * The resource types the case is about, when its verdict depends on the surface: Pulumi type tokens
   * (`azure-native:redisenterprise/v20240901preview:Database`) or Terraform types (`azurerm_managed_redis`),
   * whose bindings declare different defaults for absent settings (a provider's, or Azure's at the token's
   * API version). Without it, the case holds on every binding that can express its settings.
   */
  readonly on?: readonly string[];
  readonly settings: Partial<Record<SettingName, unknown>>;
  readonly options?: RuleEvaluationOptions;
  readonly expect: VerdictStatus;
  readonly reason: VerdictReason;
}

export interface RuleFixture {
  readonly rule: string;
  readonly kind: ResourceKind;
  readonly cases: readonly FixtureCase[];
}

const FIXTURE_DIR = path.join(__dirname, "..", "fixtures", "rules");

export function loadRuleFixtures(): RuleFixture[] {
  return fs
    .readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith(".json"))
    .map((file) => JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, file), "utf8")) as RuleFixture);
}

export function isUnknownMarker(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)["$unknown"] === true;
}

/** Pulumi's wire form of an unknown boolean, as the engine sends it during preview. */
export const PULUMI_UNKNOWN_BOOLEAN = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";

/** Encodes a fixture value for a surface: unknowns become that surface's own unknown. */
export function encodeFixtureValue(value: unknown, dialect: "pulumi" | "terraform"): unknown {
  if (!isUnknownMarker(value)) return value;
  return dialect === "pulumi" ? PULUMI_UNKNOWN_BOOLEAN : "${var.redis_non_ssl}";
}

/** Sets a dotted path on a plain object, creating blocks on the way. */
export function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const segments = dotted.split(".");
  let cursor = target;
  for (const segment of segments.slice(0, -1)) {
    cursor = (cursor[segment] ??= {}) as Record<string, unknown>;
  }
  cursor[segments[segments.length - 1] as string] = value;
}

/** A type a fixture case names, resolved to its binding and dialect (Terraform types have no `:`). */
export interface FixtureTarget {
  readonly type: string;
  readonly binding: ResourceBinding;
  readonly dialect: "pulumi" | "terraform";
}

/** Resolves a case's `on` types; a type no binding reads is a mistake in the table, so it throws. */
export function targetsOf(testCase: FixtureCase): FixtureTarget[] {
  return (testCase.on ?? []).map((type) => {
    const dialect = type.includes(":") ? "pulumi" : "terraform";
    const binding = dialect === "pulumi" ? findPulumiBinding(type) : findTerraformBinding(type);
    if (!binding) throw new Error(`fixture case '${testCase.name}' names ${type}, which no binding reads`);
    return { type, binding, dialect };
  });
}
