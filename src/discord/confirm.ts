import { ButtonStyle, ComponentType, type RepliableInteraction } from 'discord.js';
import type { App } from '../app.js';
import { customId } from './customId.js';
import { joinWithinLimit, LIMITS } from './limits.js';
import type { ActionRow } from './render/film.js';
import { awardAnnouncement } from './render/lists.js';
import { NO_MENTIONS, replyPrivately } from './respond.js';

/**
 * The Undo button under every confirmation of a diary change; /film's `undo` handler reverts it, and redraws the
 * film card the change was made on, when there was one.
 */
export function undoRow(token: string, cardMessageId?: string): ActionRow {
  const id = cardMessageId ? customId('film', 'undo', token, cardMessageId) : customId('film', 'undo', token);
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Undo', custom_id: id }],
  };
}

export interface DiaryChange {
  /** The film the change concerned: only lists holding it can have moved. */
  filmId: string;
  message: string;
  undoToken: string;
  /** The channel's film card the change was made on (a button or its review form): Undo redraws it. */
  cardMessageId?: string;
}

/**
 * Confirms a diary change privately to the member who made it, with a way to take it back, then announces any
 * list award the change earned them. Every diary path goes through here, so none forgets the awards.
 */
export async function confirmChange(interaction: RepliableInteraction, app: App, change: DiaryChange): Promise<void> {
  await replyPrivately(interaction, { content: change.message, components: [undoRow(change.undoToken, change.cardMessageId)] });
  await announceAwards(interaction, app, change.filmId);
}

/**
 * After a member's diary changed (through confirmChange, or an undo): the list awards they newly reached, each
 * announced once, publicly and without pinging anyone. The interaction must already be answered. The diary
 * change is done by then, so a failure here is logged rather than shown as if the change had failed. Without a
 * film (a bulk change such as an imported diary) every list is looked at.
 */
export async function announceAwards(interaction: RepliableInteraction, app: App, filmId?: string, userIds: readonly string[] = [interaction.user.id]): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId) return;
  try {
    const earned = (await Promise.all(userIds.map((userId) => app.lists.afterDiaryChange(guildId, userId, filmId)))).flat();
    if (earned.length === 0) return;
    const content = joinWithinLimit(earned.map(awardAnnouncement), LIMITS.content, { separator: '\n' });
    await interaction.followUp({ content, allowedMentions: NO_MENTIONS });
  } catch (error) {
    app.log.error('could not settle or announce list awards', { guild: guildId, users: userIds, film: filmId, error });
  }
}
