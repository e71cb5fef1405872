/**
 * The URN the engine gives a resource (pulumi/pulumi pkg/resource/deploy/deployment.go, generateURN): the parent's
 * qualified type chained before its own type (`Parent$Child`), none for a top-level resource (the root stack is no
 * parent in a URN). The inverse of `parseUrn` (state-reader.ts). No imports: the program host loads it beside a
 * user's program.
 */
export function engineUrn(stack: string, project: string, parentQualifiedType: string, type: string, name: string): string {
  const chain = parentQualifiedType !== "" && parentQualifiedType !== "pulumi:pulumi:Stack" ? `${parentQualifiedType}$` : "";
  return `urn:pulumi:${stack}::${project}::${chain}${type}::${name}`;
}
