import { CheckError } from "../check-error";
import { displayPath } from "../report/source-lines";
import type { TerraformBlock } from "./tf-json-syntax";

/**
 * Terraform HCL (`*.tf`, `.tfvars`) turned into the JSON configuration form the Terraform JSON reader judges, with
 * HashiCorp's own parser (hashicorp/hcl through tmccombs/hcl2json, compiled to WebAssembly and published as
 * `@cdktn/hcl2json`): literal values stay values, every other expression becomes a `${…}` string, nested blocks
 * become lists of objects. The parser gives no positions, so the line of each top-level block is found in the source
 * by {@link topLevelBlocks}, a scanner that knows HCL's comments, strings, templates and heredocs.
 */

type Hcl2Json = { parse(filename: string, contents: string): Promise<unknown> };
let parser: Hcl2Json | undefined;

/** Loaded on first use: the WebAssembly module (2 MB) starts when required, and only HCL inputs need it. */
function hcl2json(): Hcl2Json {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily: requiring it instantiates the parser
  parser ??= require("@cdktn/hcl2json") as Hcl2Json;
  return parser;
}

/** One top-level block of a `.tf` file: its keyword, labels and the line its keyword is on. */
export interface HclBlockPosition {
  readonly keyword: string;
  readonly labels: readonly string[];
  readonly line: number;
}

/** A `module` call, a `variable` declaration: a labelled block with its body and where it is written. */
export interface HclLabelledBlock {
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly file: string;
  readonly line: number;
}

/** What one `.tf` file declares, in the JSON configuration form. */
export interface HclFile {
  readonly file: string;
  readonly blocks: readonly TerraformBlock[];
  readonly moduleCalls: readonly HclLabelledBlock[];
  readonly variables: readonly HclLabelledBlock[];
  /** Every `locals` block's attributes, in the file's order. */
  readonly locals: readonly Record<string, unknown>[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The bodies hcl2json writes for one label path: a list of objects (one per block). */
function bodiesOf(value: unknown): Record<string, unknown>[] {
  return (Array.isArray(value) ? value : [value]).filter(isRecord);
}

const IDENT_START = /[\p{ID_Start}_]/u;
const IDENT_PART = /[\p{ID_Continue}-]/u;

/**
 * The top-level blocks of an HCL file (`resource "type" "name" {`), with the line of each keyword. It skips what can
 * hide a brace or a keyword: `#`, `//` and `/* *\/` comments, quoted strings with their `${…}`/`%{…}` templates (which
 * may nest strings), and heredocs (`<<EOT`, `<<-EOT`, up to the line holding only the marker). Labels are quoted
 * strings or bare identifiers, as HCL allows; whitespace and comments may sit anywhere between them.
 */
export function topLevelBlocks(text: string): HclBlockPosition[] {
  return new HclBlockScanner(text).scan();
}

class HclBlockScanner {
  private i = 0;
  private line = 1;
  private readonly n: number;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  scan(): HclBlockPosition[] {
    const found: HclBlockPosition[] = [];
    const { text } = this;
    while (this.i < this.n) {
      this.skipSpaceAndComments();
      if (this.i >= this.n) break;
      const c = text[this.i]!;
      if (IDENT_START.test(c)) {
        const keywordLine = this.line;
        const keyword = this.identifier();
        const labels: string[] = [];
        for (;;) {
          this.skipSpaceAndComments();
          if (text[this.i] === '"') labels.push(this.skipString());
          else if (this.i < this.n && IDENT_START.test(text[this.i]!)) labels.push(this.identifier());
          else break;
        }
        if (text[this.i] === "{") {
          found.push({ keyword, labels, line: keywordLine });
          this.i++;
          this.skipBraces(1);
        }
      } else this.skipOne(c);
    }
    return found;
  }

  private identifier(): string {
    const start = this.i;
    while (this.i < this.n && IDENT_PART.test(this.text[this.i]!)) this.i++;
    return this.text.slice(start, this.i);
  }

  private advance(to: number): void {
    for (; this.i < to && this.i < this.n; this.i++) if (this.text[this.i] === "\n") this.line++;
  }

  /** One token that is not a block: a string, a heredoc, a braced value, or one character. */
  private skipOne(c: string): void {
    if (c === '"') this.skipString();
    else if (c === "<" && this.text[this.i + 1] === "<") this.skipHeredoc();
    else if (c === "{") {
      this.i++;
      this.skipBraces(1);
    } else this.advance(this.i + 1);
  }

  private skipSpaceAndComments(): void {
    const { text } = this;
    for (;;) {
      const c = text[this.i];
      if (c === " " || c === "\t" || c === "\r") this.i++;
      else if (c === "#" || (c === "/" && text[this.i + 1] === "/")) {
        while (this.i < this.n && text[this.i] !== "\n") this.i++;
      } else if (c === "/" && text[this.i + 1] === "*") {
        const end = text.indexOf("*/", this.i + 2);
        this.advance(end < 0 ? this.n : end + 2);
      } else return;
    }
  }

  /** A quoted string from its opening quote, templates (which may nest strings) included; returns its raw content. */
  private skipString(): string {
    const { text } = this;
    const start = this.i + 1;
    this.i++;
    while (this.i < this.n && text[this.i] !== '"' && text[this.i] !== "\n") {
      if (text[this.i] === "\\") this.i += 2;
      else if ((text[this.i] === "$" || text[this.i] === "%") && text[this.i + 1] === "{" && text[this.i - 1] !== text[this.i]) {
        this.i += 2;
        this.skipBraces(1);
      } else this.advance(this.i + 1);
    }
    const content = text.slice(start, this.i);
    this.advance(this.i + 1);
    return content;
  }

  private skipHeredoc(): void {
    const { text } = this;
    const match = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(this.i, this.i + 200));
    if (!match) {
      this.i += 2;
      return;
    }
    this.advance(this.i + match[0].length);
    const marker = new RegExp(`^[ \\t]*${match[1]}[ \\t]*$`);
    while (this.i < this.n) {
      const end = text.indexOf("\n", this.i);
      const lineText = text.slice(this.i, end < 0 ? this.n : end).replace(/\r$/, "");
      this.advance(end < 0 ? this.n : end + 1);
      if (marker.test(lineText)) return;
    }
  }

  /** Skips to the brace that closes `open` levels, through strings, comments and heredocs. */
  private skipBraces(open: number): void {
    let level = open;
    while (this.i < this.n && level > 0) {
      this.skipSpaceAndComments();
      const c = this.text[this.i];
      if (c === undefined) return;
      if (c === "{") level++;
      else if (c === "}") level--;
      else if (c === '"') {
        this.skipString();
        continue;
      } else if (c === "<" && this.text[this.i + 1] === "<") {
        this.skipHeredoc();
        continue;
      }
      this.advance(this.i + 1);
    }
  }
}

/**
 * The parser's first diagnostic as exit 2: file, line, column and HCL's summary of the problem ("Invalid expression"),
 * never the detail, which may quote the file's text. The parser is given a neutral file name so that nothing of the
 * path has to be parsed back out of its message.
 */
function syntaxError(file: string, error: unknown): CheckError {
  const message = error instanceof Error ? error.message : String(error);
  const match = /input\.tf:(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([^;\]]*)/.exec(message);
  const summary = match && /^[A-Za-z][A-Za-z ,()-]{0,80}$/.test(match[3]!.trim()) ? ` (${match[3]!.trim()})` : "";
  const where = match ? `${displayPath(file)}:${match[1]}:${match[2]}` : displayPath(file);
  return new CheckError(`${where}: HCL syntax error${summary}: Terraform would refuse this file; fix it there (terraform validate shows the whole message) and run check again.`);
}

/** Parses HCL text to its JSON form: exit 2 with the parser's position for a syntax error. */
export async function parseHcl(file: string, text: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = await hcl2json().parse("input.tf", text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw syntaxError(file, error);
  }
  // HashiCorp's parser answers a body as an object; anything else is not a configuration this reads: never "empty".
  if (!isRecord(parsed)) throw new CheckError(`${displayPath(file)}: the HCL parser returned no configuration body for this file; check a plan of it instead.`);
  return parsed;
}

/** Reads one `.tf` file: its resource, data, module, variable and locals blocks, each with the line it starts on. */
export async function readHclFile(file: string, text: string): Promise<HclFile> {
  const parsed = await parseHcl(file, text);
  const positions = topLevelBlocks(text);
  // The k-th block of one keyword and labels in the parser's output is the k-th such block in the source.
  const used = new Map<string, number>();
  const lineOf = (keyword: string, labels: readonly string[]): number => {
    const key = JSON.stringify([keyword, ...labels]);
    const skip = used.get(key) ?? 0;
    used.set(key, skip + 1);
    const matches = positions.filter((p) => p.keyword === keyword && p.labels.length === labels.length && p.labels.every((l, index) => l === labels[index]));
    return matches[skip]?.line ?? matches[0]?.line ?? 1;
  };
  const blocks: TerraformBlock[] = [];
  for (const mode of ["resource", "data"] as const) {
    const types = parsed[mode];
    if (!isRecord(types)) continue;
    for (const [type, names] of Object.entries(types)) {
      if (!isRecord(names)) continue;
      for (const [name, value] of Object.entries(names)) {
        for (const body of bodiesOf(value)) {
          const line = lineOf(mode, [type, name]);
          blocks.push({ mode: mode === "data" ? "data" : "managed", type, name, body, file, line, offset: 0 });
        }
      }
    }
  }
  // The parser's output is ordered by name; the report follows the source.
  blocks.sort((a, b) => a.line - b.line);
  const labelled = (keyword: string): HclLabelledBlock[] => {
    const all = parsed[keyword];
    if (!isRecord(all)) return [];
    return Object.entries(all)
      .flatMap(([name, value]) => bodiesOf(value).map((body) => ({ name, body, file, line: lineOf(keyword, [name]) })))
      .sort((a, b) => a.line - b.line);
  };
  return { file, blocks, moduleCalls: labelled("module"), variables: labelled("variable"), locals: bodiesOf(parsed["locals"]) };
}
