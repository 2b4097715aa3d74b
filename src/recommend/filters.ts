import { z } from 'zod';
import { FilmId } from '../catalog/schema.js';
import { quote, UserError } from '../errors.js';
import { normalize } from '../search/normalize.js';
import type { ContentModel } from './features.js';

/** The filters /recommend, /random and /party suggest share, as the command layer passes them. */
export const FilterInput = z
  .object({
    genre: z.string().trim().max(100).optional(),
    /** 1970, "1970s", "70s", "'70s". */
    decade: z.union([z.number(), z.string().trim().max(12)]).optional(),
    /** Restrict to these films (a club list); ids the catalog does not know are ignored. */
    filmIds: z.array(FilmId).max(10_000).optional(),
  })
  .strict();
export type FilterInput = z.input<typeof FilterInput>;

/** Filters after validation, as results report them back. */
export interface AppliedFilters {
  genre?: string;
  decade?: number;
  listSize?: number;
}

export interface CompiledFilter {
  applied: AppliedFilters;
  /** Whether the film in this model slot passes every filter. */
  test(slot: number): boolean;
  /** "Drama films of the 1970s in that list": for messages about empty results. */
  describe(): string;
}

/** Common ways of naming the catalog's genres. */
const GENRE_ALIASES: Readonly<Record<string, string>> = {
  'sci fi': 'science fiction',
  scifi: 'science fiction',
  sf: 'science fiction',
  animated: 'animation',
  doc: 'documentary',
  docs: 'documentary',
};

/** The catalog genre a member meant: exact (any case or accents), an alias, a plural, or an unambiguous prefix. */
export function resolveGenre(model: ContentModel, typed: string): { label: string; key: string } {
  const genres = model.genres();
  const key = normalize(typed);
  const wanted = [key, GENRE_ALIASES[key], key.endsWith('s') ? key.slice(0, -1) : undefined].filter((k): k is string => !!k);
  for (const candidate of wanted) {
    const found = genres.find((genre) => genre.key === candidate);
    if (found) return found;
  }
  const prefixed = key.length >= 3 ? genres.filter((genre) => genre.key.startsWith(key)) : [];
  if (prefixed.length === 1) return prefixed[0]!;
  const known = genres.slice(0, 20).map((genre) => genre.label).join(', ');
  const shown = typed.trim().slice(0, 60);
  if (prefixed.length > 1) {
    throw new UserError(`${quote(shown)} could be ${prefixed.slice(0, 5).map((genre) => genre.label).join(' or ')}; which one?`);
  }
  throw new UserError(`The catalog has no genre ${quote(shown)}. Genres: ${known}.`);
}

/** The first year of the decade a member meant: 1970, 1975, "1970s", "1970's", "70s", "'70s" → 1970. */
export function parseDecade(input: number | string): number {
  if (typeof input === 'number') {
    if (Number.isInteger(input) && input >= 1870 && input <= 2100) return Math.floor(input / 10) * 10;
    throw new UserError(`${String(input)} is not a decade; try 1970 or "70s".`);
  }
  const text = input.trim().toLowerCase().replace(/[’']/g, '');
  const full = /^(\d{4})s?$/.exec(text);
  if (full) return parseDecade(Number(full[1]));
  const short = /^(\d)0s$/.exec(text);
  // Two-digit decades mean the most recent one: "20s" is the 2020s, "30s" the 1930s.
  if (short) return (Number(short[1]) <= 2 ? 2000 : 1900) + Number(short[1]) * 10;
  throw new UserError(`${quote(input.trim(), 12)} is not a decade; try 1970s or 70s.`);
}

const genreKeysByModel = new WeakMap<ContentModel, string[][]>();

function genreKeys(model: ContentModel): string[][] {
  let keys = genreKeysByModel.get(model);
  if (!keys) {
    keys = model.films.map((film) => film.genres.map(normalize));
    genreKeysByModel.set(model, keys);
  }
  return keys;
}

/** Validates the filters (UserError for what a member typed wrong) and compiles them to a per-slot test. */
export function compileFilter(model: ContentModel, input: FilterInput = {}): CompiledFilter {
  // Callers pass their whole options object; only the filter fields matter here.
  const parsed = FilterInput.safeParse({ genre: input.genre, decade: input.decade, filmIds: input.filmIds });
  if (!parsed.success) throw new UserError(`Those filters don't work: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
  const { genre: typedGenre, decade: typedDecade, filmIds } = parsed.data;
  const genre = typedGenre ? resolveGenre(model, typedGenre) : undefined;
  const decade = typedDecade === undefined || typedDecade === '' ? undefined : parseDecade(typedDecade);
  let list: Set<number> | undefined;
  if (filmIds) {
    list = new Set();
    for (const id of filmIds) {
      const slot = model.slotOf(id);
      if (slot !== undefined) list.add(slot);
    }
  }
  const keys = genre ? genreKeys(model) : undefined;
  const films = model.films;
  return {
    applied: { genre: genre?.label, decade, listSize: list?.size },
    test(slot) {
      if (list && !list.has(slot)) return false;
      if (decade !== undefined && Math.floor(films[slot]!.year / 10) * 10 !== decade) return false;
      if (genre && !keys![slot]!.includes(genre.key)) return false;
      return true;
    },
    describe() {
      const what = genre ? `${genre.label} film` : 'film';
      return [what, decade !== undefined ? `of the ${decade}s` : '', list ? 'in that list' : ''].filter(Boolean).join(' ');
    },
  };
}
