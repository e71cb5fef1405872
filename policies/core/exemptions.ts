import { parseExpiry, type Exemption } from "./options";

export type ExemptionMatch =
  | { readonly state: "active"; readonly exemption: Exemption }
  | { readonly state: "expired"; readonly exemption: Exemption };

const compiledGlobs = new Map<string, RegExp>();

/** `*` matches any run of characters (`/` and `:` included, so URNs and paths both work), `?` one. */
export function globToRegExp(glob: string): RegExp {
  let compiled = compiledGlobs.get(glob);
  if (!compiled) {
    const body = [...glob]
      .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
      .join("");
    compiled = new RegExp(`^${body}$`, "s");
    compiledGlobs.set(glob, compiled);
  }
  return compiled;
}

/**
 * The exemption that applies to a resource known by `identifiers` at `now`. An active exemption wins
 * over an expired one; an expired one is still returned so the violation can say it expired.
 */
export function findExemption(
  exemptions: readonly Exemption[] | undefined,
  identifiers: readonly string[],
  now: number,
): ExemptionMatch | undefined {
  if (!exemptions || exemptions.length === 0) return undefined;
  let expired: Exemption | undefined;
  for (const exemption of exemptions) {
    const pattern = globToRegExp(exemption.resource);
    if (!identifiers.some((id) => pattern.test(id))) continue;
    const expiresAt = exemption.expires === undefined ? undefined : parseExpiry(exemption.expires);
    if (expiresAt === undefined || now <= expiresAt) return { state: "active", exemption };
    expired ??= exemption;
  }
  return expired ? { state: "expired", exemption: expired } : undefined;
}
