import { ConfigError, parseRuleConfig, type Exemption, type RuleConfig } from "../policies/core/options";
import type { Rule } from "../policies/core/types";
import { allRules } from "../policies/rules";

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
  /**
   * Honour exemptions written next to the resource: `RedisPolicyAspect.exempt()` and `redis-guard-exempt` tags
   * (default true). false: only `exemptions` above apply, and an in-code exemption is reported as refused.
   * A rule's own setting in `rules` wins over this one.
   */
  readonly allowInCodeExemptions?: boolean;
  /**
   * Per rule, by id: its enforcement (`"mandatory"`: a violation is annotated at `level`; `"advisory"`: a
   * warning; `"disabled"`: not checked) and its own `requireExplicit`, `exemptions` and `allowInCodeExemptions`;
   * its exemptions apply on top of the aspect-wide ones, its other settings replace them. Rules not listed keep their default enforcement (see the rule table).
   */
  readonly rules?: Readonly<Record<string, AspectRuleOptions>>;
}

export type Enforcement = "mandatory" | "advisory" | "disabled";

/** One rule's options in {@link RedisPolicyAspectOptions.rules}: what `rules["Azure.Redis.PublicNetworkAccess"]` may say. */
export interface AspectRuleOptions {
  readonly enforcement?: Enforcement;
  readonly requireExplicit?: boolean;
  readonly exemptions?: readonly Exemption[];
  readonly allowInCodeExemptions?: boolean;
}

/** The options after validation, as the aspect uses them. */
export interface AspectSettings {
  readonly level: ViolationLevel;
  readonly fix: boolean;
  /** The rules to check (disabled ones left out), each with its enforcement and merged config. */
  readonly rules: ReadonlyMap<Rule, { readonly enforcement: Exclude<Enforcement, "disabled">; readonly config: RuleConfig }>;
}

/** Options are named like this in error messages: `RedisPolicyAspect.exemptions[0].reason must be …`. */
const OPTIONS_NAME = "RedisPolicyAspect";
const ASPECT_ONLY_KEYS: ReadonlySet<string> = new Set(["level", "fix", "rules"]);
const LEVELS: readonly ViolationLevel[] = ["error", "warning"];
const ENFORCEMENTS: readonly Enforcement[] = ["mandatory", "advisory", "disabled"];

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
  return { level: level as ViolationLevel, fix, rules: parseRuleSelection(record["rules"], ruleConfig) };
}

/** Validates `rules`, and merges each rule's own config over the aspect-wide one. */
function parseRuleSelection(raw: unknown, shared: RuleConfig): AspectSettings["rules"] {
  const field = `${OPTIONS_NAME}.rules`;
  if (raw !== undefined && (typeof raw !== "object" || raw === null || Array.isArray(raw))) {
    throw new ConfigError(field, "must be an object keyed by rule id");
  }
  const perRule = (raw ?? {}) as Record<string, unknown>;
  for (const id of Object.keys(perRule)) {
    if (!allRules.some((rule) => rule.id === id)) {
      throw new ConfigError(`${field}.${id}`, `is not a rule of azure-redis-guard (rules: ${allRules.map((r) => r.id).join(", ")})`);
    }
  }
  const selected = new Map<Rule, { enforcement: Exclude<Enforcement, "disabled">; config: RuleConfig }>();
  for (const rule of allRules) {
    const own = perRule[rule.id];
    const config = parseRuleConfig(own, `${field}.${rule.id}`, new Set(["enforcement"]));
    const enforcement = (own as { enforcement?: unknown } | undefined)?.enforcement ?? rule.defaultEnforcement;
    if (typeof enforcement !== "string" || !(ENFORCEMENTS as readonly string[]).includes(enforcement)) {
      throw new ConfigError(`${field}.${rule.id}.enforcement`, `must be ${ENFORCEMENTS.map((e) => JSON.stringify(e)).join(", ")}`);
    }
    if (enforcement === "disabled") continue;
    selected.set(rule, {
      enforcement: enforcement as Exclude<Enforcement, "disabled">,
      config: {
        requireExplicit: config.requireExplicit ?? shared.requireExplicit ?? false,
        exemptions: [...(shared.exemptions ?? []), ...(config.exemptions ?? [])],
        allowInCodeExemptions: config.allowInCodeExemptions ?? shared.allowInCodeExemptions ?? true,
      },
    });
  }
  return selected;
}
