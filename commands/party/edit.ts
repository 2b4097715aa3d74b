import { ChannelType, type ChatInputCommandInteraction } from 'discord.js';
import { guildIdOf } from '../../src/discord/actor.js';
import { filmOption } from '../../src/discord/filmOption.js';
import { deferAnswer, withFilm, type FilmInteraction } from '../../src/discord/filmPick.js';
import { partyOption, resolveParty, whenOption } from '../../src/discord/partyOption.js';
import { guildOf, refreshAnnouncement, updatePartyEvent } from '../../src/discord/partySync.js';
import { endUnixOf, filmTitle, whenText, whereText } from '../../src/discord/render/parties.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { UserError } from '../../src/errors.js';
import { PARTY_DESCRIPTION_MAX, PARTY_LOCATION_MAX, type EditInput } from '../../src/parties/index.js';
import { partyActor, tellNotes } from './shared.js';

/** Options but the film → the domain's edit: a voice channel replaces a location and the other way round; `clear` empties a field. */
function editChanges(interaction: ChatInputCommandInteraction): EditInput {
  const options = interaction.options;
  const changes: EditInput = {};
  const when = options.getString('when');
  if (when !== null) changes.when = when;
  const channel = options.getChannel('channel', false, [ChannelType.GuildVoice, ChannelType.GuildText]);
  const location = options.getString('location');
  if (channel?.type === ChannelType.GuildVoice) {
    changes.voiceChannelId = channel.id;
    if (location === null) changes.location = null;
  } else if (channel) {
    changes.channelId = channel.id;
  }
  if (location !== null) {
    changes.location = location;
    if (channel?.type !== ChannelType.GuildVoice) changes.voiceChannelId = null;
  }
  const description = options.getString('description');
  if (description !== null) changes.description = description;
  const clear = options.getString('clear');
  if (clear === 'location' || clear === 'description') {
    if (changes[clear] !== undefined && changes[clear] !== null) throw new UserError(`Give a new ${clear} or clear it, not both.`);
    changes[clear] = null;
  }
  if (Object.keys(changes).length === 0 && options.getString('film') === null) throw new UserError('Say what to change: film, when, channel, location or description.');
  return changes;
}

export default defineSubcommand({
  name: 'edit',
  build: (sub) =>
    sub
      .setDescription('Change a party’s film, time, place or description (host or moderator)')
      .addIntegerOption((option) => partyOption(option))
      .addStringOption((option) => filmOption(option, 'A new film').setRequired(false))
      .addStringOption((option) => whenOption(option, false))
      .addChannelOption((option) =>
        option
          .setName('channel')
          .setDescription('A voice channel to watch in, or a text channel for reminders')
          .addChannelTypes(ChannelType.GuildVoice, ChannelType.GuildText),
      )
      .addStringOption((option) => option.setName('location').setDescription('Where, instead of a voice channel').setMaxLength(PARTY_LOCATION_MAX))
      .addStringOption((option) => option.setName('description').setDescription('A new note').setMaxLength(PARTY_DESCRIPTION_MAX))
      .addStringOption((option) =>
        option
          .setName('clear')
          .setDescription('Remove a field')
          .addChoices({ name: 'location', value: 'location' }, { name: 'description', value: 'description' }),
      ),

  async execute(interaction, app) {
    const id = await resolveParty(interaction, app, guildIdOf(interaction));
    const changes = editChanges(interaction);
    const apply = async (answer: FilmInteraction, filmId?: string) => {
      const { party, changed } = await app.parties.edit(partyActor(answer), id, filmId ? { ...changes, filmId } : changes);
      const send = await deferAnswer(answer, false);
      const notes = [await updatePartyEvent(app, guildOf(answer), party)];
      await refreshAnnouncement(app, answer.client, party);
      await send({
        content: `✏️ Watch party #${party.id} updated (${changed.join(', ')}): ${filmTitle(party.film)} · ${whenText(party.startsAtUnix, endUnixOf(party))} · ${whereText(party)}`,
        allowedMentions: NO_MENTIONS,
      });
      await tellNotes(answer, notes);
    };
    const film = interaction.options.getString('film');
    if (film === null) return apply(interaction);
    // Who may edit, and whether the time reads, are said before any "Did you mean…?" menu, not after the pick.
    await app.parties.checkEdit(partyActor(interaction), id);
    if (changes.when !== undefined) await app.parties.previewTime(guildIdOf(interaction), changes.when);
    await withFilm(interaction, app, film, (answer, picked) => apply(answer, picked.id));
  },
});
