import {
  ActionRowBuilder,
  ButtonStyle,
  ComponentType,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type APIButtonComponent,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { z } from 'zod';
import type { App } from '../app.js';
import { guildConfig, readWatchDate, starsText, type DiaryEntryView, type DiaryItem, type FilmRef } from '../club/index.js';
import { Snowflake } from '../config.js';
import { UserError } from '../errors.js';
import { actorOf, guildIdOf } from './actor.js';
import type { ComponentInteraction } from './command.js';
import { confirmChange } from './confirm.js';
import { customId } from './customId.js';
import { LIMITS, truncate } from './limits.js';
import type { ActionRow } from './render/film.js';
import { escapeMarkdown } from './render/escape.js';
import { NO_MENTIONS } from './respond.js';

/**
 * Fixing a viewing after the fact, from a member's own /diary: a menu of the page's viewings opens a private panel
 * for one of them, whose buttons move it to another date, delete it, delete its review or take back the rating.
 * The custom_ids carry whose diary it is (refused to anyone else) and the entry id (looked up again on every
 * press, so a viewing deleted meanwhile, or a menu from before a restart, answers clearly).
 */

const COMMAND = 'diary';
/** Entry ids as the store makes them (see src/store/schema.ts). */
export const EntryId = z.string().min(1).max(24).regex(/^[A-Za-z0-9_-]+$/);
export const EditArgs = z.tuple([Snowflake, EntryId]);

export const ENTRY_GONE = 'That viewing is no longer in your diary (deleted meanwhile?). Run /diary again for a fresh menu.';
const NOT_YOURS = 'This is someone else’s diary: only they can edit it. Run /diary to edit yours.';

/** "Holy Motors (2012)", as written (no Markdown). */
function filmText(film: FilmRef): string {
  return `${film.title}${film.year ? ` (${film.year})` : ''}`;
}

/** "Holy Motors (2012)" bolded, with the title's own Markdown characters shown as written. */
function filmBold(film: FilmRef): string {
  return `**${escapeMarkdown(filmText(film))}**`;
}

/** "Holy Motors (2012) · 2024-05-17 ★★★★ ✍", the title cut cleanly when the whole would pass Discord's limit. */
export function entryOptionLabel(item: DiaryItem): string {
  const marks = [item.stars !== undefined ? starsText(item.stars) : '', item.review ? '✍' : ''].filter(Boolean).join(' ');
  const tail = ` · ${item.watchedOn}${marks ? ` ${marks}` : ''}`;
  return truncate(filmText(item.film), LIMITS.selectLabel - tail.length) + tail;
}

/** The "Edit a viewing…" menu under a member's own diary page: one option per viewing shown. */
export function editMenuRow(ownerId: string, items: readonly DiaryItem[]): ActionRow[] {
  if (items.length === 0) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: customId(COMMAND, 'edit', ownerId),
          placeholder: 'Edit a viewing…',
          options: items.slice(0, LIMITS.selectOptions).map((item) => ({ label: entryOptionLabel(item), value: item.entryId })),
        },
      ],
    },
  ];
}

function refuseOthers(interaction: ComponentInteraction | ModalSubmitInteraction, ownerId: string): void {
  guildIdOf(interaction);
  if (interaction.user.id !== ownerId) throw new UserError(NOT_YOURS);
}

async function entryOf(app: App, interaction: ComponentInteraction | ModalSubmitInteraction, ownerId: string, entryId: string): Promise<DiaryEntryView> {
  refuseOthers(interaction, ownerId);
  const view = await app.diary.diaryEntry(guildIdOf(interaction), ownerId, entryId);
  if (!view) throw new UserError(ENTRY_GONE);
  return view;
}

/** What the viewing is, said back to its owner. */
function describeEntry(view: DiaryEntryView): string {
  const { item } = view;
  const lines = [`${filmBold(item.film)} — watched on ${item.watchedOn}${item.rewatch ? ' (a rewatch)' : ''}`];
  // The latest viewing without stars of its own shows the member's rating (see DiaryItem): said once, as the rating.
  if (item.stars !== undefined && item.stars !== view.rating) lines.push(`This viewing: ${starsText(item.stars)}`);
  if (view.rating !== undefined) lines.push(`Your rating of the film: ${starsText(view.rating)}`);
  if (item.review) {
    const excerpt = `“${escapeMarkdown(truncate(item.review.snippet, 200))}”`;
    lines.push(`✍ ${item.review.spoiler ? `(spoiler) ||${excerpt}||` : excerpt}`);
  }
  return lines.join('\n');
}

function button(label: string, style: ButtonStyle, action: string, ownerId: string, entryId: string): APIButtonComponent {
  return { type: ComponentType.Button, style, label, custom_id: customId(COMMAND, action, ownerId, entryId) } as APIButtonComponent;
}

function row(...buttons: APIButtonComponent[]): ActionRow {
  return { type: ComponentType.ActionRow, components: buttons };
}

function panel(view: DiaryEntryView, ownerId: string, note?: string) {
  const { entryId } = view.item;
  const buttons = [button('Change date', ButtonStyle.Primary, 'redate', ownerId, entryId), button('Delete viewing', ButtonStyle.Danger, 'delete', ownerId, entryId)];
  if (view.item.review) buttons.push(button('Delete review', ButtonStyle.Danger, 'unreview', ownerId, entryId));
  if (view.rating !== undefined) buttons.push(button('Remove rating', ButtonStyle.Secondary, 'unrate', ownerId, entryId));
  const content = truncate(`${note ? `${note}\n\n` : ''}${describeEntry(view)}`, LIMITS.content);
  return { content, components: [row(...buttons)], allowedMentions: NO_MENTIONS };
}

/** What deleting the member's last viewing takes with it, in words ("your favorite and your ★★★★ rating"). */
function goesWithIt(view: DiaryEntryView): string[] {
  if (!view.lastViewing) return [];
  return [view.favorite ? 'your favorite' : '', view.dislike ? 'your dislike' : '', view.rating !== undefined ? `your ${starsText(view.rating)} rating` : ''].filter(Boolean);
}

function confirmation(view: DiaryEntryView, ownerId: string, question: string, yesLabel: string, yesAction: string) {
  const { entryId } = view.item;
  return {
    content: truncate(question, LIMITS.content),
    components: [row(button(yesLabel, ButtonStyle.Danger, yesAction, ownerId, entryId), button('Keep it', ButtonStyle.Secondary, 'panel', ownerId, entryId))],
    allowedMentions: NO_MENTIONS,
  };
}

// ── Handlers (wired in commands/diary.ts) ─────────────────────────────────────────────────────────────────────

/** The menu: the chosen viewing's panel, privately. */
export async function openPanel(interaction: ComponentInteraction, [ownerId]: [string], app: App): Promise<void> {
  if (!interaction.isStringSelectMenu()) throw new UserError('This control expects a choice from the menu.');
  refuseOthers(interaction, ownerId);
  const chosen = z.array(EntryId).length(1).safeParse(interaction.values);
  if (!chosen.success) throw new UserError('Pick one viewing from the menu.');
  const view = await entryOf(app, interaction, ownerId, chosen.data[0]!);
  await interaction.reply({ ...panel(view, ownerId), flags: MessageFlags.Ephemeral });
}

/** "Keep it" on a confirmation: back to the panel. */
export async function showPanel(interaction: ComponentInteraction, [ownerId, entryId]: [string, string], app: App): Promise<void> {
  await interaction.update(panel(await entryOf(app, interaction, ownerId, entryId), ownerId));
}

export async function askDate(interaction: ComponentInteraction, [ownerId, entryId]: [string, string], app: App): Promise<void> {
  const view = await entryOf(app, interaction, ownerId, entryId);
  const modal = new ModalBuilder()
    .setCustomId(customId(COMMAND, 'redate', ownerId, entryId))
    .setTitle(truncate(`Move ${filmText(view.item.film)}`, LIMITS.modalTitle))
    .addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder()
          .setCustomId('date')
          .setLabel('Watched on (2024-05-17, yesterday…)')
          .setPlaceholder('2024-05-17, May 17, yesterday, last friday')
          .setStyle(TextInputStyle.Short)
          .setRequired(true)
          .setMaxLength(DATE_MAX_LENGTH)
          .setValue(view.item.watchedOn),
      ),
    );
  await (interaction as ButtonInteraction).showModal(modal);
}

/** As long as /watched's `date` option allows. */
const DATE_MAX_LENGTH = 40;

export async function changeDate(interaction: ModalSubmitInteraction, [ownerId, entryId]: [string, string], app: App): Promise<void> {
  const view = await entryOf(app, interaction, ownerId, entryId);
  let typed: string;
  try {
    typed = interaction.fields.getTextInputValue('date');
  } catch {
    throw new UserError('That form sent no date. Press Change date again and type one.');
  }
  if (typed.trim() === '' || typed.length > DATE_MAX_LENGTH) throw new UserError('Type a date such as 2024-05-17, “May 17” or “last friday”.');
  const actor = actorOf(interaction);
  const config = await guildConfig(app.store, actor.guildId);
  const film = app.catalogFor(actor.guildId).get(view.item.film.filmId);
  const read = readWatchDate(typed, { zone: config.timezone, dateOrder: config.dateOrder, now: app.now(), ...(film && { film }) });
  const result = await app.diary.changeDate(actor, entryId, read.date);
  const reading = read.reading ? ` (${read.reading}; \`/config date-format\` sets how this server reads such dates)` : '';
  const message = `Moved your viewing of ${filmBold(view.item.film)} from ${view.item.watchedOn} to ${result.entry.watchedOn}${reading}.`;
  await refreshPanel(interaction, app, ownerId, entryId);
  await confirmChange(interaction, app, { filmId: result.filmId, message, undoToken: result.undoToken });
}

export async function askDelete(interaction: ComponentInteraction, [ownerId, entryId]: [string, string], app: App): Promise<void> {
  const view = await entryOf(app, interaction, ownerId, entryId);
  const going = goesWithIt(view);
  const last = view.lastViewing
    ? ` It is your only viewing of this film${going.length ? `: ${going.join(' and ')} ${going.length > 1 ? 'go' : 'goes'} with it` : ''}.`
    : '';
  const review = view.item.review ? ' Its review goes too.' : '';
  await interaction.update(confirmation(view, ownerId, `Delete your viewing of ${filmBold(view.item.film)} on ${view.item.watchedOn}?${last}${review}`, 'Delete viewing', 'delete-yes'));
}

export async function deleteViewing(interaction: ComponentInteraction, [ownerId, entryId]: [string, string], app: App): Promise<void> {
  const view = await entryOf(app, interaction, ownerId, entryId);
  const result = await app.diary.deleteEntry(actorOf(interaction), entryId);
  const going = result.wasLastWatch ? goesWithIt(view) : [];
  const message = `Deleted your viewing of ${filmBold(view.item.film)} on ${view.item.watchedOn}${going.length ? `, and with it ${going.join(' and ')}` : ''}.`;
  await interaction.update({ content: `Viewing of ${filmBold(view.item.film)} on ${view.item.watchedOn} deleted.`, components: [], allowedMentions: NO_MENTIONS });
  await confirmChange(interaction, app, { filmId: result.filmId, message, undoToken: result.undoToken });
}

export async function askDeleteReview(interaction: ComponentInteraction, [ownerId, entryId]: [string, string], app: App): Promise<void> {
  const view = await entryOf(app, interaction, ownerId, entryId);
  if (!view.item.review) throw new UserError('That viewing has no review.');
  await interaction.update(confirmation(view, ownerId, `Delete your review of ${filmBold(view.item.film)} (viewing of ${view.item.watchedOn})? The viewing and its rating stay.`, 'Delete review', 'unreview-yes'));
}

export async function deleteReview(interaction: ComponentInteraction, [ownerId, entryId]: [string, string], app: App): Promise<void> {
  const view = await entryOf(app, interaction, ownerId, entryId);
  const result = await app.diary.deleteReview(actorOf(interaction), entryId);
  await refreshPanel(interaction, app, ownerId, entryId);
  await confirmChange(interaction, app, { filmId: result.filmId, message: `Deleted your review of ${filmBold(view.item.film)} (viewing of ${view.item.watchedOn}).`, undoToken: result.undoToken });
}

export async function removeRating(interaction: ComponentInteraction, [ownerId, entryId]: [string, string], app: App): Promise<void> {
  const view = await entryOf(app, interaction, ownerId, entryId);
  const result = await app.diary.unrate(actorOf(interaction), view.item.film.filmId);
  const was = view.rating !== undefined ? ` (was ${starsText(view.rating)})` : '';
  await refreshPanel(interaction, app, ownerId, entryId);
  await confirmChange(interaction, app, { filmId: result.filmId, message: `Removed your rating of ${filmBold(view.item.film)}${was}.`, undoToken: result.undoToken });
}

/** After a change, the panel shows the viewing as it now is; the confirmation with its Undo follows it. */
async function refreshPanel(interaction: ComponentInteraction | ModalSubmitInteraction, app: App, ownerId: string, entryId: string): Promise<void> {
  const view = await app.diary.diaryEntry(guildIdOf(interaction), ownerId, entryId);
  const payload = view ? panel(view, ownerId) : { content: 'That viewing is no longer in your diary.', components: [], allowedMentions: NO_MENTIONS };
  if (!interaction.isModalSubmit()) await interaction.update(payload);
  // A form opened from the panel updates it; one from anywhere else (none today) leaves the confirmation alone.
  else if (interaction.isFromMessage()) await interaction.update(payload);
}

