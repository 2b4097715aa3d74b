import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z, type ZodType } from 'zod';
import { Snowflake } from '../config.js';
import type { DeepReadonly, GuildStore } from '../store/GuildStore.js';
import { declareShelf } from '../store/shelves.js';

/**
 * What a button or a menu needs between two interactions (an import preview waiting for Confirm, a "Did you
 * mean…?" menu), kept in the server's data rather than in the process: it survives a restart of the bot and is
 * there for whichever process serves the server next. Each feature declares its own shelf with `declarePending`,
 * keyed by the member who started it and a random token the custom_id carries, so a record is found only under
 * the member who owns it, in the server it was made in.
 *
 * A record holds the payload (what is needed to finish the action; immutable, stored gzipped so that a big
 * import preview weighs a fraction of its JSON) and a small mutable state (a member's picks so far). Records
 * expire; every new record prunes the server's expired ones and keeps at most a few per member and per server.
 */

/** The token a custom_id carries: 6 random bytes, base64url. */
export const PendingToken = z.string().regex(/^[A-Za-z0-9_-]{8}$/, 'a pending token');

const IsoDateTime = z.iso.datetime({ offset: true });

export const PendingRecord = z.object({
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  /** Confirmed or cancelled (or being confirmed): the payload is dropped once settled for good. */
  settled: z.boolean(),
  /** base64 of the gzipped JSON payload ('' once settled for good). */
  payload: z.string(),
  state: z.unknown(),
});
export type PendingRecord = z.infer<typeof PendingRecord>;
type PendingMap = Record<string, Record<string, PendingRecord>>;

export interface PendingOptions<P, S> {
  /** The shelf's field in the server's data. */
  field: string;
  payload: ZodType<P>;
  state: ZodType<S>;
  ttlMs: number;
  /** Open records one member may have; the oldest go first. */
  perMember: number;
  /** Records the whole server may hold; the soonest to expire go first. */
  perServer: number;
  /** Largest stored (compressed, base64) payload; a bigger one is refused with PendingTooLargeError. */
  maxBytes: number;
}

/** A payload too big to keep even compressed: the caller tells the member to send a smaller file. */
export class PendingTooLargeError extends Error {
  override readonly name = 'PendingTooLargeError';
  constructor(readonly bytes: number, readonly limit: number) {
    super(`A pending payload of ${bytes} bytes is over the ${limit}-byte limit`);
  }
}

export type PendingLookup<P, S> =
  | { status: 'open'; payload: P; state: S; createdAt: string }
  | { status: 'settled' }
  /** Never made, expired, pruned, or damaged: the member runs the command again. */
  | { status: 'missing' }
  /** The token belongs to another member of this server: nothing of theirs is handed out. */
  | { status: 'not-yours' };

export interface PendingKey {
  guildId: string;
  userId: string;
  token: string;
}

export class PendingShelf<P, S> {
  readonly #options: PendingOptions<P, S>;
  readonly field: string;

  constructor(options: PendingOptions<P, S>) {
    this.#options = options;
    this.field = options.field;
  }

  /** Keeps `payload` with its first `state`; resolves with the token once it is durable. */
  async put(store: GuildStore, guildId: string, userId: string, payload: P, state: S, now: Date): Promise<string> {
    Snowflake.parse(userId);
    const encoded = encode(this.#options.payload.parse(payload));
    if (encoded.length > this.#options.maxBytes) throw new PendingTooLargeError(encoded.length, this.#options.maxBytes);
    const record: PendingRecord = {
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.#options.ttlMs).toISOString(),
      settled: false,
      payload: encoded,
      state: this.#options.state.parse(state),
    };
    const token = randomBytes(6).toString('base64url');
    await store.update(guildId, (data) => {
      const shelf = this.#shelf(data);
      this.#prune(shelf, userId, now);
      (shelf[userId] ??= {})[token] = record;
    });
    return token;
  }

  async get(store: GuildStore, key: PendingKey, now: Date): Promise<PendingLookup<P, S>> {
    if (!PendingToken.safeParse(key.token).success) return { status: 'missing' };
    const shelf = this.#read(await store.read(key.guildId));
    const record = shelf[key.userId]?.[key.token];
    if (!record) {
      const elsewhere = Object.keys(shelf).some((member) => member !== key.userId && shelf[member]?.[key.token] && !expired(shelf[member][key.token]!, now));
      return { status: elsewhere ? 'not-yours' : 'missing' };
    }
    if (expired(record, now)) return { status: 'missing' };
    if (record.settled) return { status: 'settled' };
    const payload = decode(this.#options.payload, record.payload);
    const state = this.#options.state.safeParse(record.state);
    if (payload === undefined || !state.success) return { status: 'missing' };
    return { status: 'open', payload, state: state.data, createdAt: record.createdAt };
  }

  /** Replaces the state of an open record; false when it is no longer open. */
  async setState(store: GuildStore, key: PendingKey, state: S, now: Date): Promise<boolean> {
    const checked = this.#options.state.parse(state);
    return store.update(key.guildId, (data) => {
      const record = this.#shelf(data)[key.userId]?.[key.token];
      if (!record || record.settled || expired(record, now)) return false;
      record.state = checked;
      return true;
    });
  }

  /**
   * Claims an open record for its one use (Confirm, Cancel), serialized with every other write of the server, so
   * two presses (in one process or two) cannot both get it. False when it was claimed already or is gone.
   */
  async claim(store: GuildStore, key: PendingKey, now: Date): Promise<boolean> {
    return store.update(key.guildId, (data) => {
      const record = this.#shelf(data)[key.userId]?.[key.token];
      if (!record || record.settled || expired(record, now)) return false;
      record.settled = true;
      return true;
    });
  }

  /** Claims an open record and drops its payload in one write: for a use that cannot fail afterwards, or is not retried. */
  async take(store: GuildStore, key: PendingKey, now: Date): Promise<boolean> {
    return store.update(key.guildId, (data) => {
      const record = this.#shelf(data)[key.userId]?.[key.token];
      if (!record || record.settled || expired(record, now)) return false;
      Object.assign(record, { settled: true, payload: '', state: null });
      return true;
    });
  }

  /** Gives a claimed record back (its use failed and may be tried again). */
  async release(store: GuildStore, key: PendingKey): Promise<void> {
    await store.update(key.guildId, (data) => {
      const record = this.#shelf(data)[key.userId]?.[key.token];
      if (record?.payload) record.settled = false;
    });
  }

  /** The record's use is done: its payload goes, a small settled record stays until it expires (to say so). */
  async finish(store: GuildStore, key: PendingKey): Promise<void> {
    await store.update(key.guildId, (data) => {
      const record = this.#shelf(data)[key.userId]?.[key.token];
      if (record) Object.assign(record, { settled: true, payload: '', state: null });
    });
  }

  #read(data: DeepReadonly<object>): DeepReadonly<PendingMap> {
    return ((data as Record<string, unknown>)[this.field] ?? {}) as DeepReadonly<PendingMap>;
  }

  #shelf(data: object): PendingMap {
    const fields = data as Record<string, PendingMap | undefined>;
    return (fields[this.field] ??= {});
  }

  /** Before a new record of `userId`: the server's expired records go, then the member's and the server's oldest over the caps. */
  #prune(shelf: PendingMap, userId: string, now: Date): void {
    const open: { member: string; token: string; expiresAt: string }[] = [];
    for (const member of Object.keys(shelf)) {
      const records = shelf[member]!;
      for (const token of Object.keys(records)) {
        const record = records[token]!;
        if (expired(record, now)) delete records[token];
        else open.push({ member, token, expiresAt: record.expiresAt });
      }
      if (Object.keys(records).length === 0) delete shelf[member];
    }
    const drop = (entry: { member: string; token: string }) => {
      const records = shelf[entry.member];
      if (!records) return;
      delete records[entry.token];
      if (Object.keys(records).length === 0) delete shelf[entry.member];
    };
    open.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
    const mine = open.filter((entry) => entry.member === userId);
    for (const entry of mine.slice(0, Math.max(0, mine.length - this.#options.perMember + 1))) drop(entry);
    const rest = open.filter((entry) => shelf[entry.member]?.[entry.token]);
    for (const entry of rest.slice(0, Math.max(0, rest.length - this.#options.perServer + 1))) drop(entry);
  }
}

/**
 * Declares a feature's pending shelf (keyed by member, then token). The feature adds the field's type to
 * GuildSections itself (`[field]: PendingShelfData`), next to this call.
 */
export function declarePending<P, S>(options: PendingOptions<P, S>): PendingShelf<P, S> {
  pending.add(options.field);
  declareShelf({ kind: 'keyed', field: options.field, keys: [Snowflake, PendingToken], value: PendingRecord });
  return new PendingShelf(options);
}

const pending = new Set<string>();

/** The fields of every declared pending shelf (backups leave them out). */
export function pendingFields(): ReadonlySet<string> {
  return pending;
}

/** The type a pending shelf adds to GuildSections. */
export type PendingShelfData = PendingMap;

function expired(record: DeepReadonly<PendingRecord>, now: Date): boolean {
  return Date.parse(record.expiresAt) <= now.getTime();
}

function encode(payload: unknown): string {
  return gzipSync(JSON.stringify(payload)).toString('base64');
}

/** The stored payload, checked against the feature's schema again (it crossed a storage boundary); undefined when damaged. */
function decode<P>(schema: ZodType<P>, stored: string): P | undefined {
  if (!stored) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(gunzipSync(Buffer.from(stored, 'base64')).toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
