import type { ContentModel } from './features.js';

export interface Ranked {
  slot: number;
  score: number;
}

export interface VarietyOptions {
  /**
   * At most this many films by one director in ten (films without a director are not capped); a longer answer
   * allows proportionally more, so 25 suggestions from a small catalog are not padded out of order.
   */
  perDirector: number;
  /** 0: keep the score order; higher: hold back films like those already picked (maximal marginal relevance). */
  variety: number;
  /** How deep in the ranking to look for alternatives, as a multiple of `limit`. */
  depth?: number;
}

/**
 * Picks `limit` films from a ranking (best first) so that one director cannot fill the answer and near-copies of
 * a pick are held back: each step takes the film with the best score (scaled to [0, 1] over the pool) minus
 * `variety` × its similarity to the closest film already picked. If the caps leave too few films, the capped ones
 * fill the rest in score order rather than returning a short answer.
 */
export function diversify(model: ContentModel, ranked: readonly Ranked[], limit: number, options: VarietyOptions): Ranked[] {
  const pool = ranked.slice(0, Math.max(limit, limit * (options.depth ?? 5)));
  if (pool.length === 0) return [];
  const top = pool[0]!.score;
  const bottom = pool.at(-1)!.score;
  const span = top - bottom || 1;
  const relevance = pool.map((item) => (item.score - bottom) / span);
  const closest = new Float64Array(pool.length);
  const taken = new Uint8Array(pool.length);
  const directorCount = new Map<string, number>();
  const picked: Ranked[] = [];
  const cap = Math.max(options.perDirector, Math.ceil((options.perDirector * limit) / 10));

  const capped = (index: number) =>
    model.films[pool[index]!.slot]!.directors.some((director) => (directorCount.get(director) ?? 0) >= cap);

  while (picked.length < limit) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      if (taken[i] || capped(i)) continue;
      const value = relevance[i]! - options.variety * closest[i]!;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break;
    taken[best] = 1;
    const chosen = pool[best]!;
    picked.push(chosen);
    for (const director of model.films[chosen.slot]!.directors) directorCount.set(director, (directorCount.get(director) ?? 0) + 1);
    if (options.variety > 0) {
      for (let i = 0; i < pool.length; i++) {
        if (!taken[i]) closest[i] = Math.max(closest[i]!, model.similarity(chosen.slot, pool[i]!.slot));
      }
    }
  }
  for (let i = 0; i < pool.length && picked.length < limit; i++) {
    if (!taken[i]) picked.push(pool[i]!);
  }
  return picked;
}
