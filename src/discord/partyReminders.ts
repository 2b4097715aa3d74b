import type { Client } from 'discord.js';
import type { App } from '../app.js';
import { ReminderScheduler, type ReminderDelivery, type ReminderSchedulerOptions, type SkippedReminder } from '../parties/index.js';
import { filmTitle } from './render/parties.js';
import { NO_MENTIONS } from './respond.js';

/** Timer functions for the reminder scheduler; tests inject controllable ones, production uses setTimeout. */
export interface ReminderTimers {
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

async function sendableChannel(client: Client, channelId: string) {
  const channel = await client.channels.fetch(channelId);
  if (!channel || !channel.isSendable()) throw new Error(`channel ${channelId} cannot take messages`);
  return channel;
}

/**
 * Posts a reminder in the party's channel. This is the one place Marquee pings anyone: each message allows pings
 * for exactly the Going members it names, and parses nothing else (no @everyone, no roles, nobody else).
 */
async function deliver(client: Client, delivery: ReminderDelivery): Promise<void> {
  const channel = await sendableChannel(client, delivery.channelId);
  for (const [index, message] of delivery.messages.entries()) {
    // With a nonce (several processes on one database), a retry after a crash repeats each message's nonce and
    // Discord returns the message it already has instead of posting it twice.
    const idempotency = delivery.nonce ? { nonce: `${delivery.nonce}.${index}`, enforceNonce: true } : {};
    await channel.send({ content: message.content, allowedMentions: { parse: [], users: message.mentionUserIds }, ...idempotency });
  }
}

/** A reminder missed while Marquee was offline is not sent late once the party has started; the channel is told so. */
async function reportMissed(app: App, client: Client, skipped: SkippedReminder): Promise<void> {
  if (skipped.state !== 'missed') return;
  try {
    const party = await app.parties.show(skipped.guildId, skipped.partyId);
    const which = skipped.kind === 'lead' ? 'The reminder before' : 'The reminder at the start of';
    const channel = await sendableChannel(client, party.channelId);
    await channel.send({
      content: `⚠️ ${which} watch party #${party.id} (${filmTitle(party.film)}) was not sent: ${skipped.note}.`,
      allowedMentions: NO_MENTIONS,
    });
  } catch (error) {
    app.log.warn('parties: could not report a missed reminder', { guildId: skipped.guildId, partyId: skipped.partyId, error });
  }
}

/**
 * Starts sending party reminders from the stored schedule (reminders missed while the bot was down are handled
 * by the scheduler's rules) and points the party service's change hook at it. Call once the client is ready.
 */
export async function startPartyReminders(
  app: App,
  client: Client<true>,
  timers: ReminderTimers = {},
  sharing: Pick<ReminderSchedulerOptions, 'ownsGuild' | 'ledger' | 'onDue' | 'onSent'> = {},
): Promise<ReminderScheduler> {
  const scheduler = new ReminderScheduler({
    store: app.store,
    films: app.catalogFor,
    prepareGuild: (guildId) => app.serverFilms.prepare(guildId),
    now: app.now,
    ...timers,
    ...sharing,
    log: app.log,
    send: (delivery) => deliver(client, delivery),
    onSkipped: (skipped) => void reportMissed(app, client, skipped),
  });
  app.onPartyChange = (guildId) => scheduler.refresh(guildId);
  try {
    await scheduler.start();
  } catch (error) {
    app.log.error('parties: could not plan the reminders at start-up', { error });
  }
  return scheduler;
}

/** Stops the reminders (waiting for one being sent) before the client goes away. */
export async function stopPartyReminders(app: App, scheduler: ReminderScheduler): Promise<void> {
  app.onPartyChange = () => undefined;
  await scheduler.stop();
}
