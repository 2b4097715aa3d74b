/**
 * An error the user caused and can fix (unknown film, bad date, missing permission...).
 * The Discord layer shows its message to the user as an ephemeral reply; any other error is
 * treated as a bug: logged with context, and the user sees a generic apology.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

// Characters Discord reads as Markdown inside a line ("#" and ">" only count at a line's start).
const MARKDOWN = /[\\*_~`|[\]]/g;

/** Text a member typed or the catalog holds, for a message: shown as written, never as formatting. */
export function literal(text: string): string {
  return text.replace(MARKDOWN, '\\$&');
}

/** `literal`, cut to `max` characters and put in quotation marks: “Canon”. */
export function quote(text: string, max = 100): string {
  return `“${literal(text.slice(0, max))}”`;
}
