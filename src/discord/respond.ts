import { MessageFlags, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIEmbed, type RepliableInteraction } from 'discord.js';
import { LIMITS, truncate } from './limits.js';

/** Content built from user or catalog text must never ping anyone. */
export const NO_MENTIONS = { parse: [] as never[] };

export interface PrivateMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

/**
 * Shows something only the acting member sees, whatever state the interaction is in: a first
 * reply, the edit of a deferred ephemeral reply, or a follow-up after a public reply or update.
 */
export async function replyPrivately(interaction: RepliableInteraction, message: PrivateMessage): Promise<void> {
  const payload = { ...message, content: message.content === undefined ? undefined : truncate(message.content, LIMITS.content), allowedMentions: NO_MENTIONS };
  if (interaction.deferred && !interaction.replied && interaction.ephemeral) await interaction.editReply(payload);
  else if (interaction.deferred || interaction.replied) await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
  else await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}

export async function tellUser(interaction: RepliableInteraction, content: string): Promise<void> {
  await replyPrivately(interaction, { content });
}
