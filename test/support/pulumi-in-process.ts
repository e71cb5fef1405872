import { unknownCheckingProxy, UnknownValueError, type ResourceValidationArgs, type ResourceValidationPolicy } from "@pulumi/policy";
import type { VerdictStatus } from "../../policies";
import { createPulumiPolicies } from "../../policies/pulumi";

class NotApplicable extends Error {}

/**
 * Runs one Pulumi policy in process, with the props behind the SDK's own unknown-checking proxy, and
 * says what the engine would see: a violation (`fail`), the SDK's preview advisory (`unknown`),
 * nothing (`pass`), or not applicable. Anything else thrown is returned as `threw`.
 */
export function runPulumiPolicy(
  policy: ResourceValidationPolicy,
  type: string,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
  name = "cache",
): { outcome: VerdictStatus | "not-applicable" | "threw"; messages: string[]; error?: unknown } {
  const messages: string[] = [];
  const args = {
    type,
    props: unknownCheckingProxy(props),
    urn: `urn:pulumi:dev::proj::${type}::${name}`,
    name,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    stackTags: new Map<string, string>(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  } as ResourceValidationArgs;
  const validations = [policy.validateResource].flat();
  try {
    for (const validate of validations) void validate?.(args, (message) => messages.push(message));
  } catch (error) {
    if (error instanceof NotApplicable) return { outcome: "not-applicable", messages };
    if (error instanceof UnknownValueError) return { outcome: "unknown", messages: [(error as Error).message] };
    return { outcome: "threw", messages, error };
  }
  return { outcome: messages.length > 0 ? "fail" : "pass", messages };
}

export const pulumiPolicies = createPulumiPolicies();
