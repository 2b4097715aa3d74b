import { z } from 'zod';
import { asEditOf } from '../../src/discord/render/v2.js';
import { actorOf } from '../../src/discord/actor.js';
import { handler, type ComponentInteraction } from '../../src/discord/command.js';
import { buildAnnouncement } from '../../src/discord/partySync.js';
import { replyPrivately } from '../../src/discord/respond.js';
import { RsvpAnswer } from '../../src/parties/schema.js';
import { PartyNumber } from './shared.js';

const RSVP_WORDS: Record<RsvpAnswer, string> = { going: 'Going', maybe: 'Maybe', 'not-going': 'Not going' };

/** The RSVP buttons of a party's announcement. */
export const announcementComponents = {
  rsvp: handler(z.tuple([PartyNumber, RsvpAnswer]), async (interaction: ComponentInteraction, [id, answer], app) => {
    await interaction.deferUpdate();
    const result = await app.parties.rsvp(actorOf(interaction), id, answer);
    let stale = '';
    try {
      await interaction.editReply(asEditOf(interaction.message.flags.bitfield, await buildAnnouncement(app, result.party)));
    } catch (error) {
      // The answer is saved; only the redraw failed (a moderator deleted the announcement meanwhile): say so rather
      // than apologise for an error, which would read as if the answer had been lost.
      app.log.warn('parties: could not redraw the announcement after an RSVP', { partyId: id, messageId: interaction.message.id, error });
      stale = ' (I could not update the announcement’s counts: it may have been deleted. `/party show` has them.)';
    }
    const said = result.changed ? `You answered **${RSVP_WORDS[answer]}** to watch party #${id}.` : `You had already answered **${RSVP_WORDS[answer]}**.`;
    // Reminders still to come are the only messages that mention Going members: promise nothing once they have gone out.
    const reminding = result.party.reminders.some((reminder) => reminder.state === 'pending');
    const ping = !reminding ? '' : answer === 'going' ? ' Marquee will mention you in its reminders.' : result.previous === 'going' ? ' You will no longer be mentioned in its reminders.' : '';
    await replyPrivately(interaction, { content: said + ping + stale });
  }),
};
