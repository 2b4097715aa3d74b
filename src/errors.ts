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

/** File-system refusals of a write that the member cannot fix and a retry later may overcome (space, a read-only mount). */
const STORAGE_REFUSALS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM']);

/**
 * The store could not write (disk full, DATA_DIR read-only or not writable). The store rejects such a write before
 * anything of it is acknowledged or kept in memory, so the member can be told that nothing was recorded.
 */
export function isStorageRefusal(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && STORAGE_REFUSALS.has(code);
}

export const STORAGE_REFUSED_MESSAGE =
  'I could not save that: the disk Marquee keeps its data on is full or read-only, so nothing was recorded. Please try again later; the server’s admins can see the cause in Marquee’s log.';
