import { Errors, singleFieldError } from '../errors.js';
import type { Emulator } from '../emulator.js';
import type { RestRequest, RestResponse, Router } from '../http.js';
import { createMessage, deleteMessage, editMessage, visibleMessage } from '../messages.js';
import { hasPermission, type PermissionName } from '../permissions.js';
import { apiChannel, apiMessage } from '../serialize.js';
import { MessageFlag, validateMessage } from '../validate/messages.js';
import { ChannelType, type ChannelRecord, type MessageRecord } from '../world.js';

/** The bot must see a channel to touch it at all (50001), and hold the permissions an action needs (50013). */
function botChannel(emulator: Emulator, channelId: string, needs: PermissionName[] = []): ChannelRecord {
  const channel = emulator.world.channel(channelId);
  if (!channel) throw Errors.unknownChannel();
  const guild = emulator.world.guild(channel.guildId);
  if (!guild) throw Errors.unknownChannel();
  const bits = emulator.permissions(guild, emulator.world.bot.id);
  if (!hasPermission(bits, 'ViewChannel')) throw Errors.missingAccess();
  for (const name of needs) if (!hasPermission(bits, name)) throw Errors.missingPermissions();
  return channel;
}

function channelMessage(emulator: Emulator, channel: ChannelRecord, messageId: string): MessageRecord {
  const message = visibleMessage(emulator, messageId, null);
  if (!message || message.channelId !== channel.id) throw Errors.unknownMessage();
  return message;
}

function isTextCapable(channel: ChannelRecord): boolean {
  return channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildVoice;
}

function postMessage(emulator: Emulator, request: RestRequest): RestResponse {
  const channel = botChannel(emulator, request.params.channel ?? '', ['SendMessages']);
  if (!isTextCapable(channel)) throw Errors.nonTextChannel();
  const input = validateMessage(request.body ?? {}, {
    mode: 'create',
    path: [],
    allowedFlags: MessageFlag.SuppressEmbeds | MessageFlag.SuppressNotifications | MessageFlag.IsComponentsV2,
    allowReference: true,
  });
  const guild = emulator.world.guild(channel.guildId);
  const bits = guild ? emulator.permissions(guild, emulator.world.bot.id) : 0n;
  if ((input.embeds?.length ?? 0) > 0 && !hasPermission(bits, 'EmbedLinks')) throw Errors.missingPermissions();
  if (request.uploads.length > 0 && !hasPermission(bits, 'AttachFiles')) throw Errors.missingPermissions();
  if (input.enforceNonce && input.nonce !== undefined) {
    const recent = emulator.world
      .channelHistory(channel.id)
      .find((m) => m.nonce === input.nonce && m.authorId === emulator.world.bot.id && Date.now() - Date.parse(m.createdAt) < 120_000);
    if (recent) return { status: 200, json: apiMessage(emulator.world, recent) };
  }
  let reference: MessageRecord['reference'];
  if (input.messageReference) {
    const target = visibleMessage(emulator, input.messageReference.message_id, null);
    if (target && target.channelId === channel.id) {
      reference = { messageId: target.id, channelId: target.channelId, guildId: target.guildId };
    } else if (input.messageReference.fail_if_not_exists !== false) {
      throw singleFieldError(['message_reference'], 'REPLIES_UNKNOWN_MESSAGE', 'Unknown message');
    }
  }
  const message = createMessage(
    emulator,
    {
      channel,
      authorId: emulator.world.bot.id,
      input,
      uploads: request.uploads,
      type: reference ? 19 : 0,
      visibleTo: null,
      ...(reference && { reference }),
    },
    { method: request.method, path: request.path, route: request.route },
  );
  return { status: 200, json: apiMessage(emulator.world, message) };
}

function listMessages(emulator: Emulator, request: RestRequest): RestResponse {
  const channel = botChannel(emulator, request.params.channel ?? '', ['ReadMessageHistory']);
  const limitParam = request.query.get('limit');
  const limit = limitParam === null ? 50 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw singleFieldError(['limit'], 'NUMBER_TYPE_MAX', 'int value should be between 1 and 100.');
  }
  const before = request.query.get('before');
  const after = request.query.get('after');
  let history = emulator.world.channelHistory(channel.id).filter((m) => m.visibleTo === null);
  if (before) history = history.filter((m) => BigInt(m.id) < BigInt(before));
  if (after) history = history.filter((m) => BigInt(m.id) > BigInt(after));
  const newestFirst = history.reverse();
  const page = after ? newestFirst.slice(-limit) : newestFirst.slice(0, limit);
  return { status: 200, json: page.map((m) => apiMessage(emulator.world, m)) };
}

export function registerChannelRoutes(router: Router, emulator: Emulator): void {
  router.add('GET', '/channels/:channel', 'bot', (r) => ({
    status: 200,
    json: apiChannel(botChannel(emulator, r.params.channel ?? '')),
  }));
  router.add('POST', '/channels/:channel/typing', 'bot', (r) => {
    botChannel(emulator, r.params.channel ?? '', ['SendMessages']);
    return { status: 204 };
  });
  router.add('GET', '/channels/:channel/messages', 'bot', (r) => listMessages(emulator, r));
  router.add('POST', '/channels/:channel/messages', 'bot', (r) => postMessage(emulator, r));
  router.add('GET', '/channels/:channel/messages/:message', 'bot', (r) => {
    const channel = botChannel(emulator, r.params.channel ?? '', ['ReadMessageHistory']);
    return { status: 200, json: apiMessage(emulator.world, channelMessage(emulator, channel, r.params.message ?? '')) };
  });
  router.add('PATCH', '/channels/:channel/messages/:message', 'bot', (r) => {
    const channel = botChannel(emulator, r.params.channel ?? '');
    const message = channelMessage(emulator, channel, r.params.message ?? '');
    if (message.authorId !== emulator.world.bot.id) throw Errors.cannotEditOthers();
    const input = validateMessage(r.body ?? {}, {
      mode: 'edit',
      path: [],
      allowedFlags: MessageFlag.SuppressEmbeds | MessageFlag.IsComponentsV2,
      ignoredFlags: MessageFlag.SuppressNotifications,
      existingFlags: message.flags,
    });
    editMessage(emulator, message, input, r.uploads, { method: r.method, path: r.path, route: r.route });
    return { status: 200, json: apiMessage(emulator.world, message) };
  });
  router.add('DELETE', '/channels/:channel/messages/:message', 'bot', (r) => {
    const channel = botChannel(emulator, r.params.channel ?? '');
    const message = channelMessage(emulator, channel, r.params.message ?? '');
    if (message.authorId !== emulator.world.bot.id) botChannel(emulator, channel.id, ['ManageMessages']);
    deleteMessage(emulator, message);
    return { status: 204 };
  });
}
