import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { truncate, LIMITS } from './limits.js';

/** Content built from user or catalog text must never ping anyone. */
export const NO_MENTIONS = { parse: [] as never[] };

/**
 * Tells the user something only they see, whatever state the interaction is in: a first reply,
 * an edit of a deferred ephemeral reply, or a follow-up after a public reply or update.
 */
export async function tellUser(interaction: RepliableInteraction, content: string): Promise<void> {
  const message = { content: truncate(content, LIMITS.content), allowedMentions: NO_MENTIONS };
  if (interaction.deferred && !interaction.replied && interaction.ephemeral) {
    await interaction.editReply(message);
  } else if (interaction.deferred || interaction.replied) {
    await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
  } else {
    await interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
  }
}
