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

const VERSION = /^(\d{1,4})(?:\.(\d{1,4}))?(?:\.\d{1,4})?$/;

/**
 * A version setting ("1.2", "6", "6.0", the number 6) that complies at `minimum` or later; the
 * `aliases` (such as "latest") comply too. Anything that is not a version fails closed.
 */
export function minimumVersionJudge(minimum: readonly [major: number, minor: number], aliases: readonly string[] = []): Judge {
  const passingAliases = new Set(aliases.map((a) => a.toLowerCase()));
  return (value) => {
    const reading = readString(value);
    if (reading.kind === "absent") return ABSENT;
    if (reading.kind === "unknown") return { outcome: Outcome.Unknown, detail: reading.why };
    if (reading.kind === "invalid") return { outcome: Outcome.Invalid, detail: reading.found };
    if (reading.value.length <= 64 && passingAliases.has(reading.value.toLowerCase())) return PASS;
    const match = VERSION.exec(reading.value);
    if (!match) return { outcome: Outcome.Invalid, detail: "a string that is not a version number" };
    const major = Number(match[1]);
    const minor = Number(match[2] ?? 0);
    const [wantMajor, wantMinor] = minimum;
    return major > wantMajor || (major === wantMajor && minor >= wantMinor) ? PASS : FAIL;
  };
}
