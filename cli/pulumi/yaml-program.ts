import * as fs from "node:fs";
import * as path from "node:path";
import { MalformedValue, UnknownValue, hasOwn, isPlainRecord } from "../../policies/core/values";
import { findPulumiBinding } from "../../policies/pulumi/bindings";
import { CheckError } from "../check-error";
import { NOT_GUARDED, type InputDescription, type ReadItem } from "../input/reader";
import type { SourceLocation } from "../report/model";
import { displayPath } from "../report/source-lines";
import { findProjectFile, loadPulumiProject, type PulumiProject } from "./project";
import { engineUrn } from "./urn";
import { loadYamlFile, MAX_YAML_VALUES } from "./yaml-file";

/** The longest string an interpolation of literal variables may build; no setting the rules read comes near it. */
const MAX_INTERPOLATED_LENGTH = 1024 * 1024;

export interface PulumiYamlOptions {
  readonly stack?: string;
  readonly progress: (message: string) => void;
}

/**
 * Where Pulumi YAML finds the program: in the project's `main` directory (the project's own by default), the first
 * of Main.json, Main.yaml and Pulumi.yaml (pulumi/pulumi-yaml@36f271cf, pkg/pulumiyaml/run.go, `LoadDir`). A
 * program is one file: the language host reads several `*.yaml` files only for plugins (`LoadPluginTemplate`).
 */
function programFileOf(project: PulumiProject): string {
  const dir = path.resolve(project.dir, project.entryPoint);
  const file = ["Main.json", "Main.yaml", "Pulumi.yaml"].map((name) => path.join(dir, name)).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (!file) throw new CheckError(`the Pulumi YAML program of ${displayPath(project.dir)} is missing: no Main.json, Main.yaml or Pulumi.yaml in ${displayPath(dir)}.`);
  return file;
}

/** An expression as a message shows it: its first 100 characters (a message names the expression, it does not copy the program). */
const shownExpression = (expression: string): string => (expression.length > 100 ? `${expression.slice(0, 100)}…` : expression);

/** Why an expression of the program is unknown offline, in words for the verdict's message. */
const expressionWhy = (expression: string): string => `a Pulumi YAML expression \`${shownExpression(expression)}\`, only known when Pulumi runs the program`;
const functionWhy = (name: string): string => `a Pulumi YAML function \`${name}\`, only known when Pulumi runs the program`;

/**
 * What the program's `${…}` roots can name, as Pulumi YAML looks them up (run.go, `evaluatePropertyAccess`):
 * a resource, then config, then a variable, then config named with the project's namespace.
 */
interface Scope {
  readonly resources: ReadonlySet<string>;
  readonly variables: Readonly<Record<string, unknown>>;
  /** The project's config keys without their namespace, as the stack and Pulumi.yaml give them (strings). */
  readonly config: ReadonlyMap<string, string>;
  /** Config the stack holds encrypted: unknown offline. */
  readonly secureConfig: ReadonlySet<string>;
  /** Config the program declares without a value in this stack. */
  readonly declaredConfig: ReadonlySet<string>;
  readonly project: PulumiProject;
}

/** A property access `root.a["b"][0]`: its root name, and whether anything follows it. */
function rootOf(expression: string): { root: string; plain: boolean } {
  const match = /^[^.[]*/.exec(expression);
  const root = match ? match[0] : expression;
  return { root, plain: root.length === expression.length };
}

/**
 * Evaluates a value of the program as far as it is known offline: literals as they are, `${…}` of literal
 * variables, config with a value, `pulumi.stack` and `pulumi.project`; an {@link UnknownValue} naming the
 * expression's root (or the function) for the rest. Never partly: a string with one unknown part is unknown.
 */
class Evaluator {
  private readonly resolving = new Set<string>();
  /**
   * Values this resource's properties may expand to. Variables that use other variables many times are the
   * "billion laughs" of Pulumi YAML (`a: [${b}, ${b}, …]`): the budget stops the walk, as the alias count does in the file.
   */
  private remaining = MAX_YAML_VALUES;

  constructor(
    private readonly scope: Scope,
    private readonly where: () => string,
  ) {}

  value(node: unknown, depth = 0): unknown {
    if (--this.remaining < 0) throw new CheckError(`${this.where()}: its properties expand to more than ${MAX_YAML_VALUES} values through the program's variables: not read.`);
    if (depth > 64) return new UnknownValue("a Pulumi YAML value nested too deeply to read offline");
    if (typeof node === "string") return this.interpolate(node, depth);
    if (Array.isArray(node)) return node.map((item) => this.value(item, depth + 1));
    if (isPlainRecord(node)) {
      const keys = Object.keys(node);
      if (keys.length === 1 && keys[0]!.startsWith("fn::")) return this.builtin(keys[0]!, node[keys[0]!], depth);
      const record: Record<string, unknown> = {};
      for (const key of keys) Object.defineProperty(record, key, { value: this.value(node[key], depth + 1), enumerable: true, writable: true, configurable: true });
      return record;
    }
    return node;
  }

  /**
   * `fn::secret` marks a literal secret: the program holds the value, so it is read (the rules never print a
   * value, and the policy pack reads a secret's value at preview too). Every other function needs Pulumi to run.
   */
  private builtin(name: string, argument: unknown, depth: number): unknown {
    if (name === "fn::secret") return this.value(argument, depth + 1);
    return new UnknownValue(functionWhy(name));
  }

  /** A string: `$$` is `$`, `${expr}` alone is the expression's value, text with `${…}` parts is their text. */
  private interpolate(text: string, depth: number): unknown {
    if (!text.includes("$")) return text;
    const parts: unknown[] = [];
    let literal = "";
    let i = 0;
    while (i < text.length) {
      if (text.startsWith("$$", i)) {
        literal += "$";
        i += 2;
      } else if (text.startsWith("${", i)) {
        const end = text.indexOf("}", i + 2);
        if (end < 0) throw new CheckError(`${this.where()}: a \`\${\` without its closing \`}\`, which Pulumi YAML does not accept.`);
        if (literal) parts.push(literal);
        literal = "";
        parts.push(this.expression(text.slice(i + 2, end).trim(), depth));
        i = end + 1;
      } else {
        literal += text[i];
        i++;
      }
    }
    if (literal) parts.push(literal);
    if (parts.length === 1) return parts[0];
    const unknown = parts.find((part): part is UnknownValue => part instanceof UnknownValue);
    if (unknown) return unknown;
    if (parts.some((part) => part !== null && typeof part === "object")) return new UnknownValue(`a Pulumi YAML interpolation of a structured value, which this check does not evaluate`);
    const joined = parts.map((part) => (part === null || part === undefined ? "" : String(part))).join("");
    if (joined.length > MAX_INTERPOLATED_LENGTH) throw new CheckError(`${this.where()}: a string longer than ${MAX_INTERPOLATED_LENGTH} characters once its variables are substituted: not read.`);
    return joined;
  }

  private expression(expression: string, depth: number): unknown {
    const { root, plain } = rootOf(expression);
    const { scope } = this;
    const { stack, name: project } = scope.project;
    if (scope.resources.has(root)) return new UnknownValue(expressionWhy(expression));
    if (expression === "pulumi.stack") return stack;
    if (expression === "pulumi.project") return project;
    // `pulumi.organization`, `pulumi.cwd`, `pulumi.rootDirectory`: what the engine tells the program when it runs.
    if (root === "pulumi") return new UnknownValue(expressionWhy(expression));
    const configKey = [root, root.startsWith(`${project}:`) ? root.slice(project.length + 1) : undefined].find(
      (key): key is string => key !== undefined && (scope.config.has(key) || scope.secureConfig.has(key) || scope.declaredConfig.has(key)),
    );
    if (configKey === undefined && hasOwn(scope.variables, root)) return plain ? this.variable(root, depth) : new UnknownValue(expressionWhy(expression));
    if (configKey === undefined) {
      return root.includes(":")
        ? new UnknownValue(`the config value \`${shownExpression(root)}\`, which stack ${stack} does not set`)
        : new UnknownValue(`a Pulumi YAML expression \`${shownExpression(expression)}\` that names no resource, variable or config of the program`);
    }
    if (scope.config.has(configKey)) return plain ? scope.config.get(configKey) : new UnknownValue(expressionWhy(expression));
    if (scope.secureConfig.has(configKey)) return new UnknownValue(`the config value \`${configKey}\`, an encrypted secret of stack ${stack} that cannot be read offline`);
    return new UnknownValue(`the config value \`${configKey}\`, which stack ${stack} does not set`);
  }

  /** A variable's value, resolved the same way; one that refers back to itself is unknown, never a guess. */
  private variable(name: string, depth: number): unknown {
    if (this.resolving.has(name)) return new UnknownValue(expressionWhy(name));
    this.resolving.add(name);
    try {
      return this.value(this.scope.variables[name], depth + 1);
    } finally {
      this.resolving.delete(name);
    }
  }
}

/**
 * The line of each resource's key under the top-level `resources:` (js-yaml gives no node positions, and its
 * `listener` reports node events without the keys they belong to): the first line indented under `resources:`
 * sets the entries' indentation, and each line at that indentation holding `key:` (quoted or not) is an entry.
 * A program written in flow style (`resources: {…}`, a one-line Main.json) points at `resources:`.
 */
export function resourceLines(text: string): ReadonlyMap<string, number> {
  const lines = text.split(/\r?\n/);
  const found = new Map<string, number>();
  // The least indented `resources:` is the top-level one: column 0 in YAML, one level in (usually 2) in Main.json.
  let start = -1;
  let top = Infinity;
  lines.forEach((line, i) => {
    const match = /^( *)(["']?)resources\2\s*:/.exec(line);
    if (match && match[1]!.length < top) [start, top] = [i, match[1]!.length];
  });
  if (start < 0) return found;
  let indent: number | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const lead = /^ */.exec(line)![0].length;
    if (lead <= top) break;
    indent ??= lead;
    if (lead !== indent) continue;
    const key = /^ *(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"][^:#]*?))\s*:(?:\s|$)/.exec(line);
    if (!key) continue;
    const name = key[1] !== undefined ? doubleQuoted(key[1]) : key[2] !== undefined ? key[2].replace(/''/g, "'") : key[3]!;
    if (name !== undefined && !found.has(name)) found.set(name, i + 1);
  }
  if (found.size === 0) found.set("", start + 1);
  return found;
}

/** A double-quoted YAML key's text; one with an escape JSON does not share (`\x41`, `\e`) is left unmatched. */
function doubleQuoted(body: string): string | undefined {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}

/**
 * Pulumi YAML accepts a type token without its module's file part (`azure:redis:Cache`) and completes it from the
 * provider's schema (`azure:redis/cache:Cache`). Offline there is no schema: the binding is looked up as written,
 * then as the completed token, which is also what the engine puts in the URN.
 */
function bindingFor(type: string): { token: string; binding: ReturnType<typeof findPulumiBinding> } {
  const written = findPulumiBinding(type);
  if (written) return { token: type, binding: written };
  const parts = /^([^:]+):([^:/]+):([^:]+)$/.exec(type);
  if (!parts) return { token: type, binding: undefined };
  const [, pkg, mod, name] = parts as unknown as [string, string, string, string];
  const completed = `${pkg}:${mod}/${name.charAt(0).toLowerCase()}${name.slice(1)}:${name}`;
  const binding = findPulumiBinding(completed);
  return binding ? { token: completed, binding } : { token: type, binding: undefined };
}

/** The config the program reads: the project's (without namespace), and what it declares without a value. */
function configScope(project: PulumiProject, documents: readonly unknown[]): Pick<Scope, "config" | "secureConfig" | "declaredConfig"> {
  // As the language host names them (run.go, getConfNodesFromMap): the project's keys without its namespace, others in full.
  const prefix = `${project.name}:`;
  const bareKey = (key: string): string => (key.startsWith(prefix) ? key.slice(prefix.length) : key);
  const config = new Map<string, string>(Object.entries(project.config).map(([key, value]) => [bareKey(key), value]));
  const secureConfig = new Set(project.secureKeysMissing.map(bareKey));
  const declaredConfig = new Set<string>();
  // Pulumi.yaml and a separate Main.yaml may both declare config (`config:`, or the older `configuration:`), with defaults.
  for (const section of documents.flatMap((doc) => (isPlainRecord(doc) ? [doc["configuration"], doc["config"]] : []))) {
    if (!isPlainRecord(section)) continue;
    for (const [key, declared] of Object.entries(section)) {
      const bare = bareKey(key);
      declaredConfig.add(bare);
      if (!config.has(bare) && !secureConfig.has(bare) && isPlainRecord(declared) && declared["default"] !== undefined && declared["default"] !== null) {
        const value = declared["default"];
        config.set(bare, typeof value === "string" ? value : JSON.stringify(value));
      }
    }
  }
  return { config, secureConfig, declaredConfig };
}

/**
 * `check <dir>` on a Pulumi project with `runtime: yaml`: reads the program statically (nothing runs) and yields
 * each resource of its `resources:` with the Pulumi binding of its type, its `properties` evaluated as far as
 * they are known offline ({@link Evaluator}), the URN the engine would give it, and the line of its entry.
 */
export function* readPulumiYamlProgram(dir: string, options: PulumiYamlOptions): Generator<ReadItem, InputDescription, void> {
  const project = loadPulumiProject(dir, options.stack, ["yaml"]);
  const { projectDoc, file, template, text } = loadProgram(project, options);
  const shown = displayPath(file);
  const resources = template["resources"] ?? {};
  if (!isPlainRecord(resources)) throw new CheckError(`${shown}: \`resources\` is not a mapping of resource names to resources.`);
  const variables = isPlainRecord(template["variables"]) ? template["variables"] : {};
  const scope: Scope = { resources: new Set(Object.keys(resources)), variables, project, ...configScope(project, [projectDoc, template]) };
  const lines = resourceLines(text);
  const locationOf = (key: string): SourceLocation => {
    const line = lines.get(key) ?? lines.get("");
    return line ? { file: shown, line } : { file: shown };
  };

  for (const [key, declared] of Object.entries(resources)) {
    const location = locationOf(key);
    const at = `${shown}${location.line ? `:${location.line}` : ""}`;
    if (!isPlainRecord(declared) || typeof declared["type"] !== "string") throw new CheckError(`${at}: resource ${JSON.stringify(key)} has no \`type\`, which Pulumi YAML requires.`);
    const { token, binding } = bindingFor(declared["type"]);
    if (!binding) {
      yield NOT_GUARDED;
      continue;
    }
    const name = typeof declared["name"] === "string" && declared["name"] !== "" ? declared["name"] : key;
    const urn = engineUrn(project.stack, project.name, parentChain(key, resources), token, name);
    if (declared["get"] !== undefined) {
      yield { kind: "skipped", reason: "resources read with `get` (existing resources this program does not manage)", name: urn };
      continue;
    }
    const evaluator = new Evaluator(scope, () => `${at} (resource ${JSON.stringify(key)})`);
    const values = propertiesOf(declared, evaluator);
    yield {
      kind: "resource",
      identity: urn,
      name,
      type: token,
      urn,
      stack: project.stack,
      identifiers: [urn, name],
      binding,
      values,
      dialect: "resolved",
      location,
    };
  }
  return {
    kind: "pulumi-project",
    project: project.name,
    stacks: [{ name: project.stack, ...(project.stackFile ? { file: displayPath(project.stackFile) } : {}) }],
    notes: notesFor(project),
  };
}

/**
 * The qualified type of a resource's parent (`options.parent: ${other}`), as the engine chains it into the URN:
 * the parent's own chain and type. A parent that is no resource of the program, or a loop, chains nothing.
 */
function parentChain(key: string, resources: Record<string, unknown>, seen: ReadonlySet<string> = new Set()): string {
  const declared = resources[key];
  const options = isPlainRecord(declared) ? declared["options"] : undefined;
  const parent = isPlainRecord(options) && typeof options["parent"] === "string" ? /^\$\{([^.[}]+)\}$/.exec(options["parent"].trim())?.[1] : undefined;
  if (parent === undefined || seen.has(parent) || !hasOwn(resources, parent)) return "";
  const parentDecl = resources[parent];
  if (!isPlainRecord(parentDecl) || typeof parentDecl["type"] !== "string") return "";
  const chain = parentChain(parent, resources, new Set([...seen, key]));
  const type = bindingFor(parentDecl["type"]).token;
  return chain ? `${chain}$${type}` : type;
}

/**
 * What a covered resource's rules read. Every Redis type has required inputs (a resource group, a SKU), so a
 * resource without `properties` is not a cache with nothing set but one Pulumi cannot create, and properties
 * that are neither a mapping nor unknown (a list, or `properties:` left empty, which YAML reads as null) are not
 * "nothing set" either: both are a {@link MalformedValue}, and every rule fails closed on them rather than letting
 * Azure's defaults pass a cache nobody configured.
 */
function propertiesOf(declared: Record<string, unknown>, evaluator: Evaluator): unknown {
  if (!hasOwn(declared, "properties")) return new MalformedValue("a resource without `properties`, whose required inputs are missing");
  const evaluated = evaluator.value(declared["properties"]);
  return isPlainRecord(evaluated) || evaluated instanceof UnknownValue ? evaluated : new MalformedValue("a `properties` value that is not a mapping");
}

/** The project file and the program (its own file, or Pulumi.yaml itself), each read once and safely. */
function loadProgram(project: PulumiProject, options: PulumiYamlOptions): { projectDoc: unknown; file: string; template: Record<string, unknown>; text: string } {
  const projectDoc = loadYamlFile(findProjectFile(project.dir) as string).value;
  const runtime = isPlainRecord(projectDoc) ? projectDoc["runtime"] : undefined;
  if (isPlainRecord(runtime) && isPlainRecord(runtime["options"]) && runtime["options"]["compiler"] !== undefined) {
    throw new CheckError(
      `${displayPath(project.dir)} is a Pulumi YAML project whose program a compiler writes (runtime option \`compiler\`), which the offline check does not run: ` +
        "check that compiler's output (save it as Main.yaml in a copy of the project), or use `pulumi preview --policy-pack <this package>`.",
    );
  }
  const file = programFileOf(project);
  options.progress(`Reading the Pulumi YAML program ${displayPath(file)} (stack ${project.stack})…`);
  const { value: template, text } = loadYamlFile(file);
  if (!isPlainRecord(template)) throw new CheckError(`${displayPath(file)} is not a Pulumi YAML program: its top level is not a mapping.`);
  return { projectDoc, file, template, text };
}

function notesFor(project: PulumiProject): string[] {
  const notes = [
    "Offline check of a Pulumi YAML program, read as written: nothing ran, nothing was previewed or deployed. Literal values, " +
      "variables made of literals and config the stack sets are read; `${…}` expressions of resources, `fn::` functions " +
      "(except `fn::secret` of a literal) and config without a value are unknown.",
  ];
  if (project.secureKeysMissing.length > 0) {
    notes.push(`Secret config values cannot be decrypted offline; settings that use them are unknown: ${project.secureKeysMissing.join(", ")}.`);
  }
  if (!project.stackFile) notes.push(`No Pulumi.${project.stack}.yaml: the program was read with the project's config only.`);
  return notes;
}
