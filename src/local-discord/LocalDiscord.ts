import type { APIApplicationCommand, APIGuildScheduledEvent } from 'discord-api-types/v10';
import { ChannelHandle, channelMessages, type DriverContext, GuildHandle, type UserRef } from './driver/handles.js';
import type { MemberHandle } from './driver/member.js';
import { type AttachmentInput, DriverError } from './driver/options.js';
import { type ForgedInteraction, forgeInteraction } from './driver/forge.js';
import type { DriverTiming, Outcome } from './driver/outcome.js';
import { Message } from './driver/views.js';
import { Emulator, type EmulatorOptions } from './emulator.js';
import type { Faults } from './faults.js';
import type { GatewayStats } from './gateway.js';
import { deleteMessage, guessContentType } from './messages.js';
import { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, permissionBits, type PermissionsInput } from './permissions.js';
import { apiChannel, apiCommand, apiGuildCreate, apiScheduledEvent } from './serialize.js';
import type { RequestLogEntry, Violation } from './violations.js';
import { ChannelType, type ChannelRecord, type GuildRecord, type MessageRecord, type RoleRecord } from './world.js';

export interface StartOptions extends Partial<Omit<EmulatorOptions, 'host'>>, Partial<DriverTiming> {}

export interface GuildInput {
  name: string;
  /** A fixed guild id (a snowflake), for a world whose stored data must survive restarts (the playground). */
  id?: string;
  /** Username of the server owner (a member with every permission); default `owner`. */
  ownerName?: string;
  locale?: string;
  /** Permissions of the bot's managed role (default: view/send/embed/attach/history/reactions/events/connect). */
  botPermissions?: PermissionsInput;
  /** Permissions of @everyone (default: Discord's defaults for a new server). */
  everyonePermissions?: PermissionsInput;
}

const DEFAULT_TIMING: DriverTiming = {
  settleMs: 50,
  replyTimeoutMs: 10_000,
  deferredUpdateSettleMs: 1000,
  ackGraceMs: 250,
};

/** One interaction as the local Discord saw it answered (see `LocalDiscord.acknowledgements`). */
export interface Acknowledgement {
  interactionId: string;
  userId: string;
  /** How a test would describe it, e.g. `/film` or `button "Watched"`. */
  label: string;
  type: number | undefined;
  afterMs: number | undefined;
}

type ChannelLike = ChannelHandle | { id: string } | string;

/**
 * A local Discord for tests: a REST API and gateway the real discord.js Client talks to, plus a driver that
 * plays the users (slash commands, clicks, modals) and reads what they see.
 */
export class LocalDiscord {
  private readonly ctx: DriverContext;

  private constructor(private readonly emulator: Emulator, timing: DriverTiming) {
    this.ctx = { emulator, timing };
  }

  static async start(options: StartOptions = {}): Promise<LocalDiscord> {
    const { settleMs, replyTimeoutMs, deferredUpdateSettleMs, ackGraceMs, ...emulatorOptions } = options;
    const emulator = new Emulator(emulatorOptions);
    await emulator.listen();
    const timing: DriverTiming = {
      settleMs: settleMs ?? DEFAULT_TIMING.settleMs,
      replyTimeoutMs: replyTimeoutMs ?? DEFAULT_TIMING.replyTimeoutMs,
      deferredUpdateSettleMs: deferredUpdateSettleMs ?? DEFAULT_TIMING.deferredUpdateSettleMs,
      ackGraceMs: ackGraceMs ?? DEFAULT_TIMING.ackGraceMs,
    };
    return new LocalDiscord(emulator, timing);
  }

  /** What the bot passes as `rest.api` (discord.js appends `/v10`). */
  get apiUrl(): string {
    return this.emulator.apiUrl;
  }

  get baseUrl(): string {
    return this.emulator.baseUrl;
  }

  get gatewayUrl(): string {
    return this.emulator.gatewayUrl;
  }

  get token(): string {
    return this.emulator.options.token;
  }

  get applicationId(): string {
    return this.emulator.applicationId;
  }

  /**
   * The application's OAuth2 settings as the developer portal shows them: client id and secret, the authorize
   * page's address, and the redirect URIs (`addRedirectUri`, as one registers a site's callback there).
   */
  get oauth2(): { clientId: string; clientSecret: string; authorizeUrl: string; addRedirectUri(uri: string): void } {
    const { emulator } = this;
    return {
      clientId: emulator.applicationId,
      clientSecret: emulator.oauth2.clientSecret,
      authorizeUrl: `${emulator.baseUrl}/oauth2/authorize`,
      addRedirectUri: (uri) => void emulator.oauth2.redirectUris.add(uri),
    };
  }

  get bot(): UserRef {
    return { id: this.emulator.world.bot.id, username: this.emulator.world.bot.username };
  }

  get ackDeadlineMs(): number {
    return this.emulator.options.ackDeadlineMs;
  }

  // ---- world -------------------------------------------------------------------------------------------------

  /** Creates a server with the bot already in it, a #general text channel and an owner. */
  createGuild(input: GuildInput): GuildHandle {
    const { emulator } = this;
    const { world, ids } = emulator;
    if (input.id !== undefined && (!/^\d{17,20}$/.test(input.id) || world.guilds.has(input.id))) throw new DriverError(`guild id ${input.id} is not a free snowflake`);
    const id = input.id ?? ids.next();
    const everyone: RoleRecord = {
      id,
      guildId: id,
      name: '@everyone',
      permissions: input.everyonePermissions === undefined ? DEFAULT_EVERYONE_PERMISSIONS : permissionBits(input.everyonePermissions),
      position: 0,
      color: 0,
      hoist: false,
      mentionable: false,
    };
    const botRole: RoleRecord = {
      id: ids.next(),
      guildId: id,
      name: world.bot.username,
      permissions: input.botPermissions === undefined ? DEFAULT_BOT_PERMISSIONS : permissionBits(input.botPermissions),
      position: 1,
      color: 0,
      hoist: false,
      mentionable: false,
      botId: world.bot.id,
    };
    const owner = emulator.createUser(input.ownerName ?? 'owner');
    const general: ChannelRecord = {
      id: ids.next(),
      guildId: id,
      name: 'general',
      type: ChannelType.GuildText,
      position: 0,
      topic: null,
      nsfw: false,
      parentId: null,
      lastMessageId: null,
    };
    const now = new Date().toISOString();
    const guild: GuildRecord = {
      id,
      name: input.name,
      ownerId: owner.id,
      locale: input.locale ?? 'en-US',
      botJoinedAt: now,
      systemChannelId: general.id,
      roles: new Map([
        [everyone.id, everyone],
        [botRole.id, botRole],
      ]),
      channelIds: [general.id],
      members: new Map([
        [owner.id, { guildId: id, userId: owner.id, roleIds: [], nick: null, joinedAt: now }],
        [world.bot.id, { guildId: id, userId: world.bot.id, roleIds: [botRole.id], nick: null, joinedAt: now }],
      ]),
      voiceStates: new Map(),
      scheduledEvents: new Map(),
    };
    world.guilds.set(id, guild);
    world.channels.set(general.id, general);
    // A bot that is already connected sees itself join the new server.
    emulator.dispatch('GUILD_CREATE', (session) => apiGuildCreate(world, guild, emulator.gateway.guildView(session)), id);
    return new GuildHandle(this.ctx, id);
  }

  guild(nameOrId: string): GuildHandle {
    const guild = [...this.emulator.world.guilds.values()].find((g) => g.id === nameOrId || g.name === nameOrId);
    if (!guild) throw new DriverError(`no guild "${nameOrId}"`);
    return new GuildHandle(this.ctx, guild.id);
  }

  guilds(): GuildHandle[] {
    return [...this.emulator.world.guilds.keys()].map((id) => new GuildHandle(this.ctx, id));
  }

  /** A file for an ATTACHMENT option: `alice.slash('import', { file: discord.attachment('w.csv', text) })`. */
  attachment(filename: string, content: string | Uint8Array, contentType?: string): AttachmentInput {
    return {
      kind: 'attachment-input',
      filename,
      data: typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content),
      contentType: contentType ?? guessContentType(filename),
    };
  }

  /** A moderator deletes a message in Discord's client (the bot sees MESSAGE_DELETE). */
  deleteMessage(message: { id: string } | string): void {
    const record = this.emulator.world.messages.get(typeof message === 'string' ? message : message.id);
    if (!record || record.deleted) throw new DriverError(`no message ${typeof message === 'string' ? message : message.id} to delete`);
    deleteMessage(this.emulator, record);
  }

  /** A moderator deletes a channel (the bot sees CHANNEL_DELETE; its messages go with it). */
  deleteChannel(channel: ChannelLike): void {
    const { world } = this.emulator;
    const record = world.channels.get(this.channelId(channel));
    if (!record) throw new DriverError(`no channel ${this.channelId(channel)} to delete`);
    const guild = world.guild(record.guildId);
    world.channels.delete(record.id);
    if (guild) guild.channelIds = guild.channelIds.filter((id) => id !== record.id);
    for (const message of world.messages.values()) if (message.channelId === record.id) message.deleted = true;
    this.emulator.dispatch('CHANNEL_DELETE', apiChannel(record), record.guildId);
  }

  // ---- what users see ----------------------------------------------------------------------------------------

  private channelId(channel: ChannelLike): string {
    return typeof channel === 'string' ? channel : channel.id;
  }

  /** A channel's history as everyone sees it; pass `viewer` to include that member's ephemeral messages. */
  messages(channel: ChannelLike, options: { viewer?: MemberHandle | UserRef | string } = {}): Message[] {
    const viewer = options.viewer === undefined ? null : typeof options.viewer === 'string' ? options.viewer : options.viewer.id;
    return channelMessages(this.ctx, this.channelId(channel), viewer);
  }

  /** The current state of a message (undefined when deleted). */
  message(id: string): Message | undefined {
    const record = this.emulator.world.messages.get(id);
    return record && !record.deleted ? new Message(this.emulator, record) : undefined;
  }

  /**
   * Resolves with the first public message in the channel (existing or future) that satisfies `predicate`. The
   * timeout only ends a failing wait, so it is generous enough for a loaded machine.
   */
  waitForMessage(channel: ChannelLike, predicate: (message: Message) => boolean = () => true, timeoutMs = 15_000): Promise<Message> {
    const channelId = this.channelId(channel);
    const check = (record: MessageRecord): Message | undefined => {
      if (record.channelId !== channelId || record.visibleTo !== null || record.deleted) return undefined;
      const message = new Message(this.emulator, record);
      return predicate(message) ? message : undefined;
    };
    for (const record of this.emulator.world.channelHistory(channelId)) {
      const found = check(record);
      if (found) return Promise.resolve(found);
    }
    const { bus } = this.emulator;
    return new Promise((resolve, reject) => {
      const onMessage = (record: MessageRecord): void => {
        const found = check(record);
        if (!found) return;
        finish();
        resolve(found);
      };
      const finish = (): void => {
        clearTimeout(timer);
        bus.off('message-created', onMessage);
        bus.off('message-updated', onMessage);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no matching message in channel ${channelId} within ${timeoutMs} ms`));
      }, timeoutMs);
      bus.on('message-created', onMessage);
      bus.on('message-updated', onMessage);
    });
  }

  /** Resolves once a bot session has identified and received its guilds. */
  waitForBotReady(timeoutMs = 10_000): Promise<void> {
    if (this.emulator.gateway.connectedSessions().length > 0) return Promise.resolve();
    const { bus } = this.emulator;
    return new Promise((resolve, reject) => {
      const onReady = (): void => {
        clearTimeout(timer);
        bus.off('session-ready', onReady);
        resolve();
      };
      const timer = setTimeout(() => {
        bus.off('session-ready', onReady);
        reject(new Error(`the bot did not connect to the gateway within ${timeoutMs} ms`));
      }, timeoutMs);
      bus.on('session-ready', onReady);
    });
  }

  /** Registered commands: global ones, or a guild's. */
  commands(guild?: GuildHandle | string): APIApplicationCommand[] {
    const guildId = guild === undefined ? undefined : typeof guild === 'string' ? guild : guild.id;
    return [...this.emulator.world.commandsFor(guildId).values()].map(apiCommand);
  }

  /** Resolves once the named slash commands are registered (globally or in `guild`). */
  waitForCommands(names: string[], options: { guild?: GuildHandle | string; timeoutMs?: number } = {}): Promise<void> {
    const ready = (): boolean => {
      const known = new Set([...this.commands(), ...(options.guild ? this.commands(options.guild) : [])].map((c) => c.name));
      return names.every((name) => known.has(name));
    };
    if (ready()) return Promise.resolve();
    const { bus } = this.emulator;
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const onChange = (): void => {
        if (!ready()) return;
        clearTimeout(timer);
        bus.off('commands-changed', onChange);
        resolve();
      };
      const timer = setTimeout(() => {
        bus.off('commands-changed', onChange);
        reject(new Error(`commands ${names.join(', ')} were not registered within ${timeoutMs} ms`));
      }, timeoutMs);
      bus.on('commands-changed', onChange);
    });
  }

  /** Scheduled events of a guild as the API returns them (with user_count). */
  scheduledEvents(guild: GuildHandle | string): APIGuildScheduledEvent[] {
    const record = this.emulator.world.guild(typeof guild === 'string' ? guild : guild.id);
    if (!record) throw new DriverError(`no guild ${String(guild)}`);
    return [...record.scheduledEvents.values()].map((e) => apiScheduledEvent(this.emulator.world, e, true));
  }

  /**
   * Sends an interaction the Discord client would never send (a custom_id replayed elsewhere, a value past an
   * option's limits, a modal nobody was shown), for hardening tests; see driver/forge.ts.
   */
  forge(input: ForgedInteraction): Promise<Outcome> {
    return forgeInteraction(this.ctx, input);
  }

  /**
   * Calls `listener` with every message the bot creates or edits (ephemeral ones too), as written: for checks that
   * must hold on every write (who it pings, its allowed_mentions). Returns a function that stops listening.
   */
  watchMessages(listener: (message: Message, event: 'created' | 'updated') => void): () => void {
    const { bus } = this.emulator;
    const botId = this.emulator.world.bot.id;
    const onCreated = (record: MessageRecord): void => {
      if (record.authorId === botId) listener(new Message(this.emulator, record), 'created');
    };
    const onUpdated = (record: MessageRecord): void => {
      if (record.authorId === botId) listener(new Message(this.emulator, record), 'updated');
    };
    bus.on('message-created', onCreated);
    bus.on('message-updated', onUpdated);
    return () => {
      bus.off('message-created', onCreated);
      bus.off('message-updated', onUpdated);
    };
  }

  // ---- rules and plumbing ------------------------------------------------------------------------------------

  /** Every request the bot made that Discord would refuse (or that breaks the mention rule). */
  get violations(): readonly Violation[] {
    return this.emulator.violations;
  }

  /** Returns the recorded violations and clears them (for tests that provoke one on purpose). */
  takeViolations(): Violation[] {
    return this.emulator.violations.splice(0);
  }

  /**
   * How the bot acknowledged each interaction, in the order they were sent: the callback type (4 reply, 5 deferred
   * reply, 6 deferred update, 7 update, 8 choices, 9 modal; undefined while unacknowledged) and how long it took.
   */
  acknowledgements(): Acknowledgement[] {
    return [...this.emulator.interactions.values()].map((record) => ({
      interactionId: record.id,
      userId: record.userId,
      label: record.label,
      type: record.ack?.type,
      afterMs: record.ack ? record.ack.at - record.createdAt : undefined,
    }));
  }

  /** Every REST request the bot made, in order. */
  get requests(): readonly RequestLogEntry[] {
    return this.emulator.requestLog;
  }

  get gatewayStats(): Readonly<GatewayStats> {
    return this.emulator.gateway.stats;
  }

  /**
   * Faults to switch on for a test: `rateLimit({ route, global, retryAfter })`, `serverError(n)`, `slow(ms)`,
   * `refuse({ route })` (403 Missing Permissions), `beforeRequest(selector, action)`, `dropGateway()`,
   * `invalidateSession()`; `injected` lists those that fired.
   */
  get faults(): Faults {
    return this.emulator.faults;
  }

  /** Sends RECONNECT (op 7); resolves once the bot has resumed (or re-identified). */
  requestReconnect(timeoutMs?: number): Promise<void> {
    return this.emulator.gateway.requestReconnect(timeoutMs);
  }

  async stop(): Promise<void> {
    await this.emulator.close();
  }
}
