import type { AutocompleteInteraction, SlashCommandIntegerOption, SlashCommandStringOption } from 'discord.js';
import { z } from 'zod';
import type { App } from '../app.js';
import { FilmId } from '../catalog/schema.js';
import { UserError } from '../errors.js';
import { contentModelFor, resolveGenre } from '../recommend/index.js';
import type { ComponentInteraction } from './command.js';
import { buildFilmCard } from './filmCard.js';
import { LIMITS, truncate } from './limits.js';
import { NO_MENTIONS } from './respond.js';
import { catalogOf } from './filmOption.js';
import { plural } from './render/count.js';

/**
 * The filter options /recommend and /random share (genre, decade, list), how they autocomplete and how they
 * resolve, and the menu handler that opens a suggested film's card.
 */

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
    const names = catalogOf(app, interaction).suggestNames('genre', typed, LIMITS.choices);
    await interaction.respond(names.map((name) => ({ name: truncate(name, LIMITS.choiceName), value: truncate(name, LIMITS.choiceValue) })));
  } else if (focused.name === 'decade') {
    const digits = typed.replace(/\D/g, '');
    const matching = DECADES.filter((decade) => String(decade).startsWith(digits) || String(decade).slice(2).startsWith(digits));
    await interaction.respond(matching.map((decade) => ({ name: `${decade}s`, value: decade })));
  } else if (focused.name === 'list' && interaction.inGuild()) {
    const lists = await app.lists.suggest(interaction.guildId, typed, LIMITS.choices);
    const label = (name: string, size: number) => `${truncate(name, LIMITS.choiceName - 14)} (${plural(size, 'film')})`;
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


// ── Opening a suggestion as its card ────────────────────────────────────────────────────────────────────────────


/** The `open` handler of those menus: the chosen film's card, for the channel. */
export async function replyWithChosenCard(interaction: ComponentInteraction, app: App): Promise<void> {
  if (!interaction.isStringSelectMenu()) throw new UserError('This control expects a choice from the menu.');
  const chosen = z.array(FilmId).length(1).safeParse(interaction.values);
  if (!chosen.success) throw new UserError('Pick one film from the menu.');
  const film = catalogOf(app, interaction).get(chosen.data[0]!);
  if (!film) throw new UserError('That film is no longer in the catalog.');
  const card = await buildFilmCard(app, interaction.guildId, film);
  await interaction.reply({ ...card, allowedMentions: NO_MENTIONS });
}

// ── /recommend ──────────────────────────────────────────────────────────────────────────────────────────────────
