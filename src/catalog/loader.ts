import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { fastFilm } from './fastCheck.js';
import { forEachLine } from './lines.js';
import { Film } from './schema.js';

const gunzipAsync = promisify(gunzip);

/**
 * Catalogs up to this much text are parsed in one piece: one JSON.parse of the whole text costs
 * about half of parsing it line by line (the 42k-film default: ~0.45 s of CPU against ~0.85 s).
 * Larger ones (a 700k-film catalog is more text than one string may hold) are read line by line.
 */
const WHOLE_PARSE_LIMIT = 128 * 1024 * 1024;

/** The file parsed whole, or undefined when it is too large or not plain JSON (then read line by line). */
async function parseWhole(path: string): Promise<unknown> {
  const bytes = await readFile(path);
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (bytes.length > WHOLE_PARSE_LIMIT) return undefined;
  let text: Buffer;
  try {
    text = gzipped ? await gunzipAsync(bytes, { maxOutputLength: WHOLE_PARSE_LIMIT }) : bytes;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text.toString('utf8'));
  } catch {
    // Not one JSON document (a trailing comma, a damaged line): the line reader keeps what it can.
    return undefined;
  }
}

/**
 * A catalog file's entries. Up to WHOLE_PARSE_LIMIT of text, any layout is parsed whole. Beyond
 * it, the compact form (`[`, then one film per line, as the `.json.gz` catalogs are written) is read
 * line by line: a 700k-film catalog is more text than one string may hold.
 */
export async function readCatalogEntries(path: string): Promise<unknown> {
  const whole = await parseWhole(path);
  if (whole !== undefined) return whole;
  const entries: unknown[] = [];
  let opened = false;
  let lineForm = true;
  await forEachLine(path, (line) => {
    const text = line.trim();
    if (text === '') return;
    if (!opened) return (lineForm = opened = text === '[');
    if (text === ']') return;
    const object = text.endsWith(',') ? text.slice(0, -1) : text;
    if (!object.startsWith('{') || !object.endsWith('}')) return (lineForm = false);
    try {
      entries.push(JSON.parse(object));
    } catch {
      return (lineForm = false);
    }
  });
  return lineForm && opened ? entries : JSON.parse(await readCatalogText(path));
}

/** A catalog file's text, gunzipped when it is gzipped (`.json.gz`, and its `.bak`): the large default is shipped so. */
export async function readCatalogText(path: string): Promise<string> {
  const bytes = await readFile(path);
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (gzipped ? await gunzipAsync(bytes) : bytes).toString('utf8');
}

export interface CatalogProblem {
  file: string;
  /** Index of the entry in the file's array; absent when the whole file is unusable. */
  index?: number;
  id?: string;
  message: string;
}

export interface LoadedCatalog {
  films: Film[];
  problems: CatalogProblem[];
}

function describeIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || 'entry'}: ${issue.message}`)
    .join('; ');
}

/**
 * Validates a parsed catalog file entry by entry. Bad entries become problems and are skipped; so
 * is an id already in `seen` (filled as films are accepted), so that the first definition of a film
 * wins and a later file cannot silently replace it.
 */
export function validateCatalogEntries(file: string, entries: unknown, seen = new Map<string, string>()): LoadedCatalog {
  if (!Array.isArray(entries)) {
    return { films: [], problems: [{ file, message: 'expected a JSON array of films' }] };
  }
  const films: Film[] = [];
  const problems: CatalogProblem[] = [];
  entries.forEach((entry, index) => {
    const film = validateEntry(file, entry, index, seen, problems);
    if (film) films.push(film);
  });
  return { films, problems };
}

/** One entry checked (see validateCatalogEntries): the film, or undefined with the problem added to `problems`. */
function validateEntry(file: string, entry: unknown, index: number, seen: Map<string, string>, problems: CatalogProblem[]): Film | undefined {
  // Entries in the schema's own output form (all the catalog CLI writes) pass a plain check;
  // anything else meets zod, which trims what it may and names what is wrong.
  let film = fastFilm(entry);
  if (!film) {
    const result = Film.safeParse(entry);
    if (!result.success) {
      const rawId = (entry as { id?: unknown } | null)?.id;
      problems.push({ file, index, id: typeof rawId === 'string' ? rawId : undefined, message: describeIssues(result.error) });
      return undefined;
    }
    film = result.data;
  }
  const firstFile = seen.get(film.id);
  if (firstFile !== undefined) {
    problems.push({ file, index, id: film.id, message: `duplicate id (first defined in ${firstFile}); skipped` });
    return undefined;
  }
  seen.set(film.id, file);
  return film;
}

/** A file beyond WHOLE_PARSE_LIMIT that is not one film per line: `streamCatalogFiles` cannot read it (loadCatalogFiles can). */
export class NotLineForm extends Error {}

/**
 * Reads catalog files as `loadCatalogFiles` does (same films, same problems) but hands each film to
 * `onFilm` instead of keeping them: a 700k-film catalog's films as objects are more memory than the
 * bot should ever hold at once. Throws NotLineForm for a file too large to parse whole that is not
 * in the one-film-per-line form (films of it may have been handed over already).
 */
export async function streamCatalogFiles(paths: readonly string[], onFilm: (film: Film) => void): Promise<CatalogProblem[]> {
  const problems: CatalogProblem[] = [];
  const seen = new Map<string, string>();
  for (const file of paths) {
    let whole: unknown;
    try {
      whole = await parseWhole(file);
      if (whole === undefined) {
        let index = 0;
        let opened = false;
        await forEachLine(file, (line) => {
          const text = line.trim();
          if (text === '') return;
          if (!opened) {
            opened = true;
            if (text !== '[') throw new NotLineForm(file);
            return;
          }
          if (text === ']') return;
          const object = text.endsWith(',') ? text.slice(0, -1) : text;
          let entry: unknown;
          try {
            entry = object.startsWith('{') && object.endsWith('}') ? JSON.parse(object) : undefined;
          } catch {
            entry = undefined;
          }
          if (entry === undefined) throw new NotLineForm(file);
          const film = validateEntry(file, entry, index++, seen, problems);
          if (film) onFilm(film);
        });
        if (!opened) throw new NotLineForm(file);
        continue;
      }
    } catch (error) {
      if (error instanceof NotLineForm) throw error;
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
      problems.push({ file, message: `cannot read catalog: ${reason}` });
      continue;
    }
    if (!Array.isArray(whole)) {
      problems.push({ file, message: 'expected a JSON array of films' });
      continue;
    }
    whole.forEach((entry, index) => {
      const film = validateEntry(file, entry, index, seen, problems);
      if (film) onFilm(film);
    });
  }
  return problems;
}

/** Reads one or more catalog files; one bad film or one unreadable file never stops the bot. */
export async function loadCatalogFiles(paths: readonly string[]): Promise<LoadedCatalog> {
  const films: Film[] = [];
  const problems: CatalogProblem[] = [];
  const seen = new Map<string, string>();
  for (const file of paths) {
    let parsed: unknown;
    try {
      parsed = await readCatalogEntries(file);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
      problems.push({ file, message: `cannot read catalog: ${reason}` });
      continue;
    }
    const loaded = validateCatalogEntries(file, parsed, seen);
    // Not push(...films): a 700k-film file is more arguments than a call may take.
    for (const film of loaded.films) films.push(film);
    for (const problem of loaded.problems) problems.push(problem);
  }
  return { films, problems };
}

export function formatProblem(problem: CatalogProblem): string {
  const where = problem.index === undefined ? problem.file : `${problem.file}[${problem.index}]`;
  return `${where}${problem.id ? ` (${problem.id})` : ''}: ${problem.message}`;
}
