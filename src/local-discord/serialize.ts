import type {
  APIApplication,
  APIApplicationCommand,
  APIAttachment,
  APIBaseVoiceState,
  APIChannel,
  APIEmbed,
  APIGuild,
  APIGuildMember,
  APIGuildScheduledEvent,
  APIMessage,
  APIMessageInteractionMetadata,
  APIRole,
  APIUser,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  Locale,
  RoleFlags,
  UserFlags,
} from 'discord-api-types/v10';
import { timestampOf } from './snowflake.js';
import {
  ChannelType,
  type AttachmentRecord,
  type ChannelRecord,
  type CommandRecord,
  type GuildRecord,
  type InteractionMetadataRecord,
  type MemberRecord,
  type MessageRecord,
  type RoleRecord,
  type ScheduledEventRecord,
  type UserRecord,
  type VoiceStateRecord,
  type World,
} from './world.js';

/** Turns emulator records into the exact JSON objects Discord's API and gateway send. */

export function apiUser(user: UserRecord): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: user.discriminator,
    global_name: user.globalName,
    avatar: null,
    ...(user.bot && { bot: true }),
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

export function apiRole(role: RoleRecord): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.botId !== undefined,
    mentionable: role.mentionable,
    flags: 0 as RoleFlags,
    ...(role.botId !== undefined && { tags: { bot_id: role.botId } }),
  };
}

export function apiMember(world: World, member: MemberRecord): APIGuildMember {
  const user = world.user(member.userId);
  if (!user) throw new Error(`member ${member.userId} has no user`);
  return {
    user: apiUser(user),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roleIds],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
    avatar_decoration_data: null,
    collectibles: null,
  };
}

export function apiChannel(channel: ChannelRecord): APIChannel {
  const base = {
    id: channel.id,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    permission_overwrites: [],
    parent_id: channel.parentId,
    nsfw: channel.nsfw,
    flags: 0,
  };
  switch (channel.type) {
    case ChannelType.GuildText:
      return {
        ...base,
        type: ChannelType.GuildText,
        topic: channel.topic,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: 0,
        default_thread_rate_limit_per_user: 0,
        default_auto_archive_duration: 4320,
      } as APIChannel;
    case ChannelType.GuildVoice:
      return {
        ...base,
        type: ChannelType.GuildVoice,
        bitrate: 64000,
        user_limit: 0,
        rtc_region: null,
        video_quality_mode: 1,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: 0,
      } as APIChannel;
    case ChannelType.GuildCategory:
      return { ...base, type: ChannelType.GuildCategory } as APIChannel;
  }
}

function guildBase(guild: GuildRecord): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: [...guild.roles.values()].map(apiRole),
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.systemChannelId,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.locale as Locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
}

export function apiGuild(guild: GuildRecord, withCounts = false): APIGuild {
  return {
    ...guildBase(guild),
    ...(withCounts && { approximate_member_count: guild.members.size, approximate_presence_count: 0 }),
  };
}

export interface GuildCreateView {
  /** Which members the session receives: everyone, or only the bot and people in voice. */
  allMembers: boolean;
  voiceStates: boolean;
  largeThreshold: number;
}

export function apiGuildCreate(world: World, guild: GuildRecord, view: GuildCreateView): GatewayGuildCreateDispatchData {
  const inVoice = new Set(guild.voiceStates.keys());
  const large = guild.members.size > view.largeThreshold;
  const members = [...guild.members.values()].filter(
    (m) => (view.allMembers && !large) || m.userId === world.bot.id || inVoice.has(m.userId),
  );
  return {
    ...guildBase(guild),
    joined_at: guild.botJoinedAt,
    large,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: view.voiceStates ? [...guild.voiceStates.values()].map((v) => apiVoiceState(world, v, false)) : [],
    members: members.map((m) => apiMember(world, m)),
    channels: world.guildChannels(guild).map(apiChannel) as GatewayGuildCreateDispatchData['channels'],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [...guild.scheduledEvents.values()].map((e) => apiScheduledEvent(world, e, false)),
    soundboard_sounds: [],
  };
}

/** Voice states inside GUILD_CREATE lack guild_id and member; VOICE_STATE_UPDATE carries both. */
export function apiVoiceState(world: World, state: VoiceStateRecord | { guildId: string; userId: string; channelId: null; sessionId: string; selfMute: boolean; selfDeaf: boolean }, full: boolean): APIBaseVoiceState & { guild_id?: string } {
  const guild = world.guild(state.guildId);
  const member = guild?.members.get(state.userId);
  return {
    ...(full && { guild_id: state.guildId }),
    channel_id: state.channelId,
    user_id: state.userId,
    ...(full && member && { member: apiMember(world, member) }),
    session_id: state.sessionId,
    deaf: false,
    mute: false,
    self_deaf: state.selfDeaf,
    self_mute: state.selfMute,
    self_video: false,
    suppress: false,
    request_to_speak_timestamp: null,
  };
}

export function apiScheduledEvent(world: World, event: ScheduledEventRecord, withUserCount: boolean): APIGuildScheduledEvent {
  const creator = world.user(event.creatorId);
  return {
    id: event.id,
    guild_id: event.guildId,
    channel_id: event.channel_id,
    creator_id: event.creatorId,
    name: event.name,
    description: event.description,
    scheduled_start_time: event.scheduled_start_time,
    scheduled_end_time: event.scheduled_end_time,
    privacy_level: event.privacy_level,
    status: event.status,
    entity_type: event.entity_type,
    entity_id: null,
    entity_metadata: event.entity_metadata,
    ...(creator && { creator: apiUser(creator) }),
    ...(withUserCount && { user_count: event.userCount }),
    image: null,
    recurrence_rule: null,
  } as APIGuildScheduledEvent;
}

export function apiAttachment(attachment: AttachmentRecord): APIAttachment {
  return {
    id: attachment.id,
    filename: attachment.filename,
    ...(attachment.title !== undefined && { title: attachment.title }),
    ...(attachment.description !== undefined && { description: attachment.description }),
    ...(attachment.contentType !== null && { content_type: attachment.contentType }),
    size: attachment.size,
    url: attachment.url,
    proxy_url: attachment.url,
    ...(attachment.ephemeral && { ephemeral: true }),
  };
}

function apiInteractionMetadata(world: World, meta: InteractionMetadataRecord): APIMessageInteractionMetadata {
  const user = world.user(meta.userId);
  const base = {
    id: meta.id,
    type: meta.type,
    user: user ? apiUser(user) : ({} as APIUser),
    authorizing_integration_owners: {},
    ...(meta.originalResponseMessageId !== undefined && { original_response_message_id: meta.originalResponseMessageId }),
  };
  if (meta.type === 3) return { ...base, interacted_message_id: meta.interactedMessageId ?? '' } as APIMessageInteractionMetadata;
  if (meta.type === 5 && meta.triggering) {
    return { ...base, triggering_interaction_metadata: apiInteractionMetadata(world, meta.triggering) } as APIMessageInteractionMetadata;
  }
  return base as APIMessageInteractionMetadata;
}

export function apiMessage(world: World, message: MessageRecord): APIMessage {
  const author = world.user(message.authorId);
  if (!author) throw new Error(`message ${message.id} has no author`);
  const meta = message.interaction;
  return {
    type: message.type,
    content: message.content,
    mentions: message.mentions.users.map((id) => world.user(id)).filter((u): u is UserRecord => u !== undefined).map(apiUser),
    mention_roles: [...message.mentions.roles],
    attachments: message.attachments.map(apiAttachment),
    embeds: message.embeds.map((embed) => ({ type: 'rich', ...embed }) as APIEmbed),
    timestamp: message.createdAt,
    edited_timestamp: message.editedAt,
    flags: message.flags,
    components: message.components as unknown as APIMessage['components'],
    id: message.id,
    channel_id: message.channelId,
    author: apiUser(author),
    pinned: false,
    mention_everyone: message.mentions.everyone,
    tts: message.tts,
    ...(message.webhookId !== undefined && { webhook_id: message.webhookId }),
    ...(message.applicationId !== undefined && { application_id: message.applicationId }),
    ...(meta && { interaction_metadata: apiInteractionMetadata(world, meta) }),
    ...(meta &&
      meta.type === 2 && {
        interaction: {
          id: meta.id,
          type: meta.type,
          name: meta.name ?? '',
          user: apiUser(world.user(meta.userId) ?? author),
        },
      }),
    ...(message.reference && {
      message_reference: {
        type: 0,
        message_id: message.reference.messageId,
        channel_id: message.reference.channelId,
        guild_id: message.reference.guildId,
      },
    }),
    ...(message.nonce !== undefined && { nonce: message.nonce }),
  } as APIMessage;
}

export function apiCommand(command: CommandRecord): APIApplicationCommand {
  return {
    ...command,
    default_member_permissions: (command.default_member_permissions as string | null | undefined) ?? null,
    ...(command.guild_id === undefined && { dm_permission: command.dm_permission !== false }),
    contexts: (command.contexts as APIApplicationCommand['contexts']) ?? null,
    integration_types: (command.integration_types as APIApplicationCommand['integration_types']) ?? [0],
    nsfw: command.nsfw === true,
  } as APIApplicationCommand;
}

export function apiApplication(world: World, owner: UserRecord, name: string): APIApplication {
  return {
    id: world.applicationId,
    name,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot_public: true,
    bot_require_code_grant: false,
    bot: apiUser(world.bot),
    owner: apiUser(owner),
    verify_key: 'a'.repeat(64),
    team: null,
    flags: 0,
    flags_new: '0',
    approximate_guild_count: world.guilds.size,
    redirect_uris: [],
    interactions_endpoint_url: null,
    install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' },
    integration_types_config: { 0: { oauth2_install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' } } },
    hook: true,
    is_monetized: false,
    storefront_available: false,
  } as unknown as APIApplication;
}

/** Creation time of a record, as Discord derives it from the id. */
export function createdAt(id: string): string {
  return new Date(timestampOf(id)).toISOString();
}
