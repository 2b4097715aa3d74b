import { ButtonStyle, ComponentType, type APIEmbed, type APIEmbedField } from 'discord.js';
import { escapeMarkdown } from './escape.js';
import type { FilmRef, Page } from '../../club/types.js';
import { quote } from '../../errors.js';
import type {
  AwardLevel,
  EarnedAward,
  FilmLists,
  ImportPreview,
  ImportResult,
  LeaderboardRow,
  ListInfo,
  ListItem,
  ListOverview,
  ListShow,
  MemberAward,
  MemberListProgress,
  Progress,
} from '../../lists/index.js';
import { customId } from '../customId.js';
import { fitEmbed, joinWithinLimit, LIMITS, truncate } from '../limits.js';
import type { ActionRow } from './film.js';
import type { V2Block } from './v2.js';
import { count, plural } from './count.js';

/** The message a member without moderator rights gets (the domain gives the same one for changes). */
export const NOT_MODERATOR =
  'Only moderators can change server lists: members with Manage Server, or the moderator role set with /config moderator-role.';

export const AWARD_EMOJI: Readonly<Record<AwardLevel, string>> = { bronze: '🥉', silver: '🥈', gold: '🥇', platinum: '💎' };

/** List names, notes and member names are shown as typed, never as markdown (pings are stopped by NO_MENTIONS). */
const text = (value: string) => escapeMarkdown(value);
/** One line of free text (notes and descriptions may hold line breaks). */
const oneLine = (value: string, max: number) => truncate(text(value.replace(/\s+/g, ' ').trim()), max);

export function filmText(film: FilmRef): string {
  return `${film.title}${film.year ? ` (${film.year})` : ''}`;
}


/** "#13" in a ranked list, "number 13" in an unranked one. */
export function placeText(list: { ranked: boolean }, position: number): string {
  return list.ranked ? `#${position}` : `number ${position}`;
}

export function awardText(level: AwardLevel): string {
  return `${AWARD_EMOJI[level]} ${level}`;
}

/** "7 of 11 seen · 63.6% · 🥉 bronze · 2 more for 🥈 silver". */
export function progressText(progress: Progress): string {
  const parts = [`${count(progress.watched)} of ${plural(progress.total, 'film')} seen`, `${progress.percent}%`];
  if (progress.award) parts.push(awardText(progress.award));
  if (progress.next) parts.push(`${plural(progress.next.films, 'more film')} for ${awardText(progress.next.award)}`);
  return parts.join(' · ');
}

/** "▰▰▰▰▰▰▱▱▱▱", ten steps, rounded down so only a complete list is full. */
export function progressBar(progress: Progress): string {
  const filled = progress.total === 0 ? 0 : Math.floor((progress.watched * 10) / progress.total);
  return '▰'.repeat(filled) + '▱'.repeat(10 - filled);
}

function listMeta(list: ListInfo): string {
  return [list.ranked ? 'ranked' : 'unranked', plural(list.size, 'film'), `by ${text(list.authorName)}`].join(' · ');
}

function itemLine(list: ListInfo, item: ListItem): string {
  const place = list.ranked ? `\`#${item.position}\`` : '•';
  const seen = item.watched ? ' ✓' : '';
  const note = item.note ? ` — *${oneLine(item.note, 90)}*` : '';
  return `${place}${seen} **${text(item.film.title)}**${item.film.year ? ` (${item.film.year})` : ''}${note}`;
}

// ── /list show, all, progress, leaderboard ─────────────────────────────────────────────────────────────────────

export function renderListShow(shown: ListShow, viewerName: string): APIEmbed {
  const { list, page, viewer } = shown;
  const lines = page.items.map((item) => itemLine(list, item));
  const description = [
    list.description ? text(list.description) : undefined,
    lines.length ? lines.join('\n') : 'No films yet. Moderators add them with /list add, or import a CSV with /list import.',
  ].filter(Boolean);
  const fields: APIEmbedField[] = [];
  if (viewer && list.size > 0) fields.push({ name: `${viewerName}’s progress`, value: `${progressBar(viewer)} ${text(progressText(viewer))}` });
  return fitEmbed({
    title: list.name,
    description: description.join('\n\n'),
    fields,
    footer: { text: `${listMeta(list)} · ✓ seen by ${viewerName}${page.pageCount > 1 ? ` · page ${count(page.page)} of ${count(page.pageCount)}` : ''}` },
  });
}

export function renderAllLists(page: Page<ListOverview>, viewerName: string): APIEmbed {
  const lines = page.items.map(({ list, progress }) => {
    const award = progress.award ? ` ${AWARD_EMOJI[progress.award]}` : '';
    const seen = list.size > 0 ? ` · ${count(progress.watched)}/${count(list.size)} seen (${progress.percent}%)${award}` : '';
    return `**${text(list.name)}** — ${list.ranked ? 'ranked, ' : ''}${plural(list.size, 'film')}${seen}`;
  });
  return fitEmbed({
    title: 'Server lists',
    description: lines.length ? lines.join('\n') : 'This server has no lists yet. Moderators create them with /list create or /list import.',
    footer: { text: `${plural(page.total, 'list')} · progress of ${viewerName}${page.pageCount > 1 ? ` · page ${count(page.page)} of ${count(page.pageCount)}` : ''}` },
  });
}

export function renderProgress(progress: MemberListProgress, memberName: string): APIEmbed {
  const { list } = progress;
  const lines = [`${progressBar(progress)} **${count(progress.watched)}** of ${plural(progress.total, 'film')} seen · **${progress.percent}%**`];
  if (progress.award) lines.push(`Award: ${awardText(progress.award)}`);
  if (progress.next) lines.push(`Next: ${awardText(progress.next.award)} in ${plural(progress.next.films, 'more film')}`);
  if (progress.total > 0 && progress.watched === progress.total) lines.push('Every film on the list seen.');
  const fields: APIEmbedField[] = [];
  if (progress.upNext.length > 0) {
    fields.push({ name: 'Up next', value: joinWithinLimit(progress.upNext.map((item) => itemLine(list, item)), LIMITS.fieldValue, { separator: '\n' }) });
  }
  return fitEmbed({
    title: `${memberName} · ${list.name}`,
    description: list.size === 0 ? 'This list has no films yet.' : lines.join('\n'),
    fields,
    footer: { text: listMeta(list) },
  });
}

function leaderboardLine(row: LeaderboardRow): string {
  const award = row.award ? ` ${AWARD_EMOJI[row.award]}` : '';
  return `**${row.rank}.** ${text(row.name)} — ${count(row.watched)}/${count(row.total)} · ${row.percent}%${award}`;
}

export function renderLeaderboard(board: { list: ListInfo; page: Page<LeaderboardRow> }): APIEmbed {
  const { list, page } = board;
  return fitEmbed({
    title: `Leaderboard · ${list.name}`,
    description: page.items.length ? page.items.map(leaderboardLine).join('\n') : 'Nobody here has watched a film from this list yet.',
    footer: { text: `${listMeta(list)}${page.pageCount > 1 ? ` · page ${count(page.page)} of ${count(page.pageCount)}` : ''}` },
  });
}

// ── Deleting ───────────────────────────────────────────────────────────────────────────────────────────────────

export function deletePrompt(list: ListInfo): { content: string; components: ActionRow[] } {
  return {
    content:
      `Delete ${quote(list.name)} (${plural(list.size, 'film')})? Members’ progress and awards for it go with it; ` +
      'its films keep it in their “has been in” count. This cannot be undone.',
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Delete list', custom_id: customId('list', 'delete', list.id) },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: customId('list', 'keep') },
        ],
      },
    ],
  };
}

// ── Import ─────────────────────────────────────────────────────────────────────────────────────────────────────

const FORMAT_NAMES: Record<ImportPreview['format'], string> = { letterboxd: 'Letterboxd list export', 'title-year': 'title,year CSV' };

function rowLabel(row: { title: string; year?: number | undefined }): string {
  return `“${oneLine(row.title, 80)}”${row.year ? ` (${row.year})` : ''}`;
}

/** A field whose lines are cut to fit, saying how many were left out. */
function linesField(name: string, lines: string[]): APIEmbedField {
  return { name, value: joinWithinLimit(lines, LIMITS.fieldValue, { separator: '\n', tail: (more) => `\n…and ${count(more)} more` }) };
}

export interface ImportButtons {
  sessionId: string;
}

/** What an import would create, before anything is written, with Confirm / Cancel when there is something to import. */
export function renderImportPreview(preview: ImportPreview, buttons: ImportButtons | undefined): { embeds: APIEmbed[]; components: ActionRow[] } {
  const { list } = preview;
  const importable = preview.matched.length;
  const summary = [
    `From *${oneLine(preview.fileName, 80)}* (${FORMAT_NAMES[preview.format]}): ${plural(preview.rowCount, 'row')}.`,
    importable > 0
      ? `Confirming creates the ${list.ranked ? 'ranked' : 'unranked'} list ${quote(list.name)} with ${plural(importable, 'film')}` +
        (preview.ambiguous.length > 0 ? ` (${count(preview.ambiguous.length)} more with best guesses for the ambiguous rows).` : '.')
      : preview.ambiguous.length > 0
        ? `No row matched one film for certain; import with best guesses to take the first candidate of each ambiguous row.`
        : 'No row matched a film in the catalog, so there is nothing to import.',
    '**Nothing is saved until you confirm.**',
  ];
  if (list.description) summary.unshift(`> ${oneLine(list.description, 300)}`);
  const fields: APIEmbedField[] = [];
  if (preview.matched.length > 0) {
    fields.push(
      linesField(
        `Matched (${count(preview.matched.length)})`,
        preview.matched.map((row) => {
          const place = list.ranked ? `#${row.rank}` : '•';
          const differs = row.film.title.toLowerCase() !== row.title.toLowerCase();
          return `${place} ${text(filmText(row.film))}${differs ? ` ← ${rowLabel(row)}` : ''}`;
        }),
      ),
    );
  }
  if (preview.ambiguous.length > 0) {
    fields.push(
      linesField(
        `Ambiguous (${count(preview.ambiguous.length)}) — left out unless you take best guesses`,
        preview.ambiguous.map((row) => `line ${row.line} ${rowLabel(row)}: ${row.candidates.map((film) => text(filmText(film))).join(' or ')}`),
      ),
    );
  }
  if (preview.unmatched.length > 0) {
    fields.push(
      linesField(
        `Not in the catalog (${count(preview.unmatched.length)})`,
        preview.unmatched.map((row) => `line ${row.line} ${rowLabel(row)} — ${oneLine(row.reason, 120)}`),
      ),
    );
  }
  if (preview.duplicates.length > 0) {
    fields.push(
      linesField(
        `Repeated (${count(preview.duplicates.length)})`,
        preview.duplicates.map((row) => `line ${row.line} ${rowLabel(row)} — the same film as line ${row.firstLine}`),
      ),
    );
  }
  if (preview.invalid.length > 0) {
    fields.push(linesField(`Rows that do not parse (${count(preview.invalid.length)})`, preview.invalid.map((row) => `line ${row.line}: ${oneLine(row.reason, 120)}`)));
  }
  const embed = fitEmbed({ title: `Import preview: ${list.name}`, description: summary.join('\n'), fields });
  const row: ActionRow = { type: ComponentType.ActionRow, components: [] };
  if (buttons) {
    if (importable > 0) {
      row.components.push({
        type: ComponentType.Button,
        style: ButtonStyle.Success,
        label: `Import ${plural(importable, 'film')}`,
        custom_id: customId('list', 'import', buttons.sessionId, 'exact'),
      });
    }
    if (preview.ambiguous.length > 0) {
      row.components.push({
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: 'Import with best guesses',
        custom_id: customId('list', 'import', buttons.sessionId, 'guess'),
      });
    }
    row.components.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: customId('list', 'import', buttons.sessionId, 'cancel') });
  }
  return { embeds: [embed], components: row.components.length ? [row] : [] };
}

export function renderImportResult(result: ImportResult): APIEmbed {
  const { list } = result;
  const lines = [
    `Created the ${list.ranked ? 'ranked' : 'unranked'} list ${quote(list.name)} with ${plural(result.imported, 'film')}.`,
    `Members see it with /list show, their progress with /list progress.`,
  ];
  const fields: APIEmbedField[] = [];
  if (result.skipped.length > 0) {
    fields.push(linesField(`Left out (${count(result.skipped.length)})`, result.skipped.map((row) => `line ${row.line} “${oneLine(row.title, 80)}” — ${oneLine(row.reason, 100)}`)));
  }
  return fitEmbed({ title: `Imported: ${list.name}`, description: lines.join('\n'), fields });
}

// ── Awards, the film card, /profile ────────────────────────────────────────────────────────────────────────────

/** "🥉 alice reached bronze in “TSPDT 21st century” — 54.5% watched (6 of 11)". */
export function awardAnnouncement(award: EarnedAward): string {
  const { progress } = award;
  return `${AWARD_EMOJI[award.level]} ${text(award.name)} reached ${award.level} in ${quote(award.list.name)} — ${progress.percent}% watched (${count(progress.watched)} of ${count(progress.total)})`;
}

/** The card's "In N server lists · #13 in X, #84 in Y" and, when the film left some, "has been in M". */
export function filmListsField(lists: FilmLists): APIEmbedField | undefined {
  if (lists.hasBeenIn === 0) return undefined;
  if (lists.count === 0) return { name: 'Server lists', value: `In no server list now, but has been in ${plural(lists.hasBeenIn, 'server list')}.` };
  const formerly = lists.hasBeenIn > lists.count ? `Has been in ${plural(lists.hasBeenIn, 'server list')}.` : '';
  const head = `In ${plural(lists.count, 'server list')} · `;
  const memberships = lists.current.map(({ list, position }) => `${list.ranked ? `#${position} in ` : ''}${text(list.name)}`);
  const budget = LIMITS.fieldValue - head.length - (formerly ? formerly.length + 1 : 0);
  const value = head + joinWithinLimit(memberships, budget) + (formerly ? `\n${formerly}` : '');
  return { name: 'Server lists', value };
}

/** The card's "Server lists" block: ranks in server lists come right after the server's figures. */
export function filmListsBlock(lists: FilmLists): V2Block | undefined {
  const field = filmListsField(lists);
  return field ? { heading: field.name, text: field.value, priority: 5 } : undefined;
}

/** /profile: "🥇 gold · TSPDT — 10/11 (90.9%)", highest first. */
export function awardsField(awards: readonly MemberAward[]): APIEmbedField | undefined {
  if (awards.length === 0) return undefined;
  const lines = awards.map((item) => `${awardText(item.award)} · ${text(item.list.name)} — ${count(item.progress.watched)}/${count(item.progress.total)} (${item.progress.percent}%)`);
  return { name: `List awards (${awards.length})`, value: joinWithinLimit(lines, LIMITS.fieldValue, { separator: '\n' }) };
}
