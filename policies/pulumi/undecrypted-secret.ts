import { UnknownValueError } from "@pulumi/policy";
import type { ResourceView } from "../core/types";
import { UNDECRYPTED_PULUMI_SECRET, UnknownValue } from "../core/values";

/** Pulumi's boolean unknown sentinel: the SDK's error needs one, though its message is replaced. */
const PULUMI_UNKNOWN_BOOLEAN = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";

/**
 * The property a verdict names whose value is a secret the engine could not decrypt (its "[secret]"
 * placeholder, see core/values.ts), or `undefined`.
 */
export function undecryptedSecretProperty(view: ResourceView, properties: readonly string[]): string | undefined {
  for (const sources of Object.values(view.settings)) {
    for (const source of sources ?? []) {
      if (properties.includes(source.property) && source.value instanceof UnknownValue && source.value.why === UNDECRYPTED_PULUMI_SECRET) return source.property;
    }
  }
  return undefined;
}

/**
 * The SDK reports an {@link UnknownValueError} as an advisory "can't run policy ... during preview: <message>",
 * its only way to say a value could not be judged. Its own message would call an undecryptable secret a value
 * "that can't be known during preview", which is not why; the core's unknown message says why instead.
 */
export function undecryptedSecretError(property: string, message: string): UnknownValueError {
  const error = new UnknownValueError(PULUMI_UNKNOWN_BOOLEAN, [property]);
  error.message = message;
  return error;
}
