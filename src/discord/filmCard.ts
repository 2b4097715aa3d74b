import type { App } from '../app.js';
import type { Film } from '../catalog/schema.js';
import { clubFields, diaryButtons } from './render/club.js';
import { renderFilmCard } from './render/film.js';

/**
 * The whole film card as a server sees it: the catalog's facts, then what this server's members
 * made of the film, with the diary buttons. The one place every command builds a card.
 */
export async function buildFilmCard(app: App, guildId: string | null, film: Film) {
  if (!guildId) return renderFilmCard(film);
  const summary = await app.diary.filmSummary(guildId, film.id);
  return renderFilmCard(film, { fields: clubFields(summary), rows: [diaryButtons(film.id)] });
}
