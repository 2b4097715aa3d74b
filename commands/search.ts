import { ComponentType, SlashCommandBuilder, escapeMarkdown, type APIEmbed } from 'discord.js';
import { z } from 'zod';
import { FIRST_FILM_YEAR, FilmId, type Film } from '../src/catalog/schema.js';
import type { CatalogReads } from '../src/catalog/serverCatalog.js';
import type { NameKind } from '../src/catalog/catalog.js';
import { defineCommand, handler, type ComponentInteraction } from '../src/discord/command.js';
import { customId } from '../src/discord/customId.js';
import { fitEmbed, LIMITS, truncate } from '../src/discord/limits.js';
import { buildFilmCard } from '../src/discord/filmCard.js';
import { filmChoiceName, filmLabel, type ActionRow } from '../src/discord/render/film.js';
import { PageNumber, pagerRow } from '../src/discord/paging.js';
import { NO_MENTIONS } from '../src/discord/respond.js';
import { SessionStore } from '../src/discord/sessions.js';
import { literal, quote, UserError } from '../src/errors.js';
import { whyMatched, type MatchReason } from '../src/search/explain.js';
import type { SearchFilters } from '../src/search/filmSearch.js';
import { catalogOf } from '../src/discord/filmOption.js';

const PAGE_SIZE = 10;
const MAX_RESULTS = 200;

const year = z.number().int().min(FIRST_FILM_YEAR).max(2100);
const text = z.string().trim().min(1).max(100);
const SearchRequest = z
  .object({
    query: text.optional(),
    yearFrom: year.optional(),
    yearTo: year.optional(),
    director: text.optional(),
    actor: text.optional(),
    genre: text.optional(),
  })
  .refine((request) => Object.values(request).some((value) => value !== undefined), 'Give a query or at least one filter (year, director, actor, genre).')
  .refine((request) => request.yearFrom === undefined || request.yearTo === undefined || request.yearFrom <= request.yearTo, '`year_from` must not be after `year_to`.');
type SearchRequest = z.infer<typeof SearchRequest>;

const sessions = new SessionStore<SearchRequest>();

function describeRequest(request: SearchRequest): string {
  const parts: string[] = [];
  // What the member typed, shown as typed: the heading is read as Markdown.
  if (request.query) parts.push(quote(request.query));
  if (request.director) parts.push(`director ${literal(request.director)}`);
  if (request.actor) parts.push(`actor ${literal(request.actor)}`);
  if (request.genre) parts.push(`genre ${literal(request.genre)}`);
  if (request.yearFrom !== undefined || request.yearTo !== undefined) parts.push(`${request.yearFrom ?? '…'}–${request.yearTo ?? '…'}`);
  return parts.join(' · ');
}

interface Result {
  film: Film;
  reasons: MatchReason[];
}

/** The films found, each with why it matched the query; a film the query's words are not in (a loose match) is left out. */
function runSearch(catalog: CatalogReads, request: SearchRequest): Result[] {
  const filters: SearchFilters = { yearFrom: request.yearFrom, yearTo: request.yearTo, director: request.director, actor: request.actor, genre: request.genre };
  const films = catalog.search(request.query ?? '', { limit: MAX_RESULTS, filters }).map((hit) => hit.film);
  const query = request.query;
  if (!query) return films.map((film) => ({ film, reasons: [] }));
  return films.map((film) => ({ film, reasons: whyMatched(film, query) })).filter((result) => result.reasons.length > 0);
}

function reasonText(reason: MatchReason): string {
  return reason.field === 'title' ? 'title' : `${reason.field} ${quote(reason.text, 60)}`;
}

function renderPage(sessionId: string, request: SearchRequest, requestedPage: number, catalog: CatalogReads): { embeds: APIEmbed[]; components: ActionRow[] } {
  const results = runSearch(catalog, request);
  const title = truncate(`Search: ${describeRequest(request)}`, LIMITS.embedTitle);
  if (results.length === 0) {
    return { embeds: [fitEmbed({ title, description: 'No films match. Try fewer words or looser filters.' })], components: [] };
  }
  const pages = Math.ceil(results.length / PAGE_SIZE);
  const page = Math.min(Math.max(requestedPage, 1), pages);
  const shownResults = results.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const shown = shownResults.map((result) => result.film);
  const lines = shownResults.map(({ film, reasons }, index) => {
    const why = reasons.length ? ` · ${reasons.map(reasonText).join(', ')}` : '';
    return `**${(page - 1) * PAGE_SIZE + index + 1}.** ${escapeMarkdown(filmChoiceName(film))}${why}`;
  });
  const embed = fitEmbed({
    title,
    description: lines.join('\n'),
    footer: { text: `Page ${page} of ${pages} · ${results.length}${results.length === MAX_RESULTS ? '+' : ''} film${results.length === 1 ? '' : 's'}` },
  });
  const components: ActionRow[] = [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: customId('search', 'open', sessionId),
          placeholder: 'Open a film card',
          options: shown.map((film) => ({ label: truncate(filmLabel(film), LIMITS.selectLabel), value: film.id, description: film.directors.length ? truncate(film.directors.join(', '), LIMITS.selectDescription) : undefined })),
        },
      ],
    },
  ];
  components.push(...pagerRow('search', [sessionId], page, pages));
  return { embeds: [embed], components };
}

function expired(): never {
  throw new UserError('This search has expired. Run /search again.');
}

const nameOption = { director: 'director', actor: 'actor', genre: 'genre' } as const satisfies Record<string, NameKind>;

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('search')
    .setDescription('Search the catalog by title, year, director, actor or genre')
    .addStringOption((option) => option.setName('query').setDescription('Words from the title (or a name)').setMaxLength(100))
    .addIntegerOption((option) => option.setName('year_from').setDescription('Released in or after this year').setMinValue(FIRST_FILM_YEAR).setMaxValue(2100))
    .addIntegerOption((option) => option.setName('year_to').setDescription('Released in or before this year').setMinValue(FIRST_FILM_YEAR).setMaxValue(2100))
    .addStringOption((option) => option.setName('director').setDescription('Directed by').setAutocomplete(true).setMaxLength(100))
    .addStringOption((option) => option.setName('actor').setDescription('With this actor in the cast').setAutocomplete(true).setMaxLength(100))
    .addStringOption((option) => option.setName('genre').setDescription('Genre').setAutocomplete(true).setMaxLength(100)),

  async autocomplete(interaction, app) {
    const focused = interaction.options.getFocused(true);
    const kind = nameOption[focused.name as keyof typeof nameOption];
    const names = kind ? catalogOf(app, interaction).suggestNames(kind, String(focused.value), LIMITS.choices) : [];
    await interaction.respond(names.map((name) => ({ name: truncate(name, LIMITS.choiceName), value: truncate(name, LIMITS.choiceValue) })));
  },

  async execute(interaction, app) {
    const parsed = SearchRequest.safeParse({
      query: interaction.options.getString('query') ?? undefined,
      yearFrom: interaction.options.getInteger('year_from') ?? undefined,
      yearTo: interaction.options.getInteger('year_to') ?? undefined,
      director: interaction.options.getString('director') ?? undefined,
      actor: interaction.options.getString('actor') ?? undefined,
      genre: interaction.options.getString('genre') ?? undefined,
    });
    if (!parsed.success) throw new UserError(parsed.error.issues[0]!.message);
    const sessionId = sessions.put(parsed.data);
    await interaction.reply({ ...renderPage(sessionId, parsed.data, 1, catalogOf(app, interaction)), allowedMentions: NO_MENTIONS });
  },

  components: {
    page: handler(z.tuple([z.string().min(1).max(20), PageNumber]), async (interaction: ComponentInteraction, [sessionId, page], app) => {
      const request = sessions.get(sessionId) ?? expired();
      await interaction.update({ ...renderPage(sessionId, request, page, catalogOf(app, interaction)), allowedMentions: NO_MENTIONS });
    }),
    open: handler(z.tuple([z.string().min(1).max(20)]), async (interaction: ComponentInteraction, _args, app) => {
      if (!interaction.isStringSelectMenu()) throw new UserError('This control expects a choice from the menu.');
      const chosen = z.array(FilmId).length(1).safeParse(interaction.values);
      if (!chosen.success) throw new UserError('Pick one film from the menu.');
      const film = catalogOf(app, interaction).get(chosen.data[0]!);
      if (!film) throw new UserError('That film is no longer in the catalog.');
      await interaction.reply({ ...(await buildFilmCard(app, interaction.guildId, film)), allowedMentions: NO_MENTIONS });
    }),
  },
});
