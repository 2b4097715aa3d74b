import { ButtonStyle, ComponentType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { guildConfig } from '../src/club/index.js';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand } from '../src/discord/command.js';
import { replyPrivately } from '../src/discord/respond.js';
import { serverPageUrl } from '../src/web/index.js';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('web')
    .setDescription('The link to this server’s film club website')
    .setContexts(InteractionContextType.Guild),

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const url = serverPageUrl(app.config, guildId);
    if (!url) {
      await replyPrivately(interaction, { content: 'This Marquee has no website switched on (its host sets WEB_PORT; README: "The club’s website").' });
      return;
    }
    const config = await guildConfig(app.store, guildId);
    const who = config.webPublic ? 'Anyone with the link can read it (a moderator made it public with `/config web`).' : 'Members of this server sign in with Discord to see it.';
    await replyPrivately(interaction, {
      content: `This server’s film club website: ${url}\n${who}`,
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Link, label: 'Open the website', url }] }],
    });
  },
});
