import { ChannelType, type Message } from 'discord.js';
import { guildConfig } from '../../src/club/index.js';
import { filmOption } from '../../src/discord/filmOption.js';
import { deferAnswer, withFilm } from '../../src/discord/filmPick.js';
import { whenOption } from '../../src/discord/partyOption.js';
import { buildAnnouncement, createPartyEvent, guildOf } from '../../src/discord/partySync.js';
import { endUnixOf, filmTitle, whenText } from '../../src/discord/render/parties.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { PARTY_DESCRIPTION_MAX, PARTY_LOCATION_MAX } from '../../src/parties/index.js';
import { partyActor, tellNotes } from './shared.js';

export default defineSubcommand({
  name: 'schedule',
  build: (sub) =>
    sub
      .setDescription('Plan a watch party: a Discord event, an announcement with RSVP buttons, reminders')
      .addStringOption((option) => filmOption(option, 'The film — pick a suggestion or type a title'))
      .addStringOption((option) => whenOption(option, true))
      .addChannelOption((option) =>
        option
          .setName('channel')
          .setDescription('A voice channel to watch in, or a text channel for the announcement (default: here)')
          .addChannelTypes(ChannelType.GuildVoice, ChannelType.GuildText),
      )
      .addStringOption((option) => option.setName('location').setDescription('Where, without a voice channel: “Alice’s place”, a stream link').setMaxLength(PARTY_LOCATION_MAX))
      .addStringOption((option) => option.setName('description').setDescription('A note for the announcement and the event').setMaxLength(PARTY_DESCRIPTION_MAX)),

  async execute(interaction, app) {
    const guild = guildOf(interaction);
    const channel = interaction.options.getChannel('channel', false, [ChannelType.GuildVoice, ChannelType.GuildText]);
    const voiceChannelId = channel?.type === ChannelType.GuildVoice ? channel.id : undefined;
    const announceIn = channel && channel.type !== ChannelType.GuildVoice ? channel.id : interaction.channelId;
    const when = interaction.options.getString('when', true);
    const location = interaction.options.getString('location') ?? undefined;
    const description = interaction.options.getString('description') ?? undefined;
    // A time that cannot be read is said before any "Did you mean…?" menu, not after the pick.
    const time = await app.parties.previewTime(guild.id, when);
    await withFilm(interaction, app, interaction.options.getString('film', true), async (answer, film) => {
      const party = await app.parties.schedule(partyActor(answer), { filmId: film.id, when, channelId: announceIn, voiceChannelId, location, description });
      // The party is stored; what follows talks to Discord's REST API and may take a while.
      const here = announceIn === interaction.channelId;
      const send = await deferAnswer(answer, !here);
      const notes = [await createPartyEvent(app, guild, party)];
      const announcement = await buildAnnouncement(app, await app.parties.show(guild.id, party.id));
      let posted: Message | undefined;
      if (here) {
        posted = await send(announcement);
      } else {
        try {
          const target = await answer.client.channels.fetch(announceIn);
          if (!target?.isSendable()) throw new Error('not a channel messages can be sent to');
          posted = await target.send(announcement);
        } catch (error) {
          app.log.warn('parties: could not post an announcement', { channelId: announceIn, error });
          notes.push(`I could not post the announcement in <#${announceIn}>; check that I may send messages there. \`/party show\` shows the party.`);
        }
        await send({
          content: `Watch party #${party.id} (${filmTitle(party.film)}) is scheduled for ${whenText(party.startsAtUnix, endUnixOf(party))}${posted ? `, announced in <#${announceIn}>` : ''}.`,
          allowedMentions: NO_MENTIONS,
        });
      }
      if (posted) await app.parties.recordAnnouncement(guild.id, party.id, { channelId: posted.channelId, messageId: posted.id });
      if (!time.zoneFree && !(await guildConfig(app.store, guild.id)).timezone) {
        notes.push(`I read “${when.slice(0, 60)}” in UTC because this server has no time zone yet: a moderator can set one with \`/config timezone\` (then \`/party edit\` the time).`);
      }
      await tellNotes(answer, notes);
    });
  },
});
