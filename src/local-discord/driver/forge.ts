import type { Emulator } from '../emulator.js';
import { createInteraction, InteractionKind } from '../interactions.js';
import { apiChannel, apiMember, apiRole, apiUser } from '../serialize.js';
import { OptionType } from '../validate/commands.js';
import { isRecord } from '../validate/fields.js';
import type { GuildRecord } from '../world.js';
import type { DriverContext } from './handles.js';
import { DriverError } from './options.js';
import { type Outcome, performInteraction } from './outcome.js';

/**
 * An interaction exactly as a modified client (or a replay of a captured one) could send it: the driver's usual
 * checks (the button exists on the message, the value is within min/max, the modal was shown to this user) are
 * skipped on purpose, so hardening tests can see how the bot treats what the real Discord client never sends.
 */
export interface ForgedInteraction {
  kind: 'command' | 'autocomplete' | 'component' | 'modal';
  guildId: string;
  userId: string;
  /** Where it happens; default the guild's first text channel. */
  channelId?: string;
  /**
   * The interaction's `data` as Discord would put it: `{ name, options }` for commands and autocomplete (the
   * command's id and `resolved` are filled in), `{ custom_id, component_type, values? }` for components,
   * `{ custom_id, components }` for modal submits.
   */
  data: Record<string, unknown>;
  /** The message a component sits on (any message, of any guild: it is forged). */
  sourceMessageId?: string;
  label?: string;
}

/** Resolved users, members, roles and channels for every id-typed option, wherever the id comes from. */
function resolveIds(emulator: Emulator, guild: GuildRecord, options: unknown): Record<string, Record<string, unknown>> {
  const resolved: Record<string, Record<string, unknown>> = {};
  const { world } = emulator;
  const walk = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const option of list.filter(isRecord)) {
      if (Array.isArray(option.options)) walk(option.options);
      if (typeof option.value !== 'string') continue;
      const id = option.value;
      const type = option.type;
      const user = world.user(id);
      const member = guild.members.get(id);
      const role = [...world.guilds.values()].map((g) => g.roles.get(id)).find(Boolean);
      const channel = world.channel(id);
      if ((type === OptionType.User || type === OptionType.Mentionable) && user) {
        (resolved.users ??= {})[id] = apiUser(user);
        if (member) {
          const { user: _user, deaf: _deaf, mute: _mute, ...rest } = apiMember(world, member);
          (resolved.members ??= {})[id] = { ...rest, permissions: emulator.permissions(guild, id).toString() };
        }
      }
      if ((type === OptionType.Role || type === OptionType.Mentionable) && role) (resolved.roles ??= {})[id] = apiRole(role);
      if (type === OptionType.Channel && channel) {
        (resolved.channels ??= {})[id] = { ...apiChannel(channel), permissions: emulator.permissions(guild, world.bot.id).toString() };
      }
    }
  };
  walk(options);
  return resolved;
}

/** Sends a forged interaction and resolves with what the user sees, or rejects as the driver does (violation, no answer). */
export function forgeInteraction(ctx: DriverContext, input: ForgedInteraction): Promise<Outcome> {
  const { emulator } = ctx;
  const { world } = emulator;
  const guild = world.guild(input.guildId);
  if (!guild) throw new DriverError(`no guild ${input.guildId}`);
  const channel = world.channel(input.channelId ?? world.guildChannels(guild).find((c) => c.type === 0)?.id ?? '');
  if (!channel) throw new DriverError(`no channel to forge the interaction in`);
  const source = input.sourceMessageId === undefined ? undefined : world.messages.get(input.sourceMessageId);
  if (input.sourceMessageId !== undefined && !source) throw new DriverError(`no message ${input.sourceMessageId}`);
  const data = { ...input.data };
  const kind = {
    command: InteractionKind.ApplicationCommand,
    autocomplete: InteractionKind.Autocomplete,
    component: InteractionKind.MessageComponent,
    modal: InteractionKind.ModalSubmit,
  }[input.kind];
  let focusedType: number | undefined;
  if (input.kind === 'command' || input.kind === 'autocomplete') {
    const name = String(data.name);
    const command = [...world.commandsFor(guild.id).values(), ...world.globalCommands.values()].find((c) => c.name === name && c.type === 1);
    data.id ??= command?.id ?? emulator.ids.next();
    data.type ??= 1;
    if (input.kind === 'command' && data.resolved === undefined) {
      const resolved = resolveIds(emulator, guild, data.options);
      if (Object.keys(resolved).length > 0) data.resolved = resolved;
    }
    if (input.kind === 'autocomplete') {
      const find = (list: unknown): Record<string, unknown> | undefined =>
        Array.isArray(list) ? list.filter(isRecord).map((o) => (o.focused === true ? o : find(o.options))).find(Boolean) : undefined;
      focusedType = Number(find(data.options)?.type ?? OptionType.String);
    }
  }
  const label = input.label ?? `forged ${input.kind} ${String(data.name ?? data.custom_id)}`;
  const record = createInteraction(emulator, {
    kind,
    guild,
    channel,
    userId: input.userId,
    label,
    data,
    metadata:
      input.kind === 'component'
        ? { ...(source && { interactedMessageId: source.id }) }
        : input.kind === 'modal'
          ? {}
          : { name: String(data.name), commandType: 1 },
    ...(source && { sourceMessage: source }),
    ...(focusedType !== undefined && { focusedType }),
  });
  return performInteraction(emulator, record, ctx.timing);
}
