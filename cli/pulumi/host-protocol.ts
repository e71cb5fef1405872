/**
 * What the program host (a child process) and the `check` command say to each other over Node's IPC
 * channel. Kept in one file so both sides agree on it.
 */

/** A resource exactly as the program registered it with the (mock) resource monitor. */
export interface RegisteredResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** The parent's URN; empty for the stack itself. */
  readonly parent: string;
  /** The serialized inputs of the RegisterResource request: Pulumi's wire form (secrets, unknowns kept). */
  readonly properties: Record<string, unknown>;
}

/** What the host needs to run a program the way the Pulumi Node.js language host does. */
export interface HostRequest {
  readonly programDir: string;
  /** `main` of Pulumi.yaml, or "." for the package's own entry point. */
  readonly entryPoint: string;
  readonly project: string;
  readonly stack: string;
  readonly organization: string;
  /** Whether the language host would register ts-node (Pulumi.yaml `runtime.options.typescript`). */
  readonly typescript: boolean;
}

export type HostMessage =
  | { readonly kind: "resource"; readonly resource: RegisteredResource }
  | { readonly kind: "invoke"; readonly token: string }
  | { readonly kind: "done" }
  | { readonly kind: "failed"; readonly stage: "setup" | "program"; readonly message: string };
