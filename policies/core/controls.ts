import type { ComplianceControl } from "./types";

/** The Microsoft cloud security benchmark v1 controls the rules map to, spelled once. */
export const MCSB_V1 = {
  "DP-3": { framework: "MCSB", version: "v1", id: "DP-3", title: "Encrypt sensitive data in transit" },
  "NS-2": { framework: "MCSB", version: "v1", id: "NS-2", title: "Secure cloud services with network controls" },
  "IM-1": { framework: "MCSB", version: "v1", id: "IM-1", title: "Use centralized identity and authentication system" },
} as const satisfies Record<string, ComplianceControl>;
