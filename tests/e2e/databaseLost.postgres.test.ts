import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { openPostgresGuildStore } from '../../src/store/postgresStore.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestClub, type TestClub } from './harness.js';

// A PostgreSQL server of this file's own (the run's shared one must not stop under the other suites).
let server: TestPostgres;
let club: TestClub;
let alice: MemberHandle;

beforeAll(async () => {
  server = await startTestPostgres();
  const store = await openPostgresGuildStore({ connectionString: server.url, schema: 'lost_while_running' });
  club = await startTestClub({ store });
  alice = club.guild.addMember({ username: 'alice' });
}, 120_000);
afterAll(async () => {
  await club?.stop();
  await server?.stop();
});

describe('PostgreSQL lost while the bot runs', () => {
  it('tells the member to try again, confirms nothing it did not write, and works again once the database is back', async () => {
    const first = await alice.slash('watched', { film: 'heat-1995', date: '2024-03-01' });
    expect(first.content).toMatch(/^Logged \*\*Heat \(1995\)\*\*/);

    await server.pause();
    const refused = await alice.slash('watched', { film: 'vertigo-1958', date: '2024-03-02' });
    expect(refused.content).toMatch(/please try again/i);
    expect(refused.content).not.toMatch(/Logged/);

    await server.resume();
    // No restart of the bot: the next interaction reconnects by itself.
    const again = await alice.slash('watched', { film: 'stalker-1979', date: '2024-03-03' });
    expect(again.content).toMatch(/^Logged \*\*Stalker \(1979\)\*\*/);
    const profile = await alice.slash('profile', {});
    expect(profile.v2!.field('Films')!.value).toMatch(/^2 films watched/);
    expect((await alice.slash('seen', { film: 'vertigo-1958' })).embed!.description).toMatch(/Nobody/);
    expect(club.discord.violations).toEqual([]);
  }, 120_000);
});
