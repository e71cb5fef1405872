import * as fs from "node:fs";
import * as path from "node:path";
import { buildResourceView, type ResourceBinding } from "../../policies/core/read";
import type { SettingName, VerdictStatus } from "../../policies/core/types";
import { allRules, type CoreRule } from "../../policies/rules";
import { propertyPathList, propertyPaths, surfaceBinding } from "../../policies/rules/property-text";
import type { BindingRef, RuleDocs, TokenGroup } from "../../policies/rules/rule-docs";
import { RULE_DOCS } from "./rule-docs";
import { BINDING_ROWS, README_TABLES, kindOf, surfaceOf, type BindingRow, type BindingRows, type ReadmeTable } from "./surfaces";

/**
 * `npm run docs`: the tables users read about properties (each rule page's "what the rule reads", the
 * README's rules tables), generated from the bindings and the rules' metadata. Only the regions between
 * `<!-- generated: <name> <id> … -->` and `<!-- end generated -->` are written; the prose around them stays
 * hand-written. test/core/generated-docs.test.ts regenerates in memory and fails when the files disagree.
 */

export const ROOT = path.join(__dirname, "..", "..");

/** One generated region: the file (relative to the repository root), its marker name and id, and its text. */
export interface GeneratedRegion {
  readonly file: string;
  readonly name: "rule-table" | "rules-table";
  readonly id: string;
  readonly text: string;
}

/** The docs metadata a rule file exports as `docs`. */
export function docsOf(rule: CoreRule): RuleDocs {
  const docs = RULE_DOCS[rule.id];
  if (!docs) throw new Error(`scripts/docs/rule-docs.ts lists no docs for ${rule.id}: add its rule file's \`docs\` there`);
  return docs;
}

const settingsOf = (rule: CoreRule): readonly SettingName[] => rule.settingsRead ?? [];

/** The settings of the rule that a binding maps: empty where the rule has nothing to read there. */
function settingsOn(rule: CoreRule, ref: BindingRef): readonly SettingName[] {
  return settingsOf(rule).filter((setting) => propertyPaths(surfaceOf(ref), kindOf(ref), setting).length > 0);
}

/** Every property name the rule reads on a binding, with release labels: "`a` (v6), `b` (v5)". */
function propertiesOn(rule: CoreRule, ref: BindingRef): string {
  return settingsOn(rule, ref)
    .map((setting) => propertyPathList(surfaceOf(ref), kindOf(ref), setting))
    .join(", ");
}

/** The binding a ref names. */
export function bindingOf(ref: BindingRef): ResourceBinding | undefined {
  return surfaceBinding(surfaceOf(ref), kindOf(ref));
}

/** The rule's verdict on a resource of that binding that sets none of its properties: what the docs call "absent". */
export function absentVerdict(rule: CoreRule, binding: ResourceBinding, dialect: "pulumi" | "terraform"): VerdictStatus {
  return rule.evaluate(buildResourceView(binding, "docs", {}, dialect)).status;
}

/**
 * The "when the property is absent" cell a binding's declared default writes (`**fail**: the provider's
 * default is `"Enabled"``), or `undefined` where the binding declares none for the rule's settings.
 */
function declaredAbsence(rule: CoreRule, docs: RuleDocs, ref: BindingRef): string | undefined {
  const binding = bindingOf(ref);
  const declared = settingsOf(rule).map((setting) => binding?.absentDefaults?.[setting]).find((entry) => entry?.value !== undefined);
  if (!binding || !declared) return undefined;
  if (docs.whenAbsent?.[ref] !== undefined) throw new Error(`${rule.id}: docs.whenAbsent["${ref}"] restates the default the binding declares`);
  const remark = docs.absentRemark?.[ref];
  const verdict = absentVerdict(rule, binding, surfaceOf(ref) === "terraform" ? "terraform" : "pulumi");
  return `**${verdict}**: ${declared.basis} is \`${JSON.stringify(declared.value)}\`${remark ? ` (${remark})` : ""}`;
}

/** The bindings a rule's docs list: those of its kinds, then the related ones its docs name as not applicable. */
function bindingsOf(rule: CoreRule, docs: RuleDocs): readonly BindingRows[] {
  return BINDING_ROWS.filter((rows) => rule.resourceKinds.includes(kindOf(rows.ref)) || docs.notApplicable?.[rows.ref] !== undefined);
}

const isRetirement = (rule: CoreRule): boolean => settingsOf(rule).length === 0;

function notApplicableReason(rule: CoreRule, docs: RuleDocs, ref: BindingRef): string {
  const reason = docs.notApplicable?.[ref];
  if (reason === undefined) {
    throw new Error(`${rule.id}: ${ref} maps none of the rule's settings; say why in the rule's docs.notApplicable["${ref}"]`);
  }
  return reason;
}

const typesCell = (row: BindingRow | TokenGroup): string => ("remark" in row && row.remark ? `${row.resourceTypes} (${row.remark})` : row.resourceTypes);

/** "`a` (note)", or "`a` (4.x; note)" where the names already end in a release label. */
function withNote(properties: string, note: string | undefined): string {
  if (!note) return properties;
  return properties.endsWith(")") ? `${properties.slice(0, -1)}; ${note})` : `${properties} (${note})`;
}

const tableRow = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [tableRow(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(tableRow)].join("\n");
}

/** A rule page's "what the rule reads" table. */
export function ruleTable(rule: CoreRule, docs: RuleDocs = docsOf(rule)): string {
  const bindings = bindingsOf(rule, docs);
  if (isRetirement(rule)) {
    return table(["surface", "resource type"], bindings.flatMap((binding) => binding.rows.map((row) => [row.surface, typesCell(row)])));
  }
  const withAbsent =
    docs.whenAbsent !== undefined ||
    Object.values(docs.tokenGroups ?? {}).some((groups) => groups?.some((group) => group.whenAbsent !== undefined)) ||
    bindings.some((binding) => declaredAbsence(rule, docs, binding.ref) !== undefined);
  const rows: string[][] = [];
  const none: string[][] = [];
  for (const binding of bindings) {
    const properties = propertiesOn(rule, binding.ref);
    if (!properties) {
      const reason = `**none** (${notApplicableReason(rule, docs, binding.ref)}): the rule does not apply`;
      for (const row of binding.rows) none.push([row.surface, typesCell(row), reason, ...(withAbsent ? [""] : [])]);
      continue;
    }
    const note = docs.propertyNotes?.[binding.ref];
    const groups: readonly TokenGroup[] = docs.tokenGroups?.[binding.ref] ?? binding.rows;
    for (const group of groups) {
      const absent = group.whenAbsent ?? declaredAbsence(rule, docs, binding.ref) ?? docs.whenAbsent?.[binding.ref] ?? "";
      rows.push([group.surface, typesCell(group), withNote(properties, note), ...(withAbsent ? [absent] : [])]);
    }
  }
  return table(["surface", "resource type", "property", ...(withAbsent ? ["when the property is absent"] : [])], [...rows, ...none]);
}

/** A README cell: what the rule reads on one surface among the table's bindings. */
function readmeCell(rule: CoreRule, docs: RuleDocs, tableDef: ReadmeTable, surface: string): string {
  if (isRetirement(rule)) return "the resource type";
  const inTable = BINDING_ROWS.filter((rows) => surfaceOf(rows.ref) === surface && tableDef.kinds.includes(kindOf(rows.ref)));
  const named = inTable.length > 1;
  const listed = bindingsOf(rule, docs).filter((binding) => inTable.includes(binding));
  const read: string[] = [];
  const none: string[] = [];
  for (const binding of listed) {
    const properties = propertiesOn(rule, binding.ref);
    if (properties) read.push(named ? `\`${binding.short}\` ${properties}` : properties);
    else none.push(`${named ? `\`${binding.short}\`: ` : ""}none (${notApplicableReason(rule, docs, binding.ref)})`);
  }
  return [...read, ...none].join("; ") || "none";
}

/** The README table a rule is listed in: the first whose kinds it covers (Azure Cache for Redis first). */
function readmeTableOf(rule: CoreRule): ReadmeTable | undefined {
  return README_TABLES.find((tableDef) => rule.resourceKinds.some((kind) => tableDef.kinds.includes(kind)));
}

/** One of the README's rules tables. */
export function readmeTable(tableDef: ReadmeTable): string {
  const rules = allRules.filter((rule) => readmeTableOf(rule) === tableDef);
  return table(
    ["rule", "ref", "passes when", "default", ...tableDef.columns.map((column) => column.header)],
    rules.map((rule) => {
      const docs = docsOf(rule);
      return [
        `[${rule.id}](docs/rules/${rule.id}.md)`,
        rule.ref ?? "ours",
        docs.passesWhen,
        rule.defaultEnforcement,
        ...tableDef.columns.map((column) => readmeCell(rule, docs, tableDef, column.surface)),
      ];
    }),
  );
}

/** Every generated region of the repository, from the bindings and the rules as they are now. */
export function generatedRegions(): readonly GeneratedRegion[] {
  return [
    ...README_TABLES.map((tableDef) => ({ file: "README.md", name: "rules-table" as const, id: tableDef.id, text: readmeTable(tableDef) })),
    ...allRules.map((rule) => ({ file: `docs/rules/${rule.id}.md`, name: "rule-table" as const, id: rule.id, text: ruleTable(rule) })),
  ];
}

const REGION = /<!-- generated: ([\w-]+) ([\w.-]+)[^\n]*-->\n([\s\S]*?)<!-- end generated -->/g;

export const openMarker = (region: Pick<GeneratedRegion, "name" | "id">): string =>
  `<!-- generated: ${region.name} ${region.id} (npm run docs: from the bindings and the rule's metadata; do not edit) -->`;

/** The regions a file's text holds, by `<name> <id>`. */
export function regionsIn(text: string): ReadonlyMap<string, string> {
  return new Map([...text.matchAll(REGION)].map((match) => [`${match[1]} ${match[2]}`, (match[3] ?? "").replace(/\n$/, "")]));
}

/** The text with each region's body replaced; throws when a region's markers are missing. */
export function withRegions(text: string, file: string, regions: readonly GeneratedRegion[]): string {
  let result = text;
  for (const region of regions) {
    const key = `${region.name} ${region.id}`;
    if (!regionsIn(result).has(key)) throw new Error(`${file}: no region '${openMarker(region)}' … '<!-- end generated -->'`);
    result = result.replace(REGION, (whole, name: string, id: string) => (`${name} ${id}` === key ? `${openMarker(region)}\n${region.text}\n<!-- end generated -->` : whole));
  }
  return result;
}

/** Regenerates every region in place; returns the files it changed. */
export function writeGeneratedDocs(root = ROOT): readonly string[] {
  const byFile = new Map<string, GeneratedRegion[]>();
  for (const region of generatedRegions()) byFile.set(region.file, [...(byFile.get(region.file) ?? []), region]);
  const changed: string[] = [];
  for (const [file, regions] of byFile) {
    const full = path.join(root, file);
    const before = fs.readFileSync(full, "utf8");
    const after = withRegions(before, file, regions);
    if (after !== before) {
      fs.writeFileSync(full, after);
      changed.push(file);
    }
  }
  return changed;
}
