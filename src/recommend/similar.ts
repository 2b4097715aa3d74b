import { z } from 'zod';
import type { Film } from '../catalog/schema.js';
import { quote, UserError } from '../errors.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { clubMatrixFor } from './club.js';
import type { ContentModel, SharedFeature } from './features.js';
import { type AppliedFilters, compileFilter, FilterInput } from './filters.js';
import { parseOptions, parseUserId } from './validate.js';
import { featureText } from './reasons.js';
import { SEEN } from './signals.js';

export const SimilarOptions = FilterInput.extend({
  limit: z.number().int().min(1).max(25).default(10),
  /** Leave out films the member (see `SimilarContext`) has seen. */
  unseen: z.boolean().default(false),
}).strict();
export type SimilarOptions = z.input<typeof SimilarOptions>;

export interface SimilarFilm {
  film: Film;
  /** Cosine similarity of the two films' feature vectors, 0–1. */
  similarity: number;
  /** What the two films share, most telling first. */
  shared: SharedFeature[];
  /** The shared facts as words: "directed by Leos Carax, Surreal and dreamlike, Drama". */
  because: string;
  /** Whether the member asking has seen it (only when a member is given). */
  seen?: boolean;
}

export interface SimilarFilms {
  film: Film;
  items: SimilarFilm[];
  filters: AppliedFilters;
}

/** Who is asking, so results can say what they have seen (and leave it out with `unseen`). */
export interface SimilarContext {
  data: DeepReadonly<GuildData>;
  userId: string;
}

/** Films most like `filmId` by cosine similarity of their content vectors. */
export function similarTo(model: ContentModel, filmId: string, input: SimilarOptions = {}, asker?: SimilarContext): SimilarFilms {
  const options = parseOptions(SimilarOptions, input, 'options');
  const slot = model.slotOf(filmId);
  if (slot === undefined) throw new UserError(`I don't know a film with the id ${quote(filmId, 90)}; pick one from the suggestions.`);
  const filter = compileFilter(model, options);
  let seen: ((slot: number) => boolean) | undefined;
  if (asker) {
    const matrix = clubMatrixFor(asker.data, model);
    const row = matrix.row(parseUserId(asker.userId));
    seen = (other) => (row ? (matrix.flagsAt(row, other) & SEEN) !== 0 : false);
  } else if (options.unseen) {
    throw new UserError('I need to know whose viewings to leave out.');
  }
  const accept = (other: number) => filter.test(other) && !(options.unseen && seen?.(other));
  const items = model.similar(slot, options.limit, accept).map(({ slot: other, score }) => {
    const shared = model.sharedFeatures(slot, other, 3);
    return {
      film: model.films[other]!,
      similarity: Math.min(1, score),
      shared,
      because: shared.map(featureText).join(', '),
      ...(seen ? { seen: seen(other) } : {}),
    };
  });
  return { film: model.films[slot]!, items, filters: filter.applied };
}
