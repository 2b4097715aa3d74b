import { DocumentBuilder, emptyDocument, readOnlyView, writeOverlay } from './document.js';
import { Draft } from './draft.js';
import { StoreClosedError } from './errors.js';
import { assertGuildId } from './guildData.js';
import type { DeepReadonly, GuildStore } from './GuildStore.js';
import type { Change, Layout } from './layout.js';
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
   * True when a failed commit may still have been written (a database connection lost around COMMIT): the store
   * then forgets the server's state and reloads it on next use, instead of building on a state it is unsure of.
   */
  readonly mayCommitOnFailure?: boolean;
}

interface PendingUpdate {
  fn: (data: GuildData) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface GuildCell {
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
    assertGuildId(guildId);
    const existing = this.#cells.get(guildId);
    if (existing) return existing;
    const cell: GuildCell = { ready: Promise.resolve(), committed: {}, live: new Map(), pending: [], flushing: undefined };
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
      const live = { ...(document[shelf.field] as Record<string, unknown>) };
      cell.live.set(shelf.field, live);
      committed[shelf.field] = readOnlyView(live);
    }
    cell.committed = Object.freeze(committed);
  }

  async #flush(guildId: string, cell: GuildCell): Promise<void> {
    try {
      await cell.ready;
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
            builder.apply(made);
            changes.push(...made);
            applied.push({ update, value });
          } catch (error) {
            update.reject(error);
          }
        }
        if (applied.length === 0) continue;
        const overlays = builder.overlays();
        const state = builder.finish((field) => cell.committed[field]);
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

/** How long applying a batch may run before letting other work in. */
const YIELD_AFTER_MS = 8;

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
