import { describe, expect, it } from 'vitest';
import type { DiaryItem } from '../../src/club/index.js';
import { editMenuRow, entryOptionLabel } from '../../src/discord/diaryEdit.js';

const item = (title: string, extra: Partial<DiaryItem> = {}): DiaryItem => ({
  entryId: 'd1',
  film: { filmId: 'x', title, year: 1999 },
  watchedOn: '2024-05-17',
  loggedAt: '2024-05-17T20:00:00.000Z',
  rewatch: false,
  favorite: false,
  ...extra,
});

describe('the Edit a viewing… menu', () => {
  it('labels a viewing with its film, date and marks', () => {
    const review = { text: 'Yes.', snippet: 'Yes.', spoiler: false, createdAt: '2024-05-17T20:00:00.000Z' };
    expect(entryOptionLabel(item('Heat', { stars: 4.5, review }))).toBe('Heat (1999) · 2024-05-17 ★★★★½ ✍');
    expect(entryOptionLabel(item('Heat'))).toBe('Heat (1999) · 2024-05-17');
  });

  it('cuts a long title cleanly, keeping the date and marks within Discord’s 100 characters', () => {
    const title = 'The Unbearably Long and Winding Title of a Film That Goes On and On Well Past Any Menu Label Limit';
    const label = entryOptionLabel(item(title, { stars: 3 }));
    expect(label.length).toBeLessThanOrEqual(100);
    expect(label).toMatch(/^The Unbearably Long .*… · 2024-05-17 ★★★$/);
  });

  it('holds at most 25 options and none for an empty page', () => {
    expect(editMenuRow('123456789012345678', [])).toEqual([]);
    const items = Array.from({ length: 30 }, (_, i) => item(`Film ${i}`, { entryId: `d${i}` }));
    const [row] = editMenuRow('123456789012345678', items);
    const menu = row!.components[0] as { custom_id: string; options: unknown[] };
    expect(menu.custom_id).toBe('diary:edit:123456789012345678');
    expect(menu.options).toHaveLength(25);
  });
});
