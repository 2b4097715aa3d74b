import { ButtonStyle, ComponentType, type APIEmbed, type APIEmbedField } from 'discord.js';
import { escapeMarkdown } from './escape.js';
import type { Film } from '../../catalog/schema.js';
import {
  becauseText,
  type AppliedFilters,
  type RandomPick,
  type Recommendations,
  type SimilarFilms,
} from '../../recommend/index.js';
import { customId } from '../customId.js';
import { fitEmbed, LIMITS, truncate } from '../limits.js';
import { filmChoiceName, filmLabel, filmLabelText, type ActionRow } from './film.js';
import { plural } from './count.js';

/** "Drama · 1990s · list “Canon”", or '' without filters. */
export function filtersText(applied: AppliedFilters, listName?: string): string {
  const parts: string[] = [];
  if (applied.genre) parts.push(escapeMarkdown(applied.genre));
  if (applied.decade !== undefined) parts.push(`${applied.decade}s`);
  if (listName !== undefined) parts.push(`list “${escapeMarkdown(truncate(listName, 80))}”`);
  return parts.join(' · ');
}

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

export interface RecommendView {
  /** The member the picks are for, as the server shows them. */
  name: string;
  /** Whether they asked for themselves: reasons say "you", otherwise the member's name. */
  self: boolean;
  listName?: string;
}

/** "1 film", "42,022 films": the default catalog's counts run to five digits. */

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
  const title = truncate(`Films like ${filmLabelText(result.film)}`, LIMITS.embedTitle);
  const description = result.items.length
    ? 'Closest first, by what they share with it: genres, themes, director, top-billed cast, decade, country and language' +
      (result.learned ? ', and by what the members who logged it thought of other films.' : '.')
    : 'Nothing in the catalog shares enough with it to be called similar.';
  const seen = result.items.filter((item) => item.seen).length;
  const footer = result.items.length ? `✓ seen = you have logged it (${seen} of ${result.items.length}) · open any of them as a card from the menu` : result.film.id;
  const fields = fieldsWithin(
    title.length + description.length + footer.length,
    result.items.map((item, i) => ({
      name: `${i + 1}. ${filmChoiceName(item.film)}`,
      // The mark and the figure are never cut.
      nameTail: item.seen ? ' · ✓ seen' : undefined,
      value:
        [
          item.lovedTogether ? `${item.lovedTogether} member${item.lovedTogether === 1 ? '' : 's'} loved both` : '',
          item.because ? `Shares: ${item.because}` : '',
        ]
          .filter(Boolean)
          .join(' · ') || 'Alike overall',
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
