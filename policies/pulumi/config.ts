import type { PolicyConfigSchema } from "@pulumi/policy";
import { parseRuleConfig, type RuleConfig } from "../core/options";

/**
 * The JSON schema of every policy's config. The Pulumi CLI validates `--policy-pack-config` files and
 * policy-group config against it before the pack sees them; the pack parses again at run time
 * (`parseRuleConfig`) so that no path, the CLI's or another engine's, can slip a bad value past us.
 */
export const ruleConfigSchema: PolicyConfigSchema = {
  properties: {
    requireExplicit: {
      type: "boolean",
      default: false,
      description:
        "Fail resources that leave the property unset instead of trusting the Azure default (PSRule's own behaviour).",
    },
    allowInCodeExemptions: {
      type: "boolean",
      default: true,
      description:
        "Honour exemptions written next to the resource (a 'redis-guard-exempt' tag). false: only this config's exemptions apply, and an exemption tag is reported as refused.",
    },
    exemptions: {
      type: "array",
      description: "Resources this policy does not apply to, each with the reason on record and an optional expiry.",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["resource", "reason"],
        properties: {
          resource: {
            type: "string",
            minLength: 1,
            description: "Glob over the resource URN or name: `*` any run of characters, `?` one character.",
          },
          reason: { type: "string", minLength: 1, pattern: "\\S", description: "Why this resource is exempt." },
          expires: {
            type: "string",
            pattern: "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$",
            description: "ISO date (through the end of that day, UTC) or date-time after which the exemption no longer applies.",
          },
        },
      },
    },
  },
};

const lastParsed = new Map<string, { readonly json: string; readonly config: RuleConfig }>();

/**
 * Parses one policy's config as `getConfig()` returns it (enforcementLevel already removed). The SDK
 * hands over a fresh copy on every Analyze call, but the config only changes on Configure: the last
 * valid parse is reused while the text is the same. An invalid config is never cached, so it keeps failing.
 */
export function parsePulumiRuleConfig(policyName: string, raw: unknown): RuleConfig {
  const json = JSON.stringify(raw ?? {});
  const cached = lastParsed.get(policyName);
  if (cached?.json === json) return cached.config;
  const config = parseRuleConfig(raw, policyName);
  lastParsed.set(policyName, { json, config });
  return config;
}
