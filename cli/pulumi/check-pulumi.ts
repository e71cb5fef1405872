import { findPulumiBinding } from "../../policies/pulumi/bindings";
import { allRules, ruleApplies } from "../../policies";
import { decideExemption, describeExemption, readResourceExemptionTags } from "../../policies/internal";
import { AnalyzerConnection, type AnalyzeResult, type Diagnostic } from "../engine/analyzer-client";
import { startPolicyPack, type PackProcess } from "../engine/pack-process";
import { CheckError } from "../check-error";
import { analyzerConfiguration, countingLevel, type CheckConfig, type RuleSettings } from "../config/pack-config";
import { reportExemption, reportIgnoredExemptions } from "../report/exemption";
import type { ReportResource, ReportResult } from "../report/model";
import { declarationLocator } from "./declaration-lines";
import type { RegisteredResource } from "./host-protocol";
import { loadPulumiProject, type PulumiProject } from "./project";
import { runProgramOffline } from "./run-program";

export interface PulumiCheckOptions {
  readonly stack?: string;
  readonly timeoutMs: number;
  /** The policy pack to start: this package's root, where PulumiPolicy.yaml is. */
  readonly packDir: string;
  readonly progress: (message: string) => void;
  readonly onProgramOutput?: (line: string) => void;
  readonly now?: number;
}

export interface PulumiCheck {
  readonly project: PulumiProject;
  readonly resources: ReportResource[];
  readonly resourcesSeen: number;
  readonly notes: string[];
}

/** The policy SDK's own advisory for a value that is unknown during preview (see @pulumi/policy server.js). */
function isPreviewUnknownAdvisory(diagnostic: Diagnostic): boolean {
  return diagnostic.enforcementLevel === "advisory" && /^can't run .* during preview: /.test(diagnostic.message);
}

/** The SDK puts the policy's description before the violation; the report keeps the violation only. */
function violationText(diagnostic: Diagnostic): string {
  const { message, description } = diagnostic;
  return description && message.startsWith(description) ? message.slice(description.length).trim() : message;
}

function resultsFor(resource: RegisteredResource, analysis: AnalyzeResult, settings: RuleSettings, now: number): ReportResult[] {
  const { rule } = settings;
  // The pack says nothing about resources outside the Redis family: the same bindings tell which rules apply.
  const binding = findPulumiBinding(resource.type);
  if (!binding || !ruleApplies(rule, binding)) return [];
  if (analysis.notApplicable.some((n) => n.policyName === rule.policyName)) return [];
  const diagnostics = analysis.diagnostics.filter((d) => d.policyName === rule.policyName);
  const base = { ruleId: rule.id, severity: rule.severity, properties: [] as string[] };
  // The pack decided; the core's own exemption decision, on the same config and tags, says which exemption
  // its silence stands for, or which exemption its violation did not honour, for the report's audit trail.
  const exemptions = decideExemption(rule.id, settings.config, {
    identifiers: [resource.urn, resource.name],
    displayName: resource.name,
    now,
    inCode: readResourceExemptionTags(binding, resource.properties, "pulumi", allRules),
  });
  if (diagnostics.length > 0) {
    const notApplied = {
      ...(exemptions.inactive[0] ? { exemption: reportExemption(exemptions.inactive[0]) } : {}),
      ...reportIgnoredExemptions(exemptions.ignored),
    };
    return diagnostics.map((d) =>
      isPreviewUnknownAdvisory(d)
        ? // The SDK reports an unknown as an advisory; the rule keeps its own level, with status unknown.
          { ...base, status: "unknown" as const, enforcementLevel: countingLevel(settings.enforcementLevel), message: violationText(d) }
        : { ...base, status: "fail" as const, enforcementLevel: countingLevel(d.enforcementLevel), message: violationText(d), ...notApplied },
    );
  }
  // The pack applies exemptions before it reports, so a silent answer for a covered resource is the exemption at work.
  if (exemptions.active) {
    const e = exemptions.active.exemption;
    return [
      {
        ...base,
        status: "exempted",
        enforcementLevel: countingLevel(settings.enforcementLevel),
        message: `${rule.id}: '${resource.name}' is exempted by ${e.source === "config" ? `'${e.resource}'` : describeExemption(e)} (${e.reason})${e.expires ? ` until ${e.expires}` : ""}.`,
        exemption: reportExemption(exemptions.active),
      },
    ];
  }
  return [
    {
      ...base,
      status: "pass",
      enforcementLevel: countingLevel(settings.enforcementLevel),
      message: `${rule.id}: '${resource.name}' complies (the policy pack reported no violation).`,
    },
  ];
}

async function analyzeAll(
  engine: AnalyzerConnection,
  resources: readonly RegisteredResource[],
): Promise<Map<RegisteredResource, AnalyzeResult>> {
  const analyses = new Map<RegisteredResource, AnalyzeResult>();
  for (const resource of resources) {
    const input = { type: resource.type, name: resource.name, urn: resource.urn, properties: resource.properties, ...(resource.parent ? { parent: resource.parent } : {}) };
    try {
      analyses.set(resource, await engine.analyze(input));
    } catch (error) {
      const details = (error as { details?: string }).details ?? (error as Error).message;
      throw new CheckError(`the policy pack could not analyze '${resource.name}' (${resource.type}): ${details}`);
    }
  }
  // The engine also asks for the whole stack once; stack policies, if a pack had any, answer here.
  const stack = await engine.analyzeStack(
    resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, properties: r.properties, ...(r.parent ? { parent: r.parent } : {}) })),
  );
  for (const diagnostic of stack.diagnostics) {
    const owner = resources.find((r) => r.urn === diagnostic.urn);
    const analysis = owner ? analyses.get(owner) : undefined;
    if (analysis) analysis.diagnostics.push(diagnostic);
  }
  return analyses;
}

/**
 * `check <pulumi-project-dir>`: runs the program offline (mock runtime, preview mode), then sends every
 * registered resource to THIS policy pack, started as the Pulumi CLI starts it, over the Analyzer
 * protocol: Configure with the config file, Analyze per resource, AnalyzeStack once.
 */
export async function checkPulumiProject(dir: string, config: CheckConfig, options: PulumiCheckOptions): Promise<PulumiCheck> {
  const project = loadPulumiProject(dir, options.stack);
  options.progress(`Running ${project.name} (stack ${project.stack}) offline under Pulumi's mock runtime…`);
  // Start the pack while the program runs: both take seconds, and they do not depend on each other.
  const packStart = startPolicyPack(options.packDir).then(
    (pack) => ({ pack }),
    (error: unknown) => ({ error }),
  );
  let pack: PackProcess | undefined;
  let engine: AnalyzerConnection | undefined;
  try {
    const run = await runProgramOffline(project, { timeoutMs: options.timeoutMs, ...(options.onProgramOutput ? { onProgramOutput: options.onProgramOutput } : {}) });
    const started = await packStart;
    if ("error" in started) throw new CheckError(`cannot start the policy pack in ${options.packDir}: ${(started.error as Error).message}`);
    pack = started.pack;
    engine = new AnalyzerConnection(pack.port);
    options.progress(`Analyzing ${run.resources.length} resources with the policy pack…`);
    await engine.configure(analyzerConfiguration(config));
    const analyses = await analyzeAll(engine, run.resources);

    const now = options.now ?? Date.now();
    const locate = declarationLocator(project.dir, project.entryPoint);
    const enabled = config.rules.filter((s) => s.enforcementLevel !== "disabled");
    const resources: ReportResource[] = [];
    for (const resource of run.resources) {
      const analysis = analyses.get(resource);
      if (!analysis) continue;
      const results = enabled.flatMap((settings) => resultsFor(resource, analysis, settings, now));
      if (results.length === 0) continue;
      const location = locate(resource.name);
      resources.push({ identity: resource.urn, name: resource.name, type: resource.type, urn: resource.urn, stack: project.stack, ...(location ? { location } : {}), results });
    }
    return { project, resources, resourcesSeen: run.resources.length, notes: notesFor(project, run.invokes) };
  } finally {
    engine?.close();
    const started = await packStart;
    if ("pack" in started) await started.pack.stop();
  }
}

function notesFor(project: PulumiProject, invokes: readonly string[]): string[] {
  const notes = [
    "Offline check, not a preview: the program ran under Pulumi's mock runtime in preview mode, and nothing was sent to Azure " +
      "or to a Pulumi backend. Each resource's outputs are its inputs; values only a deployment knows (ids, attributes Azure " +
      "computes, outputs derived from them) stay unknown, exactly as in `pulumi preview`.",
    "The policy pack received the inputs as the program registered them. A real preview sends them after the provider's " +
      "Check, which may add provider defaults.",
  ];
  if (invokes.length > 0) {
    notes.push(
      `The program called ${invokes.length} provider function(s) that cannot run offline (${invokes.join(", ")}): ` +
        "each returned an empty result, so values derived from them are absent in this check.",
    );
  }
  if (project.secureKeysMissing.length > 0) {
    notes.push(`Secret config values cannot be decrypted offline and were left out: ${project.secureKeysMissing.join(", ")}.`);
  }
  if (!project.stackFile) notes.push(`No Pulumi.${project.stack}.yaml: the program ran with the project's config only.`);
  return notes;
}
