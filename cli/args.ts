import * as path from "node:path";
import { parseArgs } from "node:util";
import { CheckError } from "./check-error";
import { DEFAULT_FAIL_ON, FAIL_ON_LEVELS, isFailOn, type FailOn } from "./report/gate";

export const OUTPUT_FORMATS = ["text", "json", "sarif", "junit", "github"] as const;

export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface CheckArguments {
  readonly command: "check";
  readonly path: string;
  readonly format: OutputFormat;
  readonly output?: string;
  /** Also write the JSON report here, whatever `format` prints: one run, a log for people and a file for machines. */
  readonly jsonReport?: string;
  readonly policyPackConfig?: string;
  readonly stack?: string;
  readonly timeoutMs: number;
  /** `--fail-on`: the least a result must be to fail the check. */
  readonly failOn: FailOn;
  /** `--baseline`: findings this file accepts are reported `baselined` and do not fail. */
  readonly baseline?: string;
  /** `--create-baseline`: write the findings this run accepts to this file. */
  readonly createBaseline?: string;
  /** `--var-file`: Terraform variable files for an HCL input, in the order given (later wins). */
  readonly varFiles?: readonly string[];
}

export type Arguments = CheckArguments | { readonly command: "help" } | { readonly command: "version" };

export const USAGE = `Usage: azure-redis-guard check <path> [options]

Checks Azure Cache for Redis and Azure Managed Redis configurations offline with azure-redis-guard's rules
(PSRule for Azure): nothing is deployed, planned or previewed, and no cloud account or network is needed.

<path> is one of (a file is recognised by its content, not its name)
  a Terraform/OpenTofu plan     terraform plan -out tfplan && terraform show -json tfplan > plan.json
                                (tofu plan -out tfplan && tofu show -json tfplan > plan.json); every resource the
                                plan creates, updates, replaces or leaves unchanged, values known after apply unknown
  a Terraform/OpenTofu state    terraform show -json > state.json, or the state file itself (terraform state pull)
  a Pulumi state export         pulumi stack export > state.json (--show-secrets to read secret values too)
  a Pulumi project directory    (Pulumi.yaml; Node.js/TypeScript) the program runs under Pulumi's mock
                                runtime and every resource goes to this policy pack over the analyzer protocol
  a Pulumi YAML project         (Pulumi.yaml with runtime: yaml) the program is read as written, nothing runs;
                                expressions of other resources, fn:: functions and unset config are unknown
  a cdktf.out directory         (manifest.json or stacks/*/cdk.tf.json) every stack's synthesized Terraform JSON
  a cdk.tf.json file            (or any *.tf.json; a directory of *.tf.json is one configuration)
  a Terraform directory         (*.tf, with any *.tf.json and override files) read as Terraform reads it: whole
                                var.x / local.y values resolved from defaults, terraform.tfvars, *.auto.tfvars,
                                --var-file and TF_VAR_ variables, local modules followed, other expressions unknown
  cdktf synth --hcl output      (a cdktf.out whose stacks are cdk.tf)
  a Pulumi HCL project          (Pulumi.yaml with runtime: hcl, *.tf or *.hcl files; variables also from the
                                stack's Pulumi.<stack>.yaml config)

Options
  --format <format>              text (default), json, sarif (code scanning), junit (JUnit XML test report),
                                 github (GitHub Actions annotations)
  --output <file>                write the report to <file> instead of standard output
  --json-report <file>           also write the JSON report to <file> (with any --format)
  --fail-on <level>              what fails the check (exit code 1):
                                   mandatory  a mandatory rule's violation (default)
                                   advisory   any violation
                                   unknown    any violation, or a value that cannot be known offline
                                   none       nothing: report only
  --baseline <file>              findings the baseline file holds are reported as baselined and do not fail;
                                 only new ones do; a baselined finding that is fixed is reported as resolved
  --create-baseline <file>       write this run's violations and unknown values to <file> (a sorted JSON
                                 list of rule id and resource, no values) and check against it; with
                                 --baseline, write only the entries still found (a baseline only shrinks)
  --var-file <file>              Terraform variables file for an HCL input (repeatable; later files win, and they
                                 win over terraform.tfvars, *.auto.tfvars and TF_VAR_ variables)
  --policy-pack-config <file>    policy config in the Pulumi CLI's format (the file pulumi preview takes)
  --stack <name>                 Pulumi stack whose Pulumi.<name>.yaml config the program (Node.js or YAML) reads
                                 (default: the project's only stack file, else "dev")
  --timeout <seconds>            give up on a Pulumi program after this long (default: 300)
  -h, --help                     show this help
  -v, --version                  show the version

Exit codes
  0  nothing fails the check: by default no mandatory violation (advisories, unknown values, exemptions and
     baselined findings do not fail it); see --fail-on
  1  at least one result fails the check: by default a mandatory violation the baseline does not hold
  2  the check could not run (no such path, an input of none of the kinds above, a truncated file, a plan of
     a failed run, a format from a newer Terraform or Pulumi, the program threw, invalid config, an unreadable
     or malformed baseline); one line says why

Environment
  NO_COLOR                       no colour in text output (colour is only used on a terminal anyway)
  PULUMI_NODEJS_TRANSPILE_ONLY   true: run the program without type-checking it, as Pulumi does
`;

const USAGE_HINT =
  "Usage: azure-redis-guard check <plan.json | state.json | dir> [--format text|json|sarif|junit|github] [--output <file>] [--policy-pack-config <file>] [--fail-on <level>] [--baseline <file>]\nRun azure-redis-guard --help for everything else.";

function usageError(message: string): CheckError {
  return new CheckError(`${message}\n${USAGE_HINT}`);
}

/** Parses argv (without node and the script). Throws {@link CheckError} for a usage mistake. */
export function parseArguments(argv: readonly string[]): Arguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string" },
        output: { type: "string", short: "o" },
        "json-report": { type: "string" },
        "policy-pack-config": { type: "string" },
        stack: { type: "string" },
        timeout: { type: "string" },
        "fail-on": { type: "string" },
        baseline: { type: "string" },
        "create-baseline": { type: "string" },
        "var-file": { type: "string", multiple: true },
        help: { type: "boolean", short: "h" }, version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    throw usageError(`${(error as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: "help" };
  if (values.version) return { command: "version" };
  const [command, target, ...extra] = positionals;
  if (command === undefined) throw usageError(`missing command.`);
  if (command !== "check") throw usageError(`unknown command '${command}' (the only command is 'check').`);
  if (target === undefined) throw usageError(`check needs a path: a plan or state JSON file, a Pulumi state export, a Pulumi project directory, a Terraform directory (*.tf), a cdktf.out directory or a cdk.tf.json file.`);
  if (extra.length > 0) throw usageError(`check takes one path; also got ${extra.join(" ")}.`);
  const format = values.format ?? "text";
  if (!isOutputFormat(format)) throw usageError(`--format must be one of ${OUTPUT_FORMATS.join(", ")} (got '${format}').`);
  const failOn = values["fail-on"] ?? DEFAULT_FAIL_ON;
  if (!isFailOn(failOn)) throw usageError(`--fail-on must be one of ${FAIL_ON_LEVELS.join(", ")} (got '${failOn}').`);
  for (const option of ["baseline", "create-baseline", "output", "json-report"] as const) {
    if (values[option] === "") throw usageError(`--${option} needs a file name.`);
  }
  const reportFiles = [values.output, values["json-report"]].filter((file): file is string => file !== undefined);
  if (values["create-baseline"] !== undefined && reportFiles.some((file) => path.resolve(file) === path.resolve(values["create-baseline"]!))) {
    throw usageError(`--create-baseline ${values["create-baseline"]} is also a report file: give the baseline a file of its own.`);
  }
  const timeoutSeconds = values.timeout === undefined ? 300 : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw usageError(`--timeout must be a positive number of seconds (got '${values.timeout}').`);
  return {
    command: "check",
    path: target,
    format,
    ...(values.output !== undefined ? { output: values.output } : {}),
    ...(values["json-report"] !== undefined ? { jsonReport: values["json-report"] } : {}),
    ...(values["policy-pack-config"] !== undefined ? { policyPackConfig: values["policy-pack-config"] } : {}),
    ...(values.stack !== undefined ? { stack: values.stack } : {}),
    timeoutMs: timeoutSeconds * 1000,
    failOn,
    ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
    ...(values["create-baseline"] !== undefined ? { createBaseline: values["create-baseline"] } : {}),
    ...(values["var-file"] !== undefined ? { varFiles: values["var-file"] } : {}),
  };
}

function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}
