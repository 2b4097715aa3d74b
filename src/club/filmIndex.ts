import type { DeepReadonly } from '../store/GuildStore.js';
import { lineageOf, membersChangedBetween } from '../store/recordStore.js';
import type { GuildData, MemberFilm } from '../store/schema.js';
import { FilmFigures } from './filmFigures.js';

type Data = DeepReadonly<GuildData>;
type Record_ = DeepReadonly<MemberFilm>;
type Films = DeepReadonly<Record<string, MemberFilm>>;

/**
 * Every film's records in a server (film → member → record), the access path of the film card's server figures,
 * "seen by" and list leaderboards, which would otherwise walk every member of the server on each read.
 *
 * Kept per server and carried from snapshot to snapshot: the store says which members each commit changed
 * (`membersChangedBetween`), and only those members' films are re-indexed, comparing their records by identity
 * (the store replaces a changed record, never edits it). So a write costs the index the changed members' films,
 * and a read costs the one film's records. Data that did not come from a store (tests building GuildData by
 * hand) is indexed in full, once per object.
 */
export class FilmIndex {
  readonly #byFilm = new Map<string, Map<string, Record_>>();
  /** The card figures of the films read so far, kept up to date from then on (see FilmFigures). */
  readonly #figures = new Map<string, FilmFigures>();
  /** The films map each member was indexed from. */
  readonly #indexed = new Map<string, Films>();
  #data: Data;

  private constructor(data: Data) {
    this.#data = data;
    for (const [userId, films] of Object.entries(data.memberFilms)) this.#setMember(userId, films);
  }

  /** The film's records in this server, by member (empty when none). */
  recordsOf(filmId: string): ReadonlyMap<string, Record_> {
    return this.#byFilm.get(filmId) ?? EMPTY;
  }

  /** The film's server figures (the card): built from its records on first use, then followed write by write. */
  figuresOf(filmId: string): FilmFigures {
    let figures = this.#figures.get(filmId);
    if (!figures) this.#figures.set(filmId, (figures = new FilmFigures(this.recordsOf(filmId))));
    return figures;
  }

  /** The index for `data`: the server's previous one brought up to date when the store can say what changed. */
  static of(data: Data): FilmIndex {
    const cached = bySnapshot.get(data);
    if (cached) return cached;
    const lineage = lineageOf(data);
    const latest = lineage ? byLineage.get(lineage) : undefined;
    const changed = latest ? membersChangedBetween(latest.#data, data) : undefined;
    let index: FilmIndex;
    if (latest && changed) {
      // Moved forward in place: the old snapshot's entry would now describe the new one.
      bySnapshot.delete(latest.#data);
      for (const userId of changed) latest.#setMember(userId, data.memberFilms[userId]);
      latest.#data = data;
      index = latest;
    } else {
      index = new FilmIndex(data);
    }
    bySnapshot.set(data, index);
    if (lineage) byLineage.set(lineage, index);
    return index;
  }

  #setMember(userId: string, films: Films | undefined): void {
    const before = this.#indexed.get(userId);
    if (before === films) return;
    if (before) {
      for (const [filmId, record] of Object.entries(before)) {
        if (films?.[filmId] === record) continue;
        this.#figures.get(filmId)?.replace(userId, record, undefined);
        const members = this.#byFilm.get(filmId)!;
        members.delete(userId);
        if (members.size === 0) this.#byFilm.delete(filmId);
      }
    }
    if (films) {
      for (const [filmId, record] of Object.entries(films)) {
        if (before?.[filmId] === record) continue;
        this.#figures.get(filmId)?.replace(userId, undefined, record);
        let members = this.#byFilm.get(filmId);
        if (!members) this.#byFilm.set(filmId, (members = new Map()));
        members.set(userId, record);
      }
      this.#indexed.set(userId, films);
    } else {
      this.#indexed.delete(userId);
    }
  }
}

const EMPTY: ReadonlyMap<string, Record_> = new Map();
const bySnapshot = new WeakMap<object, FilmIndex>();
const byLineage = new WeakMap<object, FilmIndex>();
