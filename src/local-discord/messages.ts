import { Errors, FormErrors, type ErrorPath } from './errors.js';
import type { Emulator } from './emulator.js';
import type { Upload } from './http.js';
import { apiMember, apiMessage } from './serialize.js';
import { containsMention, MENTION_PATTERN, MessageFlag, type AllowedMentions, type MessageInput } from './validate/messages.js';
import { isRecord } from './validate/fields.js';
import type {
  AttachmentRecord,
  ChannelRecord,
  GuildRecord,
  InteractionMetadataRecord,
  MessageRecord,
} from './world.js';

/** Which request wrote a message; violations are reported against it. */
export interface WriteContext {
  method: string;
  path: string;
  route: string;
  interactionId?: string;
}

export interface NewMessage {
  channel: ChannelRecord;
  authorId: string;
  input: MessageInput;
  uploads: Upload[];
  type: number;
  visibleTo: string | null;
  /** Sent through the application's interaction webhook. */
  viaWebhook?: boolean;
  interaction?: InteractionMetadataRecord;
  interactionId?: string;
  reference?: MessageRecord['reference'];
  /** A deferred response: empty and "thinking" until the bot edits it. */
  loading?: boolean;
  errorPath?: ErrorPath;
}

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

export function guessContentType(filename: string): string | null {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  return (ext && CONTENT_TYPES[ext]) ?? null;
}

/** Discord replaces characters it does not keep in attachment names. */
function cleanFilename(name: string): string {
  const cleaned = name.replace(/\s+/g, '_').replace(/[^\w.-]/g, '');
  return cleaned.length > 0 ? cleaned : 'unknown';
}

export function storeAttachment(
  emulator: Emulator,
  channelId: string,
  file: { filename: string; contentType: string | null; data: Buffer; description?: string; title?: string },
  ephemeral: boolean,
): AttachmentRecord {
  const id = emulator.ids.next();
  const filename = cleanFilename(file.filename);
  const folder = ephemeral ? 'ephemeral-attachments' : 'attachments';
  const record: AttachmentRecord = {
    id,
    filename,
    size: file.data.length,
    contentType: file.contentType && file.contentType !== 'application/octet-stream' ? file.contentType : guessContentType(filename),
    ...(file.description !== undefined && { description: file.description }),
    ...(file.title !== undefined && { title: file.title }),
    data: file.data,
    url: `${emulator.baseUrl}/${folder}/${channelId}/${id}/${encodeURIComponent(filename)}`,
    ephemeral,
  };
  emulator.world.attachments.set(id, record);
  return record;
}

/** New uploads plus the attachments an edit keeps, following the v10 `attachments` array rules. */
function resolveAttachments(
  emulator: Emulator,
  channelId: string,
  input: MessageInput,
  uploads: Upload[],
  existing: AttachmentRecord[],
  ephemeral: boolean,
  path: ErrorPath,
): AttachmentRecord[] {
  const errors = new FormErrors();
  for (const upload of uploads) {
    if (upload.data.length > emulator.options.attachmentSizeLimit) throw Errors.payloadTooLarge();
  }
  const byIndex = new Map(uploads.map((upload) => [String(upload.index), upload]));
  const used = new Set<string>();
  const result: AttachmentRecord[] = [];
  const refs = input.attachments;
  if (refs) {
    refs.forEach((ref, index) => {
      const upload = byIndex.get(ref.id);
      if (upload) {
        used.add(ref.id);
        result.push(
          storeAttachment(
            emulator,
            channelId,
            {
              filename: ref.filename ?? upload.filename,
              contentType: upload.contentType,
              data: upload.data,
              ...(ref.description !== undefined && { description: ref.description }),
              ...(ref.title !== undefined && { title: ref.title }),
            },
            ephemeral,
          ),
        );
        return;
      }
      const kept = existing.find((attachment) => attachment.id === ref.id);
      if (kept) result.push(kept);
      else errors.add([...path, 'attachments', index, 'id'], 'ATTACHMENT_NOT_FOUND', `Unknown attachment ${ref.id}`);
    });
  } else {
    result.push(...existing);
  }
  for (const upload of uploads) {
    if (used.has(String(upload.index))) continue;
    result.push(storeAttachment(emulator, channelId, upload, ephemeral));
  }
  if (result.length > 10) errors.add([...path, 'attachments'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  errors.throwIfAny();
  return result;
}

/** Every `attachment://name` in a stored component tree (an edit that keeps the components but drops files must still match). */
function storedAttachmentRefs(components: Record<string, unknown>[]): { path: ErrorPath; filename: string }[] {
  const refs: { path: ErrorPath; filename: string }[] = [];
  const walk = (node: unknown, path: ErrorPath): void => {
    if (!isRecord(node)) return;
    for (const key of ['media', 'file'] as const) {
      const media = node[key];
      const url = isRecord(media) ? media.url : undefined;
      const match = typeof url === 'string' ? /^attachment:\/\/(.+)$/i.exec(url) : null;
      if (match?.[1]) refs.push({ path: [...path, key, 'url'], filename: match[1] });
    }
    if (Array.isArray(node.components)) node.components.forEach((child, i) => walk(child, [...path, 'components', i]));
    if (Array.isArray(node.items)) node.items.forEach((child, i) => walk(child, [...path, 'items', i]));
    if (node.accessory) walk(node.accessory, [...path, 'accessory']);
  };
  components.forEach((component, i) => walk(component, ['components', i]));
  return refs;
}

/**
 * Components V2 rules that depend on the message as a whole once the write is applied: no legacy content or embeds
 * (an edit may turn a classic message into a V2 one only by clearing them), and every `attachment://name` names
 * one of its attachments.
 */
function checkComponentsV2Result(message: MessageRecord, refs: { path: ErrorPath; filename: string }[], path: ErrorPath): void {
  if ((message.flags & MessageFlag.IsComponentsV2) === 0) return;
  const errors = new FormErrors();
  if (message.content.length > 0) {
    errors.add([...path, 'content'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2");
  }
  if (message.embeds.length > 0) {
    errors.add([...path, 'embeds'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2");
  }
  const names = new Set(message.attachments.map((attachment) => attachment.filename));
  for (const ref of refs) {
    if (!names.has(ref.filename) && !names.has(cleanFilename(ref.filename))) {
      errors.add([...path, ...ref.path], 'UNFURLED_MEDIA_ATTACHMENT_NOT_FOUND', `No attachment named "${ref.filename}" on this message`);
    }
  }
  errors.throwIfAny();
}

/** Discord numbers components that come without an `id`, in tree order. */
export function numberComponents(components: Record<string, unknown>[]): Record<string, unknown>[] {
  const copy = structuredClone(components);
  const taken = new Set<number>();
  const all: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (!isRecord(node)) return;
    if (typeof node.type === 'number') {
      all.push(node);
      if (typeof node.id === 'number') taken.add(node.id);
    }
    for (const key of ['components', 'accessory', 'component'] as const) {
      const child = node[key];
      if (Array.isArray(child)) child.forEach(walk);
      else walk(child);
    }
  };
  copy.forEach(walk);
  let next = 1;
  for (const node of all) {
    if (typeof node.id === 'number') continue;
    while (taken.has(next)) next++;
    node.id = next;
    taken.add(next);
  }
  return copy;
}

function computeMentions(
  guild: GuildRecord | undefined,
  content: string,
  allowed: AllowedMentions | null | undefined,
): MessageRecord['mentions'] {
  const parse = allowed ? (allowed.parse ?? []) : ['users', 'roles', 'everyone'];
  const users = new Set<string>();
  const roles = new Set<string>();
  for (const match of content.matchAll(/<@!?(\d{1,20})>/g)) {
    const id = match[1] as string;
    if ((parse.includes('users') || allowed?.users?.includes(id)) && guild?.members.has(id)) users.add(id);
  }
  for (const match of content.matchAll(/<@&(\d{1,20})>/g)) {
    const id = match[1] as string;
    if ((parse.includes('roles') || allowed?.roles?.includes(id)) && guild?.roles.has(id)) roles.add(id);
  }
  const everyone = parse.includes('everyone') && /@everyone|@here/.test(content);
  return { users: [...users], roles: [...roles], everyone };
}

/** Project rule: text that can ping people must be sent with explicit allowed_mentions. */
function checkMentionGuard(emulator: Emulator, input: MessageInput, context: WriteContext): void {
  if (!containsMention(input.content) || input.allowedMentions !== undefined) return;
  const token = MENTION_PATTERN.exec(input.content ?? '')?.[0] ?? '';
  emulator.recordViolation({
    rule: 'allowed-mentions',
    message: `content contains the mention-like token "${token}" but the request has no allowed_mentions, so it would ping people (send allowedMentions: { parse: [] })`,
    method: context.method,
    path: context.path,
    route: `${context.method} ${context.route}`,
    status: 200,
    code: -1,
    ...(context.interactionId !== undefined && { interactionId: context.interactionId }),
  });
}

function isEmpty(message: Pick<MessageRecord, 'content' | 'embeds' | 'components' | 'attachments'>): boolean {
  return message.content.length === 0 && message.embeds.length === 0 && message.components.length === 0 && message.attachments.length === 0;
}

function dispatchMessage(emulator: Emulator, event: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: MessageRecord): void {
  if (message.visibleTo !== null) return;
  const guild = emulator.world.guild(message.guildId);
  const member = guild?.members.get(message.authorId);
  emulator.dispatch(
    event,
    () => {
      const api = apiMessage(emulator.world, message);
      const { user: _user, ...partialMember } = member ? apiMember(emulator.world, member) : { user: undefined };
      return { ...api, guild_id: message.guildId, ...(member && { member: partialMember }) };
    },
    message.guildId,
  );
}

export function createMessage(emulator: Emulator, spec: NewMessage, context: WriteContext): MessageRecord {
  const { input } = spec;
  const path = spec.errorPath ?? [];
  const ephemeral = spec.visibleTo !== null;
  const attachments = resolveAttachments(emulator, spec.channel.id, input, spec.uploads, [], ephemeral, path);
  const guild = emulator.world.guild(spec.channel.guildId);
  const content = input.content ?? '';
  const allowedMentions = input.allowedMentions;
  let flags = (input.flags ?? 0) & ~MessageFlag.Ephemeral;
  if (ephemeral) flags |= MessageFlag.Ephemeral;
  if (spec.loading) flags |= MessageFlag.Loading;
  const message: MessageRecord = {
    id: emulator.ids.next(),
    channelId: spec.channel.id,
    guildId: spec.channel.guildId,
    authorId: spec.authorId,
    type: spec.type,
    content,
    embeds: structuredClone(input.embeds ?? []),
    components: numberComponents(input.components ?? []),
    attachments,
    flags,
    tts: input.tts === true,
    createdAt: new Date().toISOString(),
    editedAt: null,
    allowedMentions,
    mentions: computeMentions(guild, content, allowedMentions),
    ...(spec.viaWebhook && { webhookId: emulator.applicationId, applicationId: emulator.applicationId }),
    ...(spec.interaction && { interaction: spec.interaction }),
    ...(spec.reference && { reference: spec.reference }),
    ...(input.nonce !== undefined && { nonce: input.nonce }),
    visibleTo: spec.visibleTo,
    deleted: false,
    ...(spec.interactionId !== undefined && { interactionId: spec.interactionId }),
  };
  if (!spec.loading && isEmpty(message)) throw Errors.emptyMessage();
  checkComponentsV2Result(message, (input.attachmentRefs ?? []).map((ref) => ({ ...ref, path: ref.path.slice(path.length) })), path);
  checkMentionGuard(emulator, input, context);
  emulator.world.addMessage(message);
  dispatchMessage(emulator, 'MESSAGE_CREATE', message);
  emulator.bus.emit('message-created', message);
  return message;
}

export interface EditOptions {
  errorPath?: ErrorPath;
  /** The first edit of a deferred response delivers it: it is not marked as edited. */
  completesDeferral?: boolean;
}

export function editMessage(
  emulator: Emulator,
  message: MessageRecord,
  input: MessageInput,
  uploads: Upload[],
  context: WriteContext,
  options: EditOptions = {},
): MessageRecord {
  const path = options.errorPath ?? [];
  const attachments = resolveAttachments(emulator, message.channelId, input, uploads, message.attachments, message.visibleTo !== null, path);
  const next: MessageRecord = {
    ...message,
    content: input.content === undefined ? message.content : (input.content ?? ''),
    embeds: input.embeds === undefined ? message.embeds : structuredClone(input.embeds ?? []),
    components: input.components === undefined ? message.components : numberComponents(input.components ?? []),
    attachments,
  };
  if (input.flags !== undefined) {
    // Only SUPPRESS_EMBEDS and IS_COMPONENTS_V2 can change on an edit; ephemerality never does.
    const keep = message.flags & ~MessageFlag.SuppressEmbeds;
    next.flags = keep | (input.flags & (MessageFlag.SuppressEmbeds | MessageFlag.IsComponentsV2));
  }
  if (options.completesDeferral) next.flags &= ~MessageFlag.Loading;
  if ((next.flags & MessageFlag.Loading) === 0 && isEmpty(next)) throw Errors.emptyMessage();
  const refs = input.components === undefined ? storedAttachmentRefs(next.components) : (input.attachmentRefs ?? []).map((ref) => ({ ...ref, path: ref.path.slice(path.length) }));
  checkComponentsV2Result(next, refs, path);
  if (input.allowedMentions !== undefined || input.content !== undefined) next.allowedMentions = input.allowedMentions;
  next.mentions = computeMentions(emulator.world.guild(message.guildId), next.content, next.allowedMentions);
  if (!options.completesDeferral) next.editedAt = new Date().toISOString();
  checkMentionGuard(emulator, input, context);
  Object.assign(message, next);
  dispatchMessage(emulator, 'MESSAGE_UPDATE', message);
  emulator.bus.emit('message-updated', message);
  return message;
}

export function deleteMessage(emulator: Emulator, message: MessageRecord): void {
  message.deleted = true;
  if (message.visibleTo === null) {
    emulator.dispatch('MESSAGE_DELETE', { id: message.id, channel_id: message.channelId, guild_id: message.guildId }, message.guildId);
  }
  emulator.bus.emit('message-deleted', message);
}

/** A message as the given user sees it (ephemeral messages only exist for their recipient). */
export function visibleMessage(emulator: Emulator, messageId: string, viewerId: string | null): MessageRecord | undefined {
  const message = emulator.world.messages.get(messageId);
  if (!message || message.deleted) return undefined;
  if (message.visibleTo !== null && message.visibleTo !== viewerId) return undefined;
  return message;
}
