import { DateTime } from 'luxon';
import type { Film } from '../catalog/schema.js';
import { FIRST_FILM_YEAR } from '../catalog/schema.js';
import { quote, UserError } from '../errors.js';
import { CalendarDate } from '../store/schema.js';

export const EARLIEST_WATCH_DATE = `${FIRST_FILM_YEAR}-01-01`;

/** Today's date (YYYY-MM-DD) in an IANA zone (UTC when unset). */
export function todayIn(zone: string | undefined, now: Date): string {
  return DateTime.fromJSDate(now, { zone: zone ?? 'UTC' }).toISODate()!;
}

/**
 * Validates a watch date given by a member. "In the future" means after today everywhere on Earth (UTC+14), so
 * a member whose evening is already tomorrow somewhere is never told their "today" is in the future.
 */
export function parseWatchDate(input: string, now: Date, film?: Film): string {
  const date = input.trim();
  if (!CalendarDate.safeParse(date).success) {
    // Written as asked, but a day that does not exist (30 February): saying how to write a date would not help.
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UserError(`${quote(date, 40)} is not a date on the calendar.`);
    throw new UserError(`${quote(date, 40)} is not a date; write it as YYYY-MM-DD, e.g. 2024-05-17.`);
  }
  if (date > todayIn('UTC+14', now)) throw new UserError(`${date} is in the future; log a film once you have seen it.`);
  if (date < EARLIEST_WATCH_DATE) throw new UserError(`${date} is before ${FIRST_FILM_YEAR}, when cinema began.`);
  // One year of slack: festival screenings come before the catalog's release year.
  if (film && Number(date.slice(0, 4)) < film.year - 1) {
    throw new UserError(`${film.title} came out in ${film.year}; a watch on ${date} is before that.`);
  }
  return date;
}
