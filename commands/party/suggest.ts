import { ChannelType, type ChatInputCommandInteraction } from 'discord.js';
import type { App } from '../../src/app.js';
import { guildIdOf } from '../../src/discord/actor.js';
import { partyOption } from '../../src/discord/partyOption.js';
import { guildOf, membersInVoice } from '../../src/discord/partySync.js';
import { renderSuggestions } from '../../src/discord/render/parties.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { UserError } from '../../src/errors.js';

const MENTION = /<@!?(\d{17,20})>/g;

/** The group to suggest for: mentioned members, a voice channel's members, a party's Going members; else your voice channel, or you. */
async function suggestGroup(interaction: ChatInputCommandInteraction, app: App, guildId: string): Promise<string[]> {
  const ids = new Set<string>();
  const mentioned = interaction.options.getString('members');
  if (mentioned !== null) {
    const found = [...mentioned.matchAll(MENTION)].map((match) => match[1]!);
    if (found.length === 0) throw new UserError('Mention the members in `members`, e.g. @alice @bob.');
    for (const id of found) ids.add(id);
  }
  const channel = interaction.options.getChannel('channel', false, [ChannelType.GuildVoice]);
  if (channel) {
    const present = membersInVoice(guildOf(interaction), channel.id);
    if (present.length === 0) throw new UserError(`Nobody is in <#${channel.id}> right now.`);
    for (const member of present) ids.add(member.userId);
  }
  const partyId = interaction.options.getInteger('party');
  if (partyId !== null) {
    const party = await app.parties.show(guildId, partyId);
    if (party.rsvp.going.length === 0) throw new UserError(`Nobody has answered Going to watch party #${partyId} yet.`);
    for (const person of party.rsvp.going) ids.add(person.userId);
  }
  if (ids.size > 0) return [...ids];
  const ownChannel = guildOf(interaction).voiceStates.cache.get(interaction.user.id)?.channelId;
  return ownChannel ? [interaction.user.id, ...membersInVoice(guildOf(interaction), ownChannel).map((member) => member.userId)] : [interaction.user.id];
}

export default defineSubcommand({
  name: 'suggest',
  build: (sub) =>
    sub
      .setDescription('Films none of the group has seen, from their watchlists and favorites')
      .addStringOption((option) => option.setName('members').setDescription('Mention the members: @alice @bob').setMaxLength(1000))
      .addChannelOption((option) => option.setName('channel').setDescription('Everyone in this voice channel').addChannelTypes(ChannelType.GuildVoice))
      .addIntegerOption((option) => partyOption(option, 'The Going members of this party')),

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const memberIds = [...new Set(await suggestGroup(interaction, app, guildId))];
    await interaction.deferReply();
    const result = await app.parties.suggest(guildId, { memberIds, limit: 10 });
    await interaction.editReply({ embeds: [renderSuggestions(result)], allowedMentions: NO_MENTIONS });
  },
});
