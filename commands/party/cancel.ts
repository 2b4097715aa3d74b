import { ButtonStyle, ComponentType } from 'discord.js';
import { z } from 'zod';
import { guildIdOf } from '../../src/discord/actor.js';
import { handler, type ComponentInteraction } from '../../src/discord/command.js';
import { customId } from '../../src/discord/customId.js';
import { partyOption, resolveParty } from '../../src/discord/partyOption.js';
import { guildOf, refreshAnnouncement, refreshBallot, removePartyEvent } from '../../src/discord/partySync.js';
import { filmTitle, whenText, endUnixOf } from '../../src/discord/render/parties.js';
import { NO_MENTIONS, replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { PartyArgs, partyActor, tellNotes } from './shared.js';

export default defineSubcommand({
  name: 'cancel',
  build: (sub) => sub.setDescription('Cancel a party and its Discord event, after a confirmation (host or moderator)').addIntegerOption((option) => partyOption(option)),

  /** Asks first, privately, like /list delete: cancelling tells everyone and removes the Discord event. */
  async execute(interaction, app) {
    const id = await resolveParty(interaction, app, guildIdOf(interaction));
    const party = await app.parties.checkCancel(partyActor(interaction), id);
    const going = party.rsvp.counts.going;
    await replyPrivately(interaction, {
      content:
        `Cancel watch party #${party.id} (${filmTitle(party.film)}, ${whenText(party.startsAtUnix, endUnixOf(party))})? ` +
        `${going} member${going === 1 ? ' has' : 's have'} answered Going; the announcement will say it is cancelled and the Discord event goes. This cannot be undone.`,
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Cancel the party', custom_id: customId('party', 'cancel', party.id) },
            { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Keep it', custom_id: customId('party', 'keep') },
          ],
        },
      ],
    });
  },

  components: {
    cancel: handler(PartyArgs, async (interaction: ComponentInteraction, [id], app) => {
      const party = await app.parties.cancel(partyActor(interaction), id);
      await interaction.update({ content: `Cancelled watch party #${party.id}.`, components: [], allowedMentions: NO_MENTIONS });
      // Everyone in the channel learns of it at once, as they did when it was a slash command's public reply.
      await interaction.followUp({ content: `❌ Watch party #${party.id} (${filmTitle(party.film)}, <t:${party.startsAtUnix}:F>) is cancelled.`, allowedMentions: NO_MENTIONS });
      const notes = [await removePartyEvent(app, guildOf(interaction), party)];
      await refreshAnnouncement(app, interaction.client, party);
      await refreshBallot(app, interaction.client, party);
      await tellNotes(interaction, notes);
    }),

    keep: handler(z.tuple([]), async (interaction: ComponentInteraction) => {
      await interaction.update({ content: 'Kept: the party is not cancelled.', components: [], allowedMentions: NO_MENTIONS });
    }),
  },
});
