import { ComponentType, type APIApplicationCommandOptionChoice, type AutocompleteInteraction, type SlashCommandStringOption } from 'discord.js';
import type { App } from '../app.js';
import { z } from 'zod';
import type { CatalogReads } from '../catalog/serverCatalog.js';
import type { Film } from '../catalog/schema.js';
import type { ClubBoost } from '../search/clubPrior.js';
import { quote, UserError } from '../errors.js';
import { customId } from './customId.js';
import { LIMITS, truncate } from './limits.js';
import { filmChoiceName, filmLabel, filmLabelText, type ActionRow } from './render/film.js';
import { filmIdFor } from '../catalog/schema.js';
import { knownTmdbFilm } from '../tmdb/adopt.js';
import { titleYearKey, type RemoteFilm } from '../tmdb/service.js';

/** What a `film` option may hold: a film id picked from autocomplete, or text typed instead. */
/** Said when typed text matches no film: a member's way to get a film the catalog lacks. */
export const SUGGEST_MISSING_FILM = 'If the catalog lacks the film, `/catalog suggest` proposes it to the moderators.';

export const FilmOptionValue = z.string().trim().min(1, 'Type a film title.').max(LIMITS.choiceValue, 'That title is too long.');

/** The catalog of the server an interaction comes from (the shared catalog outside a server). */
export function catalogOf(app: App, interaction: { guildId: string | null }): CatalogReads {
  return interaction.guildId ? app.catalogFor(interaction.guildId) : app.catalog;
}

/**
 * Autocomplete for every `film` option: best matches, or a spread of the catalog before anything is
 * typed. `boost`: the server's club prior (app.clubPrior.boostFor), so "star" suggests what this club means.
 */
export function filmChoices(catalog: CatalogReads, typed: string, boost?: ClubBoost): APIApplicationCommandOptionChoice<string>[] {
  const query = typed.trim().slice(0, 200);
  const films = query ? catalog.search(query, { limit: LIMITS.choices, boost }).map((hit) => hit.film) : catalog.spread(LIMITS.choices);
  return films.slice(0, LIMITS.choices).map((film) => ({ name: filmChoiceName(film), value: film.id }));
}

/**
 * The value of an autocomplete choice TMDB offered: `tmdb:603`. A film id never holds a colon, so
 * the two cannot be confused; the TMDB id comes back as a number.
 */
export const TmdbChoiceValue = z
  .string()
  .regex(/^tmdb:[1-9]\d{0,9}$/)
  .transform((value) => Number(value.slice('tmdb:'.length)));

export const tmdbChoiceValue = (tmdbId: number) => `tmdb:${tmdbId}`;

/** How long autocomplete waits for TMDB: well inside Discord's 3 s, with room for the local search and the network. */
export const TMDB_AUTOCOMPLETE_BUDGET_MS = 1200;
/** A local match at least this close (0 is perfect) counts as a good one. */
const GOOD_MATCH = 0.2;
/** With this many good local matches, TMDB is not asked. */
const ENOUGH_GOOD_MATCHES = 3;
/** Shorter text says too little to send anywhere. */
const MIN_REMOTE_QUERY = 3;
const REMOTE_PREFIX = '🌐 ';
const REMOTE_SUFFIX = ' (from TMDB)';

function remoteChoice(film: RemoteFilm): APIApplicationCommandOptionChoice<string> {
  const label = truncate(`${film.title} (${film.year})`, LIMITS.choiceName - REMOTE_PREFIX.length - REMOTE_SUFFIX.length);
  return { name: `${REMOTE_PREFIX}${label}${REMOTE_SUFFIX}`, value: tmdbChoiceValue(film.tmdbId) };
}

/**
 * Autocomplete for a `film` option that can bring a film in from TMDB: the catalog's matches first;
 * when few of them are good and TMDB is configured, the films TMDB knows and the catalog does not,
 * marked "🌐 … (from TMDB)" — if TMDB answers within the budget. A slow or down TMDB costs one
 * budget at most (then a cool-down), and a late answer is cached for the next keystroke.
 */
export async function filmChoicesWithTmdb(app: App, guildId: string | null, typed: string): Promise<APIApplicationCommandOptionChoice<string>[]> {
  const catalog = catalogOf(app, { guildId });
  const boost = app.clubPrior.boostFor(guildId);
  const query = typed.trim().slice(0, 200);
  // Outside a server there is no catalog to add a film to.
  if (!app.tmdb || !guildId || query.length < MIN_REMOTE_QUERY) return filmChoices(catalog, typed, boost);
  const hits = catalog.search(query, { limit: LIMITS.choices, boost });
  const good = hits.filter((hit) => hit.score <= GOOD_MATCH);
  const local = hits.map((hit) => ({ name: filmChoiceName(hit.film), value: hit.film.id }));
  if (good.length >= ENOUGH_GOOD_MATCHES) return local;
  const remote = await app.tmdb.suggest(query, TMDB_AUTOCOMPLETE_BUDGET_MS);
  const localKeys = new Set(hits.map((hit) => titleYearKey(hit.film.title, hit.film.year)));
  const fresh = remote.filter(
    (film) =>
      !knownTmdbFilm(app, guildId, film.tmdbId) &&
      !localKeys.has(titleYearKey(film.title, film.year)) &&
      !(film.originalTitle && localKeys.has(titleYearKey(film.originalTitle, film.year))) &&
      !catalog.get(filmIdFor(film.title, film.year)),
  );
  if (fresh.length === 0) return local;
  const goodCount = good.length;
  const choices = [...local.slice(0, goodCount), ...fresh.map(remoteChoice), ...local.slice(goodCount)];
  return choices.slice(0, LIMITS.choices);
}

export interface ResolvedFilm {
  film: Film;
  /** Other films the text may mean: remakes sharing the title, or the next closest matches. */
  contenders: Film[];
  /** Whether the text names the film for certain (a picked id, or its title typed whole); else it is only the closest match. */
  confident: boolean;
}

/**
 * Turns a `film` option into a film to show (commands that only read; those that record go through
 * `withFilm` in filmPick.ts): an exact id as sent by autocomplete, the film whose title was typed,
 * or the closest match, said to be one. No match is a UserError that names the closest titles.
 */
export function resolveFilmOption(catalog: CatalogReads, raw: string): ResolvedFilm {
  const value = FilmOptionValue.safeParse(raw);
  if (!value.success) throw new UserError(value.error.issues[0]!.message);
  const byId = catalog.get(value.data);
  if (byId) return { film: byId, contenders: [], confident: true };
  const match = catalog.match(value.data);
  if (match.kind === 'confident') return { film: match.film, contenders: [], confident: true };
  const [best, ...contenders] = match.candidates;
  if (best) return { film: best, contenders, confident: false };
  const closest = catalog.search(value.data, { limit: 5 }).map((hit) => `• ${filmLabelText(hit.film)}`);
  const quoted = quote(value.data, 80);
  throw new UserError(
    closest.length
      ? `No film matches ${quoted}. Closest titles:\n${closest.join('\n')}\n${SUGGEST_MISSING_FILM}`
      : `No film matches ${quoted}. Try fewer words, or pick one of the suggestions as you type. ${SUGGEST_MISSING_FILM}`,
  );
}

/** A film as an option of a select menu: "Title (year)", its directors below. */
export function filmSelectOption(film: Film): { label: string; description?: string; value: string } {
  return {
    label: truncate(filmLabel(film), LIMITS.selectLabel),
    description: film.directors.length ? truncate(film.directors.join(', '), LIMITS.selectDescription) : undefined,
    value: film.id,
  };
}

/** A select menu offering the films that matched equally well; `action` is the command's pick handler. */
export function contenderMenu(command: string, action: string, films: readonly Film[], placeholder: string): ActionRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId(command, action),
        placeholder: truncate(placeholder, 150),
        min_values: 1,
        max_values: 1,
        options: films.slice(0, LIMITS.selectOptions).map(filmSelectOption),
      },
    ],
  };
}

/** The `film` option every diary command shares: required, autocompleted, at most 100 chars. */
export function filmOption(option: SlashCommandStringOption, description = 'The film — pick a suggestion or type a title'): SlashCommandStringOption {
  return option.setName('film').setDescription(description).setRequired(true).setAutocomplete(true).setMaxLength(LIMITS.choiceValue);
}

/** Autocomplete for commands whose only autocompleted option is a film (with TMDB's films when configured). */
export async function autocompleteFilm(interaction: AutocompleteInteraction, app: App): Promise<void> {
  await interaction.respond(await filmChoicesWithTmdb(app, interaction.guildId, String(interaction.options.getFocused())));
}

/** The server's catalog matches (its own films included), ranked with its club prior: every autocomplete that does not ask TMDB. */
export function catalogChoices(app: App, interaction: { guildId: string | null }, typed: string): APIApplicationCommandOptionChoice<string>[] {
  return filmChoices(catalogOf(app, interaction), typed, app.clubPrior.boostFor(interaction.guildId));
}

/** Autocomplete over the catalog only: for commands that look up what members recorded, which a film new from TMDB cannot have. */
export async function autocompleteCatalogFilm(interaction: AutocompleteInteraction, app: App): Promise<void> {
  await interaction.respond(catalogChoices(app, interaction, String(interaction.options.getFocused())));
}
