import { UnknownValueError, type ResourceValidation, type ResourceValidationArgs, type ResourceValidationPolicy } from "@pulumi/policy";
import type { VerdictStatus } from "../../policies";

export interface PulumiOutcome {
  readonly status: VerdictStatus;
  /** The violation's message, when there is one. */
  readonly message?: string;
}

/**
 * Runs a CrossGuard policy's `validateResource` in process, as the policy SDK calls it for one resource
 * (with plain props: the SDK's unknown-checking proxy is exercised by the engine-protocol tests).
 * A violation is `fail`; the SDK's UnknownValueError (its "can't run policy during preview") is `unknown`.
 */
export function runPulumiPolicy(policy: ResourceValidationPolicy, type: string, name: string, props: Record<string, unknown>, config: object): PulumiOutcome {
  const violations: string[] = [];
  const args: ResourceValidationArgs = {
    type,
    props,
    name,
    urn: `urn:pulumi:dev::parity::${type}::${name}`,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`policy ${policy.name} is not applicable to ${type}: ${reason}`);
    },
  };
  const validations: ResourceValidation[] = policy.validateResource === undefined ? [] : ([] as ResourceValidation[]).concat(policy.validateResource);
  try {
    for (const validate of validations) {
      const pending = validate(args, (message) => void violations.push(message ?? ""));
      if (pending instanceof Promise) throw new Error("the parity harness runs synchronous policies only");
    }
  } catch (error) {
    if (error instanceof UnknownValueError) return { status: "unknown" };
    throw error;
  }
  const [message] = violations;
  return message === undefined ? { status: "pass" } : { status: "fail", message };
}
