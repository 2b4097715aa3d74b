import type { FilmLookup, FilmRef } from '../../club/types.js';
import { V2_LIMITS, type MediaItem } from './v2.js';

/**
 * The films' posters as a gallery (a film site's diary grid), newest first, those without a known poster left out.
 * The items are the catalog's poster links: Discord's media proxy fetches them for the reader. The bot never
 * downloads a poster to composite an image itself — it would fetch a URL from the catalog on a member's behalf.
 */
export function posterGrid(films: FilmLookup, refs: readonly FilmRef[]): MediaItem[] {
  const seen = new Set<string>();
  const items: MediaItem[] = [];
  for (const ref of refs) {
    if (seen.has(ref.filmId) || items.length >= V2_LIMITS.galleryItems) continue;
    seen.add(ref.filmId);
    const poster = films.get(ref.filmId)?.poster;
    if (poster) items.push({ url: poster, description: `Poster of ${ref.title}${ref.year ? ` (${ref.year})` : ''}` });
  }
  return items;
}
