import {
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  type APIEmbed,
  type APIEmbedField,
  type AutocompleteInteraction,
  type SlashCommandIntegerOption,
  type SlashCommandStringOption,
} from 'discord.js';
import { z } from 'zod';
import type { App } from '../../app.js';
import { FilmId, type Film } from '../../catalog/schema.js';
import { UserError } from '../../errors.js';
import { becauseText, contentModelFor, resolveGenre, type AppliedFilters, type RandomPick, type Recommendations, type SimilarFilms } from '../../recommend/index.js';
import type { ComponentInteraction } from '../command.js';
import { customId } from '../customId.js';
import { buildFilmCard } from '../filmCard.js';
import { fitEmbed, LIMITS, truncate } from '../limits.js';
import { NO_MENTIONS } from '../respond.js';
import { filmChoiceName, filmLabel, type ActionRow } from './film.js';

// ── Filter options shared by /recommend and /random ─────────────────────────────────────────────────────────────

/** The decades a member may pick: the catalog starts in the 1900s. */
export const DECADES: readonly number[] = Array.from({ length: 13 }, (_, i) => 1900 + i * 10);
const FIRST_DECADE = DECADES[0]!;
const LAST_DECADE = DECADES.at(-1)!;

export const Decade = z
  .number()
  .int()
  .superRefine((value, ctx) => {
    if (DECADES.includes(value)) return;
    const near = Math.floor(value / 10) * 10;
    const hint = DECADES.includes(near) ? ` (for ${value}, that is ${near})` : '';
    ctx.addIssue({ code: 'custom', message: `${value} is not a decade: pick one of ${FIRST_DECADE}, ${FIRST_DECADE + 10} … ${LAST_DECADE}${hint}.` });
  });

export function genreOption(option: SlashCommandStringOption, description = 'Only films of this genre'): SlashCommandStringOption {
  return option.setName('genre').setDescription(description).setAutocomplete(true).setMaxLength(100);
}

export function decadeOption(option: SlashCommandIntegerOption, description = 'Only films of this decade: 1900, 1910 … 2020'): SlashCommandIntegerOption {
  return option.setName('decade').setDescription(description).setMinValue(FIRST_DECADE).setMaxValue(LAST_DECADE).setAutocomplete(true);
}

export function listOption(option: SlashCommandStringOption, description = 'Only films in this server list'): SlashCommandStringOption {
  return option.setName('list').setDescription(description).setAutocomplete(true).setMaxLength(100);
}

/** Autocomplete for the `genre`, `decade` and `list` options. */
export async function autocompleteFilters(interaction: AutocompleteInteraction, app: App): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).trim();
  if (focused.name === 'genre') {
    const names = app.catalog.suggestNames('genre', typed, LIMITS.choices);
    await interaction.respond(names.map((name) => ({ name: truncate(name, LIMITS.choiceName), value: truncate(name, LIMITS.choiceValue) })));
  } else if (focused.name === 'decade') {
    const digits = typed.replace(/\D/g, '');
    const matching = DECADES.filter((decade) => String(decade).startsWith(digits) || String(decade).slice(2).startsWith(digits));
    await interaction.respond(matching.map((decade) => ({ name: `${decade}s`, value: decade })));
  } else if (focused.name === 'list' && interaction.inGuild()) {
    const lists = await app.lists.suggest(interaction.guildId, typed, LIMITS.choices);
    const label = (name: string, size: number) => `${truncate(name, LIMITS.choiceName - 14)} (${size} film${size === 1 ? '' : 's'})`;
    await interaction.respond(lists.map((list) => ({ name: label(list.name, list.size), value: list.id })));
  } else {
    await interaction.respond([]);
  }
}

/** The filters as a member gave them (options, or the arguments of a button). */
export interface FilterRequest {
  genre?: string | null;
  decade?: number | null;
  /** A list id (what autocomplete sends) or a list name typed by hand. */
  list?: string | null;
}

/** The filters checked and resolved: the catalog's genre label, a decade, and a list's films. */
export interface ChosenFilters {
  genre?: string;
  decade?: number;
  list?: { id: string; name: string; filmIds: string[] };
}

/** Reads a whole server list's film ids through the lists' own paginated view. */
async function listFilmIds(app: App, guildId: string, listId: string, pageCount: number, first: string[]): Promise<string[]> {
  const ids = [...first];
  for (let page = 2; page <= pageCount; page++) {
    const shown = await app.lists.show(guildId, listId, { page, pageSize: 25 });
    ids.push(...shown.page.items.map((item) => item.film.filmId));
  }
  return ids;
}

/**
 * Checks the filters before anything is acknowledged, so a mistake (an unknown genre, a year that is not a decade,
 * a list that does not exist or is empty) is answered privately; the recommender checks them again.
 */
export async function resolveFilters(app: App, guildId: string, request: FilterRequest): Promise<ChosenFilters> {
  const chosen: ChosenFilters = {};
  const genre = request.genre?.trim();
  if (genre) chosen.genre = resolveGenre(contentModelFor(app.catalog), genre).label;
  if (request.decade !== undefined && request.decade !== null) {
    const decade = Decade.safeParse(request.decade);
    if (!decade.success) throw new UserError(decade.error.issues[0]!.message);
    chosen.decade = decade.data;
  }
  const ref = request.list?.trim();
  if (ref) {
    const shown = await app.lists.show(guildId, ref, { page: 1, pageSize: 25 });
    if (shown.list.size === 0) throw new UserError(`The list “${truncate(shown.list.name, 80)}” has no films yet.`);
    const first = shown.page.items.map((item) => item.film.filmId);
    chosen.list = { id: shown.list.id, name: shown.list.name, filmIds: await listFilmIds(app, guildId, shown.list.id, shown.page.pageCount, first) };
  }
  return chosen;
}

/** The domain's filter input for the chosen filters. */
export function filterInput(chosen: ChosenFilters): { genre?: string; decade?: number; filmIds?: string[] } {
  return { genre: chosen.genre, decade: chosen.decade, filmIds: chosen.list?.filmIds };
}

/** "Drama · 1990s · list “Canon”", or '' without filters. */
export function filtersText(applied: AppliedFilters, listName?: string): string {
  const parts: string[] = [];
  if (applied.genre) parts.push(escapeMarkdown(applied.genre));
  if (applied.decade !== undefined) parts.push(`${applied.decade}s`);
  if (listName !== undefined) parts.push(`list “${escapeMarkdown(truncate(listName, 80))}”`);
  return parts.join(' · ');
}

// ── Opening a suggestion as its card ────────────────────────────────────────────────────────────────────────────

/** A menu under a list of films that opens any of them as its film card (`<command>:open`). */
export function openCardMenu(command: string, films: readonly { film: Film; note?: string }[], placeholder = 'Open a film card'): ActionRow[] {
  if (films.length === 0) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: customId(command, 'open'),
          placeholder,
          min_values: 1,
          max_values: 1,
          options: films.slice(0, LIMITS.selectOptions).map(({ film, note }) => ({
            label: truncate(filmLabel(film), LIMITS.selectLabel),
            value: film.id,
            description: note ? truncate(note, LIMITS.selectDescription) : undefined,
          })),
        },
      ],
    },
  ];
}

/** The `open` handler of those menus: the chosen film's card, for the channel. */
export async function replyWithChosenCard(interaction: ComponentInteraction, app: App): Promise<void> {
  if (!interaction.isStringSelectMenu()) throw new UserError('This control expects a choice from the menu.');
  const chosen = z.array(FilmId).length(1).safeParse(interaction.values);
  if (!chosen.success) throw new UserError('Pick one film from the menu.');
  const film = app.catalog.get(chosen.data[0]!);
  if (!film) throw new UserError('That film is no longer in the catalog.');
  const card = await buildFilmCard(app, interaction.guildId, film);
  await interaction.reply({ ...card, allowedMentions: NO_MENTIONS });
}

// ── /recommend ──────────────────────────────────────────────────────────────────────────────────────────────────

export interface RecommendView {
  /** The member the picks are for, as the server shows them. */
  name: string;
  /** Whether they asked for themselves: reasons say "you", otherwise the member's name. */
  self: boolean;
  listName?: string;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Catalog or member text, Markdown-escaped, within `max` characters. It is cut before escaping: escaping is slow on
 * very long text, and cutting afterwards could split an escape.
 */
export function escapedWithin(text: string, max: number): string {
  let cut = truncate(text, max);
  let escaped = escapeMarkdown(cut);
  while (escaped.length > max && cut.length > 1) {
    cut = truncate(text, Math.max(1, cut.length - (escaped.length - max)));
    escaped = escapeMarkdown(cut);
  }
  return escaped;
}

/** A field, as plain text; its tails (a mark, a figure) are kept whole when the rest is cut. */
interface FieldRow {
  name: string;
  nameTail?: string;
  value: string;
  valueTail?: string;
}

/**
 * One field per film, every one kept: names are cut to a share of the room, and the values (reasons, shared
 * features) share what is left of Discord's 6000 characters evenly, so a long line is cut rather than a film dropped.
 */
function fieldsWithin(used: number, rows: readonly FieldRow[]): APIEmbedField[] {
  if (rows.length === 0) return [];
  // A margin for fitEmbed's ellipses and rounding.
  const room = LIMITS.embedTotal - 100 - used;
  const perName = Math.max(40, Math.min(LIMITS.fieldName, Math.floor(room / 3 / rows.length)));
  const names = rows.map((row) => escapedWithin(row.name, perName - (row.nameTail?.length ?? 0)) + (row.nameTail ?? ''));
  const left = room - names.reduce((sum, name) => sum + name.length, 0);
  const perValue = Math.max(40, Math.min(LIMITS.fieldValue, Math.floor(left / rows.length)));
  return rows.map((row, i) => ({ name: names[i]!, value: escapedWithin(row.value, perValue - (row.valueTail?.length ?? 0)) + (row.valueTail ?? '') }));
}

function recommendIntro(result: Recommendations, view: RecommendView): string {
  const who = escapeMarkdown(view.name);
  if (result.mode === 'cold-start') {
    const subject = view.self ? 'you have' : `${who} has`;
    const advice = view.self
      ? 'Log films with /watched, /favorite and /dislike to get picks of your own.'
      : `Once ${who} logs films, these picks become ${who}’s own.`;
    return `**Cold start:** ${subject} not logged any films yet, so these are the films this server liked, then classics from the catalog, one per director. ${advice}`;
  }
  const whose = view.self ? 'your' : `${who}’s`;
  const unseen = view.self ? 'Films you have not seen' : `Films ${who} has not seen`;
  const neighbours = result.neighbours > 0 ? `, and what ${plural(result.neighbours, 'member')} whose taste overlaps ${view.self ? 'yours' : `${who}’s`} loved` : '';
  return `${unseen}, picked from ${whose} favorites, ratings, watchlist and dislikes${neighbours}.`;
}

/**
 * Each suggestion as a field with its reasons, in the second person for the asker and the third for another
 * member; long reasons are cut so the whole embed stays within Discord's 6000 characters.
 */
export function renderRecommendations(result: Recommendations, view: RecommendView): { embeds: APIEmbed[]; components: ActionRow[] } {
  const title = truncate(`Recommendations for ${view.name}`, LIMITS.embedTitle);
  const filters = filtersText(result.filters, view.listName);
  const description = [recommendIntro(result, view), filters ? `Filters: ${filters}` : ''].filter(Boolean).join('\n');
  const footer = `${plural(result.candidates, 'unseen film')} considered · open any of them as a card from the menu`;
  const reasons = result.items.map((item) => (view.self ? item.because : becauseText(item.reasons, view.name)));
  const fields = fieldsWithin(
    title.length + description.length + footer.length,
    result.items.map((item, i) => ({ name: `${i + 1}. ${filmChoiceName(item.film)}`, value: reasons[i] || 'a film you might like' })),
  );
  const embed = fitEmbed({ title, description, fields, footer: { text: footer } });
  const menu = openCardMenu(
    'recommend',
    result.items.map((item, i) => ({ film: item.film, note: reasons[i] })),
    'Open a suggestion as its film card',
  );
  return { embeds: [embed], components: menu };
}

// ── /similar ────────────────────────────────────────────────────────────────────────────────────────────────────

export function renderSimilar(result: SimilarFilms): { embeds: APIEmbed[]; components: ActionRow[] } {
  const title = truncate(`Films like ${filmLabel(result.film)}`, LIMITS.embedTitle);
  const description = result.items.length
    ? 'Closest first, by what they share with it: genres, themes, director, top-billed cast, decade, country and language.'
    : 'Nothing in the catalog shares enough with it to be called similar.';
  const seen = result.items.filter((item) => item.seen).length;
  const footer = result.items.length ? `✓ seen = you have logged it (${seen} of ${result.items.length}) · open any of them as a card from the menu` : result.film.id;
  const fields = fieldsWithin(
    title.length + description.length + footer.length,
    result.items.map((item, i) => ({
      name: `${i + 1}. ${filmChoiceName(item.film)}`,
      // The mark and the figure are never cut.
      nameTail: item.seen ? ' · ✓ seen' : undefined,
      value: item.because ? `Shares: ${item.because}` : 'Alike overall',
      valueTail: ` · ${Math.round(item.similarity * 100)}% alike`,
    })),
  );
  const embed = fitEmbed({ title, description, fields, footer: { text: footer } });
  const menu = openCardMenu(
    'similar',
    result.items.map((item) => ({ film: item.film, note: `${item.seen ? '✓ seen · ' : ''}${item.because}` })),
    'Open one as its film card',
  );
  return { embeds: [embed], components: menu };
}

// ── /random ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** The line above a random pick's card: where it was drawn from, among how many, with which filters. */
export function randomHeader(pick: RandomPick, options: { listName?: string; unseen?: boolean } = {}): string {
  const { listName, unseen } = options;
  const where =
    pick.from === 'watchlist' ? 'your watchlist' : pick.from === 'list' && listName !== undefined ? `the list “${escapeMarkdown(truncate(listName, 80))}”` : 'the catalog';
  // A list used as a filter on the watchlist or catalog is named with the other filters.
  const filters = filtersText(pick.filters, pick.from === 'list' ? undefined : listName);
  const parts = [`🎲 Drawn from ${where} (${plural(pick.poolSize, 'film')} to draw from)`, filters, unseen ? 'unseen' : '', pick.seen ? 'you have seen it' : ''];
  return parts.filter(Boolean).join(' · ');
}

export function anotherRow(id: string): ActionRow {
  return { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Another', emoji: { name: '🎲' }, custom_id: id }] };
}
