import type { Emulator } from '../emulator.js';
import { storeAttachment } from '../messages.js';
import { apiAttachment, apiChannel, apiMember, apiRole, apiUser } from '../serialize.js';
import { OptionType } from '../validate/commands.js';
import { charLength, isRecord } from '../validate/fields.js';
import type { ChannelRecord, CommandRecord, GuildRecord } from '../world.js';

/** A file a user attaches to an ATTACHMENT option (see LocalDiscord.attachment). */
export interface AttachmentInput {
  readonly kind: 'attachment-input';
  readonly filename: string;
  readonly data: Buffer;
  readonly contentType: string | null;
}

/** Anything that designates a user, channel or role: a handle (with an `id`) or a snowflake. */
export interface Identified {
  readonly id: string;
}

export type OptionValue = string | number | boolean | Identified | AttachmentInput;
export type SlashOptions = Record<string, OptionValue>;

export interface CommandPath {
  subcommand?: string;
  group?: string;
}

type OptionDef = Record<string, unknown> & { name: string; type: number };

export class DriverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DriverError';
  }
}

function defs(list: unknown): OptionDef[] {
  return (Array.isArray(list) ? list : []).filter(
    (o): o is OptionDef => isRecord(o) && typeof o.name === 'string' && typeof o.type === 'number',
  );
}

/** The leaf option list a user fills in, after choosing the subcommand group and subcommand. */
export function leafOptions(command: CommandRecord, path: CommandPath): { options: OptionDef[]; wrap: (leaf: unknown[]) => unknown[] } {
  const top = defs(command.options);
  const hasSubs = top.some((o) => o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup);
  if (!hasSubs) {
    if (path.subcommand || path.group) throw new DriverError(`/${command.name} has no subcommands`);
    return { options: top, wrap: (leaf) => leaf };
  }
  let level = top;
  let group: OptionDef | undefined;
  if (path.group) {
    group = top.find((o) => o.type === OptionType.SubcommandGroup && o.name === path.group);
    if (!group) throw new DriverError(`/${command.name} has no subcommand group "${path.group}"`);
    level = defs(group.options);
  }
  const names = level.filter((o) => o.type === OptionType.Subcommand).map((o) => o.name);
  if (!path.subcommand) throw new DriverError(`/${command.name}${group ? ` ${group.name}` : ''} needs a subcommand: ${names.join(', ')}`);
  const sub = level.find((o) => o.type === OptionType.Subcommand && o.name === path.subcommand);
  if (!sub) throw new DriverError(`/${command.name}${group ? ` ${group.name}` : ''} has no subcommand "${path.subcommand}" (has: ${names.join(', ')})`);
  return {
    options: defs(sub.options),
    wrap: (leaf) => {
      const subOption = { name: sub.name, type: OptionType.Subcommand, options: leaf };
      return group ? [{ name: group.name, type: OptionType.SubcommandGroup, options: [subOption] }] : [subOption];
    },
  };
}

function idOf(value: OptionValue): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string') return value.id;
  return undefined;
}

interface Resolved {
  users?: Record<string, unknown>;
  members?: Record<string, unknown>;
  roles?: Record<string, unknown>;
  channels?: Record<string, unknown>;
  attachments?: Record<string, unknown>;
}

export interface ConvertContext {
  emulator: Emulator;
  guild: GuildRecord;
  channel: ChannelRecord;
  commandLabel: string;
}

function put(resolved: Resolved, key: keyof Resolved, id: string, value: unknown): void {
  (resolved[key] ??= {})[id] = value;
}

function resolveUser(ctx: ConvertContext, resolved: Resolved, id: string, where: string): void {
  const user = ctx.emulator.world.user(id);
  if (!user) throw new DriverError(`${where}: unknown user ${id}`);
  put(resolved, 'users', id, apiUser(user));
  const member = ctx.guild.members.get(id);
  if (member) {
    const { user: _user, deaf: _deaf, mute: _mute, ...rest } = apiMember(ctx.emulator.world, member);
    put(resolved, 'members', id, { ...rest, permissions: ctx.emulator.permissions(ctx.guild, id).toString() });
  }
}

function resolveRole(ctx: ConvertContext, resolved: Resolved, id: string, where: string): void {
  const role = ctx.guild.roles.get(id);
  if (!role) throw new DriverError(`${where}: ${id} is not a role of ${ctx.guild.name}`);
  put(resolved, 'roles', id, apiRole(role));
}

/** Converts one value the way the Discord client would let a user enter it, or explains why it cannot. */
function convert(ctx: ConvertContext, def: OptionDef, value: OptionValue, resolved: Resolved | undefined): string | number | boolean {
  const where = `${ctx.commandLabel} option "${def.name}"`;
  const choices = Array.isArray(def.choices) ? def.choices.filter(isRecord) : [];
  const pickChoice = (raw: string | number): string | number => {
    if (choices.length === 0) return raw;
    const match = choices.find((c) => c.value === raw) ?? choices.find((c) => c.name === raw);
    if (!match) throw new DriverError(`${where}: ${JSON.stringify(raw)} is not one of its choices (${choices.map((c) => JSON.stringify(c.value)).join(', ')})`);
    return match.value as string | number;
  };
  switch (def.type) {
    case OptionType.String: {
      if (typeof value !== 'string') throw new DriverError(`${where} takes text, got ${typeof value}`);
      const picked = pickChoice(value);
      if (typeof picked !== 'string') throw new DriverError(`${where}: choice value is not text`);
      const length = charLength(picked);
      const min = typeof def.min_length === 'number' ? def.min_length : 0;
      const max = typeof def.max_length === 'number' ? def.max_length : 6000;
      if (picked.trim().length === 0) throw new DriverError(`${where}: Discord does not send empty text`);
      if (length < min || length > max) throw new DriverError(`${where}: length ${length} outside ${min}–${max}`);
      return picked;
    }
    case OptionType.Integer:
    case OptionType.Number: {
      const integer = def.type === OptionType.Integer;
      let number: number;
      if (typeof value === 'number') number = value;
      else if (typeof value === 'string' && (integer ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/).test(value.trim())) number = Number(value);
      else throw new DriverError(`${where} takes ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`);
      if (integer && !Number.isSafeInteger(number)) throw new DriverError(`${where}: ${number} is not an integer`);
      if (!Number.isFinite(number)) throw new DriverError(`${where}: ${number} is not a number`);
      const picked = pickChoice(number);
      if (typeof def.min_value === 'number' && (picked as number) < def.min_value) throw new DriverError(`${where}: ${picked} is below ${def.min_value}`);
      if (typeof def.max_value === 'number' && (picked as number) > def.max_value) throw new DriverError(`${where}: ${picked} is above ${def.max_value}`);
      return picked;
    }
    case OptionType.Boolean:
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw new DriverError(`${where} takes true/false, got ${JSON.stringify(value)}`);
    case OptionType.User: {
      const id = idOf(value);
      if (!id) throw new DriverError(`${where} takes a member`);
      if (resolved) resolveUser(ctx, resolved, id, where);
      return id;
    }
    case OptionType.Role: {
      const id = idOf(value);
      if (!id) throw new DriverError(`${where} takes a role`);
      if (resolved) resolveRole(ctx, resolved, id, where);
      return id;
    }
    case OptionType.Mentionable: {
      const id = idOf(value);
      if (!id) throw new DriverError(`${where} takes a member or a role`);
      if (resolved) {
        if (ctx.guild.roles.has(id)) resolveRole(ctx, resolved, id, where);
        else resolveUser(ctx, resolved, id, where);
      }
      return id;
    }
    case OptionType.Channel: {
      const id = idOf(value);
      const channel = id ? ctx.emulator.world.channel(id) : undefined;
      if (!channel || channel.guildId !== ctx.guild.id) throw new DriverError(`${where} takes a channel of ${ctx.guild.name}`);
      const allowed = Array.isArray(def.channel_types) ? (def.channel_types as number[]) : [];
      if (allowed.length > 0 && !allowed.includes(channel.type)) {
        throw new DriverError(`${where}: #${channel.name} (type ${channel.type}) is not one of the channel types ${allowed.join(', ')}`);
      }
      if (resolved) {
        const permissions = ctx.emulator.permissions(ctx.guild, ctx.emulator.world.bot.id).toString();
        put(resolved, 'channels', channel.id, { ...apiChannel(channel), permissions });
      }
      return channel.id;
    }
    case OptionType.Attachment: {
      if (typeof value !== 'object' || value === null || !('kind' in value) || value.kind !== 'attachment-input') {
        throw new DriverError(`${where} takes a file made with discord.attachment(name, content)`);
      }
      if (value.data.length > ctx.emulator.options.attachmentSizeLimit) throw new DriverError(`${where}: the file is larger than the upload limit`);
      const record = storeAttachment(ctx.emulator, ctx.channel.id, value, true);
      if (resolved) put(resolved, 'attachments', record.id, apiAttachment(record));
      return record.id;
    }
    default:
      throw new DriverError(`${where} has unsupported type ${def.type}`);
  }
}

/** Builds `data.options` and `data.resolved` of a chat-input interaction from what the user typed. */
export function commandOptions(
  ctx: ConvertContext,
  command: CommandRecord,
  input: SlashOptions,
  path: CommandPath,
): { options: unknown[]; resolved: Resolved } {
  const { options, wrap } = leafOptions(command, path);
  const known = new Set(options.map((o) => o.name));
  for (const name of Object.keys(input)) {
    if (!known.has(name)) {
      throw new DriverError(`${ctx.commandLabel} has no option "${name}" (options: ${[...known].join(', ') || 'none'})`);
    }
  }
  const resolved: Resolved = {};
  const leaf: unknown[] = [];
  for (const def of options) {
    const value = input[def.name];
    if (value === undefined) {
      if (def.required === true) throw new DriverError(`${ctx.commandLabel} requires option "${def.name}"`);
      continue;
    }
    leaf.push({ name: def.name, type: def.type, value: convert(ctx, def, value, resolved) });
  }
  return { options: wrap(leaf), resolved };
}

/** Builds `data.options` of an autocomplete interaction: the focused option carries the raw typed text. */
export function autocompleteOptions(
  ctx: ConvertContext,
  command: CommandRecord,
  focusedName: string,
  typed: string,
  others: SlashOptions,
  path: CommandPath,
): { options: unknown[]; focusedType: number } {
  const { options, wrap } = leafOptions(command, path);
  const focused = options.find((o) => o.name === focusedName);
  if (!focused) throw new DriverError(`${ctx.commandLabel} has no option "${focusedName}"`);
  if (focused.autocomplete !== true) throw new DriverError(`${ctx.commandLabel} option "${focusedName}" does not use autocomplete`);
  const leaf: unknown[] = [];
  for (const def of options) {
    if (def.name === focusedName) {
      leaf.push({ name: def.name, type: def.type, value: typed, focused: true });
      continue;
    }
    const value = others[def.name];
    if (value !== undefined) leaf.push({ name: def.name, type: def.type, value: convert(ctx, def, value, undefined) });
  }
  for (const name of Object.keys(others)) {
    if (!options.some((o) => o.name === name)) throw new DriverError(`${ctx.commandLabel} has no option "${name}"`);
  }
  return { options: wrap(leaf), focusedType: focused.type };
}
