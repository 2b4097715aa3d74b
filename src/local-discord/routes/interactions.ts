import { ApiError, Errors, singleFieldError } from '../errors.js';
import type { Emulator } from '../emulator.js';
import type { RestRequest, RestResponse, Router } from '../http.js';
import { CallbackType, InteractionKind, type InteractionRecord, responseMessageType } from '../interactions.js';
import { createMessage, deleteMessage, editMessage, numberComponents, visibleMessage, type WriteContext } from '../messages.js';
import { apiMessage } from '../serialize.js';
import { isRecord } from '../validate/fields.js';
import { MessageFlag, validateChoices, validateMessage } from '../validate/messages.js';
import { validateModal } from '../validate/modal.js';
import type { ChannelRecord, MessageRecord } from '../world.js';

const CREATE_FLAGS = MessageFlag.SuppressEmbeds | MessageFlag.Ephemeral | MessageFlag.SuppressNotifications | MessageFlag.IsComponentsV2;
const EDIT_FLAGS = MessageFlag.SuppressEmbeds | MessageFlag.IsComponentsV2;
const EDIT_IGNORED = MessageFlag.Ephemeral | MessageFlag.SuppressNotifications;

function context(request: RestRequest, record?: InteractionRecord): WriteContext {
  return { method: request.method, path: request.path, route: request.route, ...(record && { interactionId: record.id }) };
}

function channelOf(emulator: Emulator, record: InteractionRecord): ChannelRecord {
  const channel = emulator.world.channel(record.channelId);
  if (!channel) throw Errors.unknownChannel();
  return channel;
}

/** A reply to a component points at the message the component sits on. */
function replyReference(emulator: Emulator, record: InteractionRecord): { reference?: MessageRecord['reference'] } {
  if (record.kind !== InteractionKind.MessageComponent || !record.sourceMessageId) return {};
  const source = emulator.world.messages.get(record.sourceMessageId);
  return source ? { reference: { messageId: source.id, channelId: source.channelId, guildId: source.guildId } } : {};
}

/** Which callback types Discord accepts for each kind of interaction. */
function checkCallbackType(record: InteractionRecord, type: number): void {
  const fromMessage = record.sourceMessageId !== undefined;
  const invalid = (): never => {
    throw singleFieldError(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', `Interaction response type ${type} is not valid for this interaction type (${record.kind})`);
  };
  switch (type) {
    case CallbackType.ChannelMessageWithSource:
    case CallbackType.DeferredChannelMessageWithSource:
      if (record.kind === InteractionKind.Autocomplete) invalid();
      return;
    case CallbackType.DeferredUpdateMessage:
    case CallbackType.UpdateMessage:
      if (record.kind === InteractionKind.ModalSubmit && !fromMessage) throw Errors.unknownMessage();
      if (record.kind !== InteractionKind.MessageComponent && record.kind !== InteractionKind.ModalSubmit) invalid();
      return;
    case CallbackType.AutocompleteResult:
      if (record.kind !== InteractionKind.Autocomplete) invalid();
      return;
    case CallbackType.Modal:
      if (record.kind === InteractionKind.Autocomplete || record.kind === InteractionKind.ModalSubmit) invalid();
      return;
    case CallbackType.Pong:
    case CallbackType.PremiumRequired:
    case CallbackType.LaunchActivity:
      invalid();
      return;
    default:
      throw singleFieldError(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 4, 5, 6, 7, 8, 9, 10, 12}.');
  }
}

function callback(emulator: Emulator, request: RestRequest): RestResponse {
  const record = emulator.interactions.get(request.params.interaction ?? '');
  if (!record || record.token !== request.params.token) throw Errors.unknownInteraction().explained('no interaction has this id and token');
  request.interactionId = record.id;
  if (record.ack) {
    throw Errors.alreadyAcknowledged().explained(`${record.label} was already answered with callback type ${record.ack.type}`);
  }
  const elapsed = Date.now() - record.createdAt;
  if (elapsed > emulator.options.ackDeadlineMs) {
    throw new ApiError(
      404,
      { message: 'Unknown interaction', code: 10062 },
      'late-ack',
      `${record.label} was acknowledged ${elapsed} ms after it was sent; the deadline is ${emulator.options.ackDeadlineMs} ms (defer first)`,
    );
  }
  const body = request.body;
  if (!isRecord(body)) throw singleFieldError(['type'], 'BASE_TYPE_REQUIRED', 'This field is required');
  const type = body.type;
  if (typeof type !== 'number') throw singleFieldError(['type'], 'BASE_TYPE_REQUIRED', 'This field is required');
  checkCallbackType(record, type);
  const ctx = context(request, record);
  const channel = channelOf(emulator, record);
  let resourceMessage: MessageRecord | undefined;

  switch (type) {
    case CallbackType.ChannelMessageWithSource: {
      const input = validateMessage(body.data ?? {}, { mode: 'create', path: ['data'], allowedFlags: CREATE_FLAGS });
      const ephemeral = ((input.flags ?? 0) & MessageFlag.Ephemeral) !== 0;
      resourceMessage = createMessage(
        emulator,
        {
          channel,
          authorId: emulator.world.bot.id,
          input,
          uploads: request.uploads,
          type: responseMessageType(record),
          visibleTo: ephemeral ? record.userId : null,
          viaWebhook: true,
          interaction: record.metadata,
          interactionId: record.id,
          ...replyReference(emulator, record),
          errorPath: ['data'],
        },
        ctx,
      );
      record.originalMessageId = resourceMessage.id;
      break;
    }
    case CallbackType.DeferredChannelMessageWithSource: {
      const data = isRecord(body.data) ? body.data : {};
      const input = validateMessage({ flags: data.flags }, { mode: 'create', path: ['data'], allowedFlags: MessageFlag.Ephemeral | MessageFlag.SuppressNotifications | MessageFlag.IsComponentsV2 });
      const ephemeral = ((input.flags ?? 0) & MessageFlag.Ephemeral) !== 0;
      resourceMessage = createMessage(
        emulator,
        {
          channel,
          authorId: emulator.world.bot.id,
          input: { ...(input.flags !== undefined && { flags: input.flags }) },
          uploads: [],
          type: responseMessageType(record),
          visibleTo: ephemeral ? record.userId : null,
          viaWebhook: true,
          interaction: record.metadata,
          interactionId: record.id,
          ...replyReference(emulator, record),
          loading: true,
        },
        ctx,
      );
      record.originalMessageId = resourceMessage.id;
      record.loading = true;
      break;
    }
    case CallbackType.DeferredUpdateMessage:
      record.originalMessageId = record.sourceMessageId;
      break;
    case CallbackType.UpdateMessage: {
      const source = visibleMessage(emulator, record.sourceMessageId ?? '', record.userId);
      if (!source) throw Errors.unknownMessage();
      const input = validateMessage(body.data ?? {}, {
        mode: 'edit',
        path: ['data'],
        allowedFlags: EDIT_FLAGS,
        ignoredFlags: EDIT_IGNORED,
        existingFlags: source.flags,
      });
      resourceMessage = editMessage(emulator, source, input, request.uploads, ctx, { errorPath: ['data'] });
      record.originalMessageId = source.id;
      break;
    }
    case CallbackType.AutocompleteResult:
      record.choices = validateChoices(body.data, record.focusedType ?? 3, ['data']);
      break;
    case CallbackType.Modal:
      record.modal = validateModal(body.data, ['data']);
      record.modal.components = numberComponents(record.modal.components);
      break;
  }

  record.ack = { type, at: Date.now() };
  emulator.bus.emit('ack', record);
  if (request.query.get('with_response') !== 'true') return { status: 204 };
  const resource = resourceMessage
    ? { type, message: apiMessage(emulator.world, resourceMessage) }
    : undefined;
  return {
    status: 200,
    json: {
      interaction: {
        id: record.id,
        type: record.kind,
        ...(resourceMessage && {
          response_message_id: resourceMessage.id,
          response_message_loading: (resourceMessage.flags & MessageFlag.Loading) !== 0,
          response_message_ephemeral: resourceMessage.visibleTo !== null,
        }),
      },
      ...(resource && { resource }),
    },
  };
}

/** Resolves an interaction webhook: the app id must match and the token must be live (15 minutes). */
function webhookInteraction(emulator: Emulator, request: RestRequest): InteractionRecord {
  const record = emulator.interactionsByToken.get(request.params.token ?? '');
  if (!record || request.params.application !== emulator.applicationId) throw Errors.unknownWebhook();
  request.interactionId = record.id;
  const age = Date.now() - record.createdAt;
  if (age > emulator.options.interactionTokenTtlMs) {
    throw Errors.invalidWebhookToken().explained(`the token of ${record.label} expired (${age} ms old, valid for ${emulator.options.interactionTokenTtlMs} ms)`);
  }
  return record;
}

/** `@original` exists once the interaction was answered with a message (4/5) or an update (6/7). */
function targetMessage(emulator: Emulator, record: InteractionRecord, messageParam: string): MessageRecord {
  if (messageParam === '@original') {
    const acked = record.ack?.type;
    if (acked === undefined || acked === CallbackType.AutocompleteResult || acked === CallbackType.Modal || !record.originalMessageId) {
      throw Errors.unknownWebhook().explained(
        acked === undefined ? `${record.label} has no response yet: acknowledge it before editing @original` : `${record.label} was answered without a message`,
      );
    }
    const message = visibleMessage(emulator, record.originalMessageId, record.userId);
    if (!message) throw Errors.unknownMessage();
    return message;
  }
  const message = visibleMessage(emulator, messageParam, record.userId);
  const ownedByApp = message && message.authorId === emulator.world.bot.id && message.channelId === record.channelId;
  if (!message || !ownedByApp) throw Errors.unknownMessage();
  return message;
}

function followUp(emulator: Emulator, request: RestRequest): RestResponse {
  const record = webhookInteraction(emulator, request);
  const acked = record.ack?.type;
  if (acked === undefined || acked === CallbackType.AutocompleteResult || acked === CallbackType.Modal) {
    throw Errors.unknownWebhook().explained(
      acked === undefined ? `${record.label} must be acknowledged before a follow-up` : `${record.label} was answered with callback type ${acked}, which takes no follow-ups`,
    );
  }
  const input = validateMessage(request.body ?? {}, { mode: 'create', path: [], allowedFlags: CREATE_FLAGS });
  const ctx = context(request, record);
  let message: MessageRecord;
  if (record.loading && record.originalMessageId) {
    // The first follow-up after a deferred reply delivers that reply; its ephemerality was fixed by the deferral.
    const original = emulator.world.messages.get(record.originalMessageId);
    if (!original) throw Errors.unknownMessage();
    const { flags: _flags, ...rest } = input;
    message = editMessage(emulator, original, rest, request.uploads, ctx, { completesDeferral: true });
    record.loading = false;
  } else {
    const ephemeral = ((input.flags ?? 0) & MessageFlag.Ephemeral) !== 0;
    message = createMessage(
      emulator,
      {
        channel: channelOf(emulator, record),
        authorId: emulator.world.bot.id,
        input,
        uploads: request.uploads,
        type: 0,
        visibleTo: ephemeral ? record.userId : null,
        viaWebhook: true,
        interaction: { ...record.metadata, ...(record.originalMessageId && { originalResponseMessageId: record.originalMessageId }) },
        interactionId: record.id,
      },
      ctx,
    );
    record.followUpIds.push(message.id);
  }
  if (request.query.get('wait') !== 'true') return { status: 204 };
  return { status: 200, json: apiMessage(emulator.world, message) };
}

function getWebhookMessage(emulator: Emulator, request: RestRequest): RestResponse {
  const record = webhookInteraction(emulator, request);
  const message = targetMessage(emulator, record, request.params.message ?? '');
  return { status: 200, json: apiMessage(emulator.world, message) };
}

function editWebhookMessage(emulator: Emulator, request: RestRequest): RestResponse {
  const record = webhookInteraction(emulator, request);
  const message = targetMessage(emulator, record, request.params.message ?? '');
  const input = validateMessage(request.body ?? {}, {
    mode: 'edit',
    path: [],
    allowedFlags: EDIT_FLAGS,
    ignoredFlags: EDIT_IGNORED,
    existingFlags: message.flags,
  });
  const completesDeferral = record.loading && message.id === record.originalMessageId;
  editMessage(emulator, message, input, request.uploads, context(request, record), { completesDeferral });
  if (completesDeferral) record.loading = false;
  return { status: 200, json: apiMessage(emulator.world, message) };
}

function deleteWebhookMessage(emulator: Emulator, request: RestRequest): RestResponse {
  const record = webhookInteraction(emulator, request);
  const message = targetMessage(emulator, record, request.params.message ?? '');
  deleteMessage(emulator, message);
  if (message.id === record.originalMessageId) record.loading = false;
  return { status: 204 };
}

export function registerInteractionRoutes(router: Router, emulator: Emulator): void {
  router.add('POST', '/interactions/:interaction/:token/callback', 'none', (r) => callback(emulator, r));
  router.add('POST', '/webhooks/:application/:token', 'none', (r) => followUp(emulator, r));
  router.add('GET', '/webhooks/:application/:token/messages/:message', 'none', (r) => getWebhookMessage(emulator, r));
  router.add('PATCH', '/webhooks/:application/:token/messages/:message', 'none', (r) => editWebhookMessage(emulator, r));
  router.add('DELETE', '/webhooks/:application/:token/messages/:message', 'none', (r) => deleteWebhookMessage(emulator, r));
}
