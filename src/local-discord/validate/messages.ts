import { ApiError, type ErrorPath, FormErrors } from '../errors.js';
import { checkMessageComponents, type AttachmentReference } from './components.js';
import { checkEmbeds } from './embeds.js';
import { checkArray, checkBoolean, checkInteger, checkObject, checkSnowflake, checkString, isPresent, isRecord } from './fields.js';

export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsComponentsV2: 1 << 15,
} as const;

export interface AllowedMentions {
  parse?: ('users' | 'roles' | 'everyone')[];
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

/** An entry of the `attachments` array: a new upload (id = its `files[n]` index) or an existing attachment to keep. */
export interface AttachmentRef {
  id: string;
  filename?: string;
  description?: string;
  title?: string;
}

export interface MessageReferenceInput {
  message_id: string;
  channel_id?: string;
  guild_id?: string;
  fail_if_not_exists?: boolean;
}

/** A validated message body. `undefined` means the field was absent; `null` (edits only) clears it. */
export interface MessageInput {
  content?: string | null;
  embeds?: Record<string, unknown>[] | null;
  components?: Record<string, unknown>[] | null;
  flags?: number;
  allowedMentions?: AllowedMentions | null;
  attachments?: AttachmentRef[] | null;
  messageReference?: MessageReferenceInput;
  nonce?: string;
  enforceNonce?: boolean;
  tts?: boolean;
  /** `attachment://name` URLs in the components, checked against the attachments once the write is applied. */
  attachmentRefs?: AttachmentReference[];
}

export interface MessageRules {
  mode: 'create' | 'edit';
  /** Prefix of every error path, e.g. `['data']` inside an interaction callback. */
  path: ErrorPath;
  /** Flags the caller may set; others are refused. */
  allowedFlags: number;
  /** Flags Discord silently drops in this context (e.g. EPHEMERAL on an edit). */
  ignoredFlags?: number;
  /** Flags of the message being edited (decides whether components are V2). */
  existingFlags?: number;
  /** Whether `message_reference` is accepted (channel messages only). */
  allowReference?: boolean;
}

/** Tokens that notify people when a message is delivered. */
export const MENTION_PATTERN = /@everyone|@here|<@!?\d{1,20}>|<@&\d{1,20}>/;

export function containsMention(content: string | null | undefined): boolean {
  return typeof content === 'string' && MENTION_PATTERN.test(content);
}

function checkAllowedMentions(errors: FormErrors, path: ErrorPath, value: unknown): AllowedMentions | undefined {
  const raw = checkObject(errors, path, value);
  if (!raw) return undefined;
  const result: AllowedMentions = {};
  const parse = checkArray(errors, [...path, 'parse'], raw.parse, { max: 3 });
  if (parse) {
    const kinds: AllowedMentions['parse'] = [];
    parse.forEach((kind, index) => {
      if (kind === 'users' || kind === 'roles' || kind === 'everyone') kinds.push(kind);
      else errors.add([...path, 'parse', index], 'BASE_TYPE_CHOICES', "Value must be one of ('roles', 'users', 'everyone').");
    });
    result.parse = kinds;
  }
  for (const key of ['users', 'roles'] as const) {
    const ids = checkArray(errors, [...path, key], raw[key], { max: 100 });
    if (!ids) continue;
    result[key] = ids.map((id, index) => checkSnowflake(errors, [...path, key, index], id, true) ?? '');
    if (result.parse?.includes(key)) {
      errors.add([...path, key], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${key}"] and ${key}: [ids...] are mutually exclusive.`);
    }
  }
  const repliedUser = checkBoolean(errors, [...path, 'replied_user'], raw.replied_user);
  if (repliedUser !== undefined) result.replied_user = repliedUser;
  return result;
}

function checkAttachmentRefs(errors: FormErrors, path: ErrorPath, value: unknown): AttachmentRef[] | undefined {
  const refs = checkArray(errors, path, value, { max: 10 });
  if (!refs) return undefined;
  return refs.flatMap((raw, index) => {
    const ref = checkObject(errors, [...path, index], raw, true);
    if (!ref) return [];
    const id = checkSnowflake(errors, [...path, index, 'id'], ref.id, true);
    const description = checkString(errors, [...path, index, 'description'], ref.description, { max: 1024 });
    const filename = checkString(errors, [...path, index, 'filename'], ref.filename, { min: 1, max: 1024 });
    const title = checkString(errors, [...path, index, 'title'], ref.title, { max: 1024 });
    if (id === undefined) return [];
    return [{ id, ...(description !== undefined && { description }), ...(filename !== undefined && { filename }), ...(title !== undefined && { title }) }];
  });
}

/** Validates a message body the way Discord does, throwing its 50035 error with every offending path. */
export function validateMessage(body: unknown, rules: MessageRules): MessageInput {
  const errors = new FormErrors();
  const p = rules.path;
  if (!isRecord(body)) {
    errors.add(p, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    errors.throwIfAny();
    return {};
  }
  const edit = rules.mode === 'edit';
  const input: MessageInput = {};

  let flags: number | undefined;
  if (isPresent(body.flags)) {
    const raw = checkInteger(errors, [...p, 'flags'], body.flags, { min: 0 });
    if (raw !== undefined) {
      const kept = raw & ~(rules.ignoredFlags ?? 0);
      if ((kept & ~rules.allowedFlags) !== 0) {
        errors.add([...p, 'flags'], 'MESSAGE_FLAGS_INVALID', `Flags ${kept & ~rules.allowedFlags} cannot be set here.`);
      } else {
        flags = kept;
        input.flags = kept;
      }
    }
  }
  const wasV2 = ((rules.existingFlags ?? 0) & MessageFlag.IsComponentsV2) !== 0;
  // Once sent with IS_COMPONENTS_V2 a message keeps it: an edit that sends flags without it is refused, not obeyed.
  if (edit && wasV2 && flags !== undefined && (flags & MessageFlag.IsComponentsV2) === 0) {
    errors.add([...p, 'flags'], 'MESSAGE_CANNOT_REMOVE_COMPONENTS_V2_FLAG', 'The IS_COMPONENTS_V2 flag cannot be removed from a message');
  }
  const v2 = (((flags ?? 0) | (rules.existingFlags ?? 0)) & MessageFlag.IsComponentsV2) !== 0;

  if ('content' in body && !(edit && body.content === null)) {
    const content = checkString(errors, [...p, 'content'], body.content, { max: 2000 });
    if (content !== undefined) input.content = content;
  } else if (edit && body.content === null) input.content = null;

  if ('embeds' in body && !(edit && body.embeds === null)) {
    checkEmbeds(errors, [...p, 'embeds'], body.embeds);
    if (Array.isArray(body.embeds)) input.embeds = body.embeds as Record<string, unknown>[];
  } else if (edit && body.embeds === null) input.embeds = null;

  if (v2) {
    if (typeof input.content === 'string' && input.content.length > 0) {
      errors.add([...p, 'content'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2");
    }
    if (Array.isArray(input.embeds) && input.embeds.length > 0) {
      errors.add([...p, 'embeds'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2");
    }
  }

  if ('components' in body && !(edit && body.components === null)) {
    const refs = checkMessageComponents(errors, [...p, 'components'], body.components, v2);
    if (refs.length > 0) input.attachmentRefs = refs;
    if (Array.isArray(body.components)) input.components = body.components as Record<string, unknown>[];
  } else if (edit && body.components === null) input.components = null;

  if ('allowed_mentions' in body) {
    if (body.allowed_mentions === null) input.allowedMentions = null;
    else {
      const allowed = checkAllowedMentions(errors, [...p, 'allowed_mentions'], body.allowed_mentions);
      if (allowed) input.allowedMentions = allowed;
    }
  }

  if ('attachments' in body) {
    if (body.attachments === null) input.attachments = edit ? [] : null;
    else {
      const refs = checkAttachmentRefs(errors, [...p, 'attachments'], body.attachments);
      if (refs) input.attachments = refs;
    }
  }

  if (isPresent(body.message_reference)) {
    if (!rules.allowReference) {
      errors.add([...p, 'message_reference'], 'MESSAGE_REFERENCE_NOT_ALLOWED', 'A message reference cannot be set here.');
    } else {
      const ref = checkObject(errors, [...p, 'message_reference'], body.message_reference);
      if (ref) {
        const messageId = checkSnowflake(errors, [...p, 'message_reference', 'message_id'], ref.message_id, true);
        const failIfNotExists = checkBoolean(errors, [...p, 'message_reference', 'fail_if_not_exists'], ref.fail_if_not_exists);
        if (messageId !== undefined) {
          input.messageReference = {
            message_id: messageId,
            ...(typeof ref.channel_id === 'string' && { channel_id: ref.channel_id }),
            ...(typeof ref.guild_id === 'string' && { guild_id: ref.guild_id }),
            ...(failIfNotExists !== undefined && { fail_if_not_exists: failIfNotExists }),
          };
        }
      }
    }
  }

  if (isPresent(body.nonce)) {
    const nonce = body.nonce;
    if ((typeof nonce === 'string' && nonce.length <= 25) || (typeof nonce === 'number' && Number.isInteger(nonce))) {
      input.nonce = String(nonce);
    } else {
      errors.add([...p, 'nonce'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    }
  }
  input.enforceNonce = body.enforce_nonce === true;
  if (typeof body.tts === 'boolean') input.tts = body.tts;

  if (v2) {
    for (const legacy of ['poll', 'sticker_ids'] as const) {
      const value = body[legacy];
      if (isPresent(value) && !(Array.isArray(value) && value.length === 0)) {
        errors.add([...p, legacy], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', `The '${legacy}' field cannot be used when using MessageFlags.IS_COMPONENTS_V2`);
      }
    }
  }

  for (const unsupported of ['poll', 'sticker_ids'] as const) {
    const value = body[unsupported];
    if (!v2 && isPresent(value) && !(Array.isArray(value) && value.length === 0)) {
      errors.add([...p, unsupported], 'EMULATOR_UNSUPPORTED', `The local Discord does not emulate ${unsupported}.`);
    }
  }

  errors.throwIfAny();
  return input;
}

/** Autocomplete results: at most 25 choices, names 1–100, values matching the option's type. */
export function validateChoices(body: unknown, optionType: number, path: ErrorPath): { name: string; value: string | number }[] {
  const errors = new FormErrors();
  const data = checkObject(errors, path, body, true);
  const choices = data ? checkArray(errors, [...path, 'choices'], data.choices, { max: 25, required: true }) : undefined;
  const result: { name: string; value: string | number }[] = [];
  choices?.forEach((raw, index) => {
    const choicePath = [...path, 'choices', index];
    const choice = checkObject(errors, choicePath, raw, true);
    if (!choice) return;
    const name = checkString(errors, [...choicePath, 'name'], choice.name, { min: 1, max: 100, required: true });
    const value = checkChoiceValue(errors, [...choicePath, 'value'], choice.value, optionType);
    if (name !== undefined && value !== undefined) result.push({ name, value });
  });
  errors.throwIfAny();
  return result;
}

/** A choice value must have the option's type: strings ≤ 100 for STRING, integers for INTEGER, numbers for NUMBER. */
export function checkChoiceValue(errors: FormErrors, path: ErrorPath, value: unknown, optionType: number): string | number | undefined {
  if (optionType === 3) return checkString(errors, path, value, { max: 100, required: true });
  if (optionType === 4) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
      return undefined;
    }
    return value;
  }
  if (optionType === 10) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not a valid number.`);
      return undefined;
    }
    return value;
  }
  errors.add(path, 'APPLICATION_COMMAND_OPTION_CHOICES_INVALID_TYPE', 'Choices are only allowed on STRING, INTEGER and NUMBER options');
  return undefined;
}

export function refusal(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
