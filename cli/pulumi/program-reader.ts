import { findPulumiBinding } from "../../policies/pulumi/bindings";
import { NOT_GUARDED, type InputDescription, type ReadItem } from "../input/reader";
import { displayPath } from "../report/source-lines";
import { declarationLocator } from "./declaration-lines";
import { loadPulumiProject, type PulumiProject } from "./project";
import { runProgramOffline } from "./run-program";

export interface PulumiProgramOptions {
  readonly stack?: string;
  readonly timeoutMs: number;
  readonly progress: (message: string) => void;
  readonly onProgramOutput?: (line: string) => void;
}

/**
 * `check <pulumi-project-dir>`: runs the program offline (mock runtime, preview mode) and yields every
 * resource it registered, with its inputs in Pulumi's wire form (secrets wrapped, unknowns as sentinels),
 * to be judged through the core exactly as a state export of the same stack is. (test/cli/pulumi-program-parity
 * sends the same resources to this policy pack over the analyzer protocol and expects the same verdicts.)
 */
export async function* readPulumiProgram(dir: string, options: PulumiProgramOptions): AsyncGenerator<ReadItem, InputDescription, void> {
  const project = loadPulumiProject(dir, options.stack);
  options.progress(`Running ${project.name} (stack ${project.stack}) offline under Pulumi's mock runtime…`);
  const run = await runProgramOffline(project, { timeoutMs: options.timeoutMs, ...(options.onProgramOutput ? { onProgramOutput: options.onProgramOutput } : {}) });
  const locate = declarationLocator(project.dir, project.entryPoint);
  for (const resource of run.resources) {
    const binding = findPulumiBinding(resource.type);
    if (!binding) {
      yield NOT_GUARDED;
      continue;
    }
    const location = locate(resource.name);
    yield {
      kind: "resource",
      identity: resource.urn,
      name: resource.name,
      type: resource.type,
      urn: resource.urn,
      stack: project.stack,
      identifiers: [resource.urn, resource.name],
      binding,
      values: resource.properties,
      dialect: "pulumi",
      ...(location ? { location } : {}),
    };
  }
  return {
    kind: "pulumi-project",
    project: project.name,
    stacks: [{ name: project.stack, ...(project.stackFile ? { file: displayPath(project.stackFile) } : {}) }],
    notes: notesFor(project, run.invokes),
  };
}

function notesFor(project: PulumiProject, invokes: readonly string[]): string[] {
  const notes = [
    "Offline check, not a preview: the program ran under Pulumi's mock runtime in preview mode, and nothing was sent to Azure " +
      "or to a Pulumi backend. Each resource's outputs are its inputs; values only a deployment knows (ids, attributes Azure " +
      "computes, outputs derived from them) stay unknown, exactly as in `pulumi preview`.",
    "The rules judged the inputs as the program registered them. A real preview judges them after the provider's " +
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
