import { applyChange } from '../club/changes.js';
import { compareEntries, recordOf } from '../club/records.js';
import type { DiaryEntry, GuildData } from '../store/schema.js';
import type { AttendanceSource, Attendee, Party } from './schema.js';
import { goingUserIds } from './views.js';

/** A member in the voice channel when the party ended, as the Discord layer sees them. */
export interface PresentMember {
  userId: string;
  /** Display name, remembered so views can print it without pinging. */
  name?: string;
}

export interface AttendanceResult {
  userId: string;
  via: AttendanceSource;
  /** The entry added to the member's diary; absent when they had already logged the film on that day. */
  entry?: DiaryEntry;
  /** Lets the member take the entry back with the diary's undo. */
  undoToken?: string;
  alreadyLogged: boolean;
  removedFromWatchlist: boolean;
}

/**
 * Turns attendance into diary entries, inside the store update that ends the party, so the party's end and every
 * attendee's entry are stored together or not at all (a crash cannot leave half the attendees logged, and ending
 * cannot run twice). Each entry goes through the club's change machinery (`applyChange`), exactly as a member's
 * own "watched" would: an activity event, an undo record, the film leaving their watchlist. A member who already
 * logged the film on the party's day keeps that entry instead of getting a duplicate.
 */
export function recordAttendance(data: GuildData, party: Party, filmId: string, watchedOn: string, present: readonly PresentMember[], now: Date): AttendanceResult[] {
  const sources = new Map<string, AttendanceSource>();
  for (const userId of goingUserIds(party)) sources.set(userId, 'going');
  const names = new Map<string, string>();
  for (const member of present) {
    sources.set(member.userId, sources.has(member.userId) ? 'going+voice' : 'voice');
    if (member.name) names.set(member.userId, member.name);
  }

  const results: AttendanceResult[] = [];
  const attendees: Attendee[] = [];
  for (const [userId, via] of sources) {
    const name = names.get(userId) ?? '';
    const existing = recordOf(data, userId, filmId)?.diary.find((entry) => entry.watchedOn === watchedOn);
    if (existing) {
      if (name) data.members[userId] = name;
      results.push({ userId, via, alreadyLogged: true, removedFromWatchlist: false });
      attendees.push({ userId, via });
      continue;
    }
    const change = applyChange(data, { userId, name, filmId, now }, (context) => {
      const removedFromWatchlist = context.record.watchlistSince !== undefined;
      delete context.record.watchlistSince;
      const entry: DiaryEntry = { id: context.newEntryId(), watchedOn, loggedAt: context.at };
      context.record.diary.push(entry);
      context.record.diary.sort(compareEntries);
      context.emit('watched', { entryId: entry.id, watchedOn });
      return { entry, removedFromWatchlist };
    });
    results.push({ userId, via, entry: change.entry, undoToken: change.undoToken, alreadyLogged: false, removedFromWatchlist: change.removedFromWatchlist });
    attendees.push({ userId, via, entryId: change.entry.id });
  }
  party.attendees = attendees;
  party.attendedOn = watchedOn;
  return results;
}
