import { escapeMarkdown, InteractionContextType, SlashCommandBuilder, type APIEmbedField } from 'discord.js';
import { starsText, type Profile, type Tally } from '../src/club/index.js';
import { barChart, columnChart } from '../src/charts/charts.js';
import { chartGallery, type NamedChart } from '../src/discord/render/charts.js';
import { renderV2, viewFromEmbed } from '../src/discord/render/v2.js';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand } from '../src/discord/command.js';
import { fitEmbed, joinWithinLimit, LIMITS } from '../src/discord/limits.js';
import { memberOption } from '../src/discord/members.js';
import { diaryLine } from '../src/discord/render/club.js';
import { awardsField } from '../src/discord/render/lists.js';
import { NO_MENTIONS } from '../src/discord/respond.js';
import { count, plural } from '../src/discord/render/count.js';

const tallies = (items: Tally[]) => joinWithinLimit(items.map((item) => `${escapeMarkdown(item.name)} (${count(item.count)})`), LIMITS.fieldValue, { separator: ' · ' });

const PROFILE_COLOR = 0xc9a227;

/** The profile's charts: ratings histogram, films per decade, top genres — each only when it has something to show. */
async function profileCharts(profile: Profile): Promise<NamedChart[]> {
  const charts: NamedChart[] = [];
  if (profile.ratings.count > 0) {
    const data = profile.ratings.histogram.map((bucket) => ({ label: String(bucket.stars), value: bucket.count }));
    charts.push({ name: 'ratings.png', chart: await columnChart(`Ratings (stars) · average ${profile.ratings.average?.toFixed(1)}`, data, { unit: 'films' }) });
  }
  if (profile.decades.length > 0) {
    charts.push({ name: 'decades.png', chart: await columnChart('Films per decade', profile.decades.map((tally) => ({ label: tally.name, value: tally.count })), { unit: 'films' }) });
  }
  if (profile.topGenres.length > 0) {
    charts.push({ name: 'genres.png', chart: await barChart('Top genres', profile.topGenres.map((tally) => ({ label: tally.name, value: tally.count })), { unit: 'films' }) });
  }
  return charts;
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('profile')
    .setDescription('A member’s film life in this server: counts, favorites, tastes, recent diary')
    .setContexts(InteractionContextType.Guild)
    .addUserOption((option) => option.setName('member').setDescription('Whose profile (default: yours)')),

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const member = await memberOption(interaction, app, guildId);
    // Charts are drawn in the process: acknowledge first, so no other interaction waits on them.
    await interaction.deferReply();
    const [profile, awards] = await Promise.all([app.diary.profile(guildId, member.userId), app.lists.memberAwards(guildId, member.userId)]);
    const { counts } = profile;
    const fields: APIEmbedField[] = [
      {
        name: 'Films',
        value: [
          `${plural(counts.films, 'film')} watched (${plural(counts.viewings, 'viewing')}, ${plural(counts.rewatches, 'rewatch', 'rewatches')})`,
          `${plural(counts.favorites, 'favorite')} · ${plural(counts.dislikes, 'dislike')} · ${count(counts.watchlist)} on the watchlist`,
          `${plural(counts.ratings, 'rating')} · ${plural(counts.reviews, 'review')}`,
        ].join('\n'),
      },
    ];
    const awardField = awardsField(awards);
    if (awardField) fields.push(awardField);
    if (profile.ratings.count > 0 && profile.ratings.average !== undefined) {
      const bars = profile.ratings.histogram.map((bucket) => `${starsText(bucket.stars).padEnd(6, ' ')} ${'█'.repeat(bucket.count > 0 ? Math.max(1, Math.round((bucket.count / Math.max(...profile.ratings.histogram.map((b) => b.count))) * 12)) : 0)} ${bucket.count || ''}`.trimEnd());
      fields.push({ name: `Ratings · average ${starsText(profile.ratings.average)} (${profile.ratings.score}/100)`, value: '```\n' + bars.reverse().join('\n') + '\n```' });
    }
    if (profile.favorites.items.length > 0) {
      const names = profile.favorites.items.map((film) => `${escapeMarkdown(film.title)}${film.year ? ` (${film.year})` : ''}`);
      fields.push({ name: `Favorites (${count(profile.favorites.total)})`, value: joinWithinLimit(names, LIMITS.fieldValue, { unlisted: profile.favorites.total - names.length }) });
    }
    if (profile.topGenres.length > 0) fields.push({ name: 'Top genres', value: tallies(profile.topGenres), inline: true });
    if (profile.topDirectors.length > 0) fields.push({ name: 'Top directors', value: tallies(profile.topDirectors), inline: true });
    if (profile.decades.length > 0) fields.push({ name: 'Films per decade', value: tallies(profile.decades) });
    if (profile.recentDiary.length > 0) fields.push({ name: 'Recent diary', value: joinWithinLimit(profile.recentDiary.map(diaryLine), LIMITS.fieldValue, { separator: '\n' }) });
    const embed = fitEmbed({
      title: `${member.name} — film profile`,
      description: counts.films === 0 && counts.watchlist === 0 ? 'No films logged yet. Try /watched, or the buttons on any /film card.' : undefined,
      fields,
    });
    const charts = await profileCharts(profile);
    await interaction.editReply({ ...renderV2(viewFromEmbed(embed, { accent: PROFILE_COLOR, ...(charts.length && chartGallery(charts)) })), allowedMentions: NO_MENTIONS });
  },
});
