/**
 * The one place where raw property values become meaning. Every surface hands raw values to these
 * functions; none of them interprets strings, unknowns or odd types on its own.
 *
 * | value seen                                   | reading                         |
 * |----------------------------------------------|---------------------------------|
 * | absent (`undefined`), `null`                 | absent: the Azure default rules |
 * | boolean                                      | as is                           |
 * | "true" / "false" in any case                 | the boolean                     |
 * | {@link UnknownValue} (made by the readers)   | unknown: never a pass           |
 * | Pulumi: the engine's "[secret]" placeholder  | unknown: a secret not decrypted |
 * | anything else                                | invalid: fail closed            |
 */

/**
 * A value the deployment tool does not know yet: a Pulumi unknown during preview, a Terraform
 * expression at synth. Readers create it; rules turn it into an `unknown` verdict.
 */
export class UnknownValue {
  constructor(
    /** What made it unknown, in words fit for a message (never the value itself). */
    readonly why: string,
    /** The error the surface raised while reading it, kept so a surface can re-raise its own kind. */
    readonly cause?: unknown,
  ) {}
}

/** A value whose shape is wrong before the rule even looks at it (a block that is a string). */
export class MalformedValue {
  constructor(readonly description: string) {}
}

/**
 * Pulumi's wire sentinel for a boolean unknown during preview (pulumi/pulumi sdk/nodejs/runtime/rpc.ts,
 * `unknownBooleanValue`): the policy pack raises it back to the SDK for an unknown the SDK did not see itself.
 */
export const PULUMI_UNKNOWN_BOOLEAN = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";

/**
 * A value the reader did not find as such but derived from facts about the provider, with how: a plan's
 * twin attribute the provider computes from the twin the user wrote (azurerm 3.x `non_ssl_port_enabled`
 * from `enable_non_ssl_port`). The view reads `value` like any value and keeps `provenance` so the
 * verdict's message can say how it was decided. Made only by the core's fact-driven resolvers
 * (policies/terraform/computed-twins.ts), never by a reader on its own.
 */
export class DerivedValue {
  constructor(
    readonly value: unknown,
    /** Words for the message: "'enable_non_ssl_port' is false; 'non_ssl_port_enabled' is computed from it". */
    readonly provenance: string,
  ) {}
}

/** Pulumi's wire sentinels for values unknown during preview (one per type, plus the engine's). */
const PULUMI_UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string, and the engine's generic unknown
  PULUMI_UNKNOWN_BOOLEAN, // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/**
 * Pulumi's wire signature key and the signatures that wrap a value (secrets) or stand for none
 * (pulumi/pulumi sdk/nodejs/runtime/rpc.ts: `specialSigKey`, `specialSecretSig`, `specialOutputValueSig`).
 * The one copy: every reader of Pulumi values (the pack, `check` on a state export) imports these.
 */
export const PULUMI_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const PULUMI_SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";
export const PULUMI_OUTPUT_SIGNATURE = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/**
 * The dialects of raw values the readers understand:
 * - `pulumi`: Pulumi's wire and state forms (unknown sentinels, secrets as `value`, `ciphertext` or `plaintext`);
 * - `terraform`: Terraform configuration (synthesized JSON), where `${...}` is an expression only a plan resolves;
 * - `resolved`: values Terraform has already evaluated (a plan's `after`, a state's `values`): nothing in them
 *   is syntax, so a string holding `${` is just a string. What a plan does not know yet is not in the values:
 *   the reader marks it with {@link applyUnknownMask} (see unknowns.ts).
 */
export type ValueDialect = "pulumi" | "terraform" | "resolved";

export function isPulumiUnknown(raw: unknown): boolean {
  return typeof raw === "string" && raw.length === 36 && PULUMI_UNKNOWN_SENTINELS.has(raw);
}

/**
 * True when a synthesized Terraform string holds a template expression (`${var.x}`, `%{ if }`),
 * whose value Terraform only knows at plan time. `$${` and `%%{` are Terraform's escapes for literals.
 */
export function isTerraformExpression(raw: unknown): boolean {
  if (typeof raw !== "string") return false;
  for (let i = raw.indexOf("{"); i > 0; i = raw.indexOf("{", i + 1)) {
    const sigil = raw[i - 1];
    if ((sigil === "$" || sigil === "%") && raw[i - 2] !== sigil) return true;
  }
  return false;
}

/** Why an encrypted secret of a state export is unknown, and what makes it readable. */
export const ENCRYPTED_PULUMI_SECRET =
  "it is an encrypted Pulumi secret, which cannot be read offline; `pulumi stack export --show-secrets` writes it in plaintext";

/**
 * The string the Pulumi engine puts where a secret was that it could not decrypt: its blinding decrypter
 * (pulumi/pulumi@507db1651c6133ae115b08311c7f304af7791873, sdk/go/common/resource/config/crypt.go,
 * `blindingCrypter.DecryptValue` returns "[secret]"), which `pulumi policy analyze --file` hands a pack.
 * Only the Pulumi dialect reads it so: Terraform has no such placeholder, so there it is a string.
 */
export const PULUMI_UNDECRYPTED_SECRET_PLACEHOLDER = "[secret]";

/** Why a value the engine could not decrypt is unknown (the placeholder is never the value). */
export const UNDECRYPTED_PULUMI_SECRET = "it is a secret this run could not decrypt, so its value cannot be read here";

/**
 * Turns a raw value of the given dialect into what the rules read: unknowns become
 * {@link UnknownValue}, Pulumi secrets and outputs in wire form are unwrapped, everything else is kept.
 */
export function normalizeRawValue(raw: unknown, dialect: ValueDialect): unknown {
  if (dialect === "pulumi") {
    if (isPulumiUnknown(raw)) return new UnknownValue("Pulumi does not know it until the update");
    if (raw === PULUMI_UNDECRYPTED_SECRET_PLACEHOLDER) return new UnknownValue(UNDECRYPTED_PULUMI_SECRET);
    if (isPlainRecord(raw) && hasOwn(raw, PULUMI_SIGNATURE_KEY)) {
      const sig = raw[PULUMI_SIGNATURE_KEY];
      if (sig === PULUMI_SECRET_SIGNATURE) return readPulumiSecret(raw);
      if (sig === PULUMI_OUTPUT_SIGNATURE) {
        if (!hasOwn(raw, "value")) return new UnknownValue("Pulumi does not know it until the update");
        return normalizeRawValue(raw["value"], dialect);
      }
    }
  } else if (dialect === "terraform" && isTerraformExpression(raw)) {
    return new UnknownValue("it is a Terraform expression only known at plan time");
  }
  return raw;
}

/**
 * A Pulumi secret in any of its three forms. On the wire (Analyze, a program's registrations) it holds
 * the `value`. In a state (`pulumi stack export`, pulumi/pulumi pkg/resource/stack/deployment.go) it holds
 * `ciphertext`, which only the stack's secrets provider can decrypt, or, with `--show-secrets`,
 * `plaintext`: the value as JSON text. A secret with none of them is not understood: fail closed.
 */
function readPulumiSecret(secret: Record<string, unknown>): unknown {
  if (hasOwn(secret, "value")) return normalizeRawValue(secret["value"], "pulumi");
  if (hasOwn(secret, "plaintext")) {
    const text = secret["plaintext"];
    if (typeof text !== "string") return new MalformedValue("a Pulumi secret whose plaintext is not JSON text");
    try {
      return normalizeRawValue(JSON.parse(text) as unknown, "pulumi");
    } catch {
      return new MalformedValue("a Pulumi secret whose plaintext is not JSON text");
    }
  }
  if (hasOwn(secret, "ciphertext")) return new UnknownValue(ENCRYPTED_PULUMI_SECRET);
  return new MalformedValue("a Pulumi secret with neither a value nor its ciphertext");
}

export type BooleanReading =
  | { readonly kind: "absent" }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "unknown"; readonly why: string }
  | { readonly kind: "invalid"; readonly found: string };

const ABSENT: BooleanReading = Object.freeze({ kind: "absent" });
const TRUE: BooleanReading = Object.freeze({ kind: "boolean", value: true });
const FALSE: BooleanReading = Object.freeze({ kind: "boolean", value: false });

/** Reads a normalized value as a boolean setting, with the shared semantics in this file's table. */
export function readBoolean(value: unknown): BooleanReading {
  if (value === undefined || value === null) return ABSENT;
  if (typeof value === "boolean") return value ? TRUE : FALSE;
  if (value instanceof UnknownValue) return { kind: "unknown", why: value.why };
  // Only look at short strings: a 1 MB string is not "true" and must not be lower-cased to find out.
  if (typeof value === "string" && value.length <= 5) {
    const lower = value.toLowerCase();
    if (lower === "true") return TRUE;
    if (lower === "false") return FALSE;
  }
  return { kind: "invalid", found: describeValueType(value) };
}

export type StringReading =
  | { readonly kind: "absent" }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "unknown"; readonly why: string }
  | { readonly kind: "invalid"; readonly found: string };

/** Reads a normalized value as a string setting (numbers are accepted as their decimal text). */
export function readString(value: unknown): StringReading {
  if (value === undefined || value === null) return { kind: "absent" };
  if (value instanceof UnknownValue) return { kind: "unknown", why: value.why };
  if (typeof value === "string") return { kind: "string", value };
  if (typeof value === "number" && Number.isFinite(value)) return { kind: "string", value: String(value) };
  return { kind: "invalid", found: describeValueType(value) };
}

/** Describes a value's type for a message, never its content. */
export function describeValueType(value: unknown): string {
  if (value instanceof MalformedValue) return value.description;
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (typeof value === "string") return value.length === 0 ? "an empty string" : "a string that is not a boolean";
  if (typeof value === "number") return "a number";
  if (typeof value === "object") return "an object";
  return `a value of type ${typeof value}`;
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own properties only: `constructor`, `__proto__` and friends on the prototype are never settings. */
export function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}
