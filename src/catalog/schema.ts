import { z } from 'zod';

/** A film id is a stable slug of the title and year, e.g. `holy-motors-2012`. */
export const FILM_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const FilmId = z
  .string()
  .min(3)
  // Short enough that `<command>:<action>:<film id>:<page>` fits Discord's 100-char custom_id.
  .max(80)
  .regex(FILM_ID_PATTERN, 'a lowercase slug such as "holy-motors-2012"');

const name = z.string().trim().min(1).max(200);

export const CastMember = z.object({
  name,
  character: z.string().trim().min(1).max(200).optional(),
});

export const ExternalIds = z
  .object({
    imdb: z.string().regex(/^tt\d{5,10}$/, 'an IMDb id such as "tt2101441"').optional(),
    tmdb: z.number().int().positive().optional(),
    letterboxd: z.string().regex(FILM_ID_PATTERN, 'a Letterboxd film slug such as "holy-motors"').optional(),
    wikipedia: z.string().min(1).max(300).optional(),
  })
  .strict();

export const FIRST_FILM_YEAR = 1870;

/** Hosts that serve film posters and stills; elsewhere a poster link must name an image file. */
export const POSTER_HOSTS = ['upload.wikimedia.org', 'image.tmdb.org', 'm.media-amazon.com', 'a.ltrbxd.com', 'i.imgur.com'];
const IMAGE_FILE = /\.(?:jpe?g|png|webp|gif|avif)$/i;

/**
 * Whether a link can be a card's poster: https (Discord shows nothing else), no credentials in it,
 * and an image host or an image file. The bot never fetches it: Discord's media proxy does.
 */
export function isPosterUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  return POSTER_HOSTS.includes(url.hostname) || IMAGE_FILE.test(url.pathname);
}

export const PosterUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(isPosterUrl, 'an https link to an image (a .jpg, .png or .webp file, or one on an image host such as upload.wikimedia.org)');

export const Film = z
  .object({
    id: FilmId,
    title: name,
    originalTitle: name.optional(),
    altTitles: z.array(name).max(50).default([]),
    year: z.number().int().min(FIRST_FILM_YEAR).max(2100),
    directors: z.array(name).max(20).default([]),
    /** Optional rather than defaulted, so that code building films by hand need not name it. */
    writers: z.array(name).max(30).optional(),
    /** Top-billed first. */
    cast: z.array(CastMember).max(500).default([]),
    /** Minutes. */
    runtime: z.number().int().positive().max(6000).optional(),
    countries: z.array(name).max(30).default([]),
    languages: z.array(name).max(30).default([]),
    genres: z.array(name).max(20).default([]),
    /** Letterboxd-style themes, e.g. "Humanity and the world around us". */
    themes: z.array(name).max(40).default([]),
    synopsis: z.string().trim().max(4000).default(''),
    poster: PosterUrl.optional(),
    /**
     * How many people have logged the film on a public film site (Letterboxd's "watched by",
     * iCheckMovies' checks): how well known it is. Search puts better-known films first among
     * matches the query cannot tell apart.
     */
    watchers: z.number().int().min(0).max(1e10).optional(),
    /** IMDb's average user rating, 1–10 (its number of votes is `watchers` when the film came from IMDb). */
    imdbRating: z.number().min(1).max(10).optional(),
    externalIds: ExternalIds.default({}),
    /** Outside databases whose facts the film carries and whose terms ask to be credited where they are shown ("Data from TMDB"). */
    dataFrom: z.array(z.enum(['tmdb'])).max(5).optional(),
  })
  .strict();

export type Film = z.infer<typeof Film>;
/** What a catalog file may contain before defaults are applied. */
export type FilmInput = z.input<typeof Film>;
export type CastMember = z.infer<typeof CastMember>;

/** Builds the canonical id for a title and year: "Holy Motors", 2012 → "holy-motors-2012". */
export function filmIdFor(title: string, year: number): string {
  const slug = title
    .replace(/½/g, ' half')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 70)
    .replace(/-+$/g, '');
  // join() yields one flat string; a template would leave a chain of pieces per id (tens of MB at 500k films).
  return [slug || 'film', year].join('-');
}
