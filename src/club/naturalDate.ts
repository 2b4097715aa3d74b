import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { quote, UserError } from '../errors.js';
import { parseWatchDate } from './dates.js';
import type { Film } from '../catalog/schema.js';

/**
 * A watch date as members type it — "2024-05-17", "yesterday", "last friday", "17 May 2024" —
 * read in the server's time zone and then checked by the diary's rules (not in the future, not
 * before cinema, not long before the film's release).
 */
export function resolveWatchDate(input: string, zone: string | undefined, now: Date, film?: Film): string {
  const text = input.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return parseWatchDate(text, now, film);
  const zoneName = zone ?? 'UTC';
  const reference = DateTime.fromJSDate(now, { zone: zoneName });
  const parsed = chrono.parse(text, { instant: now, timezone: reference.offset }, { forwardDate: false })[0];
  if (!parsed || parsed.text.trim().length < text.replace(/[.!]$/, '').length * 0.6) {
    throw new UserError(`${quote(text, 40)} is not a date I can read. Try 2024-05-17, "yesterday" or "last friday".`);
  }
  const day = DateTime.fromJSDate(parsed.start.date(), { zone: zoneName }).toISODate()!;
  // Relative words ("tomorrow", "next friday") are read from the server's today, so that is the bound here.
  if (day > reference.toISODate()!) throw new UserError(`${day} is in the future; log a film once you have seen it.`);
  return parseWatchDate(day, now, film);
}
