import { PERMISSION_BITS } from './permissions.js';
import type { CommandDefinition } from './validate/commands.js';
import type { AllowedMentions } from './validate/messages.js';
import type { ScheduledEventFields } from './validate/scheduledEvents.js';

/** Plain state of the emulated Discord. Serialization lives in serialize.ts, behaviour in the emulator. */

export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  discriminator: string;
  bot: boolean;
  locale: string;
}

export interface RoleRecord {
  id: string;
  guildId: string;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  hoist: boolean;
  mentionable: boolean;
  /** Set on the role Discord creates for an invited bot. */
  botId?: string;
}

export const ChannelType = { GuildText: 0, GuildVoice: 2, GuildCategory: 4 } as const;
export type ChannelTypeNumber = (typeof ChannelType)[keyof typeof ChannelType];

export interface ChannelRecord {
  id: string;
  guildId: string;
  name: string;
  type: ChannelTypeNumber;
  position: number;
  topic: string | null;
  nsfw: boolean;
  parentId: string | null;
  lastMessageId: string | null;
}

export interface MemberRecord {
  guildId: string;
  userId: string;
  roleIds: string[];
  nick: string | null;
  joinedAt: string;
}

export interface VoiceStateRecord {
  guildId: string;
  userId: string;
  channelId: string;
  sessionId: string;
  selfMute: boolean;
  selfDeaf: boolean;
}

export interface ScheduledEventRecord extends ScheduledEventFields {
  id: string;
  guildId: string;
  creatorId: string;
  userCount: number;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  locale: string;
  /** When the bot joined (GUILD_CREATE's joined_at). */
  botJoinedAt: string;
  systemChannelId: string | null;
  roles: Map<string, RoleRecord>;
  channelIds: string[];
  members: Map<string, MemberRecord>;
  voiceStates: Map<string, VoiceStateRecord>;
  scheduledEvents: Map<string, ScheduledEventRecord>;
}

export interface AttachmentRecord {
  id: string;
  filename: string;
  size: number;
  contentType: string | null;
  description?: string;
  title?: string;
  data: Buffer;
  url: string;
  ephemeral: boolean;
}

export interface InteractionMetadataRecord {
  id: string;
  type: number;
  userId: string;
  /** Command name (application commands), for the deprecated `interaction` field too. */
  name?: string;
  commandType?: number;
  interactedMessageId?: string;
  originalResponseMessageId?: string;
  triggering?: InteractionMetadataRecord;
}

export interface MessageRecord {
  id: string;
  channelId: string;
  guildId: string;
  authorId: string;
  type: number;
  content: string;
  embeds: Record<string, unknown>[];
  components: Record<string, unknown>[];
  attachments: AttachmentRecord[];
  flags: number;
  tts: boolean;
  createdAt: string;
  editedAt: string | null;
  /** allowed_mentions exactly as the bot sent it on the latest write (undefined when absent). */
  allowedMentions: AllowedMentions | null | undefined;
  mentions: { users: string[]; roles: string[]; everyone: boolean };
  /** Sent through the interaction webhook: the application's id. */
  webhookId?: string;
  applicationId?: string;
  interaction?: InteractionMetadataRecord;
  reference?: { messageId: string; channelId: string; guildId: string };
  nonce?: string;
  /** Ephemeral messages are only visible to this user. */
  visibleTo: string | null;
  deleted: boolean;
  /** The interaction whose response or follow-up this message is. */
  interactionId?: string;
}

export type CommandRecord = CommandDefinition & {
  id: string;
  application_id: string;
  version: string;
  guild_id?: string;
};

export class World {
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, MessageRecord>();
  readonly channelMessages = new Map<string, string[]>();
  readonly attachments = new Map<string, AttachmentRecord>();
  readonly globalCommands = new Map<string, CommandRecord>();
  readonly guildCommands = new Map<string, Map<string, CommandRecord>>();

  constructor(readonly bot: UserRecord) {
    this.users.set(bot.id, bot);
  }

  get applicationId(): string {
    return this.bot.id;
  }

  user(id: string): UserRecord | undefined {
    return this.users.get(id);
  }

  guild(id: string): GuildRecord | undefined {
    return this.guilds.get(id);
  }

  channel(id: string): ChannelRecord | undefined {
    return this.channels.get(id);
  }

  guildChannels(guild: GuildRecord): ChannelRecord[] {
    return guild.channelIds.map((id) => this.channels.get(id)).filter((c): c is ChannelRecord => c !== undefined);
  }

  /** @everyone shares the guild's id. */
  everyoneRole(guild: GuildRecord): RoleRecord {
    const role = guild.roles.get(guild.id);
    if (!role) throw new Error(`guild ${guild.id} has no @everyone role`);
    return role;
  }

  /** Guild-level permissions as Discord computes them: owner and Administrator get everything. */
  basePermissions(guild: GuildRecord, userId: string, all: bigint): bigint {
    if (guild.ownerId === userId) return all;
    const member = guild.members.get(userId);
    if (!member) return 0n;
    let bits = this.everyoneRole(guild).permissions;
    for (const roleId of member.roleIds) bits |= guild.roles.get(roleId)?.permissions ?? 0n;
    if ((bits & PERMISSION_BITS.Administrator) !== 0n) return all;
    return bits;
  }

  commandsFor(guildId: string | undefined): Map<string, CommandRecord> {
    if (guildId === undefined) return this.globalCommands;
    let commands = this.guildCommands.get(guildId);
    if (!commands) {
      commands = new Map();
      this.guildCommands.set(guildId, commands);
    }
    return commands;
  }

  channelHistory(channelId: string): MessageRecord[] {
    return (this.channelMessages.get(channelId) ?? [])
      .map((id) => this.messages.get(id))
      .filter((m): m is MessageRecord => m !== undefined && !m.deleted);
  }

  addMessage(message: MessageRecord): void {
    this.messages.set(message.id, message);
    const list = this.channelMessages.get(message.channelId) ?? [];
    list.push(message.id);
    this.channelMessages.set(message.channelId, list);
    const channel = this.channels.get(message.channelId);
    if (channel && message.visibleTo === null) channel.lastMessageId = message.id;
  }
}
