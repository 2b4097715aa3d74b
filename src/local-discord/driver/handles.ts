import type { Emulator } from '../emulator.js';
import { permissionBits, permissionNames, type PermissionName } from '../permissions.js';
import { apiChannel, apiMember, apiRole, apiScheduledEvent } from '../serialize.js';
import { ChannelType, type ChannelRecord, type GuildRecord, type MemberRecord, type RoleRecord, type UserRecord } from '../world.js';
import { MemberHandle } from './member.js';
import { DriverError, type CommandPath, type SlashOptions } from './options.js';
import type { DriverTiming } from './outcome.js';
import { Message } from './views.js';

export interface DriverContext {
  emulator: Emulator;
  timing: DriverTiming;
}

export interface UserRef {
  readonly id: string;
  readonly username: string;
}

export type ChannelRef = ChannelHandle | string;
export type MessageRef = Message | string;

export interface SlashCall extends CommandPath {
  /** Where the command is typed; defaults to the guild's first text channel (#general). */
  channel?: ChannelRef;
}

export interface AutocompleteCall extends SlashCall {
  /** Options the user already filled in before typing in the focused one. */
  options?: SlashOptions;
}

export type Choice = { name: string; value: string | number };

/** Text for text inputs; values for string selects inside labels. */
export type ModalValues = Record<string, string | string[]>;

export class RoleHandle {
  constructor(
    private readonly ctx: DriverContext,
    readonly guildId: string,
    readonly id: string,
  ) {}

  private get record(): RoleRecord {
    const role = this.ctx.emulator.world.guild(this.guildId)?.roles.get(this.id);
    if (!role) throw new DriverError(`role ${this.id} no longer exists`);
    return role;
  }

  get name(): string {
    return this.record.name;
  }

  get permissions(): PermissionName[] {
    return permissionNames(this.record.permissions);
  }
}

export class ChannelHandle {
  constructor(
    private readonly ctx: DriverContext,
    readonly id: string,
  ) {}

  private get record(): ChannelRecord {
    const channel = this.ctx.emulator.world.channel(this.id);
    if (!channel) throw new DriverError(`channel ${this.id} no longer exists`);
    return channel;
  }

  get name(): string {
    return this.record.name;
  }

  get guildId(): string {
    return this.record.guildId;
  }

  get type(): 'text' | 'voice' | 'category' {
    const type = this.record.type;
    return type === ChannelType.GuildVoice ? 'voice' : type === ChannelType.GuildCategory ? 'category' : 'text';
  }

  /** The channel's history as everyone sees it (no ephemeral messages). */
  get messages(): Message[] {
    return channelMessages(this.ctx, this.id, null);
  }

  /** The history as one member sees it, including the ephemeral messages meant for them. */
  messagesFor(member: MemberHandle | UserRef | string): Message[] {
    return channelMessages(this.ctx, this.id, typeof member === 'string' ? member : member.id);
  }
}

export function channelMessages(ctx: DriverContext, channelId: string, viewerId: string | null): Message[] {
  return ctx.emulator.world
    .channelHistory(channelId)
    .filter((m) => m.visibleTo === null || m.visibleTo === viewerId)
    .map((m) => new Message(ctx.emulator, m));
}

export interface MemberInput {
  username: string;
  /** A fixed user id (a snowflake), for a world whose stored data must survive restarts (the playground). */
  userId?: string;
  globalName?: string;
  /** The user's client language, sent as the interaction's `locale` (default en-US). */
  locale?: string;
  nick?: string;
  /** Shorthand: gives the member a role holding exactly these permissions. */
  permissions?: PermissionName[];
  roles?: (RoleHandle | string)[];
}

export interface RoleInput {
  name: string;
  permissions?: PermissionName[];
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
}

export interface ChannelInput {
  name: string;
  type?: 'text' | 'voice' | 'category';
  topic?: string;
  parent?: ChannelHandle | string;
}

export class GuildHandle {
  constructor(
    private readonly ctx: DriverContext,
    readonly id: string,
  ) {}

  private get record(): GuildRecord {
    const guild = this.ctx.emulator.world.guild(this.id);
    if (!guild) throw new DriverError(`guild ${this.id} no longer exists`);
    return guild;
  }

  get name(): string {
    return this.record.name;
  }

  get owner(): MemberHandle {
    return new MemberHandle(this.ctx, this.id, this.record.ownerId);
  }

  /** The bot's own membership (its managed role decides what it may do). */
  get botMember(): MemberHandle {
    return new MemberHandle(this.ctx, this.id, this.ctx.emulator.world.bot.id);
  }

  /** The first text channel, #general unless it was renamed. */
  get defaultChannel(): ChannelHandle {
    const channel = this.ctx.emulator.world.guildChannels(this.record).find((c) => c.type === ChannelType.GuildText);
    if (!channel) throw new DriverError(`${this.name} has no text channel`);
    return new ChannelHandle(this.ctx, channel.id);
  }

  channels(): ChannelHandle[] {
    return this.record.channelIds.map((id) => new ChannelHandle(this.ctx, id));
  }

  channel(nameOrId: string): ChannelHandle {
    const channel = this.ctx.emulator.world
      .guildChannels(this.record)
      .find((c) => c.id === nameOrId || c.name === nameOrId || `#${c.name}` === nameOrId);
    if (!channel) throw new DriverError(`${this.name} has no channel "${nameOrId}"`);
    return new ChannelHandle(this.ctx, channel.id);
  }

  createChannel(input: ChannelInput): ChannelHandle {
    const { emulator } = this.ctx;
    const guild = this.record;
    const type = input.type === 'voice' ? ChannelType.GuildVoice : input.type === 'category' ? ChannelType.GuildCategory : ChannelType.GuildText;
    // Discord lowercases text channel names and turns spaces into dashes.
    const name = type === ChannelType.GuildText ? input.name.toLowerCase().replace(/\s+/g, '-') : input.name;
    const parentId = input.parent === undefined ? null : typeof input.parent === 'string' ? this.channel(input.parent).id : input.parent.id;
    const siblings = emulator.world.guildChannels(guild).filter((c) => c.type === type);
    const channel: ChannelRecord = {
      id: emulator.ids.next(),
      guildId: guild.id,
      name,
      type,
      position: siblings.length,
      topic: input.topic ?? null,
      nsfw: false,
      parentId,
      lastMessageId: null,
    };
    emulator.world.channels.set(channel.id, channel);
    guild.channelIds.push(channel.id);
    emulator.dispatch('CHANNEL_CREATE', apiChannel(channel), guild.id);
    return new ChannelHandle(this.ctx, channel.id);
  }

  roles(): RoleHandle[] {
    return [...this.record.roles.keys()].map((id) => new RoleHandle(this.ctx, this.id, id));
  }

  role(nameOrId: string): RoleHandle {
    const role = [...this.record.roles.values()].find((r) => r.id === nameOrId || r.name === nameOrId);
    if (!role) throw new DriverError(`${this.name} has no role "${nameOrId}"`);
    return new RoleHandle(this.ctx, this.id, role.id);
  }

  createRole(input: RoleInput): RoleHandle {
    const { emulator } = this.ctx;
    const guild = this.record;
    const role: RoleRecord = {
      id: emulator.ids.next(),
      guildId: guild.id,
      name: input.name,
      permissions: permissionBits(input.permissions ?? []),
      position: Math.max(...[...guild.roles.values()].map((r) => r.position)) + 1,
      color: input.color ?? 0,
      hoist: input.hoist ?? false,
      mentionable: input.mentionable ?? false,
    };
    guild.roles.set(role.id, role);
    emulator.dispatch('GUILD_ROLE_CREATE', { guild_id: guild.id, role: apiRole(role) }, guild.id);
    return new RoleHandle(this.ctx, guild.id, role.id);
  }

  /** Adds a member: a new user (by username) or an existing user (e.g. `otherGuildMember.user`). */
  addMember(input: MemberInput | UserRef): MemberHandle {
    const { emulator } = this.ctx;
    const guild = this.record;
    const user: UserRecord | undefined =
      'id' in input ? emulator.world.user(input.id) : emulator.createUser(input.username, input.globalName ?? null, input.locale, input.userId);
    if (!user) throw new DriverError(`unknown user ${'id' in input ? input.id : input.username}`);
    if (guild.members.has(user.id)) throw new DriverError(`${user.username} is already a member of ${guild.name}`);
    const roleIds: string[] = [];
    if (!('id' in input)) {
      if (input.permissions && input.permissions.length > 0) roleIds.push(this.permissionRole(input.permissions).id);
      for (const role of input.roles ?? []) roleIds.push(typeof role === 'string' ? this.role(role).id : role.id);
    }
    const member: MemberRecord = {
      guildId: guild.id,
      userId: user.id,
      roleIds,
      nick: 'id' in input ? null : (input.nick ?? null),
      joinedAt: new Date().toISOString(),
    };
    guild.members.set(user.id, member);
    emulator.dispatch('GUILD_MEMBER_ADD', { ...apiMember(emulator.world, member), guild_id: guild.id }, guild.id);
    return new MemberHandle(this.ctx, guild.id, user.id);
  }

  /** A role holding exactly the given permissions, named after them (reused by later members). */
  private permissionRole(permissions: PermissionName[]): RoleHandle {
    const bits = permissionBits(permissions);
    const name = [...permissions].sort().join(' + ');
    const existing = [...this.record.roles.values()].find((r) => r.name === name && r.permissions === bits);
    return existing ? new RoleHandle(this.ctx, this.id, existing.id) : this.createRole({ name, permissions });
  }

  members(): MemberHandle[] {
    return [...this.record.members.keys()].map((id) => new MemberHandle(this.ctx, this.id, id));
  }

  member(usernameOrId: string): MemberHandle {
    const { world } = this.ctx.emulator;
    const member = [...this.record.members.values()].find((m) => m.userId === usernameOrId || world.user(m.userId)?.username === usernameOrId);
    if (!member) throw new DriverError(`${this.name} has no member "${usernameOrId}"`);
    return new MemberHandle(this.ctx, this.id, member.userId);
  }

  joinVoice(member: MemberHandle | UserRef | string, channel: ChannelRef): void {
    const userId = typeof member === 'string' ? this.member(member).id : member.id;
    new MemberHandle(this.ctx, this.id, userId).joinVoice(channel);
  }

  leaveVoice(member: MemberHandle | UserRef | string): void {
    const userId = typeof member === 'string' ? this.member(member).id : member.id;
    new MemberHandle(this.ctx, this.id, userId).leaveVoice();
  }

  /** Who is in which voice channel (user id → channel id). */
  voiceStates(): Map<string, string> {
    return new Map([...this.record.voiceStates.values()].map((v) => [v.userId, v.channelId]));
  }

  scheduledEvents(): ReturnType<typeof apiScheduledEvent>[] {
    return [...this.record.scheduledEvents.values()].map((e) => apiScheduledEvent(this.ctx.emulator.world, e, true));
  }

  resolveChannel(ref: ChannelRef | undefined): ChannelRecord {
    const handle = ref === undefined ? this.defaultChannel : typeof ref === 'string' ? this.channel(ref) : ref;
    const channel = this.ctx.emulator.world.channel(handle.id);
    if (!channel || channel.guildId !== this.id) throw new DriverError(`channel ${handle.id} is not in ${this.name}`);
    return channel;
  }
}
