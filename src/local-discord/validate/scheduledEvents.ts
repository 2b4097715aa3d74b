import { type ErrorPath, FormErrors } from '../errors.js';
import { checkInteger, checkObject, checkSnowflake, checkString, isPresent, isRecord } from './fields.js';

export const EventEntityType = { StageInstance: 1, Voice: 2, External: 3 } as const;
export const EventStatus = { Scheduled: 1, Active: 2, Completed: 3, Canceled: 4 } as const;

/** The fields of a scheduled event that the bot controls, after validation. */
export interface ScheduledEventFields {
  name: string;
  description: string | null;
  privacy_level: number;
  scheduled_start_time: string;
  scheduled_end_time: string | null;
  entity_type: number;
  channel_id: string | null;
  entity_metadata: { location: string } | null;
  status: number;
}

export interface EventRules {
  /** The event being edited (PATCH), or undefined on create. */
  existing?: ScheduledEventFields;
  /** Channel type of a guild channel, undefined when the guild has no such channel. */
  channelType: (channelId: string) => number | undefined;
  now: number;
}

const ALLOWED_TRANSITIONS: Record<number, readonly number[]> = {
  [EventStatus.Scheduled]: [EventStatus.Active, EventStatus.Canceled],
  [EventStatus.Active]: [EventStatus.Completed],
};

function checkTime(errors: FormErrors, path: ErrorPath, value: unknown, required: boolean): string | undefined {
  if (!isPresent(value)) {
    if (required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    errors.add(path, 'DATE_TYPE_PARSE', `Could not parse ${String(value)}. Should be ISO8601.`);
    return undefined;
  }
  return new Date(Date.parse(value)).toISOString();
}

/** Validates a create (POST) or modify (PATCH) body and returns the resulting event fields. */
export function validateScheduledEvent(body: unknown, rules: EventRules): ScheduledEventFields {
  const errors = new FormErrors();
  if (!isRecord(body)) {
    errors.add([], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    errors.throwIfAny();
  }
  const input = body as Record<string, unknown>;
  const existing = rules.existing;
  const creating = existing === undefined;
  const has = (key: string): boolean => key in input && input[key] !== undefined;

  const name = has('name') || creating
    ? checkString(errors, ['name'], input.name, { min: 1, max: 100, required: true })
    : existing.name;
  const description = has('description')
    ? input.description === null
      ? null
      : (checkString(errors, ['description'], input.description, { max: 1000 }) ?? null)
    : (existing?.description ?? null);

  let privacy = existing?.privacy_level ?? 2;
  if (has('privacy_level') || creating) {
    const level = checkInteger(errors, ['privacy_level'], input.privacy_level, { required: true });
    if (level !== undefined && level !== 2) {
      errors.add(['privacy_level'], 'BASE_TYPE_CHOICES', 'Value must be one of {2}.');
    } else if (level !== undefined) privacy = level;
  }

  const entityType = has('entity_type') || creating
    ? checkInteger(errors, ['entity_type'], input.entity_type, { min: 1, max: 3, required: true })
    : existing.entity_type;

  const start = has('scheduled_start_time') || creating
    ? checkTime(errors, ['scheduled_start_time'], input.scheduled_start_time, true)
    : existing.scheduled_start_time;
  const end = has('scheduled_end_time')
    ? input.scheduled_end_time === null
      ? null
      : (checkTime(errors, ['scheduled_end_time'], input.scheduled_end_time, false) ?? null)
    : (existing?.scheduled_end_time ?? null);

  let status = existing?.status ?? EventStatus.Scheduled;
  if (has('status')) {
    if (creating) {
      errors.add(['status'], 'GUILD_SCHEDULED_EVENT_STATUS_NOT_ALLOWED', 'Status cannot be set when creating an event');
    } else {
      const next = checkInteger(errors, ['status'], input.status, { min: 1, max: 4 });
      if (next !== undefined && next !== status) {
        if (!(ALLOWED_TRANSITIONS[status] ?? []).includes(next)) {
          errors.add(['status'], 'GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION', `Cannot change status from ${status} to ${next}`);
        } else status = next;
      }
    }
  }

  const startChanged = creating || has('scheduled_start_time');
  if (start !== undefined && startChanged && status === EventStatus.Scheduled && Date.parse(start) <= rules.now) {
    errors.add(['scheduled_start_time'], 'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST', 'Cannot schedule event in the past.');
  }
  if (start !== undefined && end !== null && end !== undefined && Date.parse(end) <= Date.parse(start)) {
    errors.add(['scheduled_end_time'], 'GUILD_SCHEDULED_EVENT_END_BEFORE_START', 'Cannot schedule event to end before starting.');
  }

  let channelId = existing?.channel_id ?? null;
  if (has('channel_id')) channelId = input.channel_id === null ? null : (checkSnowflake(errors, ['channel_id'], input.channel_id) ?? null);
  let metadata = existing?.entity_metadata ?? null;
  if (has('entity_metadata')) {
    if (input.entity_metadata === null) metadata = null;
    else {
      const raw = checkObject(errors, ['entity_metadata'], input.entity_metadata);
      const location = raw ? checkString(errors, ['entity_metadata', 'location'], raw.location, { min: 1, max: 100 }) : undefined;
      metadata = location === undefined ? null : { location };
    }
  }

  if (entityType === EventEntityType.External) {
    if (has('entity_type')) channelId = has('channel_id') ? channelId : null;
    if (channelId !== null) errors.add(['channel_id'], 'GUILD_SCHEDULED_EVENT_CHANNEL_NOT_ALLOWED', 'External events cannot have a channel');
    if (metadata === null) errors.add(['entity_metadata', 'location'], 'BASE_TYPE_REQUIRED', 'This field is required');
    if (end === null) errors.add(['scheduled_end_time'], 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (entityType === EventEntityType.Voice || entityType === EventEntityType.StageInstance) {
    if (has('entity_type')) metadata = has('entity_metadata') ? metadata : null;
    const wanted = entityType === EventEntityType.Voice ? 2 : 13;
    if (channelId === null) errors.add(['channel_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
    else {
      const type = rules.channelType(channelId);
      if (type === undefined) errors.add(['channel_id'], 'GUILD_SCHEDULED_EVENT_UNKNOWN_CHANNEL', 'Unknown channel');
      else if (type !== wanted) {
        errors.add(['channel_id'], 'GUILD_SCHEDULED_EVENT_INVALID_CHANNEL_TYPE', `Channel must be a ${wanted === 2 ? 'voice' : 'stage'} channel`);
      }
    }
    if (metadata !== null) errors.add(['entity_metadata'], 'GUILD_SCHEDULED_EVENT_METADATA_NOT_ALLOWED', 'Only external events have entity metadata');
  }

  errors.throwIfAny();
  return {
    name: name as string,
    description,
    privacy_level: privacy,
    scheduled_start_time: start as string,
    scheduled_end_time: end,
    entity_type: entityType as number,
    channel_id: channelId,
    entity_metadata: metadata,
    status,
  };
}
