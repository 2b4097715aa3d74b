import type { ChatInputCommandInteraction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { BUNDLED_CATALOG } from '../../src/app.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import type { Film } from '../../src/catalog/schema.js';
import type { ComponentInteraction } from '../../src/discord/command.js';
import { parseCustomId } from '../../src/discord/customId.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { ClubPrior } from '../../src/search/clubPrior.js';
import { NONE_OF_THESE, pickTypedFilm, PICK_TTL_MINUTES, withFilm } from '../../src/discord/filmPick.js';

/** The server side of "Did you mean…?": what a tampered or replayed menu answer meets, beyond what Discord shows. */
let now = Date.parse('2026-12-06T20:00:00Z');
let app: App;
beforeAll(async () => {
  const catalog = new Catalog((await loadCatalogFiles([BUNDLED_CATALOG])).films);
  const clubPrior = new ClubPrior({ read: async () => Promise.reject(new Error('no store in this test')), now: () => new Date(now) });
  // The menus are kept in the server's data (src/discord/pendingPicks.ts).
  app = { catalog, catalogFor: () => catalog, clubPrior, store: createMemoryGuildStore(), now: () => new Date(now) } as unknown as App;
});
afterAll(async () => app.store.close());

const GUILD = '100000000000000001';
const ALICE = '200000000000000001';
const BOB = '200000000000000002';

function command(userId: string) {
  const replies: { content?: string; components?: { components: { custom_id: string }[] }[] }[] = [];
  const options = { getSubcommandGroup: () => null, getSubcommand: () => null };
  const interaction = { user: { id: userId }, guildId: GUILD, commandName: 'watched', options, deferred: false, replied: false, reply: async (payload: (typeof replies)[number]) => void replies.push(payload) };
  return { interaction: interaction as unknown as ChatInputCommandInteraction, replies };
}

function pick(userId: string, values: string[]) {
  const updates: unknown[] = [];
  const interaction = { user: { id: userId }, guildId: GUILD, values, isStringSelectMenu: () => true, update: async (payload: unknown) => void updates.push(payload) };
  return { interaction: interaction as unknown as ComponentInteraction, updates };
}

async function ask(typed: string, userId = ALICE): Promise<{ token: string; acted: Film[] }> {
  const acted: Film[] = [];
  const { interaction, replies } = command(userId);
  await withFilm(interaction, app, typed, async (_answer, film) => void acted.push(film));
  const customId = replies[0]!.components![0]!.components[0]!.custom_id;
  return { token: parseCustomId(customId)!.args[0]!, acted };
}

describe('answering "Did you mean…?"', () => {
  it('acts once, for the member who asked, on a film that was offered', async () => {
    const { token, acted } = await ask('suspiria');
    await expect(pickTypedFilm(pick(BOB, ['suspiria-1977']).interaction, token, app)).rejects.toThrow('Only the member who ran the command can answer this.');
    await expect(pickTypedFilm(pick(ALICE, ['heat-1995']).interaction, token, app)).rejects.toThrow('Pick one of the films in the menu.');
    expect(acted).toEqual([]);
    await pickTypedFilm(pick(ALICE, ['suspiria-1977']).interaction, token, app);
    expect(acted.map((film) => film.id)).toEqual(['suspiria-1977']);
    await expect(pickTypedFilm(pick(ALICE, ['suspiria-1977']).interaction, token, app)).rejects.toThrow(/has expired/);
    expect(acted).toHaveLength(1);
  });

  it('"None of these" and an expired menu record nothing', async () => {
    const none = await ask('heat');
    await pickTypedFilm(pick(ALICE, [NONE_OF_THESE]).interaction, none.token, app);
    expect(none.acted).toEqual([]);
    const late = await ask('heat');
    now += (PICK_TTL_MINUTES + 1) * 60_000;
    await expect(pickTypedFilm(pick(ALICE, ['heat-1995']).interaction, late.token, app)).rejects.toThrow(/has expired/);
    expect(late.acted).toEqual([]);
  });

  it('acts at once on a picked id or a title typed whole', async () => {
    for (const typed of ['holy-motors-2012', 'Holy Motors']) {
      const acted: string[] = [];
      const { interaction, replies } = command(ALICE);
      await withFilm(interaction, app, typed, async (_answer, film) => void acted.push(film.id));
      expect(acted).toEqual(['holy-motors-2012']);
      expect(replies).toEqual([]);
    }
  });
});
