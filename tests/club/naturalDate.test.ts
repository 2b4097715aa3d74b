import { describe, expect, it } from 'vitest';
import { readWatchDate, type WatchDateOptions } from '../../src/club/naturalDate.js';
import { UserError } from '../../src/errors.js';

// A fixed "now": Sunday 6 December 2026, midday in Paris.
const NOW = new Date('2026-12-06T11:00:00Z');
const read = (text: string, options: Partial<WatchDateOptions> = {}) => readWatchDate(text, { zone: 'Europe/Paris', now: NOW, ...options });
const day = (text: string, options: Partial<WatchDateOptions> = {}) => read(text, options).date;

describe('watch dates without a year', () => {
  it('mean the most recent such day, never a future one', () => {
    expect(day('May 17')).toBe('2026-05-17');
    expect(day('17 May')).toBe('2026-05-17');
    expect(day('may 17th')).toBe('2026-05-17');
    expect(day('December 20')).toBe('2025-12-20');
    expect(day('December 6')).toBe('2026-12-06');
    expect(day('17/05')).toBe('2026-05-17');
    expect(day('24/12')).toBe('2025-12-24');
  });

  it('keep a year when one is given', () => {
    expect(day('17 May 2024')).toBe('2024-05-17');
    expect(day('December 20 2019')).toBe('2019-12-20');
  });
});

describe('holidays', () => {
  it('read as the most recent one, and “last” as the one before when this year’s has not come', () => {
    expect(day('last christmas')).toBe('2025-12-25');
    expect(day('christmas')).toBe('2025-12-25');
    expect(day('Christmas Eve')).toBe('2025-12-24');
    expect(day("new year's eve")).toBe('2025-12-31');
    expect(day('new year’s day')).toBe('2026-01-01');
    expect(day('halloween')).toBe('2026-10-31');
    expect(day('last halloween')).toBe('2026-10-31');
    expect(day('easter')).toBe('2026-04-05');
    expect(day('easter 2019')).toBe('2019-04-21');
    expect(day('thanksgiving')).toBe('2026-11-26');
    expect(day('christmas 2019')).toBe('2019-12-25');
    // On the day itself, the holiday is today and "last" is a year ago.
    const christmasDay = new Date('2026-12-25T10:00:00Z');
    expect(day('christmas', { now: christmasDay })).toBe('2026-12-25');
    expect(day('last christmas', { now: christmasDay })).toBe('2025-12-25');
  });
});

describe('numeric dates', () => {
  it('follow the server’s date format when both readings are dates, and say which reading was taken', () => {
    expect(read('05/06/2024')).toEqual({ date: '2024-06-05', reading: '05/06/2024 read day first, as 5 June 2024' });
    expect(read('05/06/2024', { dateOrder: 'day-first' }).date).toBe('2024-06-05');
    expect(read('05/06/2024', { dateOrder: 'month-first' })).toEqual({ date: '2024-05-06', reading: '05/06/2024 read month first, as 6 May 2024' });
    expect(read('5.6.24', { dateOrder: 'month-first' }).date).toBe('2024-05-06');
  });

  it('take the only reading that is a date, without a note', () => {
    expect(read('05/17/2024', { dateOrder: 'day-first' })).toEqual({ date: '2024-05-17' });
    expect(read('17/05/2024', { dateOrder: 'month-first' })).toEqual({ date: '2024-05-17' });
    expect(read('06/06/2024')).toEqual({ date: '2024-06-06' });
    expect(read('1/2/99').date).toBe('1999-02-01');
  });

  it('refuse what is not on the calendar or is ahead', () => {
    for (const text of ['31/02/2024', '13/13/2024', 'tomorrow', 'next christmas', 'blorp']) expect(() => read(text)).toThrow(UserError);
    expect(() => read('31/02/2024')).toThrow(/not a date on the calendar/);
    // Written as asked (YYYY-MM-DD), so the refusal says the day does not exist rather than how to write a date.
    expect(() => read('2024-02-30')).toThrow('“2024-02-30” is not a date on the calendar.');
  });
});

describe('relative words', () => {
  it('are read in the server’s time zone', () => {
    expect(day('yesterday')).toBe('2026-12-05');
    expect(day('last friday')).toBe('2026-12-04');
    // 23:30 UTC on 6 December is already 7 December in Tokyo.
    expect(day('yesterday', { zone: 'Asia/Tokyo', now: new Date('2026-12-06T23:30:00Z') })).toBe('2026-12-06');
  });
});

describe('a weekday or "last night" (the QA pass of the member flows)', () => {
  // Thursday 10 December 2026, evening in Paris.
  const THURSDAY = new Date('2026-12-10T19:00:00Z');

  it('reads a bare weekday as the most recent one, not the coming one (which would be refused as the future)', () => {
    expect(day('saturday', { now: THURSDAY })).toBe('2026-12-05');
    expect(day('friday', { now: THURSDAY })).toBe('2026-12-04');
    expect(day('sunday', { now: THURSDAY })).toBe('2026-12-06');
    expect(day('saturday night', { now: THURSDAY })).toBe('2026-12-05');
    expect(day('wednesday', { now: THURSDAY })).toBe('2026-12-09');
    expect(day('thursday', { now: THURSDAY })).toBe('2026-12-10');
    // Saying "next" is still a future day, refused as such.
    expect(() => read('next saturday', { now: THURSDAY })).toThrow(/in the future/);
  });

  it('reads "last night" as the evening before the server’s today, whatever the hour or the zone', () => {
    expect(day('last night', { now: THURSDAY })).toBe('2026-12-09');
    // 07:30 in Paris: the night that just ended began on the 9th.
    expect(day('last night', { now: new Date('2026-12-10T06:30:00Z') })).toBe('2026-12-09');
    // 19:00 on the 9th in Los Angeles (03:00 UTC on the 10th).
    expect(day('last night', { zone: 'America/Los_Angeles', now: new Date('2026-12-10T03:00:00Z') })).toBe('2026-12-08');
    // 09:00 on the 11th in Auckland (20:00 UTC on the 10th).
    expect(day('last night', { zone: 'Pacific/Auckland', now: new Date('2026-12-10T20:00:00Z') })).toBe('2026-12-10');
  });
});
