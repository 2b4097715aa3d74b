import { DocumentBuilder, emptyDocument, emptyShelf, readOnlyView, writeOverlay } from './document.js';
import { Draft } from './draft.js';
import { StoreClosedError } from './errors.js';
import { assertGuildId } from './guildData.js';
import type { DeepReadonly, GuildStore } from './GuildStore.js';
import { type Change, type Layout, partitionOf } from './layout.js';
import type { GuildData } from './schema.js';

type Doc = Readonly<Record<string, unknown>>;

/**
 * What a backend provides under RecordStore: a server's records loaded once, then record-level commits.
 * `commit` gets the validated changes of one write batch, in order, and must store them all or none, durably
 * when it resolves; it is never called concurrently for one server. `after` is the document with the changes
 * applied (immutable), for backends that write partitions from it later.
 */
export interface RecordPersistence {
  /** The stored document, validated, or undefined when the server has nothing stored. */
  load(guildId: string): Promise<Doc | undefined>;
  commit(guildId: string, changes: readonly Change[], after: Doc): Promise<void>;
  list(): Promise<string[]>;
  /** Called once all pending commits are done. */
  close(): Promise<void>;
  /**
   * One value shelf's record read without loading the server (`{ value: undefined }`: not stored), or undefined
   * when the backend cannot read it alone (the store then loads the server). Optional.
   */
  readValue?(guildId: string, field: string): Promise<{ value: unknown } | undefined>;
  /**
   * True when a failed commit may still have been written (a database connection lost around COMMIT): the store
   * then forgets the server's state and reloads it on next use, instead of building on a state it is unsure of.
   */
  readonly mayCommitOnFailure?: boolean;
  /**
   * The error that refuses changes to one member of a loaded server (their stored part is unusable: a corrupt
   * partition file), or undefined. The store rejects such an update alone; nothing of that member is written.
   */
  refused?(guildId: string, member: string): Error | undefined;
}

interface PendingUpdate {
  fn: (data: GuildData) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Which members each recent commit of a server changed, so that derived state (a feature's index over the
 * members' records) can follow a new snapshot by looking at those members only. Every snapshot of one server's
 * cell shares one Lineage and knows its own commit number.
 */
interface Lineage {
  /** Commit number → members (first keys of keyed changes) it changed; only the most recent are kept. */
  readonly commits: Map<number, ReadonlySet<string>>;
}
const SNAPSHOT = Symbol('marquee.snapshot');
interface SnapshotTag {
  lineage: Lineage;
  commit: number;
}
/** Commits remembered per server: a reader further behind rebuilds its derived state instead. */
const LINEAGE_COMMITS = 1024;

/** An object identifying a server's line of snapshots (stable while the store keeps the server), if `data` came from a RecordStore. */
export function lineageOf(data: object): object | undefined {
  return (data as { [SNAPSHOT]?: SnapshotTag })[SNAPSHOT]?.lineage;
}

/**
 * The members whose records may differ between two snapshots of one server (`older` read before `newer`), or
 * undefined when the store cannot tell (other servers, snapshots too far apart, data not from a RecordStore):
 * then the caller rebuilds from `newer`.
 */
export function membersChangedBetween(older: object, newer: object): ReadonlySet<string> | undefined {
  const from = (older as { [SNAPSHOT]?: SnapshotTag })[SNAPSHOT];
  const to = (newer as { [SNAPSHOT]?: SnapshotTag })[SNAPSHOT];
  if (!from || !to || from.lineage !== to.lineage || from.commit > to.commit) return undefined;
  const members = new Set<string>();
  for (let commit = from.commit + 1; commit <= to.commit; commit++) {
    const changed = to.lineage.commits.get(commit);
    if (!changed) return undefined;
    for (const member of changed) members.add(member);
  }
  return members;
}

interface GuildCell {
  lineage: Lineage;
  commit: number;
  ready: Promise<void>;
  /** The last durable state; its member maps are read-only views of `live`. */
  committed: Doc;
  /** Per keyed shelf: the member map, changed in place when a batch is durable (never copied: see DocumentBuilder). */
  live: Map<string, Record<string, unknown>>;
  pending: PendingUpdate[];
  flushing: Promise<void> | undefined;
}

/**
 * The GuildStore contract at the cost of what a write changes. Each update runs on a Draft that copies only the
 * records it touches; its changes are validated record by record and applied copy-on-write, so an update costs
 * the records it changes (and the maps on their path), not the server. Updates of one server run one at a time in
 * call order; those that arrive while a commit is in flight go together in the next commit (group commit), and
 * every caller resolves only once the commit holding its change is durable.
 */
export class RecordStore implements GuildStore {
  readonly #layout: Layout;
  readonly #persistence: RecordPersistence;
  readonly #cells = new Map<string, GuildCell>();
  #closed = false;

  constructor(layout: Layout, persistence: RecordPersistence) {
    this.#layout = layout;
    this.#persistence = persistence;
  }

  async read(guildId: string): Promise<DeepReadonly<GuildData>> {
    const cell = this.#cell(guildId);
    await cell.ready;
    return cell.committed as unknown as DeepReadonly<GuildData>;
  }

  async readValue(guildId: string, field: string): Promise<unknown> {
    this.#assertOpen();
    assertGuildId(guildId);
    const shelf = this.#layout.shelves.find((candidate) => candidate.field === field);
    if (shelf?.kind !== 'value') throw new Error(`No value shelf ${field} in this layout`);
    // A server already loaded (or loading) is read from memory, so the answer includes every acknowledged write.
    if (!this.#cells.has(guildId)) {
      const stored = await this.#persistence.readValue?.(guildId, field);
      if (stored) return stored.value === undefined ? emptyShelf(shelf) : stored.value;
    }
    return ((await this.read(guildId)) as unknown as Doc)[field];
  }

  update<T>(guildId: string, fn: (data: GuildData) => T): Promise<T> {
    let cell: GuildCell;
    try {
      cell = this.#cell(guildId);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => {
      cell.pending.push({ fn: fn as (data: GuildData) => unknown, resolve: resolve as (value: unknown) => void, reject });
      cell.flushing ??= this.#flush(guildId, cell);
    });
  }

  async guildIds(): Promise<string[]> {
    this.#assertOpen();
    return (await this.#persistence.list()).sort();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#cells.values()].map((cell) => cell.flushing));
    await this.#persistence.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  #cell(guildId: string): GuildCell {
    this.#assertOpen();
    // A server already held was checked when it was first asked for (validating costs more than the lookup).
    const existing = this.#cells.get(guildId);
    if (existing) return existing;
    assertGuildId(guildId);
    const cell: GuildCell = { lineage: { commits: new Map() }, commit: 0, ready: Promise.resolve(), committed: {}, live: new Map(), pending: [], flushing: undefined };
    this.#adopt(cell, emptyDocument(this.#layout));
    cell.ready = this.#persistence.load(guildId).then(
      (document) => {
        if (document) this.#adopt(cell, document);
      },
      (error: unknown) => {
        // Not cached: the next call retries, so an operator can fix or remove a bad file without a restart.
        if (this.#cells.get(guildId) === cell) this.#cells.delete(guildId);
        throw error;
      },
    );
    cell.ready.catch(() => undefined);
    this.#cells.set(guildId, cell);
    return cell;
  }

  /** Makes `document` the cell's state: its member maps become the live maps, shown to readers as read-only views. */
  #adopt(cell: GuildCell, document: Doc): void {
    const committed: Record<string, unknown> = { ...document };
    cell.live = new Map();
    for (const shelf of this.#layout.shelves) {
      if (shelf.kind !== 'keyed') continue;
      const live = Object.assign({}, document[shelf.field] as Record<string, unknown>);
      cell.live.set(shelf.field, live);
      committed[shelf.field] = readOnlyView(live);
    }
    cell.lineage = { commits: new Map() };
    cell.commit = 0;
    cell.committed = tagged(committed, cell);
  }

  async #flush(guildId: string, cell: GuildCell): Promise<void> {
    try {
      await cell.ready;
      // Start on a turn of the event loop of our own: the update that started this flush may have come in a turn
      // that already ran long (a burst of interactions handled in one go), and the first slice below would add to it.
      // Updates that arrive meanwhile join the batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (cell.pending.length > 0) {
        const batch = cell.pending.splice(0);
        const builder = new DocumentBuilder(this.#layout, cell.committed);
        const changes: Change[] = [];
        const applied: { update: PendingUpdate; value: unknown }[] = [];
        let slice = performance.now();
        for (const update of batch) {
          // A burst of hundreds of updates must not hold the event loop: other servers' interactions run between.
          if (performance.now() - slice > YIELD_AFTER_MS) {
            await new Promise((resolve) => setImmediate(resolve));
            slice = performance.now();
          }
          try {
            const draft = new Draft(this.#layout, builder.current);
            const value = update.fn(draft.document as unknown as GuildData);
            if (isThenable(value)) throw new TypeError('GuildStore.update callbacks must be synchronous');
            const made = draft.changes();
            for (const change of made) {
              const member = partitionOf(change);
              const refusal = member === undefined ? undefined : this.#persistence.refused?.(guildId, member);
              if (refusal) throw refusal;
            }
            builder.apply(made);
            for (const change of made) changes.push(change);
            applied.push({ update, value });
          } catch (error) {
            update.reject(error);
          }
        }
        if (applied.length === 0) continue;
        const overlays = builder.overlays();
        const state = builder.finish((field) => cell.committed[field], (document) => tagged(document, { lineage: cell.lineage, commit: cell.commit + 1 }));
        if (changes.length > 0) {
          try {
            await this.#persistence.commit(guildId, changes, state);
          } catch (error) {
            for (const { update } of applied) update.reject(error);
            if (this.#persistence.mayCommitOnFailure) {
              for (const update of cell.pending.splice(0)) update.reject(error);
              if (this.#cells.get(guildId) === cell) this.#cells.delete(guildId);
              return;
            }
            continue;
          }
        }
        for (const [field, overlay] of overlays) writeOverlay(cell.live.get(field)!, overlay);
        if (state !== cell.committed) {
          cell.commit += 1;
          cell.lineage.commits.set(cell.commit, new Set(changes.flatMap((change) => partitionOf(change) ?? [])));
          cell.lineage.commits.delete(cell.commit - LINEAGE_COMMITS);
        }
        cell.committed = state;
        for (const { update, value } of applied) update.resolve(value);
      }
    } catch (error) {
      for (const update of cell.pending.splice(0)) update.reject(error);
    } finally {
      cell.flushing = undefined;
    }
  }
}

/** Freezes a snapshot with its place in the server's lineage (a hidden, non-enumerable tag). */
function tagged<T extends Record<string, unknown>>(document: T, tag: SnapshotTag): T {
  Object.defineProperty(document, SNAPSHOT, { value: { lineage: tag.lineage, commit: tag.commit } satisfies SnapshotTag, enumerable: false });
  return Object.freeze(document);
}

/**
 * How long applying a batch may run before letting other work in. A garbage collection can land inside any slice,
 * so a slice must leave room for one under the 20 ms the event loop may be held: with 8 ms, a slice and a 9 ms
 * scavenge made 20.5 ms during 500 presses at 1M entries (idle machine).
 */
const YIELD_AFTER_MS = 3;

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
