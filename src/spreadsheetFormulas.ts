/**
 * CSV injection (OWASP): a spreadsheet opening a CSV runs a cell that starts with `=`, `+`, `-` or `@` as a
 * formula (and tab or carriage return can smuggle one past a trimming reader), so text a member typed could make
 * another member's spreadsheet fetch a URL or run a command. Exports prefix such cells with `'`, which every
 * spreadsheet shows as text and hides. The encoding is reversible: a cell that already starts with quotes before
 * such a character gets one more, and Marquee's importers take one off, so an export read back is unchanged.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALIZED = /^'+[=+\-@\t\r]/;

/** The cell a spreadsheet will show as text. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes `neutralizeFormula` (importers call it on the free-text cells that exports neutralize). */
export function restoreFormula(text: string): string {
  return NEUTRALIZED.test(text) ? text.slice(1) : text;
}
