import { randomBytes } from 'node:crypto';
import type { Emulator } from './emulator.js';
import { apiChannel, apiMember, apiMessage } from './serialize.js';
import type { ModalInput } from './validate/modal.js';
import type { ChannelRecord, GuildRecord, InteractionMetadataRecord, MessageRecord } from './world.js';

export const InteractionKind = {
  ApplicationCommand: 2,
  MessageComponent: 3,
  Autocomplete: 4,
  ModalSubmit: 5,
} as const;

export const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
  PremiumRequired: 10,
  LaunchActivity: 12,
} as const;

/** Everything the emulator remembers about one interaction it dispatched. */
export interface InteractionRecord {
  id: string;
  token: string;
  kind: number;
  guildId: string;
  channelId: string;
  userId: string;
  createdAt: number;
  /** How a test would describe it, e.g. `/film` or `button "Watched"`. */
  label: string;
  payload: Record<string, unknown>;
  metadata: InteractionMetadataRecord;
  /** The message a component sat on (components, and modals opened from a component). */
  sourceMessageId?: string;
  /** Option type of the focused option (autocomplete), to check the choices' value type. */
  focusedType?: number;
  ack?: { type: number; at: number };
  /** What `@original` designates once acknowledged. */
  originalMessageId?: string;
  /** A deferred response (type 5) that the bot has not delivered yet. */
  loading: boolean;
  followUpIds: string[];
  modal?: ModalInput;
  /** The user already submitted the modal (a modal closes when submitted). */
  modalSubmitted?: boolean;
  choices?: { name: string; value: string | number }[];
}

export interface InteractionSpec {
  kind: number;
  guild: GuildRecord;
  channel: ChannelRecord;
  userId: string;
  data: Record<string, unknown>;
  label: string;
  metadata: Omit<InteractionMetadataRecord, 'id' | 'type' | 'userId'>;
  sourceMessage?: MessageRecord;
  focusedType?: number;
}

/** Random bytes for interaction tokens, drawn 4 KB at a time: one randomBytes call per interaction was 4 % of the
 * CPU of bench:scale's generator (the local Discord and the simulated members). */
let secretPool = Buffer.alloc(0);
let secretOffset = 0;
function secret(bytes: number): string {
  if (secretOffset + bytes > secretPool.length) {
    secretPool = randomBytes(4096);
    secretOffset = 0;
  }
  secretOffset += bytes;
  return secretPool.toString('base64url', secretOffset - bytes, secretOffset);
}

/**
 * Builds the INTERACTION_CREATE payload the way Discord does (every field discord.js reads) and registers the
 * interaction so callbacks and webhooks can find it.
 */
export function createInteraction(emulator: Emulator, spec: InteractionSpec): InteractionRecord {
  const { world } = emulator;
  const id = emulator.ids.next();
  // Discord's tokens are base64 of `interaction:<id>:<secret>`.
  const token = Buffer.from(`interaction:${id}:${secret(48)}`).toString('base64url');
  const member = spec.guild.members.get(spec.userId);
  if (!member) throw new Error(`user ${spec.userId} is not a member of ${spec.guild.name}`);
  const user = world.user(spec.userId);
  const memberPermissions = emulator.permissions(spec.guild, spec.userId).toString();
  const appPermissions = emulator.permissions(spec.guild, world.bot.id).toString();
  const payload: Record<string, unknown> = {
    app_permissions: appPermissions,
    application_id: emulator.applicationId,
    attachment_size_limit: emulator.options.attachmentSizeLimit,
    authorizing_integration_owners: { '0': spec.guild.id },
    channel: { ...apiChannel(spec.channel), permissions: memberPermissions },
    channel_id: spec.channel.id,
    context: 0,
    data: spec.data,
    entitlements: [],
    guild: { id: spec.guild.id, locale: spec.guild.locale, features: [] },
    guild_id: spec.guild.id,
    guild_locale: spec.guild.locale,
    id,
    locale: user?.locale ?? 'en-US',
    member: { ...apiMember(world, member), permissions: memberPermissions },
    token,
    type: spec.kind,
    version: 1,
    ...(spec.sourceMessage && { message: apiMessage(world, spec.sourceMessage) }),
  };
  const record: InteractionRecord = {
    id,
    token,
    kind: spec.kind,
    guildId: spec.guild.id,
    channelId: spec.channel.id,
    userId: spec.userId,
    createdAt: Date.now(),
    label: spec.label,
    payload,
    metadata: { ...spec.metadata, id, type: spec.kind, userId: spec.userId },
    ...(spec.sourceMessage && { sourceMessageId: spec.sourceMessage.id }),
    ...(spec.focusedType !== undefined && { focusedType: spec.focusedType }),
    loading: false,
    followUpIds: [],
  };
  emulator.interactions.set(id, record);
  emulator.interactionsByToken.set(token, record);
  return record;
}

/** Sends the interaction to the bot; returns how many gateway sessions received (or buffered) it. */
export function dispatchInteraction(emulator: Emulator, record: InteractionRecord): number {
  record.createdAt = Date.now();
  return emulator.dispatch('INTERACTION_CREATE', record.payload, record.guildId);
}

/** Message type of the response: slash replies are CHAT_INPUT_COMMAND, replies to components are REPLY. */
export function responseMessageType(record: InteractionRecord): number {
  if (record.kind === InteractionKind.ApplicationCommand) return record.metadata.commandType === 1 || record.metadata.commandType === undefined ? 20 : 23;
  if (record.sourceMessageId) return 19;
  return 0;
}
