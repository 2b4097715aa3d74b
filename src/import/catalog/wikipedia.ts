import { z } from 'zod';
import { FIRST_FILM_YEAR, isPosterUrl } from '../../catalog/schema.js';
import { plural } from '../fields.js';
import { cleanStrings, type Converted, validateCandidate } from './convert.js';

/**
 * The Wikipedia film lists (`../shared/data/wikipedia-movies/*.json`): arrays of
 * `{title, year, cast[], genres[], href, extract, thumbnail, thumbnail_width, thumbnail_height}`.
 * Real scraped data, so: cast lists hold stray punctuation (")", "[2]") and words ("of"); some
 * entries are TV series; some links (and so extracts) belong to another film of the same title;
 * the same film can appear twice. Each of these is handled here or in the merge, and reported.
 */
export const WikipediaEntry = z.object({
  title: z.string().trim().min(1, 'no title').max(200),
  year: z.number().int().min(FIRST_FILM_YEAR).max(2100),
  cast: z.array(z.unknown()).optional(),
  genres: z.array(z.unknown()).optional(),
  href: z.string().nullish(),
  extract: z.string().nullish(),
  thumbnail: z.string().nullish(),
});

const SYNOPSIS_MAX = 4000;

/** A cast entry is a name: it has a letter and is not a lone lowercase word or a footnote mark. */
function looksLikeName(text: string): boolean {
  return /\p{L}/u.test(text) && !/^\p{Ll}+$/u.test(text) && !/^\[\d+\]$/.test(text);
}

const TV_NOUN = /\b(?:television|TV|web)\s+(?:animated\s+)?(?:series|miniseries|mini-series|serial|sitcom|show|program|programme)\b/i;
const FILM_NOUN = /\b(?:film|movie|picture|feature|documentary|short|cartoon|serial film)s?\b/i;

/**
 * Whether an extract describes a television series rather than a film: it names a TV series (or
 * show, sitcom…) before it says "film" anywhere. "A 1956 film based on the television series" is a
 * film; "an American animated television series based on the 1953 short film" is not.
 */
export function describesTelevisionSeries(extract: string): boolean {
  const head = extract.slice(0, 400);
  const tv = TV_NOUN.exec(head);
  if (!tv) return false;
  return !FILM_NOUN.test(head.slice(0, tv.index));
}

/** The release year the extract's first sentence gives ("… is a 1921 American silent Western film"). */
export function extractYear(extract: string): number | undefined {
  const match = /\b(?:is|was) (?:an?|the)\b[^.]{0,80}?\b(1[89]\d\d|20\d\d)\b/.exec(extract.slice(0, 300));
  return match ? Number(match[1]) : undefined;
}

const NAME_WORD = String.raw`(?:\p{Lu}[\p{L}'’.-]*|de|van|von|der|da|di|del|la|le|du)`;
const NAME = String.raw`\p{Lu}[\p{L}'’.-]*(?: +${NAME_WORD}){1,4}`;
const DIRECTED_BY = new RegExp(String.raw`\bdirected by (${NAME}(?:(?:, *| +and +| *& *)${NAME}){0,2})`, 'u');
const INITIAL = /^(?:\p{Lu}\.)+$|^(?:Jr|Sr)\.$/u;

/** A name ends at a word closing a sentence ("Irving Rapper. The film…" → "Irving Rapper"); initials do not end it. */
function untilSentenceEnd(name: string): string {
  const words: string[] = [];
  for (const word of name.split(/ +/)) {
    if (word.endsWith('.') && !INITIAL.test(word)) {
      words.push(word.slice(0, -1));
      break;
    }
    words.push(word);
  }
  return words.join(' ');
}

/** Directors named in the extract ("directed by John Ford and starring…" → John Ford). */
export function extractDirectors(extract: string): string[] {
  const match = DIRECTED_BY.exec(extract.slice(0, 600));
  if (!match) return [];
  const names: string[] = [];
  for (const part of match[1]!.split(/, *| +and +| *& */)) {
    const full = part.trim();
    const name = untilSentenceEnd(full);
    if (name.split(' ').length >= 2) names.push(name);
    // Whatever followed the end of the sentence is not a director.
    if (name !== full) break;
  }
  return names;
}

/** The extract as a synopsis: whitespace tidied, cut at a sentence end when over the limit. */
function synopsisOf(extract: string): string {
  const text = extract.replace(/\s+/g, ' ').trim();
  if (text.length <= SYNOPSIS_MAX) return text;
  const cut = text.slice(0, SYNOPSIS_MAX);
  const end = cut.lastIndexOf('. ');
  return end > SYNOPSIS_MAX / 2 ? cut.slice(0, end + 1) : cut.slice(0, SYNOPSIS_MAX - 1).trimEnd() + '…';
}

export function fromWikipedia(raw: unknown): Converted {
  const parsed = WikipediaEntry.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${issue.path.map(String).join('.') || 'entry'}: ${issue.message}` };
  }
  const entry = parsed.data;
  const notes: string[] = [];
  const extract = entry.extract?.trim() ?? '';
  if (extract && describesTelevisionSeries(extract)) return { ok: false, reason: 'the extract describes a television series, not a film' };

  const rawCast = Array.isArray(entry.cast) ? entry.cast.length : 0;
  const cast = cleanStrings(entry.cast, 500, looksLikeName);
  if (cast.length < rawCast) notes.push(`dropped ${plural(rawCast - cast.length, 'cast entry that is not a name', 'cast entries that are not names')}`);

  let usable = extract !== '';
  const described = extract ? extractYear(extract) : undefined;
  if (described !== undefined && Math.abs(described - entry.year) > 1) {
    // The link went to another film of the same title: its text, picture and page are not this film's.
    notes.push(`the extract is about something from ${described}, not this ${entry.year} film; its synopsis, picture and link were left out`);
    usable = false;
  }
  const film: Record<string, unknown> = {
    title: entry.title.replace(/\s+/g, ' '),
    year: entry.year,
    cast: cast.map((name) => ({ name })),
    genres: cleanStrings(entry.genres, 20),
    directors: usable ? extractDirectors(extract) : [],
    synopsis: usable ? synopsisOf(extract) : '',
    externalIds: {},
  };
  if (usable && entry.href?.trim() && entry.href.length <= 300) film['externalIds'] = { wikipedia: entry.href.trim() };
  if (usable && entry.thumbnail) {
    if (isPosterUrl(entry.thumbnail)) film['poster'] = entry.thumbnail;
    else notes.push('its thumbnail is not an https image link; left out');
  }
  return validateCandidate(film, notes);
}
