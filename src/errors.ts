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
