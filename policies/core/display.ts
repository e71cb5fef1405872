/**
 * Text from an input (a resource name, a `for_each` key, a path, an exemption reason) is shown to people in a
 * terminal, a CI log or an annotation. Characters that move the cursor, clear a line, switch a terminal mode or
 * reorder what is shown would let a file rewrite the line a reviewer reads (`"x\u001b[2K\rFAKE ✔ all good"`).
 * They are shown as visible escapes instead; everything else, non-Latin text included, stays as written.
 *
 * | characters                                              | shown as                    |
 * |---------------------------------------------------------|-----------------------------|
 * | line feed, carriage return, tab                         | `\n`, `\r`, `\t`            |
 * | other C0 controls (U+0000–U+001F: ESC, BEL, BS, …), DEL | `\u001b`, `\u0007`, `\u007f` |
 * | C1 controls (U+0080–U+009F, including CSI U+009B, NEL)  | `\u009b`, `\u0085`          |
 * | bidirectional controls (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069) | `\u202e`, … |
 * | zero-width and invisible format characters (U+200B–U+200D, U+2060–U+2064, U+FEFF) | `\u200b`, … |
 * | line and paragraph separators (U+2028, U+2029)          | `\u2028`, `\u2029`          |
 * | interlinear annotation characters (U+FFF9–U+FFFB)       | `\ufff9`, …                 |
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_SHOWN_AS_IS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function visibleEscape(character: string): string {
  return NAMED[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** `text` with every character in the table above replaced by its visible escape (all of them, not the first). */
export function escapeForDisplay(text: string): string {
  NOT_SHOWN_AS_IS.lastIndex = 0;
  return NOT_SHOWN_AS_IS.test(text) ? text.replace(NOT_SHOWN_AS_IS, visibleEscape) : text;
}

/** True when `text` holds a character {@link escapeForDisplay} would escape. */
export function hasDisplayControl(text: string): boolean {
  NOT_SHOWN_AS_IS.lastIndex = 0;
  return NOT_SHOWN_AS_IS.test(text);
}
