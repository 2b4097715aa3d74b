import { ButtonStyle, ComponentType, type RepliableInteraction } from 'discord.js';
import { customId } from './customId.js';
import type { ActionRow } from './render/film.js';
import { replyPrivately } from './respond.js';

/** The Undo button under every confirmation of a diary change; /film's `undo` handler reverts it. */
export function undoRow(token: string): ActionRow {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Undo', custom_id: customId('film', 'undo', token) }],
  };
}

/** Confirms a change privately to the member who made it, with a way to take it back. */
export async function confirmChange(interaction: RepliableInteraction, message: string, undoToken: string): Promise<void> {
  await replyPrivately(interaction, { content: message, components: [undoRow(undoToken)] });
}
