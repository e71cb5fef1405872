import { UnknownValue, isTerraformExpression } from "../../policies/core/values";

/**
 * The only evaluation `check` does of Terraform expressions: a value that is *wholly* one reference, `${var.x}` or
 * `${local.y}`, becomes what that variable or local holds; a value without any expression stays as it is. Everything
 * else (a function call, an interpolation inside other text, a conditional, another resource's attribute, `each`,
 * `count`) becomes an {@link UnknownValue} whose words name the expression's root (`var.x`, `local.y`,
 * `azurerm_x.y.id`). Nothing is evaluated partially, so an unknown can never turn into a pass.
 */

/** Where a variable's or a local's value comes from; `undefined` when nothing sets it. */
export interface ExpressionScope {
  /** A variable's value: already resolved (an {@link UnknownValue} when its source was not a literal). */
  variable(name: string): { readonly value: unknown } | undefined;
  /** A local's raw value as written (resolved here, in this scope). */
  local(name: string): { readonly value: unknown } | undefined;
}

const WHOLE_REFERENCE = /^\$\{\s*(var|local)\.([\p{ID_Start}_][\p{ID_Continue}-]*)\s*\}$/u;

/** Quoted strings inside an expression are text, not references: `lookup(var.m, "a.b")`. */
function withoutStrings(expression: string): string {
  return expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

/**
 * The root of an expression: its first reference, as Terraform names it (`var.x`, `local.y`, `module.m.out`,
 * `data.t.n.attr`, `azurerm_x.y.id`, `each.value`, `count.index`); `undefined` when it holds none.
 */
export function expressionRoot(expression: string): string | undefined {
  const text = withoutStrings(expression);
  const reference = /(?<![\p{ID_Continue}.-])([\p{ID_Start}_][\p{ID_Continue}-]*)((?:\s*\.\s*[\p{ID_Start}_][\p{ID_Continue}-]*)+)/gu;
  for (const match of text.matchAll(reference)) {
    const head = match[1]!;
    const parts = match[2]!.split(".").map((part) => part.trim()).filter(Boolean);
    if (head === "var" || head === "local" || head === "each" || head === "count" || head === "path" || head === "terraform" || head === "self") return `${head}.${parts[0]}`;
    if (head === "module") return `module.${parts.slice(0, 2).join(".")}`;
    if (head === "data") return `data.${parts.slice(0, 3).join(".")}`;
    return `${head}.${parts.slice(0, 2).join(".")}`;
  }
  return undefined;
}

/** Why an expression's value is unknown, naming its root: words for the verdict's message, never the value. */
export function computedWhy(expression: string): string {
  const root = expressionRoot(expression);
  return root
    ? `it is a Terraform expression computed from ${root}, which check does not evaluate offline (it resolves only a whole var.x or local.y)`
    : "it is a Terraform expression (a function call or template) that check does not evaluate offline";
}

/** Resolves a raw value of the JSON form in a scope: see the module comment for what is and is not resolved. */
export function resolveValue(raw: unknown, scope: ExpressionScope, resolving: readonly string[] = []): unknown {
  if (typeof raw === "string") {
    if (!isTerraformExpression(raw)) return raw;
    const whole = WHOLE_REFERENCE.exec(raw);
    if (!whole) return new UnknownValue(computedWhy(raw));
    const [, kind, name] = whole as unknown as [string, "var" | "local", string];
    if (kind === "var") {
      const variable = scope.variable(name);
      if (variable === undefined) {
        return new UnknownValue(`var.${name} has no value check could read (no default, terraform.tfvars, *.auto.tfvars, --var-file or TF_VAR_${name} sets it)`);
      }
      return variable.value;
    }
    const local = scope.local(name);
    if (local === undefined) return new UnknownValue(`local.${name} is not declared in this module`);
    if (resolving.includes(name)) return new UnknownValue(`local.${name} refers to itself`);
    return resolveValue(local.value, scope, [...resolving, name]);
  }
  if (Array.isArray(raw)) return raw.map((item) => resolveValue(item, scope, resolving));
  if (typeof raw === "object" && raw !== null && !(raw instanceof UnknownValue)) {
    const record: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      Object.defineProperty(record, key, { value: resolveValue(value, scope, resolving), enumerable: true, writable: true, configurable: true });
    }
    return record;
  }
  return raw;
}

/**
 * A resource body of the JSON form with its values resolved. A `dynamic "x"` block makes the nested block type `x`
 * unknown as a whole (how many blocks and what is in them is only known at plan time), named by its `for_each`.
 */
export function resolveBody(body: Record<string, unknown>, scope: ExpressionScope): Record<string, unknown> {
  const resolved = resolveValue(body, scope) as Record<string, unknown>;
  const dynamic = body["dynamic"];
  if (typeof dynamic === "object" && dynamic !== null && !Array.isArray(dynamic)) {
    delete resolved["dynamic"];
    for (const [blockType, blocks] of Object.entries(dynamic)) {
      const first: unknown = Array.isArray(blocks) ? blocks[0] : blocks;
      const forEach = typeof first === "object" && first !== null ? (first as Record<string, unknown>)["for_each"] : undefined;
      const root = typeof forEach === "string" ? expressionRoot(forEach) : undefined;
      Object.defineProperty(resolved, blockType, {
        value: new UnknownValue(`its ${blockType} blocks are written by a dynamic block${root ? ` over ${root}` : ""}, which check does not expand offline`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return resolved;
}
