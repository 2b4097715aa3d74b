import { z } from 'zod';

/**
 * The parts of TMDB's v3 answers Marquee reads. Objects are not strict: TMDB adds fields over time,
 * and an unknown field must not turn a good answer into an error. Every field read is checked.
 */

/** A release date as TMDB writes it: "1999-03-30", or "" when unknown. */
const ReleaseDate = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).nullish();
const ImagePath = z.string().regex(/^\/[\w.-]+$/, 'an image path such as "/abc.jpg"').nullish();

/** An entry of /search/movie's `results` and /find's `movie_results`. */
export const TmdbMovieResult = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  original_title: z.string().nullish(),
  release_date: ReleaseDate,
  overview: z.string().nullish(),
  poster_path: ImagePath,
  popularity: z.number().nullish(),
  vote_count: z.number().nullish(),
  adult: z.boolean().nullish(),
});
export type TmdbMovieResult = z.infer<typeof TmdbMovieResult>;

export const TmdbSearchPage = z.object({
  page: z.number().int(),
  results: z.array(TmdbMovieResult),
  total_pages: z.number().int(),
  total_results: z.number().int(),
});
export type TmdbSearchPage = z.infer<typeof TmdbSearchPage>;

export const TmdbFindResult = z.object({ movie_results: z.array(TmdbMovieResult) });
export type TmdbFindResult = z.infer<typeof TmdbFindResult>;

const CastCredit = z.object({
  name: z.string(),
  character: z.string().nullish(),
  order: z.number().int().nullish(),
});
const CrewCredit = z.object({
  name: z.string(),
  job: z.string().nullish(),
  department: z.string().nullish(),
});

/** /movie/{id}?append_to_response=credits,external_ids */
export const TmdbMovieDetails = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  original_title: z.string().nullish(),
  release_date: ReleaseDate,
  runtime: z.number().int().nullish(),
  overview: z.string().nullish(),
  poster_path: ImagePath,
  imdb_id: z.string().nullish(),
  adult: z.boolean().nullish(),
  genres: z.array(z.object({ id: z.number().int(), name: z.string() })).default([]),
  production_countries: z.array(z.object({ iso_3166_1: z.string(), name: z.string() })).default([]),
  spoken_languages: z.array(z.object({ iso_639_1: z.string(), english_name: z.string().nullish(), name: z.string().nullish() })).default([]),
  vote_count: z.number().nullish(),
  credits: z.object({ cast: z.array(CastCredit).default([]), crew: z.array(CrewCredit).default([]) }),
  external_ids: z.object({ imdb_id: z.string().nullish() }).nullish(),
});
export type TmdbMovieDetails = z.infer<typeof TmdbMovieDetails>;

/** /configuration: where images are served from, and in which sizes. */
export const TmdbConfiguration = z.object({
  images: z.object({
    secure_base_url: z.string(),
    poster_sizes: z.array(z.string()),
  }),
});
export type TmdbConfiguration = z.infer<typeof TmdbConfiguration>;

/** The body of TMDB's error answers (401, 404, 429…). */
export const TmdbErrorBody = z.object({
  status_code: z.number().int().optional(),
  status_message: z.string().optional(),
  success: z.boolean().optional(),
});
