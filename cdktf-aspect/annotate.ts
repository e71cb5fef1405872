import type { IConstruct } from "constructs";
import type { AnnotationLevel, ConstructLibrary } from "./construct-library";

/**
 * Where annotations go when no library could be found for a construct (never seen in a real synth,
 * which always runs inside a stack): both `cdktf` and `cdktn` store annotations under these types.
 */
const FALLBACK_METADATA_TYPES: Readonly<Record<AnnotationLevel, string>> = {
  error: "@cdktf/error",
  warning: "@cdktf/warn",
  info: "@cdktf/info",
};

/**
 * Adds an annotation unless the construct already carries the same one. Synthesis invokes aspects
 * again on every `app.synth()` / `Testing.synth()` (its "already visited" record lives for one call),
 * and construct metadata can only grow, so without this a second synth would double every message.
 *
 * It writes the metadata `Annotations.of(node).addError()` writes, minus the stack trace: recorded
 * from inside an aspect, a trace only shows synthesis internals, and it costs about a millisecond.
 */
export function annotateOnce(library: ConstructLibrary | undefined, node: IConstruct, level: AnnotationLevel, message: string): void {
  const type = library ? library.metadataType(level) : FALLBACK_METADATA_TYPES[level];
  if (node.node.metadata.some((entry) => entry.type === type && entry.data === message)) return;
  node.node.addMetadata(type, message, { stackTrace: false });
}
