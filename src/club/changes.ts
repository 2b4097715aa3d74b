import { cloneJson } from '../store/cloneJson.js';
import type { ActivityEvent, ActivityKind, GuildData, MemberFilm, UndoRecord } from '../store/schema.js';
import { todayIn } from './dates.js';
import { ensureRecord, recordOf, sameRecord, setRecord } from './records.js';
import { UserError } from '../errors.js';

/** The server feed keeps this many most recent events; the diary itself is never trimmed. */
export const ACTIVITY_LIMIT = 10_000;
/** Undo is kept for each member's most recent changes only. */
export const UNDO_PER_MEMBER = 20;

export type EventFields = Pick<ActivityEvent, 'entryId' | 'watchedOn' | 'stars' | 'spoiler'>;

/** What a mutation sees while it changes one member's record of one film. */
export interface ChangeContext {
  readonly data: GuildData;
  /** The member's record of the film, created empty if needed (an empty record is dropped afterwards). */
  readonly record: MemberFilm;
  /** ISO timestamp of the change. */
  readonly at: string;
  /** Today in the guild's time zone: the default date of a watch. */
  readonly today: string;
  newEntryId(): string;
  emit(kind: ActivityKind, fields?: EventFields): ActivityEvent;
}

export interface ChangeReceipt {
  filmId: string;
  /** Events appended by the change, in order (e.g. an implicit "watched" before "favorited"). */
  events: ActivityEvent[];
  /** Pass to `undo()`; only the same member can use it. Fits in a Discord custom id. */
  undoToken: string;
}

export interface ChangeTarget {
  userId: string;
  name: string;
  filmId: string;
  now: Date;
}

function nextId(data: GuildData, prefix: string): string {
  data.seq += 1;
  return prefix + data.seq.toString(36);
}

/**
 * Applies one member's change to one film record, inside a store update: remembers the member's name, appends
 * the events the mutation emits, and keeps an undo record holding the film record before and after. Throwing
 * from `mutate` aborts the whole update (the store discards the draft).
 */
export function applyChange<R>(data: GuildData, target: ChangeTarget, mutate: (context: ChangeContext) => R): R & ChangeReceipt {
  const { userId, filmId } = target;
  if (target.name) data.members[userId] = target.name;
  const before = cloneJson(recordOf(data, userId, filmId) ?? null);
  const record = ensureRecord(data, userId, filmId);
  const at = target.now.toISOString();
  const events: ActivityEvent[] = [];
  const context: ChangeContext = {
    data,
    record,
    at,
    today: todayIn(data.config.timezone, target.now),
    newEntryId: () => nextId(data, 'd'),
    emit(kind, fields = {}) {
      const event: ActivityEvent = { id: nextId(data, 'e'), at, userId, filmId, kind, ...definedOnly(fields) };
      events.push(event);
      return event;
    },
  };
  const result = mutate(context);
  const primary = events.at(-1);
  if (!primary) throw new Error(`A change to ${filmId} emitted no activity event`);
  setRecord(data, userId, filmId, record);
  const after = cloneJson(recordOf(data, userId, filmId) ?? null);

  data.activity.push(...events);
  if (data.activity.length > ACTIVITY_LIMIT) data.activity.splice(0, data.activity.length - ACTIVITY_LIMIT);
  const undo = (data.undo[userId] ??= {});
  undo[primary.id] = { token: primary.id, userId, filmId, at, eventIds: events.map((event) => event.id), before, after };
  trimUndo(undo);
  return { ...result, filmId, events, undoToken: primary.id };
}

/** Drops the member's oldest undo records beyond UNDO_PER_MEMBER (tokens are kept oldest first). */
function trimUndo(undo: Record<string, UndoRecord>): void {
  const tokens = Object.keys(undo);
  for (const token of tokens.slice(0, Math.max(0, tokens.length - UNDO_PER_MEMBER))) delete undo[token];
}

function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export interface UndoResult {
  filmId: string;
  /** The events the undone change had recorded (now removed from the feed). */
  undone: ActivityEvent[];
}

/**
 * Reverts a change exactly: its film record goes back to what it was before, and its events leave the feed.
 * Refused when the record changed since (a later change would be silently lost); undoing the later one first works.
 */
export function applyUndo(data: GuildData, userId: string, token: string | undefined): UndoResult {
  const mine = data.undo[userId] ?? {};
  const undo = token === undefined ? mine[Object.keys(mine).at(-1) ?? ''] : (mine[token] ?? undoOfAnother(data, token));
  if (!undo) {
    throw new UserError(
      token === undefined ? 'You have nothing left to undo.' : 'That change can no longer be undone (already undone, or too old).',
    );
  }
  if (undo.userId !== userId) throw new UserError('Only the member who made a change can undo it.');
  if (!sameRecord(recordOf(data, undo.userId, undo.filmId) ?? null, undo.after)) {
    throw new UserError('That film has changed since; undo the later change first.');
  }
  setRecord(data, undo.userId, undo.filmId, cloneJson(undo.before));
  const ids = new Set(undo.eventIds);
  const undone = data.activity.filter((event) => ids.has(event.id));
  data.activity = data.activity.filter((event) => !ids.has(event.id));
  delete mine[undo.token];
  if (Object.keys(mine).length === 0) delete data.undo[userId];
  return { filmId: undo.filmId, undone };
}

/** The undo record of `token` when it is another member's (so the refusal can say why). */
function undoOfAnother(data: GuildData, token: string): UndoRecord | undefined {
  for (const userId of Object.keys(data.undo)) {
    const undo = data.undo[userId]?.[token];
    if (undo) return undo;
  }
  return undefined;
}
