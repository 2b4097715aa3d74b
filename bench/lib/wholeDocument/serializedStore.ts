import { assertGuildId } from '../../../src/store/guildData.js';
import { StoreClosedError } from '../../../src/store/errors.js';
import type { DeepReadonly, GuildStore } from '../../../src/store/GuildStore.js';
import type { GuildPersistence } from './persistence.js';
import { cloneJson } from '../../../src/store/cloneJson.js';
import { emptyGuildData, GuildData } from '../../../src/store/schema.js';

interface PendingUpdate {
  fn: (data: GuildData) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** In-memory state of one guild: the last durable document and the updates waiting to be applied. */
interface GuildCell {
  ready: Promise<void>;
  committed: DeepReadonly<GuildData>;
  pending: PendingUpdate[];
  flushing: Promise<void> | undefined;
}

/**
 * The GuildStore contract on top of any whole-document backend.
 *
 * Updates of one guild run one at a time, in call order. Updates that arrive while a write is in flight are
 * applied together and stored with a single write (group commit), so a burst of button presses costs one
 * fsync, not one each; every caller still resolves only after the write that contains its change.
 *
 * Cost per update: one deep copy of the guild's document (several ms per MB); per write batch: one schema
 * validation, one serialization and the fsyncs.
 */
export class SerializedGuildStore implements GuildStore {
  readonly #persistence: GuildPersistence;
  readonly #cells = new Map<string, GuildCell>();
  #closed = false;

  constructor(persistence: GuildPersistence) {
    this.#persistence = persistence;
  }

  async read(guildId: string): Promise<DeepReadonly<GuildData>> {
    const cell = this.#cell(guildId);
    await cell.ready;
    return cell.committed;
  }

  update<T>(guildId: string, fn: (data: GuildData) => T): Promise<T> {
    let cell: GuildCell;
    try {
      cell = this.#cell(guildId);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => {
      cell.pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
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
    // Flushes may enqueue nothing new (update() now rejects), so waiting once per cell is enough.
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
    const cell: GuildCell = {
      ready: Promise.resolve(),
      committed: deepFreeze(emptyGuildData()),
      pending: [],
      flushing: undefined,
    };
    cell.ready = this.#persistence.load(guildId).then(
      (data) => {
        if (data) cell.committed = deepFreeze(data);
      },
      (error: unknown) => {
        // Not cached: the next call retries, so an operator can fix or remove a bad file without a restart.
        if (this.#cells.get(guildId) === cell) this.#cells.delete(guildId);
        throw error;
      },
    );
    // The rejection is delivered to whoever awaits `ready`; this only silences the unhandled-rejection warning.
    cell.ready.catch(() => undefined);
    this.#cells.set(guildId, cell);
    return cell;
  }

  async #flush(guildId: string, cell: GuildCell): Promise<void> {
    try {
      await cell.ready;
      while (cell.pending.length > 0) {
        const batch = cell.pending.splice(0);
        const { state, applied } = applyBatch(cell.committed as GuildData, batch);
        if (applied.length === 0) continue;
        try {
          await this.#persistence.save(guildId, state);
        } catch (error) {
          for (const { update } of applied) update.reject(error);
          continue;
        }
        cell.committed = deepFreeze(state);
        for (const { update, value } of applied) update.resolve(value);
      }
    } catch (error) {
      // The guild could not be loaded (e.g. a corrupt file): everything waiting on it fails with that error.
      for (const update of cell.pending.splice(0)) update.reject(error);
    } finally {
      cell.flushing = undefined;
    }
  }
}

interface Applied {
  update: PendingUpdate;
  value: unknown;
}

/**
 * Applies a batch of updates in order, each to its own copy of the state so that one that throws leaves no
 * trace. The result is validated once for the whole batch; if that fails (a bug: some update produced data the
 * schema rejects), the batch is re-applied validating after each update, so only the culprit fails.
 */
function applyBatch(committed: GuildData, batch: PendingUpdate[]): { state: GuildData; applied: Applied[] } {
  const attempt = (validateEach: boolean) => {
    let state = committed;
    const applied: Applied[] = [];
    const failed: { update: PendingUpdate; error: unknown }[] = [];
    for (const update of batch) {
      try {
        const draft = cloneJson(state);
        const value = update.fn(draft);
        if (isThenable(value)) throw new TypeError('GuildStore.update callbacks must be synchronous');
        state = validateEach ? GuildData.parse(draft) : draft;
        applied.push({ update, value });
      } catch (error) {
        failed.push({ update, error });
      }
    }
    return { state, applied, failed };
  };

  let result = attempt(false);
  let state: GuildData;
  if (result.applied.length === 0) {
    state = committed;
  } else {
    const checked = GuildData.safeParse(result.state);
    if (checked.success) {
      state = checked.data;
    } else {
      result = attempt(true);
      state = result.state;
    }
  }
  for (const { update, error } of result.failed) update.reject(error);
  return { state, applied: result.applied };
}

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value as DeepReadonly<T>;
}
