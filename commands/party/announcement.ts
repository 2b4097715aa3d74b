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
    await interaction.editReply(asEditOf(interaction.message.flags.bitfield, await buildAnnouncement(app, result.party)));
    const said = result.changed ? `You answered **${RSVP_WORDS[answer]}** to watch party #${id}.` : `You had already answered **${RSVP_WORDS[answer]}**.`;
    const ping = answer === 'going' ? ' Marquee will mention you in its reminders.' : result.previous === 'going' ? ' You will no longer be mentioned in its reminders.' : '';
    await replyPrivately(interaction, { content: said + ping });
  }),
};
