import { MessageFlags } from 'discord.js';
import { guildIdOf } from '../../src/discord/actor.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { quote } from '../../src/errors.js';
import { films, listRef, withList } from './shared.js';

export default defineSubcommand({
  name: 'export',
  build: (sub) => withList(sub.setDescription('Download a list as a CSV in Letterboxd’s list format')),

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const ref = listRef(interaction);
    const [list, file] = await Promise.all([app.lists.get(guildId, ref), app.lists.exportCsv(guildId, ref)]);
    await interaction.reply({
      content: `${quote(list.name)} (${films(list.size)}) in Letterboxd’s list format: import it on Letterboxd, or here with /list import.`,
      files: [{ attachment: Buffer.from(file.text, 'utf8'), name: file.fileName }],
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
  },
});
