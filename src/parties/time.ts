import * as chrono from 'chrono-node';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { quote, UserError } from '../errors.js';
import type { DateOrder } from '../store/schema.js';

/** Parties are planned at most this far ahead (Discord keeps Scheduled Events for a few years; a club plans weeks). */
export const PARTY_HORIZON_DAYS = 366;
export const WHEN_MAX_LENGTH = 100;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const EXAMPLES = '“friday 9pm”, “tomorrow 20:30”, “in 2 hours” or “2024-07-05 21:00”';

export interface PartyTime {
  start: Date;
  /** When the member gave a range ("friday 9pm to 11:30pm"). */
  end?: Date;
  /** The IANA zone the text was read in. */
  zone: string;
  /** The part of the text that was read as a time. */
  matched: string;
  /** The start does not depend on the zone it was read in: a duration ("in 2 hours") or a zone written in the text. */
  zoneFree: boolean;
}

export interface ParseTimeOptions {
  /** IANA zone of the server (`config.timezone`); UTC when unset. */
  zone?: string;
  /** How the server reads 05/06 (`/config date-format`); unset, such a date is refused as ambiguous. */
  dateOrder?: DateOrder | undefined;
  now: Date;
}

const WhenInput = z
  .string()
  .transform((text) => text.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'Say when the party starts.').max(WHEN_MAX_LENGTH, `Keep the time under ${WHEN_MAX_LENGTH} characters.`));

/**
 * Reads a party's start time written in natural language, in the server's time zone. Wall-clock times ("friday
 * 9pm", "tomorrow 20:30") are placed with the zone's rules on that day, so they are right across DST changes;
 * durations ("in 2 hours") count real elapsed time from `now`; an explicit offset or zone in the text wins.
 *
 * Day rules: a bare time is today's if still ahead, else tomorrow's; a bare weekday is the next such day on which
 * that time is still ahead (today included); a date without a year is the next one ahead. A wall-clock time that
 * occurs twice (the night clocks go back) means the first of the two; one that does not exist (clocks jump
 * forward) is refused. Anything in the past, more than a year ahead, ambiguous or unreadable is a UserError.
 */
export function parsePartyTime(input: string, options: ParseTimeOptions): PartyTime {
  const parsedInput = WhenInput.safeParse(input);
  if (!parsedInput.success) throw new UserError(parsedInput.error.issues[0]!.message);
  const zone = resolveZone(options.zone);
  const now = options.now;
  // "21h" / "21h30" (common outside English) would otherwise read as a duration of 21 hours.
  const text = parsedInput.data.replace(/\b(\d{1,2})h(\d{2})?\b/gi, (_, hour: string, minute?: string) => `${hour}:${minute ?? '00'}`);

  const referenceOffset = IANAZone.create(zone).offset(now.getTime());
  // chrono's English parser reads 05/06 month first; its British one day first.
  const parser = options.dateOrder === 'day-first' ? chrono.en.GB : chrono.en;
  const results = parser.parse(text, { instant: now, timezone: referenceOffset });
  const shown = quote(parsedInput.data, 60);
  if (results.length === 0) throw new UserError(`I couldn't read ${shown} as a time. Try ${EXAMPLES}.`);
  if (results.length > 1) {
    throw new UserError(`${shown} names more than one time (${results.map((result) => quote(result.text, 60)).join(', ')}); give just one.`);
  }
  const result = results[0]!;
  checkLeftover(text, result);
  if (!options.dateOrder) checkNumericDate(result);

  const start = resolveStart(result, zone, now);
  const end = result.end ? resolveEnd(result.end, start, zone, result.text) : undefined;

  if (start.getTime() <= now.getTime()) {
    throw new UserError(`${formatPartyTime(start, zone)} has already passed; give a time in the future.`);
  }
  if (start.getTime() > now.getTime() + PARTY_HORIZON_DAYS * DAY) {
    throw new UserError(`${formatPartyTime(start, zone)} is more than a year away; parties can be planned up to a year ahead.`);
  }
  if (end && end.getTime() <= start.getTime()) throw new UserError('The party must end after it starts.');
  if (end && end.getTime() - start.getTime() > DAY) throw new UserError('A party can last at most 24 hours.');
  const zoneFree = result.tags().has('result/relativeDateAndTime') || result.start.isCertain('timezoneOffset');
  return { start, ...(end ? { end } : {}), zone, matched: result.text, zoneFree };
}

/** The server's zone, or UTC. Stored zones are validated on write; an unknown one here is a bug, not the user's. */
export function resolveZone(zone: string | undefined): string {
  if (zone === undefined) return 'UTC';
  if (!IANAZone.isValidZone(zone)) throw new Error(`Unknown time zone ${zone}`);
  return zone;
}

/** "Friday 21 June 2024, 21:00 CEST" — for messages; the Discord layer also shows a `<t:…>` timestamp. */
export function formatPartyTime(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone: resolveZone(zone) }).setLocale('en-GB').toFormat('cccc d LLLL yyyy, HH:mm ZZZZ');
}

/** "23:30" — an end time shown after its start. */
export function formatPartyClock(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone: resolveZone(zone) }).toFormat('HH:mm');
}

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export function dayIn(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone: resolveZone(zone) }).toISODate()!;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/**
 * The instant a wall-clock time denotes in a zone: the earlier one when the time occurs twice (clocks going
 * back), `undefined` when it does not occur (clocks jumping forward). Independent of the host's own zone.
 */
export function wallTimeToInstant(zone: string, wall: WallTime): Date | undefined {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
  const tz = IANAZone.create(zone);
  // The offsets in force around that day are the only candidates (zones change offset at most once a day).
  const candidates = new Set([asUtc - DAY, asUtc, asUtc + DAY].map((probe) => asUtc - tz.offset(probe) * MINUTE));
  const matches = [...candidates].filter((instant) => instant + tz.offset(instant) * MINUTE === asUtc).sort((a, b) => a - b);
  return matches.length > 0 ? new Date(matches[0]!) : undefined;
}

// ── Internals ────────────────────────────────────────────────────────────────────────────────────────────────

/** Words around a time that carry no meaning of their own ("on friday at 9pm", "starting tomorrow 20:30"). */
const FILLER = /\b(?:at|on|the|this|from|starting|start|starts|around|about|by|for|o'?clock)\b|[@,.;:!?()-]/gi;

function checkLeftover(text: string, result: chrono.ParsedResult): void {
  const leftover = (text.slice(0, result.index) + ' ' + text.slice(result.index + result.text.length)).replace(FILLER, ' ').trim();
  if (!/[\p{L}\p{N}]/u.test(leftover)) return;
  if (/^\d{1,2}$/.test(leftover)) throw ambiguousHour(Number(leftover));
  throw new UserError(`I understood ${quote(result.text, 60)} but not ${quote(leftover.replace(/\s+/g, ' '), 60)}. Try ${EXAMPLES}.`);
}

/** 05/06 is 5 June in most of the world and May 6 in the US: refuse to guess when both readings are dates. */
function checkNumericDate(result: chrono.ParsedResult): void {
  const { start } = result;
  if (!result.tags().has('parser/SlashDateFormatParser')) return;
  const day = start.get('day')!;
  const month = start.get('month')!;
  if (day <= 12 && month <= 12 && day !== month) {
    throw new UserError(
      `Is ${quote(result.text, 60)} day/month or month/day? Write the month's name (“5 June”) or 2024-06-05, or ask a moderator to set \`/config date-format\`.`,
    );
  }
}

function ambiguousHour(hour: number): UserError {
  return new UserError(`Is that ${hour} in the morning or the evening? Write “${hour}pm” or “${hour + 12}:00”.`);
}

function wallOf(components: chrono.ParsedComponents): WallTime {
  return {
    year: components.get('year')!,
    month: components.get('month')!,
    day: components.get('day')!,
    hour: components.get('hour')!,
    minute: components.get('minute')!,
    second: components.get('second') ?? 0,
  };
}

function resolveStart(result: chrono.ParsedResult, zone: string, now: Date): Date {
  const { start } = result;
  // A duration ("in 2 hours"): chrono added it to the reference wall clock at the reference offset, so undoing
  // that offset gives now + duration exactly, whatever DST does in between.
  if (result.tags().has('result/relativeDateAndTime')) return instantAtOffset(wallOf(start), start.get('timezoneOffset')!);
  if (start.isCertain('timezoneOffset')) {
    // An explicit zone ("9pm UTC"): a bare time, or a bare weekday, still means the next one ahead (chrono reads
    // "friday" as the nearest friday, which may be last week's).
    const instant = instantAtOffset(wallOf(start), start.get('timezoneOffset')!);
    if (start.isCertain('day') || instant.getTime() > now.getTime()) return instant;
    if (!start.isCertain('weekday')) return new Date(instant.getTime() + DAY);
    if (/\b(?:next|last|past|previous)\b/i.test(result.text)) return instant;
    let ahead = instant.getTime();
    while (ahead <= now.getTime()) ahead += 7 * DAY;
    return new Date(ahead);
  }
  if (!start.isCertain('hour')) {
    throw new UserError(`Say what time on ${quote(result.text, 60)} the party starts, e.g. “${result.text} 9pm”.`);
  }
  const hour = start.get('hour')!;
  if (!start.isCertain('meridiem') && hour >= 1 && hour <= 11 && !/\d[:.]\d/.test(result.text)) throw ambiguousHour(hour);

  const time = { hour, minute: start.get('minute')!, second: start.get('second') ?? 0 };
  const at = (date: DateTime): Date => placeWallTime(zone, { year: date.year, month: date.month, day: date.day, ...time });
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');

  if (start.isCertain('day')) {
    const wall = wallOf(start);
    let instant = placeWallTime(zone, { ...wall, ...time });
    if (!start.isCertain('year') && instant.getTime() <= now.getTime()) {
      instant = placeWallTime(zone, { ...wall, ...time, year: wall.year + 1 });
    }
    return instant;
  }
  if (start.isCertain('weekday')) {
    // "next friday" / "last friday" keep chrono's reading of the modifier; a plain weekday is the nearest ahead.
    if (/\b(?:next|last|past|previous)\b/i.test(result.text)) return placeWallTime(zone, { ...wallOf(start), ...time });
    const weekday = start.get('weekday')! === 0 ? 7 : start.get('weekday')!; // chrono: 0 = Sunday; luxon: 7
    for (let offset = 0; offset <= 7; offset++) {
      const day = today.plus({ days: offset });
      if (day.weekday !== weekday) continue;
      const instant = at(day);
      if (instant.getTime() > now.getTime()) return instant;
    }
  }
  const todayAt = at(today);
  return todayAt.getTime() > now.getTime() ? todayAt : at(today.plus({ days: 1 }));
}

/** An end time without a day may run past midnight ("9pm to 1am") for at most this long; later, it is a slip. */
const OVERNIGHT_MAX_HOURS = 12;

function resolveEnd(end: chrono.ParsedComponents, start: Date, zone: string, said: string): Date {
  if (end.isCertain('timezoneOffset')) return instantAtOffset(wallOf(end), end.get('timezoneOffset')!);
  const time = { hour: end.get('hour')!, minute: end.get('minute')!, second: end.get('second') ?? 0 };
  // chrono carries the start's day over to an end written as a bare time ("tomorrow 9pm to 8pm"), and moves it a
  // day on when it is earlier: only a day written in the end itself counts as one.
  if (end.isCertain('day') && !endIsBareTime(said)) return placeWallTime(zone, { ...wallOf(end), ...time });
  let day = DateTime.fromJSDate(start, { zone }).startOf('day');
  let instant = placeWallTime(zone, { year: day.year, month: day.month, day: day.day, ...time });
  if (instant.getTime() > start.getTime()) return instant;
  // "9pm to 1am" ends the next morning; "9pm to 8pm" is an end before the start, not a 23-hour party.
  day = day.plus({ days: 1 });
  instant = placeWallTime(zone, { year: day.year, month: day.month, day: day.day, ...time });
  if (instant.getTime() - start.getTime() > OVERNIGHT_MAX_HOURS * 60 * MINUTE) {
    throw new UserError(
      `In ${quote(said, 60)} the party would end (${formatPartyClock(instant, zone)}) before it starts (${formatPartyClock(start, zone)}). ` +
        'Give an end after the start, e.g. “9pm to 11:30pm”; a party past midnight ends the next morning (“9pm to 1am”).',
    );
  }
  return instant;
}

/** The end of a range is a time alone: "…to 8pm", "…-23:30", "…until 1am". */
function endIsBareTime(range: string): boolean {
  const end = (/\b(?:to|until|till)\b\s*(.*)$/i.exec(range) ?? /[-–—]\s*([^-–—]*)$/.exec(range))?.[1] ?? '';
  return /^\s*\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?\s*$/i.test(end);
}

function instantAtOffset(wall: WallTime, offsetMinutes: number): Date {
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0) - offsetMinutes * MINUTE);
}

function placeWallTime(zone: string, wall: WallTime): Date {
  const instant = wallTimeToInstant(zone, wall);
  if (instant) return instant;
  const shifted = DateTime.fromObject({ ...wall }, { zone }); // luxon moves a skipped time forward by the gap
  const day = DateTime.fromObject({ year: wall.year, month: wall.month, day: wall.day }, { zone }).setLocale('en-GB');
  const clock = `${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}`;
  throw new UserError(
    `${clock} does not exist on ${day.toFormat('cccc d LLLL yyyy')} in ${zone}: the clocks jump forward that night. ` +
      `Pick another time, such as ${shifted.toFormat('HH:mm')}.`,
  );
}

