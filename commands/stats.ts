import { escapeMarkdown, InteractionContextType, SlashCommandBuilder, type APIEmbedField } from 'discord.js';
import { barChart, columnChart } from '../src/charts/charts.js';
import type { ServerStats } from '../src/club/stats.js';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand } from '../src/discord/command.js';
import { joinWithinLimit, LIMITS } from '../src/discord/limits.js';
import { chartGallery, type NamedChart } from '../src/discord/render/charts.js';
import { renderV2, viewFromEmbed } from '../src/discord/render/v2.js';
import { NO_MENTIONS } from '../src/discord/respond.js';
import { count, plural } from '../src/discord/render/count.js';

const filmName = (film: { title: string; year?: number }) => `${film.title}${film.year ? ` (${film.year})` : ''}`;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthLabel = (month: string) => MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month;

/** The figures as text: what the charts show, for screen readers and for anyone who would rather read. */
function statsFields(stats: ServerStats): APIEmbedField[] {
  const list = (items: string[]) => joinWithinLimit(items, LIMITS.fieldValue, { separator: '\n' });
  const fields: APIEmbedField[] = [];
  if (stats.mostWatched.length) fields.push({ name: 'Most watched', value: list(stats.mostWatched.map((item, i) => `${i + 1}. ${escapeMarkdown(filmName(item.film))} — ${plural(item.count, 'member')}`)) });
  if (stats.mostFavorited.length) fields.push({ name: 'Most favorited', value: list(stats.mostFavorited.map((item, i) => `${i + 1}. ${escapeMarkdown(filmName(item.film))} — ${plural(item.count, 'favorite')}`)) });
  if (stats.busiestMembers.length) fields.push({ name: 'Busiest members (12 months)', value: list(stats.busiestMembers.map((item, i) => `${i + 1}. ${escapeMarkdown(item.name)} — ${plural(item.count, 'viewing')}`)) });
  fields.push({ name: 'Viewings per month', value: stats.months.map((item) => `${item.month} ${count(item.count)}`).join(' · ') });
  return fields;
}

async function statsCharts(stats: ServerStats): Promise<NamedChart[]> {
  const charts: NamedChart[] = [];
  if (stats.mostWatched.length) charts.push({ name: 'most-watched.png', chart: await barChart('Most watched', stats.mostWatched.map((item) => ({ label: filmName(item.film), value: item.count })), { unit: 'members' }) });
  if (stats.mostFavorited.length) charts.push({ name: 'most-favorited.png', chart: await barChart('Most favorited', stats.mostFavorited.map((item) => ({ label: filmName(item.film), value: item.count })), { unit: 'favorites' }) });
  if (stats.busiestMembers.length) charts.push({ name: 'busiest.png', chart: await barChart('Busiest members, last 12 months', stats.busiestMembers.map((item) => ({ label: item.name, value: item.count })), { unit: 'viewings' }) });
  charts.push({ name: 'activity.png', chart: await columnChart('Viewings per month', stats.months.map((item) => ({ label: monthLabel(item.month), value: item.count })), { unit: 'viewings' }) });
  return charts;
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('stats')
    .setDescription('The server’s film life: most watched, most favorited, busiest members, activity over the year')
    .setContexts(InteractionContextType.Guild),

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    // Charts are drawn in the process: acknowledge first, so no other interaction waits on them.
    await interaction.deferReply();
    const stats = await app.diary.serverStats(guildId);
    const description =
      stats.members === 0
        ? 'Nobody here has logged a film yet. Try /watched, or the buttons on any /film card.'
        : `${plural(stats.members, 'member')} logged ${plural(stats.films, 'film')} in ${plural(stats.viewings, 'dated viewing')}.`;
    const view = viewFromEmbed({ title: 'Server stats', description, fields: statsFields(stats) }, { accent: 0xc9a227 });
    const charts = stats.members === 0 ? [] : await statsCharts(stats);
    await interaction.editReply({ ...renderV2({ ...view, ...(charts.length && chartGallery(charts)) }), allowedMentions: NO_MENTIONS });
  },
});
