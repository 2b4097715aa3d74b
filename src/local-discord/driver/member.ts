import { randomBytes } from 'node:crypto';
import { createInteraction, InteractionKind, type InteractionRecord } from '../interactions.js';
import { visibleMessage } from '../messages.js';
import { hasAll, hasPermission, permissionNames, type PermissionName } from '../permissions.js';
import { apiChannel, apiMember, apiRole, apiVoiceState } from '../serialize.js';
import { ComponentKind, isSelectKind } from '../validate/components.js';
import { MessageFlag } from '../validate/messages.js';
import { ChannelType, type CommandRecord, type GuildRecord, type MemberRecord, type MessageRecord } from '../world.js';
import {
  channelMessages,
  GuildHandle,
  RoleHandle,
  type AutocompleteCall,
  type ChannelRef,
  type Choice,
  type DriverContext,
  type MessageRef,
  type ModalValues,
  type SlashCall,
  type UserRef,
} from './handles.js';
import { modalSubmission } from './modalSubmission.js';
import { autocompleteOptions, commandOptions, DriverError, type CommandPath, type SlashOptions } from './options.js';
import { type Outcome, performInteraction } from './outcome.js';
import { allComponents, type Message, type Modal, toSelect } from './views.js';

/** One member of one guild, and everything they can do in the Discord client. */
export class MemberHandle implements UserRef {
  constructor(
    private readonly ctx: DriverContext,
    readonly guildId: string,
    /** The user's id. */
    readonly id: string,
  ) {}

  private get guild(): GuildRecord {
    const guild = this.ctx.emulator.world.guild(this.guildId);
    if (!guild) throw new DriverError(`guild ${this.guildId} no longer exists`);
    return guild;
  }

  private get handle(): GuildHandle {
    return new GuildHandle(this.ctx, this.guildId);
  }

  private get member(): MemberRecord {
    const member = this.guild.members.get(this.id);
    if (!member) throw new DriverError(`user ${this.id} is not a member of ${this.guild.name}`);
    return member;
  }

  get username(): string {
    return this.ctx.emulator.world.user(this.id)?.username ?? this.id;
  }

  /** The user behind this membership, to add them to another guild. */
  get user(): UserRef {
    return { id: this.id, username: this.username };
  }

  /** A `<@id>` mention of this member. */
  get mention(): string {
    return `<@${this.id}>`;
  }

  get permissions(): PermissionName[] {
    return permissionNames(this.ctx.emulator.permissions(this.guild, this.id));
  }

  get roles(): RoleHandle[] {
    return this.member.roleIds.map((id) => new RoleHandle(this.ctx, this.guildId, id));
  }

  addRole(role: RoleHandle | string): void {
    const id = typeof role === 'string' ? this.handle.role(role).id : role.id;
    if (!this.member.roleIds.includes(id)) this.member.roleIds.push(id);
    this.memberUpdated();
  }

  removeRole(role: RoleHandle | string): void {
    const id = typeof role === 'string' ? this.handle.role(role).id : role.id;
    this.member.roleIds = this.member.roleIds.filter((r) => r !== id);
    this.memberUpdated();
  }

  private memberUpdated(): void {
    const { emulator } = this.ctx;
    emulator.dispatch('GUILD_MEMBER_UPDATE', { ...apiMember(emulator.world, this.member), guild_id: this.guildId }, this.guildId);
  }

  joinVoice(channel: ChannelRef): void {
    const { emulator } = this.ctx;
    const target = this.handle.resolveChannel(channel);
    if (target.type !== ChannelType.GuildVoice) throw new DriverError(`#${target.name} is not a voice channel`);
    if (!hasPermission(emulator.permissions(this.guild, this.id), 'Connect')) throw new DriverError(`${this.username} may not connect to voice`);
    const state = { guildId: this.guildId, userId: this.id, channelId: target.id, sessionId: randomBytes(16).toString('hex'), selfMute: false, selfDeaf: false };
    this.guild.voiceStates.set(this.id, state);
    emulator.dispatch('VOICE_STATE_UPDATE', apiVoiceState(emulator.world, state, true), this.guildId);
  }

  leaveVoice(): void {
    const { emulator } = this.ctx;
    const state = this.guild.voiceStates.get(this.id);
    if (!state) throw new DriverError(`${this.username} is not in a voice channel`);
    this.guild.voiceStates.delete(this.id);
    emulator.dispatch('VOICE_STATE_UPDATE', apiVoiceState(emulator.world, { ...state, channelId: null }, true), this.guildId);
  }

  /** Channel history as this member sees it (with their ephemeral messages). */
  messagesIn(channel: ChannelRef): Message[] {
    return channelMessages(this.ctx, this.handle.resolveChannel(channel).id, this.id);
  }

  // ---- interactions ------------------------------------------------------------------------------------------

  private findCommand(name: string): CommandRecord {
    const { world } = this.ctx.emulator;
    const match = (c: CommandRecord): boolean => c.name === name && c.type === 1;
    const command = [...world.commandsFor(this.guildId).values()].find(match) ?? [...world.globalCommands.values()].find(match);
    if (!command) {
      const known = [...world.commandsFor(this.guildId).values(), ...world.globalCommands.values()].map((c) => `/${c.name}`);
      throw new DriverError(`no slash command /${name} is registered for ${this.guild.name} (registered: ${known.join(', ') || 'none'})`);
    }
    if (!hasPermission(this.ctx.emulator.permissions(this.guild, this.id), 'UseApplicationCommands')) {
      throw new DriverError(`${this.username} may not use application commands in ${this.guild.name}`);
    }
    if (Array.isArray(command.contexts) && !command.contexts.includes(0)) {
      throw new DriverError(`/${name} cannot be used in servers (contexts ${JSON.stringify(command.contexts)})`);
    }
    const required = command.default_member_permissions;
    if (typeof required === 'string' && this.guild.ownerId !== this.id) {
      const bits = this.ctx.emulator.permissions(this.guild, this.id);
      if (!hasAll(bits, BigInt(required)) || (required === '0' && !hasPermission(bits, 'Administrator'))) {
        throw new DriverError(`${this.username} cannot see /${name}: it needs permissions ${permissionNames(BigInt(required)).join(', ') || 'Administrator'}`);
      }
    }
    return command;
  }

  private commandLabel(command: CommandRecord, path: CommandPath): string {
    return `/${[command.name, path.group, path.subcommand].filter(Boolean).join(' ')}`;
  }

  private async run(record: InteractionRecord): Promise<Outcome> {
    return performInteraction(this.ctx.emulator, record, this.ctx.timing);
  }

  private slashInteraction(name: string, options: SlashOptions, call: SlashCall): InteractionRecord {
    const command = this.findCommand(name);
    const channel = this.handle.resolveChannel(call.channel);
    const label = this.commandLabel(command, call);
    const { options: dataOptions, resolved } = commandOptions(
      { emulator: this.ctx.emulator, guild: this.guild, channel, commandLabel: label },
      command,
      options,
      call,
    );
    const hasResolved = Object.keys(resolved).length > 0;
    return createInteraction(this.ctx.emulator, {
      kind: InteractionKind.ApplicationCommand,
      guild: this.guild,
      channel,
      userId: this.id,
      label,
      data: {
        id: command.id,
        name: command.name,
        type: 1,
        ...(command.guild_id !== undefined && { guild_id: command.guild_id }),
        ...(dataOptions.length > 0 && { options: dataOptions }),
        ...(hasResolved && { resolved }),
      },
      metadata: { name: command.name, commandType: 1 },
    });
  }

  /**
   * The same actions for callers that cannot know in advance whether the bot will answer with a
   * message or open a modal (the playground, where a person decides what to press next).
   */
  readonly interact = {
    slash: async (name: string, options: SlashOptions = {}, call: SlashCall = {}): Promise<Message | Modal> =>
      anyOutcome(await this.run(this.slashInteraction(name, options, call))),
    click: async (message: MessageRef, labelOrCustomId: string): Promise<Message | Modal> =>
      anyOutcome(await this.run(this.buttonInteraction(message, labelOrCustomId))),
    select: async (message: MessageRef, values: (string | { id: string })[], options: { customId?: string } = {}): Promise<Message | Modal> =>
      anyOutcome(await this.run(this.selectInteraction(message, values, options.customId))),
  };

  /** Runs a slash command and resolves with the reply as this member sees it. */
  async slash(name: string, options: SlashOptions = {}, call: SlashCall = {}): Promise<Message> {
    const record = this.slashInteraction(name, options, call);
    return expectMessage(await this.run(record), record, 'slashModal');
  }

  /** Runs a slash command the bot answers with a modal. */
  async slashModal(name: string, options: SlashOptions = {}, call: SlashCall = {}): Promise<Modal> {
    const record = this.slashInteraction(name, options, call);
    return expectModal(await this.run(record), record);
  }

  /** Types `typed` into an autocomplete option and resolves with the choices the bot offers. */
  async autocomplete(name: string, optionName: string, typed: string, call: AutocompleteCall = {}): Promise<Choice[]> {
    const command = this.findCommand(name);
    const channel = this.handle.resolveChannel(call.channel);
    const label = `${this.commandLabel(command, call)} (autocomplete ${optionName})`;
    const { options, focusedType } = autocompleteOptions(
      { emulator: this.ctx.emulator, guild: this.guild, channel, commandLabel: label },
      command,
      optionName,
      typed,
      call.options ?? {},
      call,
    );
    const record = createInteraction(this.ctx.emulator, {
      kind: InteractionKind.Autocomplete,
      guild: this.guild,
      channel,
      userId: this.id,
      label,
      data: { id: command.id, name: command.name, type: 1, ...(command.guild_id !== undefined && { guild_id: command.guild_id }), options },
      metadata: { name: command.name, commandType: 1 },
      focusedType,
    });
    const outcome = await this.run(record);
    if (outcome.kind !== 'choices') throw new DriverError(`${label}: expected autocomplete choices, got a ${outcome.kind}`);
    return outcome.choices;
  }

  private sourceMessage(ref: MessageRef): MessageRecord {
    const id = typeof ref === 'string' ? ref : ref.id;
    const message = visibleMessage(this.ctx.emulator, id, this.id);
    if (!message) throw new DriverError(`${this.username} cannot see message ${id} (deleted, or ephemeral for someone else)`);
    if (message.guildId !== this.guildId) throw new DriverError(`message ${id} is not in ${this.guild.name}`);
    if ((message.flags & MessageFlag.Loading) !== 0) throw new DriverError(`message ${id} is still loading`);
    return message;
  }

  private componentInteraction(message: MessageRecord, component: Record<string, unknown>, data: Record<string, unknown>, label: string): InteractionRecord {
    const channel = this.ctx.emulator.world.channel(message.channelId);
    if (!channel) throw new DriverError(`channel ${message.channelId} no longer exists`);
    return createInteraction(this.ctx.emulator, {
      kind: InteractionKind.MessageComponent,
      guild: this.guild,
      channel,
      userId: this.id,
      label,
      data: { custom_id: component.custom_id, component_type: component.type, ...data },
      metadata: { interactedMessageId: message.id },
      sourceMessage: message,
    });
  }

  private buttonInteraction(ref: MessageRef, labelOrCustomId: string): InteractionRecord {
    const message = this.sourceMessage(ref);
    const buttons = allComponents(message.components).filter((c) => c.type === ComponentKind.Button);
    const byId = buttons.filter((b) => b.custom_id === labelOrCustomId);
    const matches = byId.length > 0 ? byId : buttons.filter((b) => b.label === labelOrCustomId);
    if (matches.length === 0) {
      const labels = buttons.map((b) => JSON.stringify(b.label ?? b.custom_id));
      throw new DriverError(`message ${message.id} has no button "${labelOrCustomId}" (buttons: ${labels.join(', ') || 'none'})`);
    }
    if (matches.length > 1) throw new DriverError(`message ${message.id} has several buttons labelled "${labelOrCustomId}"; use the custom id`);
    const button = matches[0] as Record<string, unknown>;
    if (button.disabled === true) throw new DriverError(`button "${labelOrCustomId}" is disabled`);
    if (button.style === 5 || button.style === 6) throw new DriverError(`button "${labelOrCustomId}" is a link/premium button; clicking it sends no interaction`);
    return this.componentInteraction(message, button, {}, `button "${String(button.label ?? button.custom_id)}"`);
  }

  /** Clicks a button (by label or custom id) and resolves with the resulting message as this member sees it. */
  async click(message: MessageRef, labelOrCustomId: string): Promise<Message> {
    const record = this.buttonInteraction(message, labelOrCustomId);
    return expectMessage(await this.run(record), record, 'clickModal');
  }

  /** Clicks a button the bot answers with a modal. */
  async clickModal(message: MessageRef, labelOrCustomId: string): Promise<Modal> {
    const record = this.buttonInteraction(message, labelOrCustomId);
    return expectModal(await this.run(record), record);
  }

  private selectInteraction(ref: MessageRef, values: (string | { id: string })[], customId?: string): InteractionRecord {
    const message = this.sourceMessage(ref);
    const selects = allComponents(message.components).filter((c) => isSelectKind(c.type));
    const candidates = customId === undefined ? selects : selects.filter((s) => s.custom_id === customId);
    if (candidates.length !== 1) {
      const ids = selects.map((s) => String(s.custom_id));
      throw new DriverError(
        candidates.length === 0
          ? `message ${message.id} has no select menu${customId ? ` "${customId}"` : ''} (selects: ${ids.join(', ') || 'none'})`
          : `message ${message.id} has several select menus; pass { customId } (${ids.join(', ')})`,
      );
    }
    const select = candidates[0] as Record<string, unknown>;
    const view = toSelect(select);
    if (view.disabled) throw new DriverError(`select "${view.customId}" is disabled`);
    const ids = values.map((v) => (typeof v === 'string' ? v : v.id));
    if (ids.length < view.minValues || ids.length > view.maxValues) {
      throw new DriverError(`select "${view.customId}" takes ${view.minValues}–${view.maxValues} values, got ${ids.length}`);
    }
    if (new Set(ids).size !== ids.length) throw new DriverError(`select "${view.customId}": the same value twice`);
    const data: Record<string, unknown> = { values: ids };
    if (select.type === ComponentKind.StringSelect) {
      for (const value of ids) {
        if (!view.options.some((o) => o.value === value)) {
          throw new DriverError(`select "${view.customId}" has no option ${JSON.stringify(value)} (options: ${view.options.map((o) => o.value).join(', ')})`);
        }
      }
    } else {
      data.resolved = this.resolveSelectValues(select.type as number, ids, view.customId);
    }
    return this.componentInteraction(message, select, data, `select "${view.customId}"`);
  }

  private resolveSelectValues(type: number, ids: string[], customId: string): Record<string, Record<string, unknown>> {
    const { emulator } = this.ctx;
    const resolved: Record<string, Record<string, unknown>> = {};
    for (const id of ids) {
      const role = this.guild.roles.get(id);
      const channel = emulator.world.channel(id);
      const member = this.guild.members.get(id);
      if ((type === ComponentKind.RoleSelect || type === ComponentKind.MentionableSelect) && role) {
        (resolved.roles ??= {})[id] = apiRole(role);
      } else if ((type === ComponentKind.UserSelect || type === ComponentKind.MentionableSelect) && member) {
        const { user, deaf: _d, mute: _m, ...rest } = apiMember(emulator.world, member);
        (resolved.users ??= {})[id] = user;
        (resolved.members ??= {})[id] = { ...rest, permissions: emulator.permissions(this.guild, id).toString() };
      } else if (type === ComponentKind.ChannelSelect && channel && channel.guildId === this.guildId) {
        (resolved.channels ??= {})[id] = { ...apiChannel(channel), permissions: emulator.permissions(this.guild, this.id).toString() };
      } else {
        throw new DriverError(`select "${customId}" cannot select ${id}`);
      }
    }
    return resolved;
  }

  /** Picks values in a select menu (string values, or handles for user/role/channel selects). */
  async select(message: MessageRef, values: (string | { id: string })[], options: { customId?: string } = {}): Promise<Message> {
    const record = this.selectInteraction(message, values, options.customId);
    return expectMessage(await this.run(record), record, 'selectModal');
  }

  async selectModal(message: MessageRef, values: (string | { id: string })[], options: { customId?: string } = {}): Promise<Modal> {
    const record = this.selectInteraction(message, values, options.customId);
    return expectModal(await this.run(record), record);
  }

  /** Fills in and submits a modal the bot showed this member; resolves with the resulting message. */
  async submitModal(modal: Modal, values: ModalValues): Promise<Message> {
    const { emulator } = this.ctx;
    if (modal.userId !== this.id) throw new DriverError(`this modal was shown to another user`);
    const opener = emulator.interactions.get(modal.interactionId);
    if (!opener || !opener.modal) throw new DriverError(`unknown modal ${modal.customId}`);
    if (opener.modalSubmitted) throw new DriverError(`modal "${modal.title}" was already submitted`);
    const components = modalSubmission(opener.modal, values);
    const source = opener.sourceMessageId ? visibleMessage(emulator, opener.sourceMessageId, this.id) : undefined;
    const channel = emulator.world.channel(opener.channelId);
    if (!channel) throw new DriverError(`channel ${opener.channelId} no longer exists`);
    opener.modalSubmitted = true;
    const record = createInteraction(emulator, {
      kind: InteractionKind.ModalSubmit,
      guild: this.guild,
      channel,
      userId: this.id,
      label: `modal "${modal.title}"`,
      data: { custom_id: opener.modal.custom_id, components },
      metadata: { triggering: opener.metadata },
      ...(source && { sourceMessage: source }),
    });
    return expectMessage(await this.run(record), record, 'a modal cannot answer a modal');
  }
}

function anyOutcome(outcome: Outcome): Message | Modal {
  if (outcome.kind === 'message') return outcome.message;
  if (outcome.kind === 'modal') return outcome.modal;
  throw new DriverError('the bot answered with autocomplete choices');
}

function expectMessage(outcome: Outcome, record: InteractionRecord, modalMethod: string): Message {
  if (outcome.kind === 'message') return outcome.message;
  if (outcome.kind === 'modal') {
    throw new DriverError(`the bot answered ${record.label} with the modal "${outcome.modal.title}"; use ${modalMethod}() to get it`);
  }
  throw new DriverError(`the bot answered ${record.label} with autocomplete choices`);
}

function expectModal(outcome: Outcome, record: InteractionRecord): Modal {
  if (outcome.kind === 'modal') return outcome.modal;
  throw new DriverError(`expected the bot to open a modal for ${record.label}, but it answered with a ${outcome.kind}`);
}
