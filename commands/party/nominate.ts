import { actorOf, guildIdOf } from '../../src/discord/actor.js';
import { filmOption } from '../../src/discord/filmOption.js';
import { answerPublicly, withFilm } from '../../src/discord/filmPick.js';
import { partyOption, resolveParty } from '../../src/discord/partyOption.js';
import { refreshAnnouncement } from '../../src/discord/partySync.js';
import { memberName } from '../../src/discord/render/club.js';
import { filmTitle } from '../../src/discord/render/parties.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';

export default defineSubcommand({
  name: 'nominate',
  build: (sub) =>
    sub
      .setDescription('Propose a film for a party (nominating one already proposed seconds it)')
      .addStringOption((option) => filmOption(option))
      .addIntegerOption((option) => partyOption(option)),

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const id = await resolveParty(interaction, app, guildId);
    const actor = actorOf(interaction);
    // Closed nominations are said before any "Did you mean…?" menu, not after the pick.
    await app.parties.checkNominate(guildId, id);
    await withFilm(interaction, app, interaction.options.getString('film', true), async (answer, film) => {
      const result = await app.parties.nominate(actor, id, film.id);
      const count = result.party.nominations.length;
      const lines = [
        result.merged
          ? `${filmTitle(result.film)} was already nominated for watch party #${id}; ${memberName(actor.name)} seconds it (nominated by ${result.nominatedBy.map((person) => memberName(person.name)).join(', ')}).`
          : `${memberName(actor.name)} nominated ${filmTitle(result.film)} for watch party #${id}.`,
        `${count} film${count === 1 ? '' : 's'} nominated.${count >= 2 ? ' The host or a moderator opens the vote with `/party vote`.' : ''}`,
      ];
      await answerPublicly(answer, { content: lines.join('\n'), allowedMentions: NO_MENTIONS });
      await refreshAnnouncement(app, answer.client, result.party);
    });
  },
});
