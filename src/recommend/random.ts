import { z } from 'zod';
import type { Film } from '../catalog/schema.js';
import { UserError } from '../errors.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { clubMatrixFor } from './club.js';
import type { ContentModel } from './features.js';
import { type AppliedFilters, compileFilter, FilterInput } from './filters.js';
import { type RandomSource, randomIndex } from './rng.js';
import { LISTED, SEEN } from './signals.js';
import { parseOptions, parseUserId } from './validate.js';

export const RANDOM_SOURCES = ['watchlist', 'list', 'catalog'] as const;

export const RandomOptions = FilterInput.extend({
  /** Draw from the member's watchlist, from a list (`filmIds`), or from the whole catalog. */
  from: z.enum(RANDOM_SOURCES).default('catalog'),
  /** Leave out films the member has seen. */
  unseen: z.boolean().default(false),
}).strict();
export type RandomOptions = z.input<typeof RandomOptions>;

export interface RandomPick {
  film: Film;
  from: (typeof RANDOM_SOURCES)[number];
  /** How many films the draw was among. */
  poolSize: number;
  filters: AppliedFilters;
  /** Whether the member has seen the film already (possible unless `unseen`). */
  seen: boolean;
}

/** One film drawn uniformly from the chosen pool after the filters. */
export function randomFor(
  data: DeepReadonly<GuildData>,
  model: ContentModel,
  userId: string,
  input: RandomOptions,
  random: RandomSource,
): RandomPick {
  const member = parseUserId(userId);
  const options = parseOptions(RandomOptions, input, 'options');
  if (options.from === 'list' && !options.filmIds) throw new UserError('Choose the list to draw from.');
  const filter = compileFilter(model, options);
  const matrix = clubMatrixFor(data, model);
  const row = matrix.row(member);
  const memberFlags = row ? matrix.flagsBySlot(row) : new Map<number, number>();
  const flagsOf = (slot: number) => memberFlags.get(slot) ?? 0;

  const pool: number[] = [];
  let base = 0;
  for (let slot = 0; slot < model.size; slot++) {
    const flags = flagsOf(slot);
    if (options.from === 'watchlist' && !(flags & LISTED)) continue;
    base += 1;
    if (options.unseen && flags & SEEN) continue;
    if (filter.test(slot)) pool.push(slot);
  }
  if (pool.length === 0) {
    const available = options.from === 'list' ? (filter.applied.listSize ?? 0) : base;
    throw new UserError(emptyMessage(options.from, available, options.unseen, filter.describe()));
  }
  const slot = pool[randomIndex(random, pool.length)]!;
  return { film: model.films[slot]!, from: options.from, poolSize: pool.length, filters: filter.applied, seen: (flagsOf(slot) & SEEN) !== 0 };
}

function emptyMessage(from: (typeof RANDOM_SOURCES)[number], base: number, unseen: boolean, what: string): string {
  if (from === 'watchlist' && base === 0) return 'Your watchlist is empty: add films to it first.';
  if (from === 'list' && base === 0) return 'That list has no films I know.';
  const where = from === 'watchlist' ? 'on your watchlist' : from === 'list' ? 'in that list' : 'in the catalog';
  return `There is no ${what.replace(/ in that list$/, '')}${unseen ? " you haven't seen" : ''} ${where}.`;
}
