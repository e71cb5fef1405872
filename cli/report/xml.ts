/**
 * XML 1.0 text for any string: the five markup characters escaped, and the characters XML 1.0 cannot carry
 * at all, not even as a reference (C0 controls other than tab, LF and CR; lone surrogates; U+FFFE, U+FFFF),
 * replaced with U+FFFD, so that a resource name or message never makes the document unparseable.
 * https://www.w3.org/TR/xml/#charsets
 */
// eslint-disable-next-line no-control-regex -- these control characters are exactly what XML 1.0 forbids
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, "\uFFFD");
}

/** Element content. `>` is escaped too, so `]]>` can never appear. */
export function escapeXmlText(text: string): string {
  return xmlChars(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * An attribute value in double quotes. Tab, LF and CR become character references: a parser normalizes them
 * to spaces otherwise (attribute-value normalization, XML 1.0 §3.3.3).
 */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}

/** `name="value"` pairs in the given order; undefined values are left out. */
export function xmlAttributes(attributes: Record<string, string | number | undefined>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join("");
}
