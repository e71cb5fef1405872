import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../support/pack";

/** Which kind of project a documented snippet belongs in. */
export type Consumer = "cdktf" | "pulumi";

export interface Snippet {
  readonly consumer: Consumer;
  /** A file name for it, unique across the docs. */
  readonly name: string;
  /** Where it is documented, for messages. */
  readonly source: string;
  readonly code: string;
}

/**
 * Code blocks the docs mark as something a user pastes into a project: an HTML comment
 * `<!-- snippet: cdktf <name> -->` (or `pulumi`) on the line before a ```ts fence. Each is a whole
 * module, imports included, so a test can compile it as the user would.
 */
const MARKED_SNIPPET = /<!-- snippet: (cdktf|pulumi) ([a-z0-9-]+) -->\r?\n```ts\r?\n([\s\S]*?)```/g;

export function readDocumentedSnippets(): Snippet[] {
  const docsDir = path.join(REPO_ROOT, "docs");
  const files = ["README.md", ...fs.readdirSync(docsDir).filter((f) => f.endsWith(".md")).map((f) => path.join("docs", f))];
  const snippets: Snippet[] = [];
  for (const file of files) {
    for (const match of fs.readFileSync(path.join(REPO_ROOT, file), "utf8").matchAll(MARKED_SNIPPET)) {
      snippets.push({ consumer: match[1] as Consumer, name: match[2] as string, source: file, code: match[3] as string });
    }
  }
  const names = snippets.map((s) => s.name);
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) throw new Error(`snippet names must be unique across the docs: ${repeated.join(", ")}`);
  return snippets;
}

type CompilerOptions = Record<string, unknown>;

export interface ConsumerTsconfig {
  readonly name: string;
  readonly description: string;
  readonly consumers: readonly Consumer[];
  /** `"module"` for an ES module project (its package.json `type`). */
  readonly packageType?: "module" | "commonjs";
  readonly tsconfig: (files: readonly string[]) => { compilerOptions: CompilerOptions; [key: string]: unknown };
}

/**
 * The tsconfig `cdktf init --template=typescript` writes (hashicorp/terraform-cdk,
 * packages/@cdktf/cli-core/templates/typescript/tsconfig.json): `module: CommonJS` and no
 * `moduleResolution`, so TypeScript's classic node10 resolution, which ignores `exports`.
 */
const CDKTF_INIT: CompilerOptions = {
  alwaysStrict: true,
  declaration: true,
  experimentalDecorators: true,
  inlineSourceMap: true,
  inlineSources: true,
  lib: ["es2018"],
  module: "CommonJS",
  noEmitOnError: true,
  noFallthroughCasesInSwitch: true,
  noImplicitAny: true,
  noImplicitReturns: true,
  noImplicitThis: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  resolveJsonModule: true,
  strict: true,
  strictNullChecks: true,
  strictPropertyInitialization: true,
  stripInternal: true,
  target: "ES2018",
  incremental: true,
  skipLibCheck: true,
};

/**
 * The tsconfig `pulumi policy new azure-typescript` writes (pulumi/templates-policy,
 * azure-typescript/tsconfig.json): `moduleResolution: node` and no `skipLibCheck`, so every
 * declaration file, ours included, is type-checked.
 */
const PULUMI_POLICY_NEW: CompilerOptions = {
  outDir: "bin",
  target: "es6",
  module: "commonjs",
  moduleResolution: "node",
  declaration: true,
  sourceMap: false,
  stripInternal: true,
  experimentalDecorators: true,
  pretty: true,
  noFallthroughCasesInSwitch: true,
  noImplicitAny: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
  strictNullChecks: true,
};

/** What a current Node project or bundler setup writes; strict and without skipLibCheck. */
const MODERN: CompilerOptions = { target: "ES2022", lib: ["ES2022"], strict: true, types: ["node"] };

export const CONSUMER_TSCONFIGS: readonly ConsumerTsconfig[] = [
  {
    name: "cdktf-init",
    description: "the tsconfig `cdktf init` writes (CommonJS, classic resolution)",
    consumers: ["cdktf"],
    // The template includes "**/*.ts"; the test lists the files so it can compile the template alone first.
    tsconfig: (files) => ({ compilerOptions: CDKTF_INIT, include: files, exclude: ["node_modules", "cdktf.out"] }),
  },
  {
    name: "pulumi-policy-new",
    description: "the tsconfig `pulumi policy new` writes (moduleResolution node, no skipLibCheck)",
    consumers: ["pulumi"],
    tsconfig: (files) => ({ compilerOptions: PULUMI_POLICY_NEW, files }),
  },
  {
    name: "node16",
    description: "module/moduleResolution node16",
    consumers: ["cdktf", "pulumi"],
    tsconfig: (files) => ({ compilerOptions: { ...MODERN, module: "node16", moduleResolution: "node16" }, files }),
  },
  {
    name: "nodenext",
    description: "module/moduleResolution nodenext (CommonJS project)",
    consumers: ["cdktf", "pulumi"],
    packageType: "commonjs",
    tsconfig: (files) => ({ compilerOptions: { ...MODERN, module: "nodenext", moduleResolution: "nodenext" }, files }),
  },
  {
    name: "nodenext-esm",
    description: "module/moduleResolution nodenext (ES module project, package.json type module)",
    consumers: ["cdktf", "pulumi"],
    packageType: "module",
    tsconfig: (files) => ({ compilerOptions: { ...MODERN, module: "nodenext", moduleResolution: "nodenext" }, files }),
  },
  {
    name: "bundler",
    description: "moduleResolution bundler (module esnext)",
    consumers: ["cdktf", "pulumi"],
    tsconfig: (files) => ({ compilerOptions: { ...MODERN, module: "esnext", moduleResolution: "bundler" }, files }),
  },
];
