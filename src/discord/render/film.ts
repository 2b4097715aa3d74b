import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from 'discord.js';
import { escapeMarkdown } from './escape.js';
import type { Film } from '../../catalog/schema.js';
import { PLACEHOLDER_NAME, placeholderPoster } from '../../charts/placeholder.js';
import { customId } from '../customId.js';
import { fitEmbed, joinWithinLimit, LIMITS, truncate } from '../limits.js';
import { renderV2, type MediaItem, type V2Block, type V2File, type V2Message } from './v2.js';

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

/** filmLabel for text Discord reads as Markdown (messages, embed titles): M\\*A\\*S\\*H (1970) shows as written. */
export function filmLabelText(film: Film): string {
  return escape(filmLabel(film));
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

export interface CardExtras {
  /** Blocks after the film's own (the server's view, lists...), see filmCard.ts. */
  blocks?: V2Block[];
  /** Rows of buttons inside the card, under its text. */
  rows?: ActionRow[];
  /** No buttons at all (the card inside an announcement, whose buttons are the party's). */
  noButtons?: boolean;
}

/** The header beside the poster: who made it, how long, where from, and what film sites make of it. */
export function filmSubtitle(film: Film): string[] {
  const lines: string[] = [];
  if (film.originalTitle && film.originalTitle !== film.title) lines.push(`*${escape(film.originalTitle)}*`);
  const made: string[] = [];
  if (film.directors.length) made.push(`Directed by **${joinWithinLimit(film.directors.map(escape), 300)}**`);
  if (film.runtime) made.push(formatRuntime(film.runtime));
  if (film.countries.length) made.push(joinWithinLimit(film.countries.map(escape), 120));
  if (film.languages.length) made.push(joinWithinLimit(film.languages.map(escape), 120));
  if (made.length) lines.push(made.join(' · '));
  if (film.writers?.length) lines.push(`Written by ${joinWithinLimit(film.writers.map(escape), 300)}`);
  const figures: string[] = [];
  if (film.imdbRating) figures.push(`IMDb ${film.imdbRating.toFixed(1)}/10`);
  if (film.watchers) figures.push(`watched by ${COMPACT.format(film.watchers)} on film sites`);
  const letterboxd = letterboxdUrl(film);
  if (letterboxd) figures.push(`[Letterboxd](${letterboxd})`);
  if (figures.length) lines.push(figures.join(' · '));
  return lines;
}

/** The catalog's blocks: synopsis, genres, cast (with the Full cast button), themes. Priorities say what survives a tight budget. */
export function filmFactBlocks(film: Film): V2Block[] {
  const blocks: V2Block[] = [{ text: film.synopsis ? escapeMarkdown(film.synopsis) : MISSING_SYNOPSIS, priority: 9, max: 1200, divider: true }];
  if (film.genres.length) blocks.push({ heading: film.genres.length > 1 ? 'Genres' : 'Genre', text: joinWithinLimit(film.genres.map(escape), 300, { separator: ' · ' }), priority: 6 });
  if (film.cast.length) {
    const shown = film.cast.slice(0, CARD_CAST_SIZE).map(castLine);
    blocks.push({
      heading: 'Cast',
      text: joinWithinLimit(shown, 600, { unlisted: film.cast.length - shown.length }),
      priority: 7,
      button: { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Full cast', custom_id: customId('film', 'cast', film.id) },
    });
  }
  if (film.themes.length) blocks.push({ heading: 'Themes', text: joinWithinLimit(film.themes.map(escape), 500, { separator: ' · ' }), priority: 2 });
  return blocks;
}

/** Where the card's poster comes from: the catalog's link (Discord's media proxy fetches it, never the bot), or the placeholder, attached. */
async function posterOf(film: Film): Promise<{ thumbnail: MediaItem; files: V2File[] }> {
  if (film.poster) return { thumbnail: { url: film.poster, description: `Poster of ${filmLabel(film)}` }, files: [] };
  return {
    thumbnail: { url: `attachment://${PLACEHOLDER_NAME}`, description: `No poster is known for ${filmLabel(film)}` },
    files: [{ attachment: await placeholderPoster(), name: PLACEHOLDER_NAME, description: 'No poster' }],
  };
}

/**
 * The film card as Components V2: the poster beside the title and who made it, then the synopsis, genres, cast and
 * themes, then whatever the caller adds (the server's view), the film id in small print and the buttons.
 */
export async function renderFilmCard(film: Film, extras: CardExtras = {}, around: Parameters<typeof renderV2>[1] = {}): Promise<V2Message> {
  const poster = await posterOf(film);
  return renderV2(
    {
      title: escape(filmLabel(film)),
      subtitle: filmSubtitle(film),
      thumbnail: poster.thumbnail,
      accent: MARQUEE_COLOR,
      blocks: [...filmFactBlocks(film), ...(extras.blocks ?? [])].map((block) => (extras.noButtons ? { ...block, button: undefined } : block)),
      footer: film.dataFrom?.includes('tmdb') ? `${film.id} · ${TMDB_CREDIT}` : film.id,
      rows: extras.rows ?? [],
      files: poster.files,
    },
    around,
  );
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
  return { embeds: [fitEmbed({ title: `Full cast — ${filmLabelText(film)}`, description, color: MARQUEE_COLOR, footer: { text: `${film.cast.length} credited` } })] };
}
