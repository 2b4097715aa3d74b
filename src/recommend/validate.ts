import type { z } from 'zod';
import { Snowflake } from '../config.js';
import { UserError } from '../errors.js';

/** Validates options from the command layer; a bad value becomes a UserError naming it. */
export function parseOptions<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`Invalid ${what}: ${issue ? `${issue.path.join('.') || 'value'} — ${issue.message}` : 'unknown problem'}.`);
  }
  return parsed.data;
}

export function parseUserId(userId: string): string {
  const parsed = Snowflake.safeParse(userId);
  if (!parsed.success) throw new UserError('That is not a member of this server.');
  return parsed.data;
}
