import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { dayIn, formatPartyTime, parsePartyTime, wallTimeToInstant } from '../../src/parties/time.js';

function at(text: string, zone: string | undefined, now: string): string {
  return parsePartyTime(text, { zone, now: new Date(now) }).start.toISOString();
}

function refusal(text: string, zone: string | undefined, now: string): string {
  try {
    parsePartyTime(text, { zone, now: new Date(now) });
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error(`“${text}” was accepted`);
}

describe('parsePartyTime: the phrases the issue names', () => {
  it('reads a weekday with a time, in UTC when the server has no zone', () => {
    // 2024-06-12 is a Wednesday.
    expect(at('friday 9pm', undefined, '2024-06-12T12:00:00Z')).toBe('2024-06-14T21:00:00.000Z');
  });

  it('reads "tomorrow 20:30", "in 2 hours" and explicit dates in the server zone', () => {
    const now = '2024-06-14T12:00:00Z'; // 14:00 in Paris (CEST, UTC+2)
    expect(at('tomorrow 20:30', 'Europe/Paris', now)).toBe('2024-06-15T18:30:00.000Z');
    expect(at('in 2 hours', 'Europe/Paris', now)).toBe('2024-06-14T14:00:00.000Z');
    expect(at('in 90 minutes', 'Europe/Paris', now)).toBe('2024-06-14T13:30:00.000Z');
    expect(at('2024-07-05 21:00', 'Europe/Paris', now)).toBe('2024-07-05T19:00:00.000Z');
    expect(at('5 July 9pm', 'Europe/Paris', now)).toBe('2024-07-05T19:00:00.000Z');
    expect(at('July 5th at 9:15 pm', 'Europe/Paris', now)).toBe('2024-07-05T19:15:00.000Z');
    expect(at('31/12 21:00', 'Europe/Paris', now)).toBe('2024-12-31T20:00:00.000Z');
  });

  it('reads the same words differently in different zones', () => {
    const now = '2024-06-12T00:00:00Z';
    expect(at('friday 9pm', 'Asia/Tokyo', now)).toBe('2024-06-14T12:00:00.000Z');
    expect(at('friday 9pm', 'America/New_York', now)).toBe('2024-06-15T01:00:00.000Z');
    expect(at('friday 9pm', 'Europe/Paris', now)).toBe('2024-06-14T19:00:00.000Z');
    // Half-hour offset, no DST.
    expect(at('tomorrow 20:30', 'Asia/Kolkata', '2024-06-14T00:00:00Z')).toBe('2024-06-15T15:00:00.000Z');
  });

  it('accepts "21h" and "21h30", common outside English, as clock times rather than durations', () => {
    const now = '2024-06-12T12:00:00Z';
    expect(at('friday 21h', 'Europe/Paris', now)).toBe('2024-06-14T19:00:00.000Z');
    expect(at('21h30', 'Europe/Paris', now)).toBe('2024-06-12T19:30:00.000Z');
  });

  it('honours an explicit zone in the text over the server zone', () => {
    expect(at('9pm UTC', 'Europe/Paris', '2024-06-14T12:00:00Z')).toBe('2024-06-14T21:00:00.000Z');
    // A bare time with a zone that has passed today means tomorrow, as without one.
    expect(at('9am UTC', 'Europe/Paris', '2024-06-14T12:00:00Z')).toBe('2024-06-15T09:00:00.000Z');
  });

  it('reads a weekday with an explicit zone as the next one ahead, as without one (not last week’s)', () => {
    // 2024-06-17 is a Monday: "friday" is the 21st, whether or not a zone is written.
    expect(at('friday 9pm', 'America/New_York', '2024-06-17T12:00:00Z')).toBe('2024-06-22T01:00:00.000Z');
    expect(at('friday 9pm EST', 'America/New_York', '2024-06-17T12:00:00Z')).toBe('2024-06-22T02:00:00.000Z');
    expect(at('friday 21:00 UTC', 'Europe/Paris', '2024-06-17T12:00:00Z')).toBe('2024-06-21T21:00:00.000Z');
    // Today's, while still ahead; a week on once it has passed.
    expect(at('monday 8pm UTC', 'Europe/Paris', '2024-06-17T12:00:00Z')).toBe('2024-06-17T20:00:00.000Z');
    expect(at('monday 8am UTC', 'Europe/Paris', '2024-06-17T12:00:00Z')).toBe('2024-06-24T08:00:00.000Z');
    // "last friday" still means last friday: refused as past.
    expect(refusal('last friday 9pm UTC', 'Europe/Paris', '2024-06-17T12:00:00Z')).toMatch(/has already passed/);
  });

  it('reads a range and keeps its end, crossing midnight when the end is earlier', () => {
    const now = '2024-06-12T12:00:00Z';
    const range = parsePartyTime('friday 9pm to 11:30pm', { zone: 'Europe/Paris', now: new Date(now) });
    expect(range.start.toISOString()).toBe('2024-06-14T19:00:00.000Z');
    expect(range.end?.toISOString()).toBe('2024-06-14T21:30:00.000Z');
    const late = parsePartyTime('friday 10pm to 1am', { zone: 'Europe/Paris', now: new Date(now) });
    expect(late.end?.toISOString()).toBe('2024-06-14T23:00:00.000Z');
  });

  it('refuses an end before the start instead of reading it as the next day (“tuesday 9pm to 8pm” is no 23-hour party)', () => {
    const now = new Date('2024-06-12T12:00:00Z');
    for (const text of ['tuesday 9pm to 8pm', 'tomorrow 9pm to 8:30pm', '2024-06-14 21:00 to 20:00', 'friday 21:00 to 20:30', 'friday 9pm-9:30am']) {
      expect(() => parsePartyTime(text, { zone: 'Europe/Paris', now })).toThrow(UserError);
    }
    expect(() => parsePartyTime('tuesday 9pm to 8pm', { zone: 'Europe/Paris', now })).toThrow(
      'In “tuesday 9pm to 8pm” the party would end (20:00) before it starts (21:00). Give an end after the start',
    );
    // Up to 12 hours past midnight is an overnight party; an explicit day may go further.
    expect(parsePartyTime('friday 9pm to 8am', { zone: 'Europe/Paris', now }).end?.toISOString()).toBe('2024-06-15T06:00:00.000Z');
    expect(parsePartyTime('friday 9pm to saturday 2am', { zone: 'Europe/Paris', now }).end?.toISOString()).toBe('2024-06-15T00:00:00.000Z');
  });
});

describe('parsePartyTime: which day', () => {
  it('a weekday named on that same day means today while the time is still ahead, else next week', () => {
    // Friday 14 June 2024, 20:00 and 22:30 in Paris.
    expect(at('friday 9pm', 'Europe/Paris', '2024-06-14T18:00:00Z')).toBe('2024-06-14T19:00:00.000Z');
    expect(at('friday 9pm', 'Europe/Paris', '2024-06-14T20:30:00Z')).toBe('2024-06-21T19:00:00.000Z');
    // On Saturday, "friday" is six days ahead, never yesterday.
    expect(at('friday 9pm', 'Europe/Paris', '2024-06-15T10:00:00Z')).toBe('2024-06-21T19:00:00.000Z');
  });

  it('"next friday" is the Friday of next week', () => {
    expect(at('next friday 9pm', 'Europe/Paris', '2024-06-12T10:00:00Z')).toBe('2024-06-21T19:00:00.000Z');
  });

  it('a bare time is today while ahead, else tomorrow', () => {
    expect(at('9pm', 'Europe/Paris', '2024-06-14T12:00:00Z')).toBe('2024-06-14T19:00:00.000Z');
    expect(at('9pm', 'Europe/Paris', '2024-06-14T20:30:00Z')).toBe('2024-06-15T19:00:00.000Z');
  });

  it('a date without a year that has passed this year means next year', () => {
    expect(at('March 3 9pm', 'Europe/Paris', '2024-06-14T12:00:00Z')).toBe('2025-03-03T20:00:00.000Z');
  });
});

describe('parsePartyTime across daylight-saving changes', () => {
  it('Europe/Paris, clocks forward (31 March 2024): wall-clock times use the offset of their own day', () => {
    // Saturday noon CET (UTC+1); Sunday evening is CEST (UTC+2).
    expect(at('tomorrow 20:30', 'Europe/Paris', '2024-03-30T12:00:00Z')).toBe('2024-03-31T18:30:00.000Z');
    expect(at('sunday 9pm', 'Europe/Paris', '2024-03-29T12:00:00Z')).toBe('2024-03-31T19:00:00.000Z');
  });

  it('Europe/Paris: a duration counts real time across the jump', () => {
    // 01:30 CET; two hours later it is 04:30 CEST.
    expect(at('in 2 hours', 'Europe/Paris', '2024-03-31T00:30:00Z')).toBe('2024-03-31T02:30:00.000Z');
  });

  it('Europe/Paris: refuses a time the clocks skip, suggesting the shifted one', () => {
    const message = refusal('sunday 2:30am', 'Europe/Paris', '2024-03-29T12:00:00Z');
    expect(message).toMatch(/02:30 does not exist on Sunday 31 March 2024 in Europe\/Paris/);
    expect(message).toContain('03:30');
  });

  it('Europe/Paris, clocks back (27 October 2024): a repeated time means the first one', () => {
    expect(at('sunday 2:30am', 'Europe/Paris', '2024-10-25T12:00:00Z')).toBe('2024-10-27T00:30:00.000Z');
    expect(at('sunday 9pm', 'Europe/Paris', '2024-10-25T12:00:00Z')).toBe('2024-10-27T20:00:00.000Z');
  });

  it('America/New_York, clocks forward (10 March 2024)', () => {
    // Friday noon EST (UTC−5); Sunday evening is EDT (UTC−4).
    expect(at('sunday 9pm', 'America/New_York', '2024-03-08T17:00:00Z')).toBe('2024-03-11T01:00:00.000Z');
    expect(refusal('2024-03-10 02:30', 'America/New_York', '2024-03-08T17:00:00Z')).toMatch(/does not exist/);
  });

  it('America/New_York, clocks back (3 November 2024)', () => {
    // Saturday noon EDT; Sunday 9pm is EST.
    expect(at('tomorrow 9pm', 'America/New_York', '2024-11-02T16:00:00Z')).toBe('2024-11-04T02:00:00.000Z');
    expect(at('sunday 1:30am', 'America/New_York', '2024-11-01T16:00:00Z')).toBe('2024-11-03T05:30:00.000Z');
    // 01:00 EDT + 3 real hours = 03:00 EST (the wall clock only moved two hours).
    expect(at('in 3 hours', 'America/New_York', '2024-11-03T05:00:00Z')).toBe('2024-11-03T08:00:00.000Z');
  });

  it('Australia/Sydney, clocks forward in October (southern hemisphere)', () => {
    // Friday 4 October 10:00 AEST (UTC+10); Sunday 6 October 20:00 is AEDT (UTC+11).
    expect(at('sunday 8pm', 'Australia/Sydney', '2024-10-04T00:00:00Z')).toBe('2024-10-06T09:00:00.000Z');
  });
});

describe('parsePartyTime refusals', () => {
  const now = '2024-06-14T12:00:00Z';

  it('refuses the past', () => {
    expect(refusal('yesterday 9pm', 'Europe/Paris', now)).toMatch(/Thursday 13 June 2024, 21:00 .* has already passed/);
    expect(refusal('2020-01-01 20:00', 'Europe/Paris', now)).toMatch(/already passed/);
    expect(refusal('now', 'Europe/Paris', now)).toMatch(/already passed/);
  });

  it('refuses nonsense and says what it could not read', () => {
    expect(refusal('banana', 'Europe/Paris', now)).toMatch(/couldn't read “banana” as a time. Try “friday 9pm”/);
    expect(refusal('friday 9pm banana', 'Europe/Paris', now)).toMatch(/understood “friday 9pm” but not “banana”/);
    expect(refusal('friday or saturday 9pm', 'Europe/Paris', now)).toMatch(/more than one time/);
    expect(refusal('', 'Europe/Paris', now)).toMatch(/Say when/);
    expect(refusal('x'.repeat(101), 'Europe/Paris', now)).toMatch(/under 100 characters/);
  });

  it('asks for a time when only a day is given', () => {
    expect(refusal('tomorrow', 'Europe/Paris', now)).toMatch(/Say what time on “tomorrow”/);
    expect(refusal('in 3 days', 'Europe/Paris', now)).toMatch(/Say what time/);
  });

  it('asks morning or evening for a bare hour, and day/month order for an ambiguous numeric date', () => {
    expect(refusal('at 9', 'Europe/Paris', now)).toMatch(/9 in the morning or the evening\? Write “9pm” or “21:00”/);
    expect(refusal('tomorrow 9', 'Europe/Paris', now)).toMatch(/morning or the evening/);
    expect(refusal('05/06 21:00', 'Europe/Paris', now)).toMatch(/day\/month or month\/day\? .* or ask a moderator to set `\/config date-format`/);
  });

  it('reads an ambiguous numeric date by the server’s date format once one is set', () => {
    const on = (dateOrder: 'day-first' | 'month-first') => parsePartyTime('05/06 21:00', { zone: 'UTC', dateOrder, now: new Date(now) }).start.toISOString().slice(5, 10);
    expect(on('day-first')).toBe('06-05');
    expect(on('month-first')).toBe('05-06');
  });

  it('refuses more than a year ahead', () => {
    expect(refusal('2026-01-01 20:00', 'Europe/Paris', now)).toMatch(/more than a year away/);
  });
});

describe('wall-clock placement (property)', () => {
  const zones = ['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Asia/Tokyo', 'America/Sao_Paulo', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];

  it('an explicit "YYYY-MM-DD HH:mm" lands on that wall-clock time in the zone, or is refused as nonexistent', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2025-06-01T00:00:00Z') }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (zone, nowMs, daysAhead, hour, minute) => {
          const now = new Date(nowMs);
          const day = DateTime.fromJSDate(now, { zone }).plus({ days: daysAhead });
          const text = `${day.toISODate()} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const wall = { year: day.year, month: day.month, day: day.day, hour, minute };
          const expected = wallTimeToInstant(zone, wall);
          if (!expected) {
            expect(() => parsePartyTime(text, { zone, now })).toThrow(/does not exist/);
            return;
          }
          const parsed = parsePartyTime(text, { zone, now }).start;
          expect(parsed.toISOString()).toBe(expected.toISOString());
          const back = DateTime.fromJSDate(parsed, { zone });
          expect([back.toISODate(), back.hour, back.minute]).toEqual([day.toISODate(), hour, minute]);
          // The earlier of two readings: an hour before does not show the same wall-clock time.
          const hourBefore = DateTime.fromJSDate(new Date(parsed.getTime() - 3_600_000), { zone });
          expect([hourBefore.toISODate(), hourBefore.hour, hourBefore.minute]).not.toEqual([day.toISODate(), hour, minute]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('formatting', () => {
  it('shows the time in the server zone with its abbreviation, and the day there', () => {
    const start = new Date('2024-06-14T22:30:00Z');
    expect(formatPartyTime(start, 'Europe/Paris')).toBe('Saturday 15 June 2024, 00:30 CEST');
    expect(formatPartyTime(start, 'UTC')).toBe('Friday 14 June 2024, 22:30 UTC');
    expect(dayIn(start, 'Europe/Paris')).toBe('2024-06-15');
    expect(dayIn(start, 'America/New_York')).toBe('2024-06-14');
  });
});
