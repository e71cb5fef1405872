import type { IConstruct } from "constructs";

/**
 * CDKTF (`cdktf`, archived at 0.21) and its maintained fork CDK Terrain (`cdktn`) have the same API
 * under different package names. The aspect must work inside either without importing one of them:
 * importing `cdktf` would load a second library into a `cdktn` app, and `Aspects.of()` of the wrong
 * copy (its registry is a module-private symbol) would silently never run the aspect. So the aspect
 * asks each construct which library built it (jsii records `cdktf.TerraformStack` / `cdktn.TerraformStack`
 * on every class) and uses that very module.
 */

/** What every CDKTF aspect is: `IAspect` of `cdktf` and of `cdktn` alike (both are this one method). */
export interface ConstructVisitor {
  visit(node: IConstruct): void;
}

export type AnnotationLevel = "error" | "warning" | "info";

/** The operations the aspect needs, bound to the library that built a construct tree. */
export interface ConstructLibrary {
  /** `cdktf` or `cdktn`. */
  readonly packageName: string;
  isStack(construct: unknown): boolean;
  isApp(construct: unknown): boolean;
  /** Adds an aspect where that library's synthesizer looks for it. */
  addAspect(scope: IConstruct, aspect: ConstructVisitor): void;
  aspectsOf(scope: IConstruct): readonly unknown[];
  /** Resolves tokens exactly as synthesis does (`resolve(stack, element.toTerraform())`). */
  resolve(scope: IConstruct, value: unknown): unknown;
  isResolvable(value: unknown): boolean;
  /** The construct metadata type an annotation of `level` is stored under (`@cdktf/error`, …). */
  metadataType(level: AnnotationLevel): string;
}

/** The slice of the `cdktf` / `cdktn` module we call, typed structurally (we never import either). */
interface CdktfModule {
  readonly Aspects: { of(scope: IConstruct): { add(aspect: ConstructVisitor): void; readonly all: readonly unknown[] } };
  readonly AnnotationMetadataEntryType: { readonly INFO: string; readonly WARN: string; readonly ERROR: string };
  readonly TerraformStack: { isStack(x: unknown): boolean };
  readonly App: { isApp(x: unknown): boolean };
  readonly Tokenization: {
    resolve(value: unknown, options: { scope: IConstruct; preparing: boolean; resolver: unknown }): unknown;
    isResolvable(value: unknown): boolean;
  };
  readonly DefaultTokenResolver: new (concat: unknown) => unknown;
  readonly StringConcat: new () => unknown;
}

const JSII_RTTI = Symbol.for("jsii.rtti");
const LIBRARY_CLASS_FQN = /^(cdktf|cdktn)\.(\w+)$/;
const REQUIRED_EXPORTS: readonly (keyof CdktfModule)[] = [
  "Aspects", "AnnotationMetadataEntryType", "TerraformStack", "App", "Tokenization", "DefaultTokenResolver", "StringConcat",
];

/** Keyed by the library class found on a construct (e.g. `TerraformStack` of one copy of `cdktf`). */
const librariesByClass = new WeakMap<object, ConstructLibrary | null>();

/** One binding per loaded module, so that constructs of the same library share one (identity compares them). */
const librariesByModule = new WeakMap<object, ConstructLibrary>();

function libraryForModule(packageName: string, module: CdktfModule): ConstructLibrary {
  let library = librariesByModule.get(module);
  if (library === undefined) {
    library = bindLibrary(packageName, module);
    librariesByModule.set(module, library);
  }
  return library;
}

/**
 * Keyed by a construct's own constructor (`RedisCache`): synthesis asks about every construct of the
 * app, thousands of instances of a few classes, and a class chain and its jsii names never change.
 */
const libraryByConstructor = new WeakMap<object, ConstructLibrary | null>();

/** The library that built `construct`, or `undefined` for constructs of no CDKTF library (plain `Construct`s). */
export function libraryOf(construct: unknown): ConstructLibrary | undefined {
  if (typeof construct !== "object" || construct === null) return undefined;
  const ctor: unknown = construct.constructor;
  if (typeof ctor !== "function") return undefined;
  let found = libraryByConstructor.get(ctor);
  if (found === undefined) {
    found = findLibrary(ctor) ?? null;
    libraryByConstructor.set(ctor, found);
  }
  return found ?? undefined;
}

type Owner = { readonly stack: IConstruct; readonly library: ConstructLibrary };

/** Keyed by a scope: the owner of everything directly inside it (a construct never changes parent). */
const ownersOfChildren = new WeakMap<IConstruct, Owner | null>();

/** The nearest stack at or above `node`, with the library that will synthesize it. */
export function owningStack(node: IConstruct): Owner | undefined {
  const library = libraryOf(node);
  if (library?.isStack(node)) return { stack: node, library };
  const scope = node.node.scope;
  if (scope === undefined) return undefined;
  // Every element of a stack asks this; the answer is its parent's, worked out once per parent.
  let owner = ownersOfChildren.get(scope);
  if (owner === undefined) {
    owner = owningStack(scope) ?? null;
    ownersOfChildren.set(scope, owner);
  }
  return owner ?? undefined;
}

/** Every stack of an app (of either library: an app may mix cdktf and cdktn constructs), with its library. */
export function stacksOf(app: IConstruct): Owner[] {
  const stacks: Owner[] = [];
  for (const construct of app.node.findAll()) {
    const library = libraryOf(construct);
    if (library?.isStack(construct)) stacks.push({ stack: construct, library });
  }
  return stacks;
}

/** Walks the class chain to the first class jsii registered as `cdktf.<Name>` or `cdktn.<Name>`, and its library. */
function findLibrary(constructor: object): ConstructLibrary | undefined {
  for (let ctor: unknown = constructor; typeof ctor === "function"; ctor = Object.getPrototypeOf(ctor)) {
    const rtti: unknown = Object.getOwnPropertyDescriptor(ctor, JSII_RTTI)?.value;
    const fqn = typeof rtti === "object" && rtti !== null ? (rtti as { fqn?: unknown }).fqn : undefined;
    const match = typeof fqn === "string" ? LIBRARY_CLASS_FQN.exec(fqn) : null;
    if (!match) continue;
    const packageName = match[1] as string, exportName = match[2] as string;
    let library = librariesByClass.get(ctor);
    if (library === undefined) {
      const module = findLibraryModule(packageName, exportName, ctor);
      library = module ? libraryForModule(packageName, module) : null;
      librariesByClass.set(ctor, library);
    }
    return library ?? undefined;
  }
  return undefined;
}

/**
 * The loaded module whose export `exportName` is exactly `ctor`: normally `require(packageName)` from
 * here, and when the app loaded another copy (a nested node_modules), that copy from the module cache.
 */
function findLibraryModule(packageName: string, exportName: string, ctor: object): CdktfModule | undefined {
  const owns = (candidate: unknown): candidate is CdktfModule =>
    isCdktfModule(candidate) && (candidate as unknown as Record<string, unknown>)[exportName] === ctor;
  const nearest = tryRequire(packageName);
  if (owns(nearest)) return nearest;
  for (const loaded of Object.values(require.cache)) {
    const exports: unknown = loaded?.exports;
    if (owns(exports)) return exports;
  }
  return undefined;
}

function tryRequire(packageName: string): unknown {
  try {
    // A runtime require by name on purpose: `cdktf` and `cdktn` are optional peers, and only the one
    // that built the app is loaded (a static import would load `cdktf` into every `cdktn` app).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(packageName);
  } catch {
    return undefined;
  }
}

function isCdktfModule(candidate: unknown): candidate is CdktfModule {
  if (typeof candidate !== "object" || candidate === null) return false;
  const record = candidate as Record<string, unknown>;
  return REQUIRED_EXPORTS.every((name) => record[name] !== undefined);
}

function bindLibrary(packageName: string, lib: CdktfModule): ConstructLibrary {
  // What cdktf's own `resolve(scope, obj)` (lib/_tokens) builds once and uses for every synthesis.
  const resolver = new lib.DefaultTokenResolver(new lib.StringConcat());
  const types: Record<AnnotationLevel, string> = {
    error: lib.AnnotationMetadataEntryType.ERROR,
    warning: lib.AnnotationMetadataEntryType.WARN,
    info: lib.AnnotationMetadataEntryType.INFO,
  };
  // Read once: the module's exports are getters (tsc's re-exports), and these run for every construct.
  const { TerraformStack, App, Aspects, Tokenization } = lib;
  return {
    packageName,
    isStack: (construct) => TerraformStack.isStack(construct),
    isApp: (construct) => App.isApp(construct),
    addAspect: (scope, aspect) => Aspects.of(scope).add(aspect),
    aspectsOf: (scope) => Aspects.of(scope).all,
    resolve: (scope, value) => Tokenization.resolve(value, { scope, preparing: false, resolver }),
    isResolvable: (value) => Tokenization.isResolvable(value),
    metadataType: (level) => types[level],
  };
}
