import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_URL } from "../../policies/internal";
import type { CheckConfig } from "../config/pack-config";
import { DEFAULT_FAIL_ON, type FailOn } from "./gate";
import { exitCodeOf, REPORT_SCHEMA_VERSION, summarize, type CheckReport, type ReportInput, type ReportResource, type ReportRule } from "./model";

/** This package's name and version, read once from its package.json. */
export function toolInfo(packageRoot: string): CheckReport["tool"] {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version, informationUri: PROJECT_URL };
}

export function reportRules(config: CheckConfig): ReportRule[] {
  return config.rules.map(({ rule, enforcementLevel }) => ({
    id: rule.id,
    ref: rule.ref,
    policyName: rule.policyName,
    title: rule.title,
    description: rule.description,
    severity: rule.severity,
    enforcementLevel,
    control: rule.control ? { ...rule.control } : null,
    pillar: rule.pillar,
    remediationSteps: rule.remediationSteps,
    docsUrl: rule.docsUrl,
    tags: [rule.pillar.toLowerCase(), "azure", "redis", rule.category.toLowerCase(), rule.id],
  }));
}

export function buildReport(
  tool: CheckReport["tool"],
  input: ReportInput,
  config: CheckConfig,
  resources: readonly ReportResource[],
  notes: readonly string[],
  failOn: FailOn = DEFAULT_FAIL_ON,
): CheckReport {
  const summary = summarize(resources, input.resourcesSeen);
  return { schemaVersion: REPORT_SCHEMA_VERSION, tool, input, rules: reportRules(config), resources, notes, summary, failOn, exitCode: exitCodeOf(summary, failOn) };
}
