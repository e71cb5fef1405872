import { readBoolean, readString } from "./values";

/**
 * The outcome of one property, numbered in the order that decides: a failure beats an invalid value
 * beats an unknown beats a pass. Numbers rather than strings: this runs for every resource.
 */
export enum Outcome {
  Fail = 0,
  Invalid = 1,
  Unknown = 2,
  Pass = 3,
  Absent = 4,
}

/** What a rule concludes about one property's value; `detail` explains an invalid or unknown one. */
export interface Judgement {
  readonly outcome: Outcome;
  /** For Invalid: what was found, as a type ("a number"), never the value. For Unknown: why. */
  readonly detail?: string;
}

/** Judges one normalized value (see values.ts) of one setting. Pure, never throws. */
export type Judge = (value: unknown) => Judgement;

const ABSENT: Judgement = Object.freeze({ outcome: Outcome.Absent });
const PASS: Judgement = Object.freeze({ outcome: Outcome.Pass });
const FAIL: Judgement = Object.freeze({ outcome: Outcome.Fail });

/** A boolean setting that complies when it equals `compliant` (strings "true"/"false" in any case count). */
export function booleanJudge(compliant: boolean): Judge {
  return (value) => {
    const reading = readBoolean(value);
    switch (reading.kind) {
      case "absent":
        return ABSENT;
      case "boolean":
        return reading.value === compliant ? PASS : FAIL;
      case "unknown":
        return { outcome: Outcome.Unknown, detail: reading.why };
      case "invalid":
        return { outcome: Outcome.Invalid, detail: reading.found };
    }
  };
}

/**
 * A string setting with a closed set of values, compared case-insensitively (as ARM and PSRule do):
 * `compliant` pass, `nonCompliant` fail, anything else is not understood and fails closed.
 */
export function choiceJudge(compliant: readonly string[], nonCompliant: readonly string[]): Judge {
  const passing = new Set(compliant.map((v) => v.toLowerCase()));
  const failing = new Set(nonCompliant.map((v) => v.toLowerCase()));
  const expected = `one of ${[...compliant, ...nonCompliant].map((v) => `"${v}"`).join(", ")}`;
  return (value) => {
    const reading = readString(value);
    if (reading.kind === "absent") return ABSENT;
    if (reading.kind === "unknown") return { outcome: Outcome.Unknown, detail: reading.why };
    if (reading.kind === "string" && reading.value.length <= 64) {
      const lower = reading.value.toLowerCase();
      if (passing.has(lower)) return PASS;
      if (failing.has(lower)) return FAIL;
    }
    return { outcome: Outcome.Invalid, detail: reading.kind === "invalid" ? reading.found : `a string that is not ${expected}` };
  };
}

/**
 * A string setting whose families of values are told apart by prefix, compared case-insensitively:
 * SKU names such as `Balanced_B5` or azurerm's `Enterprise_E10-2`. A value with a `compliant` prefix
 * passes, one with a `nonCompliant` prefix fails, anything else is not understood and fails closed.
 */
export function prefixJudge(compliant: readonly string[], nonCompliant: readonly string[]): Judge {
  const passing = compliant.map((v) => v.toLowerCase());
  const failing = nonCompliant.map((v) => v.toLowerCase());
  return (value) => {
    const reading = readString(value);
    if (reading.kind === "absent") return ABSENT;
    if (reading.kind === "unknown") return { outcome: Outcome.Unknown, detail: reading.why };
    if (reading.kind === "string" && reading.value.length <= 64) {
      const lower = reading.value.toLowerCase();
      if (passing.some((prefix) => lower.startsWith(prefix))) return PASS;
      if (failing.some((prefix) => lower.startsWith(prefix))) return FAIL;
    }
    return { outcome: Outcome.Invalid, detail: reading.kind === "invalid" ? reading.found : "a string with none of those prefixes" };
  };
}

/** A version as Azure writes one: dot-separated decimal numbers without leading zeros ("1.2", "6", "6.0.14"). */
const VERSION = /^(0|[1-9]\d{0,3})(?:\.(0|[1-9]\d{0,3}))?(?:\.(0|[1-9]\d{0,3}))?$/;

/** The versions a setting can hold, as Azure documents them. */
export interface VersionScheme {
  /** What the versions are, for messages: "TLS version", "Redis version". */
  readonly noun: string;
  /**
   * The versions Azure knows. `exact`: the value must be one of them as written ("1.2"; TLS versions have
   * no patch level and "1.10" is not a TLS version). `major`: entries are majors ("6") and a value may add a
   * minor and patch of that major ("6.0", "6.0.14", as a cache reports its running version).
   */
  readonly known: readonly string[];
  readonly match: "exact" | "major";
  /** Known versions at or above this comply. */
  readonly minimum: readonly [major: number, minor: number];
  /** Other values that comply ("latest"), compared case-insensitively. */
  readonly aliases?: readonly string[];
}

/**
 * A version setting ("1.2", "6", "6.0", the number 6) that complies at `minimum` or later. Only the
 * versions Azure knows are understood: "1.02", "2", "1.10" or "9999.9999" are not TLS versions, and a
 * value the rule does not know fails closed (saying so) rather than passing as "newer".
 */
export function versionJudge(scheme: VersionScheme): Judge {
  const passingAliases = new Set((scheme.aliases ?? []).map((a) => a.toLowerCase()));
  const known = new Set(scheme.known);
  const notKnown: Judgement = Object.freeze({ outcome: Outcome.Invalid, detail: `a ${scheme.noun} Azure does not know` });
  const notAVersion: Judgement = Object.freeze({ outcome: Outcome.Invalid, detail: "a string that is not a version number" });
  const [wantMajor, wantMinor] = scheme.minimum;
  return (value) => {
    const reading = readString(value);
    if (reading.kind === "absent") return ABSENT;
    if (reading.kind === "unknown") return { outcome: Outcome.Unknown, detail: reading.why };
    if (reading.kind === "invalid") return { outcome: Outcome.Invalid, detail: reading.found };
    if (reading.value.length > 16) return notAVersion;
    if (passingAliases.has(reading.value.toLowerCase())) return PASS;
    const match = VERSION.exec(reading.value);
    if (!match) return notAVersion;
    const major = match[1] ?? "";
    if (!known.has(scheme.match === "exact" ? reading.value : major)) return notKnown;
    const minor = Number(match[2] ?? 0);
    return Number(major) > wantMajor || (Number(major) === wantMajor && minor >= wantMinor) ? PASS : FAIL;
  };
}

/** TLS versions as Azure Cache for Redis and Azure Managed Redis know them (ARM `minimumTlsVersion` enums). */
export const AZURE_TLS_VERSIONS: VersionScheme = Object.freeze<VersionScheme>({
  noun: "TLS version",
  known: ["1.0", "1.1", "1.2"],
  match: "exact",
  minimum: [1, 2],
});
