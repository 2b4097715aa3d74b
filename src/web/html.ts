/**
 * A tiny HTML template: `html\`<p>${text}</p>\`` escapes every interpolated value unless it is already `Html`
 * (built by `html` itself, or `trusted` for the few fixed strings the code writes). Arrays are joined, and
 * `undefined`, `null` and `false` print nothing, so conditionals read naturally. User and catalog text can only
 * ever enter a page escaped.
 */

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

export type Interpolated = Html | string | number | boolean | null | undefined | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Markup the code itself wrote (never data). */
export function trusted(text: string): Html {
  return new Html(text);
}

/** A path built from segments, each percent-encoded (ids come from data). */
export function path(...segments: (string | number)[]): string {
  return '/' + segments.map((segment) => encodeURIComponent(String(segment))).join('/');
}

/**
 * The domain's messages are written for Discord, where names are shown as typed by escaping markdown with a
 * backslash (errors.ts `literal`); a web page shows text as it is, so the escapes come off (the exact inverse).
 */
export function withoutMarkdownEscapes(text: string): string {
  return text.replace(/\\([\\*_~`|[\]])/g, '$1');
}
