/** Gateway intent bits and which dispatch events each one gates (facts from the gateway documentation). */
export const INTENTS = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildModeration: 1 << 2,
  GuildExpressions: 1 << 3,
  GuildIntegrations: 1 << 4,
  GuildWebhooks: 1 << 5,
  GuildInvites: 1 << 6,
  GuildVoiceStates: 1 << 7,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  GuildMessageTyping: 1 << 11,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  DirectMessageTyping: 1 << 14,
  MessageContent: 1 << 15,
  GuildScheduledEvents: 1 << 16,
  AutoModerationConfiguration: 1 << 20,
  AutoModerationExecution: 1 << 21,
  GuildMessagePolls: 1 << 24,
  DirectMessagePolls: 1 << 25,
} as const;

export type IntentName = keyof typeof INTENTS;

export const ALL_INTENTS = Object.values(INTENTS).reduce((all, bit) => all | bit, 0);

export const PRIVILEGED_INTENTS: readonly IntentName[] = ['GuildMembers', 'GuildPresences', 'MessageContent'];

/** The intent a dispatch needs; events not listed are always sent (READY, RESUMED, INTERACTION_CREATE, ...). */
const EVENT_INTENT: Record<string, number> = {
  GUILD_CREATE: INTENTS.Guilds,
  GUILD_UPDATE: INTENTS.Guilds,
  GUILD_DELETE: INTENTS.Guilds,
  GUILD_ROLE_CREATE: INTENTS.Guilds,
  GUILD_ROLE_UPDATE: INTENTS.Guilds,
  GUILD_ROLE_DELETE: INTENTS.Guilds,
  CHANNEL_CREATE: INTENTS.Guilds,
  CHANNEL_UPDATE: INTENTS.Guilds,
  CHANNEL_DELETE: INTENTS.Guilds,
  GUILD_MEMBER_ADD: INTENTS.GuildMembers,
  GUILD_MEMBER_UPDATE: INTENTS.GuildMembers,
  GUILD_MEMBER_REMOVE: INTENTS.GuildMembers,
  VOICE_STATE_UPDATE: INTENTS.GuildVoiceStates,
  MESSAGE_CREATE: INTENTS.GuildMessages,
  MESSAGE_UPDATE: INTENTS.GuildMessages,
  MESSAGE_DELETE: INTENTS.GuildMessages,
  GUILD_SCHEDULED_EVENT_CREATE: INTENTS.GuildScheduledEvents,
  GUILD_SCHEDULED_EVENT_UPDATE: INTENTS.GuildScheduledEvents,
  GUILD_SCHEDULED_EVENT_DELETE: INTENTS.GuildScheduledEvents,
};

export function intentFor(event: string): number | undefined {
  return EVENT_INTENT[event];
}

export function intentsBits(names: readonly IntentName[]): number {
  return names.reduce((bits, name) => bits | INTENTS[name], 0);
}
