import { z } from 'zod';
import type { App } from '../../src/app.js';
import { guildIdOf } from '../../src/discord/actor.js';
import { handler, type ComponentInteraction } from '../../src/discord/command.js';
import { PageNumber, pagerRow } from '../../src/discord/paging.js';
import { renderPartyList } from '../../src/discord/render/parties.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';

const Scope = z.enum(['upcoming', 'past']);

async function renderList(app: App, guildId: string, scope: z.infer<typeof Scope>, page: number) {
  const parties = await app.parties.list(guildId, { scope, page: { page, pageSize: 10 } });
  return { embeds: [renderPartyList(parties, scope)], components: pagerRow('party', [scope], parties.page, parties.pageCount), allowedMentions: NO_MENTIONS };
}

export default defineSubcommand({
  name: 'list',
  build: (sub) =>
    sub
      .setDescription('Upcoming watch parties, or past ones')
      .addBooleanOption((option) => option.setName('past').setDescription('Show past (ended or cancelled) parties instead')),

  async execute(interaction, app) {
    const scope = interaction.options.getBoolean('past') ? 'past' : 'upcoming';
    await interaction.reply(await renderList(app, guildIdOf(interaction), scope, 1));
  },

  components: {
    page: handler(z.tuple([Scope, PageNumber]), async (interaction: ComponentInteraction, [scope, page], app) => {
      await interaction.update(await renderList(app, guildIdOf(interaction), scope, page));
    }),
  },
});
