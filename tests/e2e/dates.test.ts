import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from './harness.js';

// issue #20 (first-evening), point 3: watch dates as members type them, on a fixed "now" (Sunday 6 December 2026).
const NOW = new Date('2026-12-06T12:00:00Z');
let club: TestClub;
let alice: MemberHandle;
let mod: MemberHandle;

beforeAll(async () => {
  club = await startTestClub({ now: () => NOW });
  alice = club.guild.addMember({ username: 'alice' });
  mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
});
afterAll(async () => club?.stop());

describe('/watched dates', () => {
  it('reads a day without a year as the most recent one, and “last christmas” as last year’s', async () => {
    const may = await alice.slash('watched', { film: 'stalker-1979', date: 'May 17' });
    expect(may.content).toBe('Logged **Stalker (1979)** as watched on 2026-05-17.');
    const december = await alice.slash('watched', { film: 'heat-1995', date: 'December 20' });
    expect(december.content).toMatch(/^Logged \*\*Heat \(1995\)\*\* as watched on 2025-12-20/);
    const christmas = await alice.slash('watched', { film: 'vertigo-1958', date: 'last christmas' });
    expect(christmas.content).toMatch(/^Logged \*\*Vertigo \(1958\)\*\* as watched on 2025-12-25/);
    club.expectClean();
  });

  it('reads 05/06/2024 by the server’s date format, and says which reading it took', async () => {
    const dayFirst = await alice.slash('watched', { film: 'ida-2013', date: '05/06/2024' });
    expect(dayFirst.content).toBe(
      'Logged **Ida (2013)** as watched on 2024-06-05 (05/06/2024 read day first, as 5 June 2024; `/config date-format` sets how this server reads such dates).',
    );
    const set = await mod.slash('config', { order: 'month-first' }, { subcommand: 'date-format' });
    expect(set.embed!.description).toContain('Dates like 05/06/2024: **month first (May 6, 2024)**');
    const monthFirst = await alice.slash('watched', { film: 'a-separation-2011', date: '05/06/2024' });
    expect(monthFirst.content).toMatch(/^Logged \*\*A Separation \(2011\)\*\* as watched on 2024-05-06 \(05\/06\/2024 read month first, as 6 May 2024;/);
    // Only one reading is a date: no note.
    const only = await alice.slash('watched', { film: 'parasite-2019', date: '25/12/2023' });
    expect(only.content).toBe('Logged **Parasite (2019)** as watched on 2023-12-25.');
    // Discord itself hides /config from members without Manage Server.
    await expect(alice.slash('config', { order: 'day-first' }, { subcommand: 'date-format' })).rejects.toThrow(/cannot see \/config/);
    club.expectClean();
  });
});
