import type { ExemptionMatch, IgnoredExemption } from "../../policies";
import type { ReportExemption, ReportIgnoredExemption } from "./model";

/** A finding's exemption as the report lists it, with where it was written. */
export function reportExemption({ state, exemption }: ExemptionMatch): ReportExemption {
  const { source, resource, tag, construct, reason, expires } = exemption;
  return {
    source,
    resource,
    ...(tag === undefined ? {} : { tag }),
    ...(construct === undefined ? {} : { construct }),
    reason,
    ...(expires === undefined ? {} : { expires }),
    expired: state === "expired",
    ...(state === "refused" ? { refused: true as const } : {}),
  };
}

export function reportIgnoredExemptions(ignored: readonly IgnoredExemption[] | undefined): { ignoredExemptions?: ReportIgnoredExemption[] } {
  if (!ignored || ignored.length === 0) return {};
  return {
    ignoredExemptions: ignored.map(({ source, origin, problem }) => ({
      source,
      ...(origin === undefined ? {} : source === "tag" ? { tag: origin } : { construct: origin }),
      problem,
    })),
  };
}
