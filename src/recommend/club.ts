import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import type { ContentModel } from './features.js';
import { clubWeightOf, flagsOf, LOVED, SEEN, tasteWeightOf } from './signals.js';

type Data = DeepReadonly<GuildData>;

/** One member's records, packed: parallel arrays over the films they have a record of. */
export interface MemberRow {
  index: number;
  userId: string;
  name?: string;
  /** Club item ids (see ClubMatrix.filmIds). */
  items: Int32Array;
  /** Content-profile weight per item (tasteWeight). */
  taste: Float32Array;
  /** Collaborative weight per item (clubWeight). */
  club: Float32Array;
  flags: Uint8Array;
  /** Current rating per item, NaN when unrated. */
  stars: Float32Array;
  /** Euclidean norm of `club`. */
  norm: number;
  /** Films seen. */
  seen: number;
}

/**
 * A server's diary as matrices for the recommender: members × films, with per-film postings and server totals.
 * Built from one stored snapshot and cached for it (the store hands out the same frozen object until the next
 * write), so a burst of /recommend calls between two diary changes builds it once.
 */
export class ClubMatrix {
  readonly filmIds: string[] = [];
  /** Model slot of each item, −1 for films the catalog no longer has (they still show taste overlap). */
  readonly slotOfItem: Int32Array;
  /** Item of each model slot, −1 when no member has a record of the film. */
  readonly itemOfSlot: Int32Array;
  readonly rows: MemberRow[] = [];
  readonly #rowByUser = new Map<string, MemberRow>();
  /** Per item: the members with a seen-film vote, that vote, and where the film is in the member's row. */
  readonly itemMembers: Int32Array[];
  readonly itemVotes: Float32Array[];
  readonly itemAt: Int32Array[];
  /** Per model slot: how many members watched / loved the film, and the sum of their votes. */
  readonly watchers: Int32Array;
  readonly lovers: Int32Array;
  readonly serverScore: Float64Array;

  constructor(data: Data, model: ContentModel) {
    const itemById = new Map<string, number>();
    const item = (filmId: string) => {
      let id = itemById.get(filmId);
      if (id === undefined) {
        id = this.filmIds.length;
        itemById.set(filmId, id);
        this.filmIds.push(filmId);
      }
      return id;
    };
    const postings: { members: number[]; votes: number[]; at: number[] }[] = [];
    for (const [userId, films] of Object.entries(data.memberFilms)) {
      const entries = Object.entries(films);
      if (entries.length === 0) continue;
      const index = this.rows.length;
      const row: MemberRow = {
        index,
        userId,
        name: data.members[userId],
        items: new Int32Array(entries.length),
        taste: new Float32Array(entries.length),
        club: new Float32Array(entries.length),
        flags: new Uint8Array(entries.length),
        stars: new Float32Array(entries.length),
        norm: 0,
        seen: 0,
      };
      let norm = 0;
      entries.forEach(([filmId, record], i) => {
        const id = item(filmId);
        const flags = flagsOf(record);
        const stars = record.rating?.stars;
        const vote = clubWeightOf(flags, stars);
        row.items[i] = id;
        row.taste[i] = tasteWeightOf(flags, stars);
        row.club[i] = vote;
        row.flags[i] = flags;
        row.stars[i] = stars ?? Number.NaN;
        norm += vote * vote;
        if (flags & SEEN) row.seen += 1;
        if (vote !== 0) {
          const posting = (postings[id] ??= { members: [], votes: [], at: [] });
          posting.members.push(index);
          posting.votes.push(vote);
          posting.at.push(i);
        }
      });
      row.norm = Math.sqrt(norm);
      this.rows.push(row);
      this.#rowByUser.set(userId, row);
    }
    const itemCount = this.filmIds.length;
    this.itemMembers = Array.from({ length: itemCount }, (_, id) => Int32Array.from(postings[id]?.members ?? []));
    this.itemVotes = Array.from({ length: itemCount }, (_, id) => Float32Array.from(postings[id]?.votes ?? []));
    this.itemAt = Array.from({ length: itemCount }, (_, id) => Int32Array.from(postings[id]?.at ?? []));
    this.slotOfItem = Int32Array.from(this.filmIds, (filmId) => model.slotOf(filmId) ?? -1);
    this.itemOfSlot = new Int32Array(model.size).fill(-1);
    this.slotOfItem.forEach((slot, id) => {
      if (slot >= 0) this.itemOfSlot[slot] = id;
    });

    this.watchers = new Int32Array(model.size);
    this.lovers = new Int32Array(model.size);
    this.serverScore = new Float64Array(model.size);
    for (const row of this.rows) {
      row.items.forEach((id, i) => {
        const slot = this.slotOfItem[id]!;
        if (slot < 0) return;
        const flags = row.flags[i]!;
        if (flags & SEEN) this.watchers[slot]! += 1;
        if (flags & LOVED) this.lovers[slot]! += 1;
        this.serverScore[slot]! += row.club[i]!;
      });
    }
  }

  row(userId: string): MemberRow | undefined {
    return this.#rowByUser.get(userId);
  }

  /** All the member's flags by model slot (films the catalog no longer has are left out). */
  flagsBySlot(row: MemberRow): Map<number, number> {
    const flags = new Map<number, number>();
    row.items.forEach((id, i) => {
      const slot = this.slotOfItem[id]!;
      if (slot >= 0) flags.set(slot, row.flags[i]!);
    });
    return flags;
  }

  /** The member's flags for a model slot (0 when they have no record of it). */
  flagsAt(row: MemberRow, slot: number): number {
    const id = this.itemOfSlot[slot];
    if (id === undefined || id < 0) return 0;
    // Rows are short (a member's films); a linear scan beats keeping a map per member.
    const at = row.items.indexOf(id);
    return at < 0 ? 0 : row.flags[at]!;
  }
}

const matrices = new WeakMap<object, { model: ContentModel; matrix: ClubMatrix }>();

export function clubMatrixFor(data: Data, model: ContentModel): ClubMatrix {
  const cached = matrices.get(data);
  if (cached && cached.model === model) return cached.matrix;
  const matrix = new ClubMatrix(data, model);
  matrices.set(data, { model, matrix });
  return matrix;
}

export interface Neighbour {
  row: MemberRow;
  /** Cosine of the two members' votes over all films, shrunk when they share few films. */
  similarity: number;
  /** Films both have seen. */
  common: number;
}

export interface NeighbourOptions {
  count: number;
  minSimilarity: number;
  /** Overlap at which a similarity counts half: two members who share one favorite are not yet "alike". */
  shrinkage: number;
}

/**
 * The members whose histories overlap the member's most in what they loved and loathed (iCheckMovies-style
 * votes), best first. Walks only the postings of the member's own films.
 */
export function neighboursOf(matrix: ClubMatrix, row: MemberRow, options: NeighbourOptions): Neighbour[] {
  if (row.norm === 0) return [];
  const dots = new Float64Array(matrix.rows.length);
  const common = new Int32Array(matrix.rows.length);
  const touched: number[] = [];
  row.items.forEach((id, i) => {
    const vote = row.club[i]!;
    if (vote === 0) return;
    const members = matrix.itemMembers[id]!;
    const votes = matrix.itemVotes[id]!;
    for (let k = 0; k < members.length; k++) {
      const other = members[k]!;
      if (other === row.index) continue;
      if (common[other] === 0) touched.push(other);
      dots[other]! += vote * votes[k]!;
      common[other]! += 1;
    }
  });
  const found: Neighbour[] = [];
  for (const other of touched) {
    const neighbour = matrix.rows[other]!;
    if (neighbour.norm === 0) continue;
    const shared = common[other]!;
    const similarity = (dots[other]! / (row.norm * neighbour.norm)) * (shared / (shared + options.shrinkage));
    if (similarity >= options.minSimilarity) found.push({ row: neighbour, similarity, common: shared });
  }
  return found
    .sort((a, b) => b.similarity - a.similarity || a.row.userId.localeCompare(b.row.userId))
    .slice(0, options.count);
}

/**
 * What the neighbours' votes say about every film: the similarity-weighted sum of their votes, divided by the
 * neighbours' total similarity, so a film many of them loved outranks one a single neighbour loved.
 */
export function neighbourScores(matrix: ClubMatrix, neighbours: readonly Neighbour[], size: number): Float64Array {
  const scores = new Float64Array(size);
  const total = neighbours.reduce((sum, neighbour) => sum + neighbour.similarity, 0);
  if (total === 0) return scores;
  for (const { row, similarity } of neighbours) {
    row.items.forEach((id, i) => {
      const slot = matrix.slotOfItem[id]!;
      if (slot >= 0) scores[slot]! += (similarity * row.club[i]!) / total;
    });
  }
  return scores;
}

/** How many of the neighbours loved / watched the film in `slot` (for "3 members with your taste loved it"). */
export function neighbourCounts(matrix: ClubMatrix, neighbours: readonly Neighbour[], slot: number): { loved: number; watched: number } {
  let loved = 0;
  let watched = 0;
  for (const { row } of neighbours) {
    const flags = matrix.flagsAt(row, slot);
    if (flags & SEEN) watched += 1;
    if (flags & LOVED) loved += 1;
  }
  return { loved, watched };
}
