import { type ErrorPath, FormErrors } from '../errors.js';
import { checkChoiceValue } from './messages.js';
import {
  charLength,
  checkArray,
  checkBoolean,
  checkInteger,
  checkObject,
  checkString,
  isPresent,
  isRecord,
} from './fields.js';

export const CommandType = { ChatInput: 1, User: 2, Message: 3, PrimaryEntryPoint: 4 } as const;

export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

/** Per-type command limits for one scope (global, or one guild). */
export const COMMAND_LIMITS: Record<number, number> = { 1: 100, 2: 15, 3: 15 };
export const COMMAND_MAX_SIZE = 8000;

const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const KNOWN_CHANNEL_TYPES = new Set([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16]);
const SAFE_LIMIT = 2 ** 53;

/** A command definition as the bot sent it, after validation (the shape Discord echoes back). */
export type CommandDefinition = Record<string, unknown> & {
  type: number;
  name: string;
  description: string;
  options?: Record<string, unknown>[];
};

function checkChatInputName(errors: FormErrors, path: ErrorPath, value: unknown): string | undefined {
  const name = checkString(errors, path, value, { min: 1, max: 32, required: true });
  if (name === undefined) return undefined;
  if (!CHAT_INPUT_NAME.test(name) || name.toLowerCase() !== name) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    return undefined;
  }
  return name;
}

function checkLocalizations(
  errors: FormErrors,
  path: ErrorPath,
  value: unknown,
  check: (path: ErrorPath, text: unknown) => unknown,
): void {
  if (!isPresent(value)) return;
  if (!isRecord(value)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  for (const [locale, text] of Object.entries(value)) {
    if (text !== null) check([...path, locale], text);
  }
}

interface SizeCounter {
  size: number;
}

function checkOption(
  errors: FormErrors,
  path: ErrorPath,
  option: Record<string, unknown>,
  depth: 'top' | 'group' | 'subcommand',
  counter: SizeCounter,
): void {
  const type = checkInteger(errors, [...path, 'type'], option.type, { min: 1, max: 11, required: true });
  const name = checkChatInputName(errors, [...path, 'name'], option.name);
  const description = checkString(errors, [...path, 'description'], option.description, { min: 1, max: 100, required: true });
  counter.size += charLength(name ?? '') + charLength(description ?? '');
  checkLocalizations(errors, [...path, 'name_localizations'], option.name_localizations, (p, t) => checkChatInputName(errors, p, t));
  checkLocalizations(errors, [...path, 'description_localizations'], option.description_localizations, (p, t) =>
    checkString(errors, p, t, { min: 1, max: 100 }),
  );
  checkBoolean(errors, [...path, 'required'], option.required);
  if (type === undefined) return;

  const isSub = type === OptionType.Subcommand || type === OptionType.SubcommandGroup;
  if (isSub) {
    if (depth === 'subcommand' || (depth === 'group' && type === OptionType.SubcommandGroup)) {
      errors.add([...path, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Sub-command groups can only contain sub-commands, and sub-commands cannot be nested');
      return;
    }
    const children = checkArray(errors, [...path, 'options'], option.options, {
      min: type === OptionType.SubcommandGroup ? 1 : 0,
      max: 25,
      required: type === OptionType.SubcommandGroup,
    });
    if (children) checkOptionList(errors, [...path, 'options'], children, type === OptionType.SubcommandGroup ? 'group' : 'subcommand', counter);
    for (const field of ['choices', 'autocomplete', 'min_value', 'max_value', 'min_length', 'max_length', 'channel_types'] as const) {
      if (isPresent(option[field])) errors.add([...path, field], 'APPLICATION_COMMAND_OPTION_FIELD_NOT_ALLOWED', `${field} is not allowed on sub-commands`);
    }
    return;
  }
  if (depth === 'group') {
    errors.add([...path, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Sub-command groups can only contain sub-commands');
  }
  if (isPresent(option.options)) {
    errors.add([...path, 'options'], 'APPLICATION_COMMAND_OPTION_FIELD_NOT_ALLOWED', 'Only sub-commands and groups may have options');
  }

  const choosable = type === OptionType.String || type === OptionType.Integer || type === OptionType.Number;
  const choices = checkArray(errors, [...path, 'choices'], option.choices, { max: 25 });
  if (choices && choices.length > 0 && !choosable) {
    errors.add([...path, 'choices'], 'APPLICATION_COMMAND_OPTION_CHOICES_INVALID_TYPE', 'Choices are only allowed on STRING, INTEGER and NUMBER options');
  } else if (choices) {
    choices.forEach((raw, index) => {
      const choicePath = [...path, 'choices', index];
      const choice = checkObject(errors, choicePath, raw, true);
      if (!choice) return;
      const choiceName = checkString(errors, [...choicePath, 'name'], choice.name, { min: 1, max: 100, required: true });
      checkLocalizations(errors, [...choicePath, 'name_localizations'], choice.name_localizations, (p, t) =>
        checkString(errors, p, t, { min: 1, max: 100 }),
      );
      const value = checkChoiceValue(errors, [...choicePath, 'value'], choice.value, type);
      counter.size += charLength(choiceName ?? '') + charLength(value === undefined ? '' : String(value));
    });
  }

  const autocomplete = checkBoolean(errors, [...path, 'autocomplete'], option.autocomplete);
  if (autocomplete && !choosable) {
    errors.add([...path, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_INVALID_TYPE', 'Autocomplete is only allowed on STRING, INTEGER and NUMBER options');
  }
  if (autocomplete && choices && choices.length > 0) {
    errors.add([...path, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_AND_CHOICES', 'Autocomplete cannot be enabled on an option that has choices');
  }

  const numeric = type === OptionType.Integer || type === OptionType.Number;
  const bounds: (number | undefined)[] = [];
  for (const field of ['min_value', 'max_value'] as const) {
    const raw = option[field];
    if (!isPresent(raw)) {
      bounds.push(undefined);
      continue;
    }
    if (!numeric) {
      errors.add([...path, field], 'APPLICATION_COMMAND_OPTION_FIELD_NOT_ALLOWED', `${field} is only allowed on INTEGER and NUMBER options`);
      bounds.push(undefined);
    } else if (typeof raw !== 'number' || !Number.isFinite(raw) || (type === OptionType.Integer && !Number.isInteger(raw))) {
      errors.add([...path, field], 'NUMBER_TYPE_COERCE', `Value "${String(raw)}" is not ${type === OptionType.Integer ? 'int' : 'a valid number'}.`);
      bounds.push(undefined);
    } else if (Math.abs(raw) > SAFE_LIMIT) {
      errors.add([...path, field], 'NUMBER_TYPE_MAX', `Value must be between -${SAFE_LIMIT} and ${SAFE_LIMIT}.`);
      bounds.push(undefined);
    } else bounds.push(raw);
  }
  if (bounds[0] !== undefined && bounds[1] !== undefined && bounds[0] > bounds[1]) {
    errors.add([...path, 'min_value'], 'APPLICATION_COMMAND_OPTION_MIN_GREATER_THAN_MAX', 'min_value must be less than or equal to max_value');
  }

  const lengths: (number | undefined)[] = [];
  for (const [field, min] of [['min_length', 0], ['max_length', 1]] as const) {
    if (!isPresent(option[field])) {
      lengths.push(undefined);
      continue;
    }
    if (type !== OptionType.String) {
      errors.add([...path, field], 'APPLICATION_COMMAND_OPTION_FIELD_NOT_ALLOWED', `${field} is only allowed on STRING options`);
      lengths.push(undefined);
    } else lengths.push(checkInteger(errors, [...path, field], option[field], { min, max: 6000 }));
  }
  if (lengths[0] !== undefined && lengths[1] !== undefined && lengths[0] > lengths[1]) {
    errors.add([...path, 'min_length'], 'APPLICATION_COMMAND_OPTION_MIN_GREATER_THAN_MAX', 'min_length must be less than or equal to max_length');
  }

  if (isPresent(option.channel_types)) {
    if (type !== OptionType.Channel) {
      errors.add([...path, 'channel_types'], 'APPLICATION_COMMAND_OPTION_FIELD_NOT_ALLOWED', 'channel_types is only allowed on CHANNEL options');
    } else {
      checkArray(errors, [...path, 'channel_types'], option.channel_types, { max: 20 })?.forEach((channelType, index) => {
        if (typeof channelType !== 'number' || !KNOWN_CHANNEL_TYPES.has(channelType)) {
          errors.add([...path, 'channel_types', index], 'BASE_TYPE_CHOICES', `Value must be one of ${[...KNOWN_CHANNEL_TYPES].join(', ')}.`);
        }
      });
    }
  }
}

function checkOptionList(
  errors: FormErrors,
  path: ErrorPath,
  options: unknown[],
  depth: 'top' | 'group' | 'subcommand',
  counter: SizeCounter,
): void {
  const names = new Set<string>();
  let sawOptional = false;
  let subs = 0;
  let basics = 0;
  options.forEach((raw, index) => {
    const optionPath = [...path, index];
    const option = checkObject(errors, optionPath, raw, true);
    if (!option) return;
    checkOption(errors, optionPath, option, depth, counter);
    if (typeof option.name === 'string') {
      if (names.has(option.name)) {
        errors.add([...optionPath, 'name'], 'APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME', 'Command option names must be unique');
      }
      names.add(option.name);
    }
    const isSub = option.type === OptionType.Subcommand || option.type === OptionType.SubcommandGroup;
    if (isSub) subs += 1;
    else basics += 1;
    if (!isSub) {
      if (option.required === true && sawOptional) {
        errors.add(optionPath, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
      }
      if (option.required !== true) sawOptional = true;
    }
  });
  if (subs > 0 && basics > 0) {
    errors.add(path, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command and sub-command group option types are mutually exclusive to all other types');
  }
}

/** Validates one command definition (errors are recorded under `path`, e.g. `[3]` inside a bulk overwrite). */
export function checkCommand(errors: FormErrors, path: ErrorPath, raw: unknown): CommandDefinition | undefined {
  const command = checkObject(errors, path, raw, true);
  if (!command) return undefined;
  const before = errors.count;
  const type = isPresent(command.type)
    ? checkInteger(errors, [...path, 'type'], command.type, { min: 1, max: 3 })
    : CommandType.ChatInput;
  if (type === undefined) return undefined;
  const counter: SizeCounter = { size: 0 };

  if (type === CommandType.ChatInput) {
    const name = checkChatInputName(errors, [...path, 'name'], command.name);
    checkLocalizations(errors, [...path, 'name_localizations'], command.name_localizations, (p, t) => checkChatInputName(errors, p, t));
    const description = checkString(errors, [...path, 'description'], command.description, { min: 1, max: 100, required: true });
    checkLocalizations(errors, [...path, 'description_localizations'], command.description_localizations, (p, t) =>
      checkString(errors, p, t, { min: 1, max: 100 }),
    );
    counter.size += charLength(name ?? '') + charLength(description ?? '');
    const options = checkArray(errors, [...path, 'options'], command.options, { max: 25 });
    if (options) checkOptionList(errors, [...path, 'options'], options, 'top', counter);
  } else {
    checkString(errors, [...path, 'name'], command.name, { min: 1, max: 32, required: true });
    if (isPresent(command.description) && command.description !== '') {
      errors.add([...path, 'description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have a description');
    }
    if (isPresent(command.options) && !(Array.isArray(command.options) && command.options.length === 0)) {
      errors.add([...path, 'options'], 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS', 'Context menu commands cannot have options');
    }
  }

  if (isPresent(command.default_member_permissions)) {
    const perms = command.default_member_permissions;
    if (typeof perms !== 'string' || !/^\d{1,20}$/.test(perms)) {
      errors.add([...path, 'default_member_permissions'], 'PERMISSIONS_INVALID', 'Invalid permissions bitfield');
    }
  }
  checkBoolean(errors, [...path, 'dm_permission'], command.dm_permission);
  checkBoolean(errors, [...path, 'nsfw'], command.nsfw);
  for (const [field, allowed] of [['contexts', [0, 1, 2]], ['integration_types', [0, 1]]] as const) {
    checkArray(errors, [...path, field], command[field], { max: allowed.length })?.forEach((value, index) => {
      if (typeof value !== 'number' || !(allowed as readonly number[]).includes(value)) {
        errors.add([...path, field, index], 'BASE_TYPE_CHOICES', `Value must be one of {${allowed.join(', ')}}.`);
      }
    });
  }
  if (counter.size > COMMAND_MAX_SIZE) {
    errors.add(path, 'APPLICATION_COMMAND_TOO_LARGE', `Command exceeds maximum size (${COMMAND_MAX_SIZE})`);
  }
  if (errors.count > before) return undefined;
  return {
    ...withoutUndefined(command),
    type,
    name: command.name as string,
    description: type === CommandType.ChatInput ? (command.description as string) : '',
  } as CommandDefinition;
}

/** Validates a bulk overwrite: every definition, per-type limits and unique names per type. */
export function checkCommandList(errors: FormErrors, raw: unknown): CommandDefinition[] {
  if (!Array.isArray(raw)) {
    errors.add([], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return [];
  }
  const definitions: CommandDefinition[] = [];
  const seen = new Map<string, number>();
  const perType = new Map<number, number>();
  raw.forEach((item, index) => {
    const definition = checkCommand(errors, [index], item);
    if (!definition) return;
    const key = `${definition.type}:${definition.name}`;
    if (seen.has(key)) {
      errors.add([index, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    }
    seen.set(key, index);
    perType.set(definition.type, (perType.get(definition.type) ?? 0) + 1);
    definitions.push(definition);
  });
  for (const [type, count] of perType) {
    const limit = COMMAND_LIMITS[type] ?? 0;
    if (count > limit) errors.add([], 'BASE_TYPE_MAX_LENGTH', `Must be ${limit} or fewer in length.`);
  }
  return definitions;
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    out[key] = Array.isArray(item) ? item.map((v) => (isRecord(v) ? withoutUndefined(v) : v)) : isRecord(item) ? withoutUndefined(item) : item;
  }
  return out;
}
