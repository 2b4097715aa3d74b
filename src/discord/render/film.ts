import {
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { Film } from '../../catalog/schema.js';
import { customId } from '../customId.js';
import { fitEmbed, joinWithinLimit, LIMITS, truncate } from '../limits.js';

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export const CARD_CAST_SIZE = 8;
/** Catalog text is shown as written, never as Discord markdown. */
const escape = (text: string) => escapeMarkdown(text);
const MARQUEE_COLOR = 0xc9a227;

/** Most films of the large default catalog come with their facts only: the card says so rather than looking broken. */
export const MISSING_SYNOPSIS = '*No synopsis yet: the catalog has this film\'s facts, not a summary in our own words.*';

/** TMDB's terms ask for their name where their data is shown: on the card of every film whose facts came from TMDB. */
export const TMDB_CREDIT = 'Data from TMDB';

export function filmLabel(film: Film): string {
  return `${film.title} (${film.year})`;
}

/** "Holy Motors (2012) — Leos Carax", shortened to fit an autocomplete choice or select option. */
export function filmChoiceName(film: Film, max: number = LIMITS.choiceName): string {
  const label = filmLabel(film);
  if (film.directors.length === 0) return truncate(label, max);
  const full = `${label} — ${film.directors.join(', ')}`;
  if (full.length <= max) return full;
  const withFirst = `${label} — ${film.directors[0]}`;
  return withFirst.length <= max ? withFirst : truncate(label, max);
}

export function formatRuntime(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours ? `${hours}h ${String(rest).padStart(2, '0')}m` : `${rest}m`;
}

const COMPACT = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

function castLine(member: Film['cast'][number]): string {
  return member.character ? `${escapeMarkdown(member.name)} *(${escapeMarkdown(member.character)})*` : escapeMarkdown(member.name);
}

function letterboxdUrl(film: Film): string | undefined {
  return film.externalIds.letterboxd ? `https://letterboxd.com/film/${film.externalIds.letterboxd}/` : undefined;
}

/** The catalog facts of a film as embed fields, most important first (fitEmbed drops from the end). */
export function filmFactFields(film: Film): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  const inline = (name: string, value: string) => fields.push({ name, value, inline: true });
  if (film.directors.length) inline(film.directors.length > 1 ? 'Directors' : 'Director', joinWithinLimit(film.directors.map(escape), LIMITS.fieldValue));
  if (film.writers?.length) inline(film.writers.length > 1 ? 'Writers' : 'Writer', joinWithinLimit(film.writers.map(escape), LIMITS.fieldValue));
  if (film.runtime) inline('Runtime', formatRuntime(film.runtime));
  if (film.genres.length) inline('Genres', joinWithinLimit(film.genres.map(escape), LIMITS.fieldValue));
  if (film.imdbRating) inline('IMDb rating', `${film.imdbRating.toFixed(1)}/10`);
  if (film.watchers) inline('Watched by', `${COMPACT.format(film.watchers)} on film sites`);
  if (film.cast.length) {
    const shown = film.cast.slice(0, CARD_CAST_SIZE).map(castLine);
    fields.push({ name: 'Cast', value: joinWithinLimit(shown, LIMITS.fieldValue, { unlisted: film.cast.length - shown.length }) });
  }
  if (film.themes.length) fields.push({ name: 'Themes', value: joinWithinLimit(film.themes.map(escape), LIMITS.fieldValue, { separator: ' · ' }) });
  if (film.countries.length) inline(film.countries.length > 1 ? 'Countries' : 'Country', joinWithinLimit(film.countries.map(escape), LIMITS.fieldValue));
  if (film.languages.length) inline(film.languages.length > 1 ? 'Languages' : 'Language', joinWithinLimit(film.languages.map(escape), LIMITS.fieldValue));
  return fields;
}

export interface CardExtras {
  /** Extra fields after the film's facts (the server's view, lists...). */
  fields?: APIEmbedField[];
  /** Extra rows of buttons under the card. */
  rows?: ActionRow[];
}

/** The film card: synopsis, year, director(s), runtime, genres, themes, top-billed cast, poster. */
export function renderFilmCard(film: Film, extras: CardExtras = {}): { embeds: APIEmbed[]; components: ActionRow[] } {
  const lines: string[] = [];
  if (film.originalTitle && film.originalTitle !== film.title) lines.push(`*${escapeMarkdown(film.originalTitle)}*`);
  lines.push(film.synopsis ? escapeMarkdown(film.synopsis) : MISSING_SYNOPSIS);
  const embed: APIEmbed = fitEmbed({
    title: filmLabel(film),
    url: letterboxdUrl(film),
    description: lines.join('\n\n'),
    color: MARQUEE_COLOR,
    fields: [...filmFactFields(film), ...(extras.fields ?? [])],
    thumbnail: film.poster ? { url: film.poster } : undefined,
    footer: { text: film.dataFrom?.includes('tmdb') ? `${film.id} · ${TMDB_CREDIT}` : film.id },
  });
  const rows: ActionRow[] = [...(extras.rows ?? [])];
  if (film.cast.length > 0) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Full cast', custom_id: customId('film', 'cast', film.id) }],
    });
  }
  return { embeds: [embed], components: rows };
}

/** The whole cast, numbered in billing order, as far as Discord's limits allow. */
export function renderFullCast(film: Film): { embeds: APIEmbed[] } {
  const lines = film.cast.map((member, index) => `${index + 1}. ${castLine(member)}`);
  const budget = LIMITS.embedDescription - 40;
  const shown: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > budget) break;
    shown.push(line);
    length += line.length + 1;
  }
  const hidden = lines.length - shown.length;
  const description = (shown.join('\n') || 'No cast is recorded for this film.') + (hidden ? `\n…and ${hidden} more` : '');
  return { embeds: [fitEmbed({ title: `Full cast — ${filmLabel(film)}`, description, color: MARQUEE_COLOR, footer: { text: `${film.cast.length} credited` } })] };
}
