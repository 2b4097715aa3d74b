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

/**
 * Refusals of a write that the member cannot fix and a retry later may overcome: the file system's (space, a
 * read-only mount) and PostgreSQL's, by SQLSTATE (53100 disk_full, 25006 read_only_sql_transaction: a database
 * out of space, or a read-only replica or `default_transaction_read_only` after a failover). pg puts the SQLSTATE
 * in `code` where Node puts the errno name; the two sets cannot be confused (five digits and letters, against E…).
 */
const STORAGE_REFUSALS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', '53100', '25006']);

/**
 * The store could not write (disk full, DATA_DIR read-only or not writable, the database full or read-only). The
 * store rejects such a write before anything of it is acknowledged or kept in memory, so the member can be told
 * that nothing was recorded.
 */
export function isStorageRefusal(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && STORAGE_REFUSALS.has(code);
}

export const STORAGE_REFUSED_MESSAGE =
  'I could not save that: the disk Marquee keeps its data on is full or read-only, so nothing was recorded. Please try again later; the server’s admins can see the cause in Marquee’s log.';
