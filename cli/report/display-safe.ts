import { escapeForDisplay } from "../../policies/core/display";
import type { CheckReport } from "./model";

/** Every string in `value`, at any depth, through {@link escapeForDisplay}; keys and other values as they are. */
function escapeStrings<T>(value: T): T {
  if (typeof value === "string") return escapeForDisplay(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => escapeStrings(item)) as T;
  if (typeof value === "object" && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = escapeStrings(item);
    return copy as T;
  }
  return value;
}

/**
 * The report as the formats people read (text, JUnit, GitHub annotations) show it: every string that may come
 * from the input, and so every string, with its control, bidirectional and invisible characters escaped
 * visibly (policies/core/display.ts). The one place this happens: renderers never see a raw input string.
 * JSON and SARIF are for machines and keep each string exactly as read.
 */
export function displaySafeReport(report: CheckReport): CheckReport {
  return escapeStrings(report);
}
