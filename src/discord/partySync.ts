import {
  DiscordAPIError,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  RESTJSONErrorCodes,
  type BaseInteraction,
  type Client,
  type Guild,
  type GuildScheduledEventCreateOptions,
  type MessageEditOptions,
} from 'discord.js';
import type { App } from '../app.js';
import { UserError } from '../errors.js';
import type { BallotView, PartyView } from '../parties/index.js';
import { filmCardPart } from './filmCard.js';
import { asEditOf } from './render/v2.js';
import { truncate } from './limits.js';
import { filmPlain, renderAnnouncement, renderBallot } from './render/parties.js';
import { NO_MENTIONS } from './respond.js';

/**
 * Discord's copies of a party — its Guild Scheduled Event, the announcement and the ballot message — kept in step
 * with the stored party. The stored party is the truth: when Discord refuses (a missing permission, a message
 * someone deleted) the change still stands, the problem is logged as a warning, and the functions that the
 * member should hear about return a sentence saying what could not be done.
 */

/** Discord's limits for a Scheduled Event. */
const EVENT_NAME_MAX = 100;
const EVENT_DESCRIPTION_MAX = 1000;
const EVENT_LOCATION_MAX = 100;

export function guildOf(interaction: BaseInteraction): Guild {
  if (!interaction.inCachedGuild()) throw new UserError('Marquee works inside a server, not in direct messages.');
  return interaction.guild;
}

/** Members in a voice channel right now, from the client's voice-state cache (GuildVoiceStates intent); bots left out. */
export function membersInVoice(guild: Guild, channelId: string): { userId: string; name?: string }[] {
  return [...guild.voiceStates.cache.values()]
    .filter((state) => state.channelId === channelId && !state.member?.user.bot)
    .map((state) => ({ userId: state.id, ...(state.member?.displayName ? { name: state.member.displayName } : {}) }));
}

/** The announcement: the party, its film card, and the RSVP buttons with live counts. */
export async function buildAnnouncement(app: App, party: PartyView) {
  const film = party.film ? app.catalogFor(party.guildId).get(party.film.filmId) : undefined;
  const card = film ? await filmCardPart(app, party.guildId, film) : undefined;
  return { ...renderAnnouncement(party, card), allowedMentions: NO_MENTIONS };
}

function eventDetails(app: App, guild: Guild, party: PartyView) {
  const film = party.film ? app.catalogFor(party.guildId).get(party.film.filmId) : undefined;
  const about = film ? [`${filmPlain(party.film)}${film.directors.length ? `, directed by ${film.directors.join(', ')}` : ''}.`, film.synopsis ?? ''] : [];
  const description = [party.description ?? '', ...about, `Hosted by ${party.host.name}. Answer in Discord with the buttons on the announcement.`]
    .filter((line) => line.trim())
    .join('\n\n');
  const base = {
    name: truncate(`Watch party: ${filmPlain(party.film)}`, EVENT_NAME_MAX),
    description: truncate(description, EVENT_DESCRIPTION_MAX),
    scheduledStartTime: party.startsAt,
    // Discord needs an end for external events; for a voice one it tells members how long to plan for.
    scheduledEndTime: party.expectedEndAt,
  };
  if (party.voiceChannelId) return { ...base, entityType: GuildScheduledEventEntityType.Voice as const, channel: party.voiceChannelId };
  const channelName = guild.channels.cache.get(party.channelId)?.name;
  const location = party.location ?? (channelName ? `#${channelName} on Discord` : 'Discord');
  return { ...base, entityType: GuildScheduledEventEntityType.External as const, channel: null, entityMetadata: { location: truncate(location, EVENT_LOCATION_MAX) } };
}

function trouble(app: App, party: PartyView, doing: string, error: unknown): string {
  app.log.warn(`parties: could not ${doing} the Scheduled Event of party #${party.id}`, { guildId: party.guildId, error });
  if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions) {
    return `I could not ${doing} the Discord event: I need the **Create Events** and **Manage Events** permissions.`;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `I could not ${doing} the Discord event (${truncate(reason, 200)}); the party itself is saved.`;
}

function isGone(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownGuildScheduledEvent;
}

/** Creates the party's Scheduled Event: a voice event in its voice channel, else an external one at its location. */
export async function createPartyEvent(app: App, guild: Guild, party: PartyView): Promise<string | undefined> {
  try {
    const { channel, ...details } = eventDetails(app, guild, party);
    const options: GuildScheduledEventCreateOptions = {
      ...details,
      ...(channel ? { channel } : {}),
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
    };
    const event = await guild.scheduledEvents.create(options);
    await app.parties.recordEvent(party.guildId, party.id, event.id);
    return undefined;
  } catch (error) {
    return trouble(app, party, 'create', error);
  }
}

/** Brings the event's name, time, place and description in line with the party (recreating it if it is gone). */
export async function updatePartyEvent(app: App, guild: Guild, party: PartyView): Promise<string | undefined> {
  if (!party.eventId) return createPartyEvent(app, guild, party);
  try {
    await guild.scheduledEvents.edit(party.eventId, eventDetails(app, guild, party));
    return undefined;
  } catch (error) {
    if (!isGone(error)) return trouble(app, party, 'update', error);
    await app.parties.recordEvent(party.guildId, party.id, null);
    return createPartyEvent(app, guild, { ...party, eventId: undefined });
  }
}

/** Marks the event as started (Discord shows it live). */
export async function startPartyEvent(app: App, guild: Guild, party: PartyView): Promise<string | undefined> {
  if (!party.eventId) return undefined;
  try {
    const event = await guild.scheduledEvents.fetch(party.eventId);
    if (event.status === GuildScheduledEventStatus.Scheduled) await event.setStatus(GuildScheduledEventStatus.Active);
    return undefined;
  } catch (error) {
    if (isGone(error)) return forget(app, party);
    return trouble(app, party, 'start', error);
  }
}

/** Completes the event; one that was never started is started first (Discord allows no other way to complete it). */
export async function completePartyEvent(app: App, guild: Guild, party: PartyView): Promise<string | undefined> {
  if (!party.eventId) return undefined;
  try {
    let event = await guild.scheduledEvents.fetch(party.eventId);
    if (event.status === GuildScheduledEventStatus.Scheduled) event = await event.setStatus(GuildScheduledEventStatus.Active);
    if (event.status === GuildScheduledEventStatus.Active) await event.setStatus(GuildScheduledEventStatus.Completed);
    return undefined;
  } catch (error) {
    if (isGone(error)) return forget(app, party);
    return trouble(app, party, 'complete', error);
  }
}

/** Cancelling a party removes its event, as cancelling in Discord's own interface does. */
export async function removePartyEvent(app: App, guild: Guild, party: PartyView): Promise<string | undefined> {
  if (!party.eventId) return undefined;
  try {
    await guild.scheduledEvents.delete(party.eventId);
    await app.parties.recordEvent(party.guildId, party.id, null);
    return undefined;
  } catch (error) {
    if (isGone(error)) return forget(app, party);
    return trouble(app, party, 'cancel', error);
  }
}

/** Someone deleted the event in Discord: nothing left to change there. */
async function forget(app: App, party: PartyView): Promise<undefined> {
  await app.parties.recordEvent(party.guildId, party.id, null);
  return undefined;
}

async function editMessage(app: App, client: Client, ref: { channelId: string; messageId: string }, payload: MessageEditOptions): Promise<void> {
  try {
    const channel = await client.channels.fetch(ref.channelId);
    if (!channel || !channel.isTextBased()) return;
    // Posts from before V2 were classic embeds: the edit clears them so the message can become V2.
    await channel.messages.edit(ref.messageId, asEditOf(0, payload));
  } catch (error) {
    // Deleted by a moderator, or no longer visible to the bot: the party is still right, only the old post is stale.
    app.log.warn('parties: could not refresh a posted message', { ...ref, error });
  }
}

/** Redraws the announcement (counts, film, status) wherever it was posted. */
export async function refreshAnnouncement(app: App, client: Client, party: PartyView): Promise<void> {
  if (!party.announcement) return;
  await editMessage(app, client, party.announcement, await buildAnnouncement(app, party));
}

/** Redraws the posted ballot (counts, or the result once closed). */
export async function refreshBallot(app: App, client: Client, party: PartyView): Promise<void> {
  if (!party.ballot?.message) return;
  // Once the party has started, ended or been cancelled, nobody can vote any more: the menu goes.
  const ballot = { ...party.ballot, open: party.ballot.open && party.status === 'scheduled' };
  await editMessage(app, client, party.ballot.message, { ...(await renderBallot(party.id, ballot)), allowedMentions: NO_MENTIONS });
}

/**
 * After a vote or close pressed on a ballot, the latest posted copy (`/party vote` run again posts one and records
 * it) is redrawn too, unless it is the message pressed, which the press itself redraws.
 */
export async function refreshRecordedBallot(app: App, client: Client, partyId: number, ballot: BallotView, pressedMessageId: string): Promise<void> {
  if (!ballot.message || ballot.message.messageId === pressedMessageId) return;
  await editMessage(app, client, ballot.message, { ...(await renderBallot(partyId, ballot)), allowedMentions: NO_MENTIONS });
}
