import type { FilmRef } from '../club/types.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { Party, Reminder, ReminderKind } from './schema.js';

const MINUTE = 60_000;
/** Timers fire a little late under load; within this a reminder still counts as on time. */
export const ON_TIME_GRACE_MS = 2 * MINUTE;
export const MESSAGE_MAX = 2000;

/** A lead time as people say it: "1 day", "1 hour 30 minutes", "45 minutes" (the setting is stored in minutes). */
export function leadText(minutes: number): string {
  const unit = (n: number, name: string): string => `${n} ${name}${n === 1 ? '' : 's'}`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days && unit(days, 'day'), hours && unit(hours, 'hour'), rest && unit(rest, 'minute')].filter(Boolean);
  return parts.length ? parts.join(' ') : unit(0, 'minute');
}

/** The reminders of a party whose start time was just set: one `lead` before the start (unless off or too close), one at the start. */
export function planReminders(startsAt: string, leadMinutes: number, now: Date): Reminder[] {
  const lead = leadReminder(startsAt, leadMinutes, now);
  return [...(lead ? [lead] : []), { kind: 'start', dueAt: startsAt, state: 'pending' }];
}

/** The lead reminder for a start time, or undefined when turned off; already due when planned → skipped (the announcement just went out). */
export function leadReminder(startsAt: string, leadMinutes: number, now: Date): Reminder | undefined {
  if (leadMinutes === 0) return undefined;
  const dueAt = new Date(Date.parse(startsAt) - leadMinutes * MINUTE).toISOString();
  if (Date.parse(dueAt) <= now.getTime()) {
    return { kind: 'lead', dueAt, state: 'skipped', note: `planned less than ${leadText(leadMinutes)} before the start` };
  }
  return { kind: 'lead', dueAt, state: 'pending' };
}

/**
 * Applies a new lead time to a party: its lead reminder is re-planned unless it already went out (or was
 * attempted); the reminder at the start is unaffected.
 */
export function replanLead(party: Party, leadMinutes: number, now: Date): boolean {
  const current = party.reminders.find((reminder) => reminder.kind === 'lead');
  if (current && current.state !== 'pending' && current.state !== 'skipped') return false;
  const next = leadReminder(party.startsAt, leadMinutes, now);
  party.reminders = [...(next ? [next] : []), ...party.reminders.filter((reminder) => reminder.kind !== 'lead')];
  return true;
}

export type ReminderDecision =
  | { action: 'send'; late: boolean }
  | { action: 'skip'; state: 'missed' | 'skipped'; note: string };

/**
 * What to do with a due reminder at `now`. A reminder fired after its grace period was missed while the bot was
 * down: the lead one still goes out (marked late) while the party has not started; after that, and for the one
 * at the start, a late ping would be noise, so it is recorded as missed instead.
 */
export function decideReminder(party: DeepReadonly<Party>, reminder: DeepReadonly<Reminder>, now: Date): ReminderDecision {
  if (party.status === 'cancelled' || party.status === 'ended') {
    return { action: 'skip', state: 'skipped', note: `the party was ${party.status}` };
  }
  const late = now.getTime() > Date.parse(reminder.dueAt) + ON_TIME_GRACE_MS;
  if (reminder.kind === 'lead') {
    if (party.status === 'started') return { action: 'skip', state: 'skipped', note: 'the party had already started' };
    if (now.getTime() >= Date.parse(party.startsAt)) {
      return { action: 'skip', state: 'missed', note: 'Marquee was offline when it was due, and the party had started by the time it was back' };
    }
    return { action: 'send', late };
  }
  if (late) return { action: 'skip', state: 'missed', note: 'Marquee was offline at the start time' };
  return { action: 'send', late: false };
}

export interface ReminderText {
  partyId: number;
  kind: ReminderKind;
  late: boolean;
  film?: FilmRef;
  startsAt: string;
  voiceChannelId?: string;
  location?: string;
  /** Members who answered Going: the only ones mentioned. */
  goingUserIds: readonly string[];
  /** The host started the party before its time: the reminder at the start says it has started. */
  started?: boolean;
}

export interface OutgoingMessage {
  content: string;
  /** Exactly the users this message mentions: the Discord layer allows pings for these ids and nobody else. */
  mentionUserIds: string[];
}

/**
 * The reminder as messages: the text, then mentions of the Going members, continued in further messages when
 * they do not fit in one (about 85 mentions each), so every Going member is pinged exactly once.
 */
export function reminderMessages(reminder: ReminderText): OutgoingMessage[] {
  const unix = Math.floor(Date.parse(reminder.startsAt) / 1000);
  const film = reminder.film ? `**${escapeMarkdown(reminder.film.title)}**${reminder.film.year ? ` (${reminder.film.year})` : ''}` : 'the film (still to be decided)';
  const where = reminder.voiceChannelId
    ? ` in <#${reminder.voiceChannelId}>`
    : reminder.location
      ? ` at ${escapeMarkdown(reminder.location)}`
      : '';
  const lines =
    reminder.kind === 'lead'
      ? [`⏰ Watch party #${reminder.partyId}: ${film} starts <t:${unix}:R> (<t:${unix}:t>)${where}.`]
      : [`🎬 Watch party #${reminder.partyId}: ${film} ${reminder.started ? 'has started' : 'is starting now'}${where}!`];
  if (reminder.late) lines.push('_This reminder is late: Marquee was offline when it was due._');
  if (reminder.goingUserIds.length === 0) lines.push('Nobody has answered Going yet.');

  const messages: OutgoingMessage[] = [];
  let current: OutgoingMessage = { content: lines.join('\n'), mentionUserIds: [] };
  for (const userId of reminder.goingUserIds) {
    const mention = `<@${userId}>`;
    const separator = current.mentionUserIds.length === 0 ? (current.content ? '\n' : '') : ' ';
    if (current.content.length + separator.length + mention.length > MESSAGE_MAX) {
      messages.push(current);
      current = { content: mention, mentionUserIds: [userId] };
      continue;
    }
    current.content += separator + mention;
    current.mentionUserIds.push(userId);
  }
  messages.push(current);
  return messages;
}

/**
 * Film titles and locations are shown in bold or plain text; their own markdown characters must stay literal. A
 * link is left whole: Discord reads a backslash inside a link as part of the address, so an escaped stream link
 * ("https://twitch.tv/film_club") would no longer open.
 */
export function escapeMarkdown(text: string): string {
  return text
    .split(/(https?:\/\/\S+)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/([\\*_~`|[\]])/g, '\\$1')))
    .join('');
}
