import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { Film } from '../catalog/schema.js';
import { quote, UserError } from '../errors.js';
import type { DateOrder } from '../store/schema.js';
import { parseWatchDate } from './dates.js';

export interface WatchDateOptions {
  /** The server's IANA zone (UTC when unset): what "today" and "yesterday" mean. */
  zone?: string | undefined;
  /** How the server reads 05/06/2024 (`/config date-format`); day first when unset. */
  dateOrder?: DateOrder | undefined;
  now: Date;
  film?: Film;
}

export interface WatchDate {
  /** YYYY-MM-DD. */
  date: string;
  /** How an ambiguous numeric date was read, for the confirmation: "05/06/2024 read day first, as 5 June 2024". */
  reading?: string;
}

const TRY = 'Try 2024-05-17, "May 17", "yesterday", "last friday" or "last christmas"';

/**
 * A watch date as members type it — "2024-05-17", "yesterday", "last friday", "17 May 2024", "May 17",
 * "05/06/2024", "last christmas" — read in the server's time zone and then checked by the diary's rules (not in the
 * future, not before cinema, not long before the film's release). A date is always in the past, so a day without a
 * year ("May 17") or a holiday ("christmas") is the most recent such day; "last christmas" is the one before
 * this year's when that has not come yet, like "last May 17" would be.
 */
export function readWatchDate(input: string, options: WatchDateOptions): WatchDate {
  const text = input.trim().replace(/\s+/g, ' ');
  const { now, film } = options;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { date: parseWatchDate(text, now, film) };
  const today = DateTime.fromJSDate(now, { zone: options.zone ?? 'UTC' }).startOf('day');
  const checked = (day: DateTime, reading?: string): WatchDate => {
    const date = day.toISODate()!;
    // Relative words ("tomorrow", "next friday") are read from the server's today, so that is the bound here.
    if (date > today.toISODate()!) throw new UserError(`${date} is in the future; log a film once you have seen it.`);
    return { date: parseWatchDate(date, now, film), ...(reading ? { reading } : {}) };
  };

  const holiday = readHoliday(text, today);
  if (holiday) return checked(holiday);
  // chrono reads "last night" as the coming midnight once it is past 6 a.m., and by the machine's clock, not the
  // server's zone; a film watched last night was watched on the evening of the day before today.
  if (/^last night$/i.test(text)) return checked(today.minus({ days: 1 }));
  const numeric = readNumericDate(text, today, options.dateOrder ?? 'day-first');
  if (numeric) return checked(numeric.day, numeric.reading);

  const reference = { instant: now, timezone: today.offset };
  const parsed = chrono.parse(text, reference, { forwardDate: false })[0];
  if (!parsed || parsed.text.trim().length < text.replace(/[.!]$/, '').length * 0.6) {
    throw new UserError(`${quote(text, 40)} is not a date I can read. ${TRY}.`);
  }
  const { start } = parsed;
  let day = DateTime.fromObject({ year: start.get('year')!, month: start.get('month')!, day: start.get('day')! }, { zone: today.zone });
  if (!day.isValid) throw new UserError(`${quote(text, 40)} is not a date on the calendar. ${TRY}.`);
  // chrono picks the nearest such day, which may be ahead; a watch date without a year is the most recent one.
  if (start.isCertain('month') && start.isCertain('day') && !start.isCertain('year') && day > today) day = day.minus({ years: 1 });
  // Likewise a bare weekday: chrono takes the nearest one, so on a Thursday "saturday" would be the coming one.
  // "next saturday" or "this saturday" still mean what they say.
  if (start.isCertain('weekday') && !start.isCertain('day') && day > today && !/\b(?:next|this|coming)\b/i.test(text)) day = day.minus({ weeks: 1 });
  return checked(day);
}

// ── Holidays ───────────────────────────────────────────────────────────────────────────────────────────────────

type DayOfYear = (year: number) => { month: number; day: number };
const fixed =
  (month: number, day: number): DayOfYear =>
  () => ({ month, day });

/** Easter Sunday (Gregorian), by the anonymous Meeus/Jones/Butcher algorithm. */
function easter(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return { month, day: ((h + l - 7 * m + 114) % 31) + 1 };
}

/** US Thanksgiving: the fourth Thursday of November. */
function thanksgiving(year: number): { month: number; day: number } {
  const first = DateTime.fromObject({ year, month: 11, day: 1 });
  return { month: 11, day: 1 + ((4 - first.weekday + 7) % 7) + 21 };
}

const HOLIDAYS: [RegExp, DayOfYear][] = [
  [/^christmas eve$/, fixed(12, 24)],
  [/^(?:christmas|xmas)(?: day)?$/, fixed(12, 25)],
  [/^boxing day$/, fixed(12, 26)],
  [/^new year'?s eve$/, fixed(12, 31)],
  [/^new year'?s(?: day)?$/, fixed(1, 1)],
  [/^halloween$/, fixed(10, 31)],
  [/^(?:saint |st\.? )?valentine'?s(?: day)?$/, fixed(2, 14)],
  [/^(?:saint |st\.? )?patrick'?s day$/, fixed(3, 17)],
  [/^(?:independence day|(?:the )?fourth of july|july 4th)$/, fixed(7, 4)],
  [/^bastille day$/, fixed(7, 14)],
  [/^easter(?: sunday)?$/, easter],
  [/^thanksgiving(?: day)?$/, thanksgiving],
];

/**
 * "christmas", "last christmas", "christmas 2019", "easter": the most recent such day (today included);
 * with "last", the one before that when it is today or still to come this year.
 */
function readHoliday(text: string, today: DateTime): DateTime | undefined {
  const match = /^(?:(last|this) )?(.+?)(?: (\d{4}))?$/i.exec(text.toLowerCase().replace(/’/g, "'"));
  if (!match) return undefined;
  const [, which, name, year] = match;
  const rule = HOLIDAYS.find(([pattern]) => pattern.test(name!))?.[1];
  if (!rule) return undefined;
  const on = (y: number) => DateTime.fromObject({ year: y, ...rule(y) }, { zone: today.zone });
  if (year) return on(Number(year));
  const thisYear = on(today.year);
  if (which?.toLowerCase() === 'last') return thisYear < today ? thisYear : on(today.year - 1);
  return thisYear <= today ? thisYear : on(today.year - 1);
}

// ── Numeric dates ──────────────────────────────────────────────────────────────────────────────────────────────

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * "05/06/2024", "5.6.24", "17/05": day first or month first by the server's setting when both readings are dates,
 * otherwise the one that is (17/05 can only be 17 May). Without a year, the most recent such day.
 */
function readNumericDate(text: string, today: DateTime, order: DateOrder): { day: DateTime; reading?: string } | undefined {
  const match = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$/.exec(text);
  if (!match) return undefined;
  const [first, second] = [Number(match[1]), Number(match[2])];
  const ambiguous = first <= 12 && second <= 12 && first !== second;
  const dayFirst = first > 12 ? true : second > 12 ? false : order === 'day-first';
  const [day, month] = dayFirst ? [first, second] : [second, first];
  let year = today.year;
  if (match[3]) {
    year = Number(match[3]);
    // Two digits: this century unless that is ahead of us ("99" is 1999).
    if (match[3].length === 2) year += year + 2000 > today.year ? 1900 : 2000;
  }
  let date = DateTime.fromObject({ year, month, day }, { zone: today.zone });
  if (!date.isValid) throw new UserError(`${quote(text, 40)} is not a date on the calendar (read ${dayFirst ? 'day' : 'month'} first). ${TRY}.`);
  if (!match[3] && date > today) date = date.minus({ years: 1 });
  if (!ambiguous) return { day: date };
  const shown = `${day} ${MONTHS[month - 1]} ${date.year}`;
  return { day: date, reading: `${text} read ${dayFirst ? 'day' : 'month'} first, as ${shown}` };
}
