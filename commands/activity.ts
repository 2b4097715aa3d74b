import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { App } from '../src/app.js';
import type { ActivityFilter } from '../src/club/index.js';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand, handler, type ComponentInteraction } from '../src/discord/command.js';
import { catalogOf, catalogChoices, resolveFilmOption } from '../src/discord/filmOption.js';
import { fitEmbed, joinWithinLimit, LIMITS } from '../src/discord/limits.js';
import { memberOption } from '../src/discord/members.js';
import { PageNumber, pagerRow } from '../src/discord/paging.js';
import { activityLine, memberName } from '../src/discord/render/club.js';
import { filmLabelText } from '../src/discord/render/film.js';
import { NO_MENTIONS } from '../src/discord/respond.js';
import { SessionStore } from '../src/discord/sessions.js';
import { UserError } from '../src/errors.js';
import { plural } from '../src/discord/render/count.js';

interface FeedState extends ActivityFilter {
  title: string;
}

// A film id and a member id together do not fit in a custom_id, so the filter waits here.
const feeds = new SessionStore<FeedState>();

async function renderFeed(app: App, guildId: string, sessionId: string, state: FeedState, page: number) {
  const feed = await app.diary.activity(guildId, state, { page, pageSize: 10 });
  const lines = feed.items.map((item) => activityLine(item, state.filmId === undefined));
  const embed = fitEmbed({
    title: state.title,
    description: lines.length ? joinWithinLimit(lines, LIMITS.embedDescription, { separator: '\n' }) : 'No activity yet.',
    footer: { text: `${plural(feed.total, 'event')} · newest first` },
  });
  return { embeds: [embed], components: pagerRow('activity', [sessionId], feed.page, feed.pageCount), allowedMentions: NO_MENTIONS };
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('activity')
    .setDescription('What the club has been watching, favoriting and reviewing')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) => option.setName('film').setDescription('Only this film').setAutocomplete(true).setMaxLength(LIMITS.choiceValue))
    .addUserOption((option) => option.setName('member').setDescription('Only this member')),

  async autocomplete(interaction, app) {
    await interaction.respond(catalogChoices(app, interaction, String(interaction.options.getFocused())));
  },

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const filmText = interaction.options.getString('film');
    const film = filmText ? resolveFilmOption(catalogOf(app, interaction), filmText).film : undefined;
    const member = interaction.options.getUser('member') ? await memberOption(interaction, app, guildId) : undefined;
    const title = ['Club activity', film ? `for ${filmLabelText(film)}` : '', member ? `by ${memberName(member.name)}` : ''].filter(Boolean).join(' ');
    const state: FeedState = { filmId: film?.id, userId: member?.userId, title };
    const sessionId = feeds.put(state);
    await interaction.reply(await renderFeed(app, guildId, sessionId, state, 1));
  },

  components: {
    page: handler(z.tuple([z.string().min(1).max(20), PageNumber]), async (interaction: ComponentInteraction, [sessionId, page], app) => {
      const state = feeds.get(sessionId);
      if (!state) throw new UserError('This feed has expired. Run /activity again.');
      await interaction.update(await renderFeed(app, guildIdOf(interaction), sessionId, state, page));
    }),
  },
});
