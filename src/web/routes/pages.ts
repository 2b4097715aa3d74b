import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Snowflake } from '../../config.js';
import { monthTop } from '../../club/monthly.js';
import { filmPage } from '../pages/film.js';
import { homePage } from '../pages/home.js';
import { memberPage } from '../pages/member.js';
import { filmSearchPage } from '../pages/misc.js';
import { partiesPage } from '../pages/parties.js';
import { originText } from '../../catalog/serverCatalog.js';
import { memberName } from '../../club/views.js';
import { path } from '../html.js';
import { field, HttpError, type Web } from '../server.js';

const PAGE_SIZE = 25;

export function pageNumber(query: unknown, name = 'page'): number {
  const parsed = z.coerce.number().int().min(1).max(1_000_000).safeParse(field(query, name));
  return parsed.success ? parsed.data : 1;
}

type GuildParams = { guild: string };

/** The reading pages: home, parties, a member, a film, film search. */
export function pageRoutes(server: FastifyInstance, web: Web): void {
  const { app } = web;

  server.get<{ Params: GuildParams }>('/servers/:guild', async (request, reply) => {
    const context = await web.visitor(request, reply, request.params.guild);
    const guildId = context.guild.id;
    const [data, catalog] = await Promise.all([app.store.read(guildId), web.catalogFor(guildId)]);
    const [activity, upcoming, lists] = await Promise.all([
      app.diary.activity(guildId, {}, { pageSize: PAGE_SIZE }),
      app.parties.list(guildId, { scope: 'upcoming', page: { pageSize: 5 } }),
      app.lists.all(guildId, { pageSize: 10, ...(context.viewer?.member && { viewerId: context.viewer.userId }) }),
    ]);
    return web.sendPage(reply, homePage(context, { activity: activity.items, upcoming, lists, month: monthTop(data, catalog, app.now()), isPublic: data.config.webPublic === true }));
  });

  server.get<{ Params: GuildParams }>('/servers/:guild/parties', async (request, reply) => {
    const context = await web.visitor(request, reply, request.params.guild);
    const guildId = context.guild.id;
    const [upcoming, past] = await Promise.all([
      app.parties.list(guildId, { scope: 'upcoming', page: { page: pageNumber(request.query, 'upage'), pageSize: PAGE_SIZE } }),
      app.parties.list(guildId, { scope: 'past', page: { page: pageNumber(request.query), pageSize: PAGE_SIZE } }),
    ]);
    return web.sendPage(reply, partiesPage(context, upcoming, past));
  });

  server.get<{ Params: GuildParams & { user: string } }>('/servers/:guild/members/:user', async (request, reply) => {
    const context = await web.visitor(request, reply, request.params.guild);
    const guildId = context.guild.id;
    const userId = Snowflake.safeParse(request.params.user);
    if (!userId.success) throw new HttpError(404, 'No such member', 'That is not a member’s address.');
    const [profile, diary, watchlist, awards] = await Promise.all([
      app.diary.profile(guildId, userId.data),
      app.diary.diary(guildId, userId.data, { page: pageNumber(request.query), pageSize: PAGE_SIZE }),
      app.diary.watchlist(guildId, userId.data, { page: pageNumber(request.query, 'wpage'), pageSize: PAGE_SIZE }),
      app.lists.memberAwards(guildId, userId.data),
    ]);
    if (diary.total === 0 && profile.counts.films === 0 && watchlist.total === 0 && userId.data !== context.viewer?.userId && profile.name === 'Unknown member') {
      throw new HttpError(404, 'No such member', 'Nobody with that id has used Marquee in this server.');
    }
    return web.sendPage(reply, memberPage(context, { profile, diary, watchlist, awards }));
  });

  server.get<{ Params: GuildParams }>('/servers/:guild/films', async (request, reply) => {
    const context = await web.visitor(request, reply, request.params.guild);
    const query = String(field(request.query, 'q') ?? '').trim().slice(0, 200);
    const guildId = context.guild.id;
    // This server's catalog, with its club prior: what it added comes up (first before anything is typed), as in Discord.
    const catalog = await web.catalogFor(guildId);
    const films = query ? catalog.search(query, { limit: 25, boost: app.clubPrior.boostFor(guildId) }).map((hit) => hit.film) : catalog.spread(25);
    return web.sendPage(reply, filmSearchPage(context, query, films));
  });

  server.get<{ Params: GuildParams & { film: string } }>('/servers/:guild/films/:film', async (request, reply) => {
    const context = await web.visitor(request, reply, request.params.guild);
    const guildId = context.guild.id;
    const { film, catalog } = await web.film(guildId, request.params.film);
    // An entry merged into another (/catalog merge): its old address, in cards and bookmarks, leads to the kept film.
    // Not a permanent (cached) redirect: restoring a backup from before the merge brings the entry back.
    if (film.id !== request.params.film) {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(`${path('servers', guildId, 'films', film.id)}${query}`, 302);
    }
    const origin = catalog.originOf(film.id)?.origin;
    const [data, summary, lists, activity, mine] = await Promise.all([
      app.store.read(guildId),
      app.diary.filmSummary(guildId, film.id, { seenBy: 10_000, reviews: 10_000, activity: 0 }),
      app.lists.filmLists(guildId, film.id),
      app.diary.activity(guildId, { filmId: film.id }, { page: pageNumber(request.query), pageSize: PAGE_SIZE }),
      context.viewer?.member ? app.diary.memberFilm(guildId, context.viewer.userId, film.id) : undefined,
    ]);
    // Who brought a film the server added, as its card in Discord says.
    const addedBy = origin && originText(origin, (userId) => memberName(data, userId));
    return web.sendPage(reply, filmPage(context, { film, summary, lists, activity, ...(mine && { mine }), ...(addedBy && { addedBy }) }));
  });
}
