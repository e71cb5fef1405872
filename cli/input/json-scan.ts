/**
 * Reads large JSON documents (plans and states of thousands of resources) without building the whole
 * document in memory: the readers walk to the arrays that hold resources, look at a few small fields
 * of each element, and `JSON.parse` only the elements of the Redis family. Everything else is skipped
 * byte by byte, checking only that brackets match and strings end, so a truncated file is still an
 * error, while the bytes are held once (a Buffer, never also a string of the whole file).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Where a document stops being JSON, in words fit for a one-line error. */
export class JsonScanError extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
    this.name = "JsonScanError";
  }
}

export type JsonKind = "object" | "array" | "string" | "number" | "true" | "false" | "null";

/** One member of an object: its key and where its value starts and ends (`end` is exclusive). */
export interface JsonMember {
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`: the escapes JSON has besides `\uXXXX`. */
const SIMPLE_ESCAPES: ReadonlySet<number> = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

function isHexDigit(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));
}

/**
 * The deepest nesting read. Terraform plans and states and Pulumi exports nest a few dozen levels; a deeper
 * document is refused with its position, so no reader (and no rule walking a value) can overflow a stack.
 */
export const MAX_JSON_DEPTH = 256;

export class JsonDocument {
  private readonly length: number;
  /** The same bytes as a Buffer, to decode slices without allocating a view for each. */
  private readonly text: Buffer;
  /** Open brackets while skipping a value, so `{]` is caught; grows for deep documents. */
  private stack = new Uint8Array(256);

  constructor(readonly bytes: Uint8Array) {
    this.length = bytes.length;
    this.text = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  }

  /**
   * The document's top-level object by key, read in one pass that also proves the file is whole (the
   * object closes, nothing follows it); `undefined` when the document is valid JSON but not an object.
   */
  rootObject(): Map<string, JsonMember> | undefined {
    const start = this.skipWhitespace(0);
    if (start >= this.length) throw new JsonScanError(start, "the file is empty");
    const kind = this.kindAt(start);
    let end: number;
    let members: Map<string, JsonMember> | undefined;
    if (kind === "object") {
      members = new Map();
      for (const member of this.members(start)) members.set(member.key, member);
      end = this.skipWhitespace(members.size === 0 ? start + 1 : [...members.values()].reduce((last, m) => Math.max(last, m.end), 0)) + 1;
    } else {
      end = this.skipValue(start);
    }
    const rest = this.skipWhitespace(end);
    if (rest < this.length) throw new JsonScanError(rest, "there is more after the JSON value");
    return members;
  }

  kindAt(position: number): JsonKind {
    const byte = this.bytes[position];
    switch (byte) {
      case OPEN_BRACE:
        return "object";
      case OPEN_BRACKET:
        return "array";
      case QUOTE:
        return "string";
      case 0x74:
        return "true";
      case 0x66:
        return "false";
      case 0x6e:
        return "null";
      default:
        if (byte === 0x2d || (byte !== undefined && byte >= 0x30 && byte <= 0x39)) return "number";
        throw new JsonScanError(position, "expected a JSON value");
    }
  }

  /** The members of the object at `position`, in order. Values are skipped, not parsed. */
  *members(position: number): Generator<JsonMember> {
    if (this.bytes[position] !== OPEN_BRACE) throw new JsonScanError(position, "expected an object");
    let i = this.skipWhitespace(position + 1);
    if (this.bytes[i] === CLOSE_BRACE) return;
    for (;;) {
      if (this.bytes[i] !== QUOTE) throw new JsonScanError(i, i >= this.length ? "the file ends inside an object" : "expected a key");
      const keyEnd = this.skipString(i);
      const key = this.decodeString(i, keyEnd);
      i = this.skipWhitespace(keyEnd);
      if (this.bytes[i] !== COLON) throw new JsonScanError(i, "expected ':' after a key");
      const start = this.skipWhitespace(i + 1);
      const end = this.skipValue(start);
      yield { key, start, end };
      i = this.skipWhitespace(end);
      if (this.bytes[i] === CLOSE_BRACE) return;
      if (this.bytes[i] !== COMMA) throw new JsonScanError(i, i >= this.length ? "the file ends inside an object" : "expected ',' or '}'");
      i = this.skipWhitespace(i + 1);
    }
  }

  /** Where each element of the array at `position` starts and ends. */
  *elements(position: number): Generator<{ readonly start: number; readonly end: number }> {
    if (this.bytes[position] !== OPEN_BRACKET) throw new JsonScanError(position, "expected a list");
    let i = this.skipWhitespace(position + 1);
    if (this.bytes[i] === CLOSE_BRACKET) return;
    for (;;) {
      const end = this.skipValue(i);
      yield { start: i, end };
      i = this.skipWhitespace(end);
      if (this.bytes[i] === CLOSE_BRACKET) return;
      if (this.bytes[i] !== COMMA) throw new JsonScanError(i, i >= this.length ? "the file ends inside a list" : "expected ',' or ']'");
      i = this.skipWhitespace(i + 1);
    }
  }

  /** The members of an object by key (the last one wins, as in JSON.parse); `undefined` when it is no object. */
  memberMap(position: number | undefined): Map<string, JsonMember> | undefined {
    if (position === undefined || this.kindAt(position) !== "object") return undefined;
    const map = new Map<string, JsonMember>();
    for (const member of this.members(position)) map.set(member.key, member);
    return map;
  }

  /** Parses the value between `start` and `end`: only ever called on the small parts a reader needs. */
  parse(start: number, end: number): unknown {
    try {
      return JSON.parse(this.text.toString("utf8", start, end)) as unknown;
    } catch {
      // Node's message quotes the text around the error: say where, never what.
      throw new JsonScanError(start, "a value is not valid JSON");
    }
  }

  /** The 1-based line and column (in bytes) of `offset`, for an error a person can go to. */
  lineAndColumn(offset: number): { readonly line: number; readonly column: number } {
    let line = 1;
    let lineStart = 0;
    const end = Math.min(offset, this.length);
    for (let i = 0; i < end; i++) {
      if (this.bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: end - lineStart + 1 };
  }

  /** A string or scalar member's value, parsed; `undefined` for an object or a list (use the span instead). */
  scalar(member: JsonMember | undefined): unknown {
    if (!member) return undefined;
    const kind = this.kindAt(member.start);
    if (kind === "object" || kind === "array") return undefined;
    // Most scalars read here are short strings without escapes: decode them without JSON.parse.
    if (kind === "string" && !this.hasEscape(member.start + 1, member.end - 1)) return this.text.toString("utf8", member.start + 1, member.end - 1);
    return this.parse(member.start, member.end);
  }

  private hasEscape(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.bytes[i] === BACKSLASH) return true;
    return false;
  }

  /** The line (1-based) of `offset`; call with increasing offsets for a linear total cost. */
  lineCounter(): (offset: number) => number {
    let line = 1;
    let at = 0;
    return (offset) => {
      if (offset < at) {
        line = 1;
        at = 0;
      }
      for (let i = at; i < offset; i++) if (this.bytes[i] === 0x0a) line++;
      at = offset;
      return line;
    };
  }

  private skipWhitespace(i: number): number {
    while (i < this.length && isWhitespace(this.bytes[i])) i++;
    return i;
  }

  /** The position after the string that starts at `i` (a quote), checking its escapes and characters. */
  private skipString(i: number): number {
    const bytes = this.bytes;
    const length = this.length;
    for (let j = i + 1; j < length; j++) {
      const byte = bytes[j]!;
      if (byte === QUOTE) return j + 1;
      if (byte === BACKSLASH) {
        const escaped = bytes[++j];
        if (escaped === 0x75) {
          for (let k = 1; k <= 4; k++) if (!isHexDigit(bytes[j + k])) throw new JsonScanError(j - 1, "a string holds an escape that is not JSON");
          j += 4;
        } else if (escaped === undefined || !SIMPLE_ESCAPES.has(escaped)) {
          if (j >= length) break;
          throw new JsonScanError(j - 1, "a string holds an escape that is not JSON");
        }
      } else if (byte < 0x20) throw new JsonScanError(j, "a string holds a raw control character");
    }
    throw new JsonScanError(length, "the file ends inside a string");
  }

  private decodeString(start: number, end: number): string {
    // Keys are short and almost never escaped: decode directly, and let JSON.parse handle escapes.
    for (let i = start + 1; i < end - 1; i++) if (this.bytes[i] === BACKSLASH || this.bytes[i]! >= 0x80) return this.parse(start, end) as string;
    return this.text.toString("latin1", start + 1, end - 1);
  }

  /**
   * The position after the value that starts at `i`, proving on the way that it is JSON: every string,
   * escape, number, literal, colon and comma is checked, so a file that is not JSON is refused rather than
   * half-read (`{"location": tru, 1 2}` inside a resource is an error here, not skipped). Iterative, with the
   * nesting bounded by {@link MAX_JSON_DEPTH}: no input can overflow a stack, here or in what reads it next.
   * The hot loop of every reader: keep it plain.
   */
  skipValue(i: number): number {
    const bytes = this.bytes;
    let stack = this.stack;
    let depth = 0;
    let j = i;
    for (;;) {
      // A value starts at j.
      const first = bytes[j];
      if (first === OPEN_BRACE || first === OPEN_BRACKET) {
        if (depth === MAX_JSON_DEPTH) throw new JsonScanError(j, `the JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
        if (depth === stack.length) {
          const grown = new Uint8Array(stack.length * 2);
          grown.set(stack);
          this.stack = stack = grown;
        }
        stack[depth++] = first;
        j = this.skipWhitespace(j + 1);
        if (bytes[j] === (first === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
          depth--;
          j++;
        } else {
          if (first === OPEN_BRACE) j = this.skipKey(j);
          continue;
        }
      } else if (first === QUOTE) {
        j = this.skipString(j);
      } else {
        j = this.skipScalar(j);
      }
      // After a value: close what is open, or go on to the next member or element.
      for (;;) {
        if (depth === 0) return j;
        j = this.skipWhitespace(j);
        const open = stack[depth - 1];
        const byte = bytes[j];
        if (byte === COMMA) {
          j = this.skipWhitespace(j + 1);
          if (open === OPEN_BRACE) j = this.skipKey(j);
          break;
        }
        if (byte === (open === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
          depth--;
          j++;
          continue;
        }
        const inside = open === OPEN_BRACE ? "an object" : "a list";
        if (j >= this.length) throw new JsonScanError(j, `the file ends inside ${inside}`);
        throw new JsonScanError(j, open === OPEN_BRACE ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
  }

  /** At a member's key: the position of its value, after the key, the colon and whitespace. */
  private skipKey(i: number): number {
    if (this.bytes[i] !== QUOTE) throw new JsonScanError(i, i >= this.length ? "the file ends inside an object" : "expected a key");
    const j = this.skipWhitespace(this.skipString(i));
    if (this.bytes[j] !== COLON) throw new JsonScanError(j, "expected ':' after a key");
    return this.skipWhitespace(j + 1);
  }

  private skipScalar(i: number): number {
    let j = i;
    while (j < this.length) {
      const byte = this.bytes[j];
      if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isWhitespace(byte)) break;
      j++;
    }
    const token = this.text.toString("latin1", i, j);
    if (token === "true" || token === "false" || token === "null" || (token.length <= 64 && NUMBER.test(token))) return j;
    throw new JsonScanError(i, j >= this.length && j > i ? "the file ends inside a value" : "expected a JSON value");
  }
}
