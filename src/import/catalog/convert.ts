import type { z } from 'zod';
import { Film } from '../../catalog/schema.js';

/** A film read from some catalog source, validated except for its id (the merge assigns ids). */
export type CandidateFilm = Omit<Film, 'id'> & { id?: string };

/** One source row turned into a film, or why not; `notes` are what was cleaned up on the way. */
export type Converted = { ok: true; film: CandidateFilm; notes: string[] } | { ok: false; reason: string };

const FilmWithoutId = Film.omit({ id: true });

/** Validates a film built from a source row, naming the first fields that fail. */
export function validateCandidate(input: Record<string, unknown>, notes: string[] = []): Converted {
  const { id, ...rest } = input;
  const result = FilmWithoutId.safeParse(rest);
  if (!result.success) return { ok: false, reason: describeIssues(result.error) };
  const film: CandidateFilm = result.data;
  if (typeof id === 'string' && id.trim()) film.id = id.trim();
  return { ok: true, film, notes };
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || 'entry'}: ${issue.message}`)
    .join('; ');
}

/** Trimmed, non-empty, distinct strings of an array (anything else in it is dropped). */
export function cleanStrings(value: unknown, max: number, keep: (text: string) => boolean = () => true): string[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  for (const item of value) {
    if (typeof item !== 'string') continue;
    const text = item.replace(/\s+/g, ' ').trim();
    if (text && text.length <= 200 && keep(text)) seen.add(text);
  }
  return [...seen].slice(0, max);
}
