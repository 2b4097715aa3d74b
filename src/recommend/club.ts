import type { DeepReadonly } from '../store/GuildStore.js';
import { membersChangedBetween } from '../store/recordStore.js';
import type { GuildData } from '../store/schema.js';
import type { ContentModel } from './features.js';
import { EaseHolder, type EaseSettings, INLINE_EASE } from './easeHolder.js';
import { EXACT_ONLY, ItemGraphHolder, type ItemGraphSettings } from './itemGraph.js';
import { runInSlices } from './slices.js';
import { clubWeightOf, flagsOf, LOVED, SEEN, tasteWeightOf } from './signals.js';
import type { WalkRow } from './walk.js';

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
  /** The row's model slots and walk target grades, computed once per row state for the item–item table's builds. */
  walkCache: WalkRow | undefined;
}

type Records = DeepReadonly<GuildData['memberFilms'][string]>;

/**
 * A server's diary as matrices for the recommender: members × films, with per-film postings and server totals.
 * Built from one stored snapshot and cached for it (the store hands out the same frozen object until the next
 * write), so a burst of /recommend calls between two diary changes builds it once. After a write it need not be
 * rebuilt: `setMember` replaces one member's row in place, and gives exactly what a full build of the new
 * snapshot gives (see `LiveClubMatrices` and tests/recommend/incremental.test.ts).
 */
export class ClubMatrix {
  readonly filmIds: string[] = [];
  readonly #itemById = new Map<string, number>();
  /** Model slot of each item, −1 for films the catalog no longer has (they still show taste overlap). */
  readonly slotOfItem: number[] = [];
  /** Item of each model slot, −1 when no member has a record of the film. */
  readonly itemOfSlot: Int32Array;
  readonly rows: MemberRow[] = [];
  readonly #rowByUser = new Map<string, MemberRow>();
  /**
   * Per item: the members with a seen-film vote (ascending row index), that vote, where the film is in the
   * member's row, and the member's flags for it (a copy of `row.flags[at]`: the walks over a film's postings read
   * them in sequence instead of reaching into thousands of rows).
   */
  readonly itemMembers: number[][] = [];
  readonly itemVotes: number[][] = [];
  readonly itemAt: number[][] = [];
  readonly itemFlags: number[][] = [];
  /** Per model slot: how many members watched / loved the film, and the sum of their votes. */
  readonly watchers: Int32Array;
  readonly lovers: Int32Array;
  readonly serverScore: Float64Array;
  readonly #model: ContentModel;
  /** Bumped by every `setMember`: what a precomputed item–item table compares against (itemGraph.ts). */
  version = 0;
  /** Records in all rows. */
  records = 0;
  /** The server's item–item table and its background rebuilds (carried over when a matrix replaces this one). */
  graphs: ItemGraphHolder = new ItemGraphHolder(EXACT_ONLY);
  /** The server's learned item–item model and its refits (easeHolder.ts): fitted inline unless a LiveClubMatrices
   * hands over its background holder. */
  ease: EaseHolder = new EaseHolder(INLINE_EASE);
  /** The frozen records each row was built from: the store's snapshots share untouched members' records, so the
   * same object means nothing changed and no record need be compared. */
  readonly #builtFrom = new Map<string, Records | undefined>();

  /** The matrix of `data`, built at once; without data, an empty one (`clubMatrixSteps` fills it member by member). */
  constructor(data: Data | undefined, model: ContentModel) {
    this.#model = model;
    this.itemOfSlot = new Int32Array(model.size).fill(-1);
    this.watchers = new Int32Array(model.size);
    this.lovers = new Int32Array(model.size);
    this.serverScore = new Float64Array(model.size);
    if (data) for (const [userId, films] of Object.entries(data.memberFilms)) this.setMember(userId, data.members[userId], films);
  }

  get model(): ContentModel {
    return this.#model;
  }

  #item(filmId: string): number {
    let id = this.#itemById.get(filmId);
    if (id === undefined) {
      id = this.filmIds.length;
      this.#itemById.set(filmId, id);
      this.filmIds.push(filmId);
      const slot = this.#model.slotOf(filmId) ?? -1;
      this.slotOfItem.push(slot);
      if (slot >= 0) this.itemOfSlot[slot] = id;
      this.itemMembers.push([]);
      this.itemVotes.push([]);
      this.itemAt.push([]);
      this.itemFlags.push([]);
    }
    return id;
  }

  /**
   * Makes `userId`'s row what `films` says (a member's first records add a row), updating postings and totals:
   * the incremental update after a write. Work is proportional to the member's films and their postings.
   */
  setMember(userId: string, name: string | undefined, films: Records | undefined): void {
    let row = this.#rowByUser.get(userId);
    if (row) this.#remove(row);
    this.version += 1;
    this.#builtFrom.set(userId, films);
    // Keys, then each record: no [key, value] pair per record (a full build reads a million of them).
    const filmIds = films ? Object.keys(films) : [];
    const count = filmIds.length;
    if (!row) {
      row = { index: this.rows.length, userId, name, items: new Int32Array(0), taste: new Float32Array(0), club: new Float32Array(0), flags: new Uint8Array(0), stars: new Float32Array(0), norm: 0, seen: 0, walkCache: undefined };
      this.rows.push(row);
      this.#rowByUser.set(userId, row);
    }
    row.name = name;
    row.walkCache = undefined;
    const items = (row.items = new Int32Array(count));
    const taste = (row.taste = new Float32Array(count));
    const club = (row.club = new Float32Array(count));
    const flagsOfItems = (row.flags = new Uint8Array(count));
    const starsOfItems = (row.stars = new Float32Array(count));
    let norm = 0;
    let seen = 0;
    for (let i = 0; i < count; i++) {
      const filmId = filmIds[i]!;
      const record = films![filmId]!;
      const id = this.#item(filmId);
      const flags = flagsOf(record);
      const stars = record.rating?.stars;
      const vote = clubWeightOf(flags, stars);
      items[i] = id;
      taste[i] = tasteWeightOf(flags, stars);
      club[i] = vote;
      flagsOfItems[i] = flags;
      starsOfItems[i] = stars ?? Number.NaN;
      norm += vote * vote;
      if (flags & SEEN) seen += 1;
      if (vote !== 0) this.#post(id, row.index, vote, i, flags);
      this.#count(id, flags, vote, 1);
    }
    row.norm = Math.sqrt(norm);
    row.seen = seen;
    this.records += count;
  }

  /** Takes a row's contributions out of the postings and totals (its arrays are replaced right after). */
  #remove(row: MemberRow): void {
    this.records -= row.items.length;
    row.items.forEach((id, i) => {
      if (row.club[i] !== 0) {
        const members = this.itemMembers[id]!;
        const at = members.indexOf(row.index);
        members.splice(at, 1);
        this.itemVotes[id]!.splice(at, 1);
        this.itemAt[id]!.splice(at, 1);
        this.itemFlags[id]!.splice(at, 1);
      }
      this.#count(id, row.flags[i]!, row.club[i]!, -1);
    });
  }

  /** Adds a member to a film's postings, keeping them in row order (as a full build lists them). */
  #post(id: number, member: number, vote: number, at: number, flags: number): void {
    const members = this.itemMembers[id]!;
    let position = members.length;
    while (position > 0 && members[position - 1]! > member) position--;
    if (position === members.length) {
      // A build adds members in row order: always at the end.
      members.push(member);
      this.itemVotes[id]!.push(vote);
      this.itemAt[id]!.push(at);
      this.itemFlags[id]!.push(flags);
      return;
    }
    members.splice(position, 0, member);
    this.itemVotes[id]!.splice(position, 0, vote);
    this.itemAt[id]!.splice(position, 0, at);
    this.itemFlags[id]!.splice(position, 0, flags);
  }

  #count(id: number, flags: number, vote: number, sign: 1 | -1): void {
    const slot = this.slotOfItem[id]!;
    if (slot < 0) return;
    if (flags & SEEN) this.watchers[slot]! += sign;
    if (flags & LOVED) this.lovers[slot]! += sign;
    // Votes are whole numbers, so adding and taking them back leaves the exact sum a full build gives.
    this.serverScore[slot]! += sign * vote;
  }

  row(userId: string): MemberRow | undefined {
    return this.#rowByUser.get(userId);
  }

  /**
   * The members whose records in `data` differ from their rows in anything the matrix reads (which films, in what
   * order, their flags and stars, the member's name); undefined when a member with a row is gone from `data`,
   * which only a rebuild handles. Compares against the rows themselves, so no older snapshot is needed.
   */
  staleMembers(data: Data): string[] | undefined {
    const changed: string[] = [];
    let found = 0;
    for (const [userId, films] of Object.entries(data.memberFilms)) {
      const row = this.#rowByUser.get(userId);
      if (!row) {
        changed.push(userId);
        continue;
      }
      found += 1;
      if (row.name !== data.members[userId]) changed.push(userId);
      else if (this.#builtFrom.get(userId) !== films && !this.#holds(row, films)) changed.push(userId);
    }
    return found === this.rows.length ? changed : undefined;
  }

  /**
   * `staleMembers` when the store already said which members changed: those with records (a member whose last
   * record went has a row a full build would not have, so that asks for a rebuild: undefined).
   */
  knownChanges(members: Iterable<string>, data: Data): string[] | undefined {
    const changed: string[] = [];
    for (const userId of members) {
      const films = data.memberFilms[userId];
      if (films) changed.push(userId);
      else if (this.#rowByUser.has(userId)) return undefined;
    }
    return changed;
  }

  #holds(row: MemberRow, films: Records): boolean {
    // Positional: a member's films keep their order from one snapshot to the next, and enumerating is much
    // cheaper than looking a hundred keys up one by one.
    const keys = Object.keys(films);
    if (keys.length !== row.items.length) return false;
    const records = Object.values(films);
    for (let i = 0; i < keys.length; i++) {
      if (this.filmIds[row.items[i]!] !== keys[i]) return false;
      const record = records[i]!;
      if (flagsOf(record) !== row.flags[i]) return false;
      const stars = record.rating?.stars;
      if (stars === undefined ? !Number.isNaN(row.stars[i]!) : stars !== row.stars[i]) return false;
    }
    return true;
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
/** The snapshot each registered matrix currently describes (a patched matrix moves on to the new snapshot). */
const describes = new WeakMap<ClubMatrix, object>();

function register(data: Data, model: ContentModel, matrix: ClubMatrix): void {
  const previous = describes.get(matrix);
  // A matrix patched into a newer snapshot no longer describes the one it was registered for, whichever
  // LiveClubMatrices (the recommender's, the party ranker's) registered it.
  if (previous !== undefined && previous !== data) matrices.delete(previous);
  matrices.set(data, { model, matrix });
  describes.set(matrix, data);
}

export function clubMatrixFor(data: Data, model: ContentModel): ClubMatrix {
  const cached = matrices.get(data);
  if (cached && cached.model === model) return cached.matrix;
  const matrix = new ClubMatrix(data, model);
  register(data, model, matrix);
  return matrix;
}

/**
 * A full build of `data`'s matrix as steps of one member each, in the order the constructor adds them (so the same
 * rows, postings and sums), for a caller that runs them in slices (`runInSlices`). Each member's records are read
 * at their step: a store's snapshots share live member maps, so a write landing between two steps shows in the
 * members not yet added; `LiveClubMatrices.prepareAsync` then brings the whole matrix to the store's latest state.
 */
export function* clubMatrixSteps(data: Data, model: ContentModel): Generator<void, ClubMatrix> {
  const matrix = new ClubMatrix(undefined, model);
  for (const userId of Object.keys(data.memberFilms)) {
    const films = data.memberFilms[userId];
    // Gone since the build started: a build of the current state would have no row for them either.
    if (films) matrix.setMember(userId, data.members[userId], films);
    yield;
  }
  return matrix;
}

/** Beyond this many changed members (an import, a restore), a full build is as cheap as patching. */
const MAX_PATCHED_MEMBERS = 50;

/** A full build for a request holds the event loop for about this long at a time (`prepareAsync`). */
export const DEFAULT_BUILD_SLICE_MS = 8;

/**
 * Each server's latest matrix, carried from snapshot to snapshot: after a write, the members whose records
 * changed are patched in (`ClubMatrix.setMember`) instead of rebuilding the whole server, so the first request
 * after a diary change costs a comparison of the records, not a rebuild. The result is registered for the new
 * snapshot, so everything that calls `clubMatrixFor` with it gets the patched matrix.
 */
export class LiveClubMatrices {
  readonly #latest = new Map<string, { data: Data; model: ContentModel; matrix: ClubMatrix }>();
  /** Each server's item–item table (itemGraph.ts), handed to every matrix this prepares for the server. */
  readonly #graphs = new Map<string, ItemGraphHolder>();
  readonly #graphSettings: Partial<ItemGraphSettings>;
  /** Each server's learned model (easeHolder.ts), fitted off the event loop. */
  readonly #eases = new Map<string, EaseHolder>();
  readonly #easeSettings: Partial<EaseSettings>;
  /** Each server's full build in slices while one runs (`prepareAsync`): later requests wait for the same one. */
  readonly #builds = new Map<string, Promise<void>>();
  readonly #sliceMs: number;

  constructor(graphSettings: Partial<ItemGraphSettings> = {}, easeSettings: Partial<EaseSettings> = {}, options: { sliceMs?: number } = {}) {
    this.#graphSettings = graphSettings;
    this.#easeSettings = easeSettings;
    this.#sliceMs = options.sliceMs ?? DEFAULT_BUILD_SLICE_MS;
  }

  /**
   * The server's matrix for `data`, now: patched from the last one when only a few members changed, else built
   * from every record on the spot (in a server of a million records, close to a second with the event loop held).
   * Requests go through `prepareAsync`, which never builds on the spot.
   */
  prepare(guildId: string, data: Data, model: ContentModel): ClubMatrix {
    const matrix = this.#follow(guildId, data, model, MAX_PATCHED_MEMBERS) ?? this.#adopt(guildId, data, model, new ClubMatrix(data, model));
    return this.#attach(guildId, matrix);
  }

  /**
   * `prepare` for an interaction: when the server's matrix has to be built from every record (its first request
   * since start-up, an import, a new catalog), the build runs in slices of about `sliceMs` with the event loop free
   * in between, and every request of the server meanwhile waits for that one build. `latest` reads the store's
   * current snapshot: writes may land while the build runs, so once it is done the matrix is patched on to the
   * latest state, which is what the request then answers from. Resolves with the snapshot the matrix describes
   * (registered, so `clubMatrixFor` finds it).
   */
  async prepareAsync(guildId: string, data: Data, model: ContentModel, latest?: () => Promise<Data>): Promise<Data> {
    let built = false;
    for (;;) {
      const running = this.#builds.get(guildId);
      if (running) {
        await running;
        if (latest) data = await latest();
        built = true;
        continue;
      }
      // Right after a build, whatever changed while it ran is patched in, however many members: building again
      // would only let a busy server's writes outrun it.
      const matrix = this.#follow(guildId, data, model, built ? Number.POSITIVE_INFINITY : MAX_PATCHED_MEMBERS);
      if (matrix) {
        this.#attach(guildId, matrix);
        return data;
      }
      const build = runInSlices(clubMatrixSteps(data, model), this.#sliceMs).then((fresh) => {
        this.#adopt(guildId, data, model, fresh);
      });
      this.#builds.set(guildId, build);
      try {
        await build;
      } finally {
        this.#builds.delete(guildId);
      }
      if (latest) data = await latest();
      built = true;
    }
  }

  /** Resolves once the server's item–item table and learned model (if it keeps them) describe the latest matrix prepared. */
  async settled(guildId: string): Promise<void> {
    await this.#builds.get(guildId);
    const matrix = this.#latest.get(guildId)?.matrix;
    await matrix?.graphs.settled();
    await matrix?.ease.settled();
  }

  #attach(guildId: string, matrix: ClubMatrix): ClubMatrix {
    // A matrix another holder already follows (the party ranker's and the recommender's may share one) keeps it.
    if (!matrix.graphs.enabled) {
      let holder = this.#graphs.get(guildId);
      if (!holder) this.#graphs.set(guildId, (holder = new ItemGraphHolder(this.#graphSettings)));
      matrix.graphs = holder;
    }
    if (!matrix.ease.background) {
      let holder = this.#eases.get(guildId);
      if (!holder) this.#eases.set(guildId, (holder = new EaseHolder(this.#easeSettings)));
      matrix.ease = holder;
    }
    return matrix;
  }

  /**
   * The matrix for `data` without a full build: the one registered for it, or the server's last one patched with
   * the members changed since (at most `maxPatched` of them); undefined when only a full build will do.
   */
  #follow(guildId: string, data: Data, model: ContentModel, maxPatched: number): ClubMatrix | undefined {
    const cached = matrices.get(data);
    if (cached && cached.model === model) {
      this.#latest.set(guildId, { data, model, matrix: cached.matrix });
      return cached.matrix;
    }
    const last = this.#latest.get(guildId);
    if (!last || last.model !== model) return undefined;
    // The store says which members its commits since `last` changed; without that, compare every member.
    const told = membersChangedBetween(last.data, data);
    const changed = told ? last.matrix.knownChanges(told, data) : last.matrix.staleMembers(data);
    if (!changed || changed.length > maxPatched) return undefined;
    const matrix = last.matrix;
    // The old snapshot's matrix is being patched into the new one's: it no longer describes the old one.
    matrices.delete(last.data);
    for (const userId of changed) matrix.setMember(userId, data.members[userId], data.memberFilms[userId]);
    return this.#adopt(guildId, data, model, matrix);
  }

  #adopt(guildId: string, data: Data, model: ContentModel, matrix: ClubMatrix): ClubMatrix {
    register(data, model, matrix);
    this.#latest.set(guildId, { data, model, matrix });
    return matrix;
  }
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
  return bestNeighbours(found, options.count);
}

/**
 * The `count` most similar, ties by user id: what sorting them all and keeping the first `count` gives. In a large
 * server thousands of members overlap a member's history, so the cut-off is found on a typed array of the
 * similarities and only the members at or above it are sorted with the tie-break.
 */
function bestNeighbours(found: Neighbour[], count: number): Neighbour[] {
  const order = (a: Neighbour, b: Neighbour) => b.similarity - a.similarity || a.row.userId.localeCompare(b.row.userId);
  if (count > 0 && found.length > count * 8) {
    const similarities = Float64Array.from(found, (neighbour) => neighbour.similarity).sort();
    const threshold = similarities[similarities.length - count]!;
    found = found.filter((neighbour) => neighbour.similarity >= threshold);
  }
  return found.sort(order).slice(0, count);
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
