import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { guildConfig, readWatchDate, starsText } from '../../club/index.js';
import { UserError } from '../../errors.js';
import type { Film } from '../../catalog/schema.js';
import { path } from '../html.js';
import { field, type Web } from '../server.js';

const Stars = z.coerce.number().refine((value) => Number.isInteger(value * 2) && value >= 0.5 && value <= 5, 'Stars go from ½ to 5 in half steps.');

function starsField(body: unknown): number | undefined {
  const raw = field(body, 'stars')?.trim();
  if (!raw) return undefined;
  const parsed = Stars.safeParse(raw);
  if (!parsed.success) throw new UserError('Stars go from ½ to 5 in half steps.');
  return parsed.data;
}

type FilmParams = { guild: string; film: string };

/** A member's diary from a film page: the same ClubDiary calls as /watched, /rate, /review and /watchlist. */
export function filmRoutes(server: FastifyInstance, web: Web): void {
  const { app } = web;

  const route = (name: string, work: (input: { actor: { guildId: string; userId: string; name: string }; film: Film; body: unknown }) => Promise<string>) => {
    server.post<{ Params: FilmParams }>(`/servers/:guild/films/:film/${name}`, async (request, reply) => {
      const { actor } = await web.writer(request, reply, request.params.guild, field(request.body, '_csrf'), 'member');
      // The server's own catalog: a film it added has a page and a diary like any other; a merged-away id records on the kept film.
      const { film } = await web.film(actor.guildId, request.params.film);
      const back = path('servers', actor.guildId, 'films', film.id);
      return web.change(request, reply, back, async () => {
        const message = await work({ actor: { guildId: actor.guildId, userId: actor.userId, name: actor.name }, film, body: request.body });
        // Lists' awards are settled as after a change in Discord.
        const earned = await app.lists.afterDiaryChange(actor.guildId, actor.userId, film.id);
        const awards = earned.map((award) => `${award.level} in ${award.list.name}`);
        return awards.length ? `${message} You reached ${awards.join(', ')}!` : message;
      });
    });
  };

  route('watch', async ({ actor, film, body }) => {
    const { id: filmId, title } = film;
    const stars = starsField(body);
    const text = field(body, 'on')?.trim().slice(0, 40);
    const config = await guildConfig(app.store, actor.guildId);
    const read = text ? readWatchDate(text, { zone: config.timezone, dateOrder: config.dateOrder, now: app.now(), film }) : undefined;
    const result = await app.diary.watch(actor, filmId, { ...(read && { on: read.date }), ...(stars !== undefined && { stars }) });
    return `Logged ${title} as watched on ${result.entry.watchedOn}${stars !== undefined ? `, rated ${starsText(stars)}` : ''}${result.rewatch ? ' (a rewatch)' : ''}.`;
  });

  route('rate', async ({ actor, film, body }) => {
    const { id: filmId, title } = film;
    const stars = starsField(body);
    if (stars === undefined) throw new UserError('Choose a number of stars.');
    await app.diary.rate(actor, filmId, stars);
    return `Rated ${title} ${starsText(stars)}.`;
  });

  route('review', async ({ actor, film, body }) => {
    const { id: filmId, title } = film;
    const stars = starsField(body);
    const text = field(body, 'text') ?? '';
    const result = await app.diary.review(actor, filmId, { text, spoiler: field(body, 'spoiler') === '1', ...(stars !== undefined && { stars }) });
    return `${result.replacedReview ? 'Updated your review' : 'Posted your review'} of ${title}${result.createdEntry ? ` (logged a viewing on ${result.entry.watchedOn})` : ''}.`;
  });

  route('watchlist', async ({ actor, film, body }) => {
    const { id: filmId, title } = film;
    if (field(body, 'action') === 'remove') {
      await app.diary.removeFromWatchlist(actor, filmId);
      return `Took ${title} off your watchlist.`;
    }
    await app.diary.addToWatchlist(actor, filmId);
    return `Added ${title} to your watchlist.`;
  });
}
