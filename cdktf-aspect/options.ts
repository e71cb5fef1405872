import { ConfigError, parseRuleConfig, type Exemption, type RuleConfig } from "../policies/core/options";

/** How a violation is annotated: an error fails `cdktf synth`, a warning only reports it. */
export type ViolationLevel = "error" | "warning";

/** Options of {@link RedisPolicyAspect}: the Pulumi pack's rule config, plus `level` and `fix`. */
export interface RedisPolicyAspectOptions {
  /** Annotation for a failing resource: `"error"` (default, synth fails) or `"warning"`. Unknowns are always warnings. */
  readonly level?: ViolationLevel;
  /**
   * Rewrite a non-compliant resource with an escape-hatch override that sets the rule's safe value
   * (under every attribute name the resource uses, or the current provider's name), and leave an
   * info annotation saying so, instead of reporting it.
   */
  readonly fix?: boolean;
  /** Fail resources that leave the attribute unset instead of trusting the Azure default (PSRule's own behaviour). */
  readonly requireExplicit?: boolean;
  /** Resources not enforced: `resource` is a glob over the construct path (`MyStack/legacy-*`), `reason` is required. */
  readonly exemptions?: readonly Exemption[];
}

/** The options after validation, as the aspect uses them. */
export interface AspectSettings {
  readonly level: ViolationLevel;
  readonly fix: boolean;
  readonly ruleConfig: RuleConfig;
}

/** Options are named like this in error messages: `RedisPolicyAspect.exemptions[0].reason must be …`. */
const OPTIONS_NAME = "RedisPolicyAspect";
const ASPECT_ONLY_KEYS: ReadonlySet<string> = new Set(["level", "fix"]);
const LEVELS: readonly ViolationLevel[] = ["error", "warning"];

/**
 * Validates the options with the same parser the Pulumi pack uses for its config, so `requireExplicit`
 * and `exemptions` mean the same on both surfaces. Throws {@link ConfigError} naming the option at fault;
 * unknown keys are refused, because a misspelt `requireExplict` must not silently weaken a control.
 */
export function parseAspectOptions(raw: unknown): AspectSettings {
  // parseRuleConfig refuses non-objects and unknown keys before we look at our own keys.
  const ruleConfig = parseRuleConfig(raw, OPTIONS_NAME, ASPECT_ONLY_KEYS);
  const record = (raw ?? {}) as Record<string, unknown>;
  const level = record["level"] ?? "error";
  if (typeof level !== "string" || !(LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`${OPTIONS_NAME}.level`, `must be ${LEVELS.map((l) => JSON.stringify(l)).join(" or ")}`);
  }
  const fix = record["fix"] ?? false;
  if (typeof fix !== "boolean") throw new ConfigError(`${OPTIONS_NAME}.fix`, "must be true or false");
  return { level: level as ViolationLevel, fix, ruleConfig };
}
