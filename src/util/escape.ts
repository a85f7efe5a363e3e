/*
 * The one way data (feature, class, line and study names, parameter values, paths) reaches markup:
 * escaped as HTML/SVG text or attribute value, or as JSON inside a <script> element.
 */

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Characters XML forbids even as references (controls, lone surrogates): an SVG holding one does not parse. */
const NOT_XML = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text or a quoted attribute value in HTML or SVG: `& < > " '` become entities, characters XML forbids become U+FFFD. */
export function escapeHtml(s: string | number): string {
  return String(s).replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITY[c]);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` as \u escapes, so no
 * `</script>` or `<!--` ends or changes the element, and U+2028/U+2029 too, so the text stays valid
 * as a JavaScript literal. JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
