import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { App } from '../src/app.js';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand, handler, type ComponentInteraction } from '../src/discord/command.js';
import { customId } from '../src/discord/customId.js';
import { buildFilmCard, filmIdOnCard } from '../src/discord/filmCard.js';
import { asEditOf, note } from '../src/discord/render/v2.js';
import { LIMITS } from '../src/discord/limits.js';
import { autocompleteFilters, decadeOption, filterInput, genreOption, listOption, resolveFilters, type ChosenFilters } from '../src/discord/recommendOptions.js';
import { anotherRow, randomHeader } from '../src/discord/render/recommend.js';
import { NO_MENTIONS } from '../src/discord/respond.js';
import { SessionStore } from '../src/discord/sessions.js';
import { UserError } from '../src/errors.js';
import { ListId } from '../src/lists/schema.js';
import { RANDOM_SOURCES, type RandomPick } from '../src/recommend/index.js';

type Source = (typeof RANDOM_SOURCES)[number];

/** What "Another" needs to draw again with the same filters. */
interface DrawRequest {
  from: Source;
  unseen: boolean;
  genre?: string;
  decade?: number;
  /** A list id. */
  list?: string;
}

/** Filters too long for a custom_id (a long genre name) wait here; a restart or 30 minutes retire the button. */
const sessions = new SessionStore<DrawRequest>();

const SESSION_EXPIRED = 'This draw has expired. Run /random again.';
/** "Another" should show another film: redraw a few times when the same one comes up (unless it is the only one). */
const REDRAWS = 8;

/** `random:again:<from>:<decade>:<unseen>:<list id>:<genre>` when it fits, else a session. */
function anotherId(request: DrawRequest): string {
  const args = [request.from, request.decade ?? '', request.unseen ? '1' : '0', request.list ?? '', request.genre ?? ''];
  const direct = ['random', 'again', ...args].join(':');
  if (!(request.genre ?? '').includes(':') && direct.length <= LIMITS.customId) return customId('random', 'again', ...args);
  return customId('random', 'again_s', sessions.put(request));
}

const AgainArgs = z
  .tuple([
    z.enum(RANDOM_SOURCES),
    z.string().regex(/^(\d{4})?$/),
    z.enum(['0', '1']),
    z.union([z.literal(''), ListId]),
    z.string().max(LIMITS.customId),
  ])
  .transform(([from, decade, unseen, list, genre]): DrawRequest => ({
    from,
    unseen: unseen === '1',
    decade: decade ? Number(decade) : undefined,
    list: list || undefined,
    genre: genre || undefined,
  }));

/** Checks what can be checked before acknowledging, so mistakes are answered privately. */
async function prepare(app: App, guildId: string, userId: string, request: DrawRequest): Promise<ChosenFilters> {
  if (request.from === 'list' && !request.list) throw new UserError('Choose the list to draw from: `/random from:list list:…`.');
  const chosen = await resolveFilters(app, guildId, request);
  if (request.from === 'watchlist' && (await app.diary.watchlist(guildId, userId, { pageSize: 1 })).total === 0) {
    throw new UserError('Your watchlist is empty: add films with /watchlist add or the Watchlist button on a film card.');
  }
  return chosen;
}

async function draw(app: App, guildId: string, userId: string, request: DrawRequest, chosen: ChosenFilters, avoid?: string): Promise<RandomPick> {
  const options = { from: request.from, unseen: request.unseen, ...filterInput(chosen) };
  let pick = await app.recommender.random(guildId, userId, options);
  for (let i = 0; i < REDRAWS && avoid !== undefined && pick.film.id === avoid && pick.poolSize > 1; i++) {
    pick = await app.recommender.random(guildId, userId, options);
  }
  return pick;
}

/** The pick's film card, with where it came from above it and "Another" under it. */
async function pickMessage(app: App, guildId: string, pick: RandomPick, request: DrawRequest, chosen: ChosenFilters) {
  // The resolved genre label goes into the button, so the redraw does not depend on how it was typed.
  const again = anotherId({ ...request, genre: chosen.genre, decade: chosen.decade, list: chosen.list?.id });
  const card = await buildFilmCard(app, guildId, pick.film, {
    before: [note(randomHeader(pick, { listName: chosen.list?.name, unseen: request.unseen }))],
    after: [anotherRow(again)],
  });
  return { ...card, allowedMentions: NO_MENTIONS };
}

/**
 * "Another": the member who drew the card draws again in place; anyone else gets a draw of their own (their
 * watchlist, what they have not seen), privately.
 */
async function drawAgain(interaction: ComponentInteraction, app: App, request: DrawRequest): Promise<void> {
  const guildId = guildIdOf(interaction);
  const userId = interaction.user.id;
  const own = interaction.message.interactionMetadata?.user.id === userId;
  const chosen = await prepare(app, guildId, userId, request);
  if (own) await interaction.deferUpdate();
  else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const shown = own ? filmIdOnCard(interaction.message.components) : undefined;
  const pick = await draw(app, guildId, userId, request, chosen, shown);
  const message = await pickMessage(app, guildId, pick, request, chosen);
  await interaction.editReply(own ? asEditOf(interaction.message.flags.bitfield, message) : message);
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('random')
    .setDescription('A film drawn at random from your watchlist, a server list or the catalog')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) =>
      option
        .setName('from')
        .setDescription('Where to draw from (default: the catalog, or the list when you name one)')
        .addChoices({ name: 'my watchlist', value: 'watchlist' }, { name: 'a server list', value: 'list' }, { name: 'the catalog', value: 'catalog' }),
    )
    .addStringOption((option) => listOption(option, 'The server list to draw from (or to keep to)'))
    .addStringOption((option) => genreOption(option))
    .addIntegerOption((option) => decadeOption(option))
    .addBooleanOption((option) => option.setName('unseen').setDescription('Only films you have not seen')),

  autocomplete: autocompleteFilters,

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const list = interaction.options.getString('list') ?? undefined;
    const from = z.enum(RANDOM_SOURCES).safeParse(interaction.options.getString('from') ?? (list ? 'list' : 'catalog'));
    if (!from.success) throw new UserError('Draw from your watchlist, a server list or the catalog.');
    const request: DrawRequest = {
      from: from.data,
      unseen: interaction.options.getBoolean('unseen') ?? false,
      genre: interaction.options.getString('genre') ?? undefined,
      decade: interaction.options.getInteger('decade') ?? undefined,
      list,
    };
    const chosen = await prepare(app, guildId, interaction.user.id, request);
    // The draw reads the server's diaries: acknowledge first.
    await interaction.deferReply();
    const pick = await draw(app, guildId, interaction.user.id, request, chosen);
    await interaction.editReply(await pickMessage(app, guildId, pick, request, chosen));
  },

  components: {
    again: handler(AgainArgs, async (interaction: ComponentInteraction, request, app) => drawAgain(interaction, app, request)),
    again_s: handler(z.tuple([z.string().min(1).max(20)]), async (interaction: ComponentInteraction, [sessionId], app) => {
      const request = sessions.get(sessionId);
      if (!request) throw new UserError(SESSION_EXPIRED);
      await drawAgain(interaction, app, request);
    }),
  },
});
