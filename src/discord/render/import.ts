import { ButtonStyle, ComponentType, type APIEmbed, type APIEmbedField } from 'discord.js';
import { escapeMarkdown } from './escape.js';
import type { Film } from '../../catalog/schema.js';
import {
  summarizePreview,
  type AmbiguousFilm,
  type ImportEffect,
  type ImportProgress,
  type ImportResult,
  type ImportSource,
  type MemberImportPreview,
  type MemberExport,
  type SourceTitle,
} from '../../import/index.js';
import { customId } from '../customId.js';
import { fitEmbed, joinWithinLimit, LIMITS, truncate } from '../limits.js';
import type { ActionRow } from './film.js';
import { count, plural } from './count.js';

export const SOURCE_NAMES: Record<ImportSource, string> = { letterboxd: 'Letterboxd', icheckmovies: 'iCheckMovies', imdb: 'IMDb' };

/** Ambiguous films get one menu each, up to this many: a message holds 5 rows and the buttons take one. */
export const AMBIGUOUS_MENUS = 4;
/** Examples of each outcome a preview shows (and all a kept preview carries of those it leaves out). */
export const PREVIEW_EXAMPLES = 5;
/** The select value meaning "none of these" (a film id is a slug, so it never looks like this). */
export const LEAVE_OUT = '-';

const day = (iso: string) => iso.slice(0, 10);
/** Titles from an uploaded file are shown as written, never as markdown. */
const titleOf = (source: SourceTitle) => `${escapeMarkdown(source.title)}${source.year === undefined ? '' : ` (${source.year})`}`;
const refOf = (film: { title: string; year: number }) => `**${escapeMarkdown(film.title)}** (${film.year})`;
/** Examples one per line, then how many were not shown. */
const listed = (lines: string[], unlisted: number) => joinWithinLimit(lines, LIMITS.fieldValue, { separator: '\n', unlisted, tail: (count) => `\n…and ${count} more` });

export function progressText(progress: ImportProgress): string {
  return `Matching… ${progress.done}/${progress.total} films`;
}

/** "17 viewings, 5 seen without a date, 4 reviews, 8 ratings…", leaving out what is zero. */
export function effectText(effect: Omit<ImportEffect, 'films'>): string {
  const parts = [
    effect.viewings && plural(effect.viewings, 'viewing'),
    // Seen without a diary entry: no dated viewing, so it is counted apart.
    effect.seen && `${count(effect.seen)} seen without a date`,
    effect.reviews && plural(effect.reviews, 'review'),
    effect.ratings && plural(effect.ratings, 'rating'),
    effect.favorites && plural(effect.favorites, 'favorite'),
    effect.dislikes && plural(effect.dislikes, 'dislike'),
    effect.watchlist && plural(effect.watchlist, 'watchlist entry', 'watchlist entries'),
  ].filter((part): part is string => Boolean(part));
  return parts.join(', ');
}

const HOW: Record<string, string> = { fuzzy: 'similar title — check it', aka: 'by another title', chosen: 'your choice' };

function matchedLine(example: { source: SourceTitle; film: { title: string; year: number }; how: string }): string {
  const sameName = example.source.title === example.film.title && example.source.year === example.film.year;
  const note = HOW[example.how] ? ` · ${HOW[example.how]}` : '';
  return sameName ? `${refOf(example.film)}${note}` : `${titleOf(example.source)} → ${refOf(example.film)}${note}`;
}

export interface PreviewState {
  /** The session holding the preview; absent when there is nothing to confirm. */
  sessionId?: string;
  /** Ambiguous film key → chosen film id. */
  choices: Readonly<Record<string, string>>;
}

/** Films that would be imported: the matches plus the ambiguous films the member picked. */
function chosenCount(preview: MemberImportPreview, choices: PreviewState['choices']): number {
  return preview.ambiguous.filter((film) => choices[film.key] !== undefined).length;
}

export function hasAnythingToImport(preview: MemberImportPreview): boolean {
  return preview.matched.length > 0 || preview.ambiguous.length > 0;
}

/**
 * What an upload holds and what confirming would change: counts, a few examples of each outcome,
 * and a menu per ambiguous film (for the first few), with Confirm / Cancel.
 */
export function renderImportPreview(
  preview: MemberImportPreview,
  state: PreviewState,
  lookup: { get(id: string): Film | undefined },
): { content: string; embeds: APIEmbed[]; components: ActionRow[] } {
  const summary = summarizePreview(preview, PREVIEW_EXAMPLES);
  const { counts } = summary;
  const source = SOURCE_NAMES[preview.source];
  const fileNames = joinWithinLimit(
    preview.files.map((file) => escapeMarkdown(file.name)),
    300,
  );
  const lines = [
    `Read ${plural(counts.rows, 'row')} from ${fileNames}, naming ${plural(counts.films, 'film')}:`,
    `**${count(counts.matched)}** matched · **${count(counts.ambiguous)}** to choose · **${count(counts.unmatched)}** not found in the catalog`,
  ];
  if (preview.previouslyImportedAt) lines.push('', `You already imported this file on ${day(preview.previouslyImportedAt)}.`);

  const fields: APIEmbedField[] = [];
  const effect = preview.effect;
  const chosen = chosenCount(preview, state.choices);
  if (effect) {
    const picked = chosen ? `, plus the ${plural(chosen, 'film')} you chose below` : '';
    let value: string;
    if (effect.films > 0) value = `${plural(effect.films, 'film')}: ${effectText(effect) || 'their marks'}${picked}.`;
    else if (chosen > 0) value = counts.matched > 0 ? `Only the ${plural(chosen, 'film')} you chose below: your records already have everything else.` : `The ${plural(chosen, 'film')} you chose below.`;
    else if (counts.matched > 0) value = 'Nothing new: your records already have everything the matched films carry.';
    else if (counts.ambiguous > 0) value = 'Nothing yet: pick the right films in the menus below.';
    else if (counts.films === 0 && counts.problems > 0) value = 'Nothing: no row of this file could be read (see the problems below).';
    else value = 'Nothing: no film of this file is in the catalog.';
    fields.push({ name: 'Confirming adds', value });
  }
  if (counts.matched > 0) {
    fields.push({ name: `Matched (${counts.matched})`, value: listed(summary.examples.matched.map(matchedLine), counts.matched - summary.examples.matched.length) });
  }
  if (counts.ambiguous > 0) {
    const menus = preview.ambiguous.slice(0, AMBIGUOUS_MENUS);
    const rest = counts.ambiguous - menus.length;
    const listed = menus.map((film) => `${titleOf(film.source)}: ${film.candidates.map((c) => `${c.year}`).join(', ')}${state.choices[film.key] ? ' ✓' : ''}`);
    const value = [
      ...listed,
      'Pick the right film in the menus below; a film you do not pick is left out.',
      ...(rest > 0 ? [`${plural(rest, 'more film')} fit several catalog films and ${rest === 1 ? 'is' : 'are'} left out: log ${rest === 1 ? 'it' : 'them'} with /watched.`] : []),
    ];
    fields.push({ name: `To choose (${counts.ambiguous})`, value: joinWithinLimit(value, LIMITS.fieldValue, { separator: '\n' }) });
  }
  if (counts.unmatched > 0) {
    const examples = summary.examples.unmatched.map((film) => `${titleOf(film.source)} — ${escapeMarkdown(film.reason)}`);
    fields.push({ name: `Not found, left out (${counts.unmatched})`, value: listed(examples, counts.unmatched - examples.length) });
  }
  if (counts.problems > 0) {
    const examples = summary.examples.problems.map(
      (problem) => `${escapeMarkdown(problem.file)}${problem.line ? ` line ${problem.line}` : ''}${problem.title ? ` (${escapeMarkdown(problem.title)})` : ''}: ${escapeMarkdown(problem.message)}`,
    );
    fields.push({ name: `Rows with problems (${counts.problems})`, value: listed(examples, counts.problems - examples.length) });
  }
  const ignored = new Map<string, string[]>();
  for (const file of summary.ignoredFiles) ignored.set(file.reason, [...(ignored.get(file.reason) ?? []), escapeMarkdown(file.name)]);
  const notes = [
    ...summary.notes.map((note) => escapeMarkdown(note)),
    ...[...ignored].map(([reason, names]) => `Not read (${escapeMarkdown(reason)}): ${names.join(', ')}.`),
  ];
  if (notes.length) fields.push({ name: 'Notes', value: joinWithinLimit(notes, LIMITS.fieldValue, { separator: '\n' }) });

  const canConfirm = state.sessionId !== undefined && hasAnythingToImport(preview);
  const embed = fitEmbed({
    title: `Import from ${source} — preview`,
    description: lines.join('\n'),
    fields,
    footer: {
      text: canConfirm
        ? 'Nothing is recorded until you confirm. This preview is kept for 15 minutes.'
        : counts.films === 0 && counts.problems > 0
          ? 'No row of this file could be read, so there is nothing to import: fix the rows listed and import it again.'
          : 'Nothing in this file matches the catalog, so there is nothing to import.',
    },
  });
  const components: ActionRow[] = [];
  if (canConfirm) {
    const sessionId = state.sessionId!;
    preview.ambiguous.slice(0, AMBIGUOUS_MENUS).forEach((film, index) => components.push(ambiguousMenu(film, index, sessionId, state.choices[film.key], lookup)));
    components.push({
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Success, label: 'Confirm', custom_id: customId('import', 'confirm', sessionId) },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: customId('import', 'cancel', sessionId) },
      ],
    });
  }
  return { content: '', embeds: [embed], components };
}

function ambiguousMenu(film: AmbiguousFilm, index: number, sessionId: string, chosen: string | undefined, lookup: { get(id: string): Film | undefined }): ActionRow {
  const name = `${film.source.title}${film.source.year === undefined ? '' : ` (${film.source.year})`}`;
  const options = film.candidates.slice(0, LIMITS.selectOptions - 1).map((candidate) => {
    const directors = lookup.get(candidate.filmId)?.directors ?? [];
    return {
      label: truncate(`${candidate.title} (${candidate.year})`, LIMITS.selectLabel),
      value: candidate.filmId,
      ...(directors.length ? { description: truncate(directors.join(', '), LIMITS.selectDescription) } : {}),
      default: chosen === candidate.filmId,
    };
  });
  options.push({ label: 'None of these — leave it out', value: LEAVE_OUT, default: false });
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId('import', 'choose', sessionId, index),
        placeholder: truncate(`Which “${name}”? (left out unless you pick)`, 150),
        min_values: 1,
        max_values: 1,
        options,
      },
    ],
  };
}

/** What confirming did: counts, what stayed as it was, and what was left out and why. */
export function renderImportResult(preview: MemberImportPreview, result: ImportResult, choices: PreviewState['choices']): { content: string; embeds: APIEmbed[]; components: ActionRow[] } {
  const source = SOURCE_NAMES[preview.source];
  const lines: string[] = [];
  if (result.added.films > 0) {
    const what = effectText(result.added);
    lines.push(`Added to your records: ${plural(result.added.films, 'film')}${what ? ` — ${what}` : ''}.`);
  } else {
    lines.push('Nothing changed: your records already had everything in this file.');
  }
  if (result.completedViewings > 0) lines.push(`${plural(result.completedViewings, 'viewing')} you had logged gained a rating or review from the file.`);
  if (result.unchanged > 0 && result.added.films > 0) lines.push(`${plural(result.unchanged, 'film')} ${result.unchanged === 1 ? 'was' : 'were'} already up to date.`);
  // Counts, not the lists: a kept preview carries only a few examples of what it leaves out.
  const notChosen = preview.counts.ambiguous - chosenCount(preview, choices);
  const leftOut = [
    preview.counts.unmatched && `${plural(preview.counts.unmatched, 'film')} not in the catalog`,
    notChosen && `${plural(notChosen, 'film')} you did not choose`,
  ].filter(Boolean);
  if (leftOut.length) lines.push(`Left out: ${leftOut.join(' and ')}.`);
  if (result.added.films > 0) lines.push('', 'See them with /diary and /profile.');

  const fields: APIEmbedField[] = [];
  if (result.skipped.length > 0) {
    const skipped = result.skipped.map((item) => {
      const film = 'filmId' in item.film ? refOf(item.film) : titleOf(item.film);
      return `${film} — ${escapeMarkdown(item.reason)}`;
    });
    fields.push({ name: `Not imported (${result.skipped.length})`, value: joinWithinLimit(skipped, LIMITS.fieldValue, { separator: '\n' }) });
  }
  const embed = fitEmbed({
    title: result.added.films > 0 ? `Imported from ${source}` : `Import from ${source}: nothing new`,
    description: lines.join('\n'),
    fields,
  });
  return { content: '', embeds: [embed], components: [] };
}

export function renderExportMessage(exported: MemberExport): string {
  const { counts } = exported;
  const parts = [
    plural(counts.viewings, 'diary entry', 'diary entries'),
    plural(counts.reviews, 'review'),
    plural(counts.ratings, 'rating'),
    `${count(counts.watchlist)} on your watchlist`,
    plural(counts.favorites, 'favorite'),
    ...(counts.dislikes ? [plural(counts.dislikes, 'dislike')] : []),
  ];
  return truncate(
    [
      `Your records of ${plural(counts.films, 'film')} in this server: ${parts.join(', ')}.`,
      'The ZIP holds Letterboxd CSVs (diary, reviews, ratings, watched, watchlist, likes): import them at <https://letterboxd.com/import/>, or here or in another server with `/import source:letterboxd`.',
    ].join('\n'),
    LIMITS.content,
  );
}
