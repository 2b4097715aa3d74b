import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand } from '../src/discord/command.js';
import { renderExportMessage } from '../src/discord/render/import.js';
import { NO_MENTIONS } from '../src/discord/respond.js';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('export')
    .setDescription('Your diary, ratings, reviews, watchlist and favorites as Letterboxd CSVs (a ZIP only you see)')
    .setContexts(InteractionContextType.Guild),

  // Reads every record of the member and zips them: acknowledge first, privately.
  defer: 'ephemeral',

  async execute(interaction, app) {
    const exported = await app.imports.export(guildIdOf(interaction), interaction.user.id);
    await interaction.editReply({
      content: renderExportMessage(exported),
      files: [{ attachment: Buffer.from(exported.zip), name: exported.fileName }],
      allowedMentions: NO_MENTIONS,
    });
  },
});
