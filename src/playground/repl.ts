import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord.js';
import { Modal, type Attachment, type AttachmentInput, type GuildHandle, type LocalDiscord, type MemberHandle, type Message, type SlashOptions } from '../local-discord/index.js';
import { controlsOf, renderMessage, renderModal, type Names } from './render.js';

const SUBCOMMAND = 1;
/** `wait` waits for the bot to have written nothing for this long: a handler's writes come closer together. */
const QUIET_MS = 2000;
const SUBCOMMAND_GROUP = 2;
const OPTION_TYPES: Record<number, string> = { 3: 'text', 4: 'whole number', 5: 'true/false', 6: 'member', 7: 'channel', 8: 'role', 10: 'number', 11: 'file' };

export interface PlaygroundOptions {
  /** Where files the bot sends are written (the playground says so at the start). */
  filesDir: string;
}

export interface PlaygroundIo {
  input: Readable;
  output: Writable;
  /** A terminal gets prompts, line editing and Tab completion; a pipe is read line by line. */
  interactive: boolean;
}

interface ParsedCommand {
  name: string;
  options: SlashOptions;
  subcommand?: string;
  group?: string;
  /** The option typed last (as Discord focuses the option being typed), for suggestions; its text as typed. */
  focusOption?: APIApplicationCommandOption;
  focusText?: string;
}

/** What the command line needs from the playground: files read from a path, for ATTACHMENT options. */
export interface LineContext {
  attach(path: string): AttachmentInput;
}

/** `@alice` in a text option becomes a mention of the member alice, as Discord's client does when you pick her. */
function withMentions(text: string, guild: GuildHandle): string {
  return text.replace(/(^|\s)@([\w.-]+)/g, (whole, space: string, name: string) => {
    const member = guild.members().find((m) => m.username.toLowerCase() === name.toLowerCase());
    return member ? `${space}<@${member.id}>` : whole;
  });
}

/** Splits a line into words, keeping "quoted phrases" together and key:value pairs intact. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  const pattern = /(\S+?:)?"([^"]*)"|(\S+)/g;
  for (const match of line.matchAll(pattern)) tokens.push(match[1] !== undefined ? match[1] + match[2] : match[2] !== undefined ? match[2] : match[3]!);
  return tokens;
}

/**
 * Reads `/film holy motors`, `/search director:carax year_from:1990` or
 * `/watchlist show member:bob` against the registered definitions: `name:value` sets an option,
 * other words are free text for the first text option not yet given.
 */
export function parseCommandLine(line: string, commands: APIApplicationCommand[], guild: GuildHandle, context?: LineContext): ParsedCommand | string {
  const [head, ...rest] = tokenize(line.slice(1));
  const command = commands.find((c) => c.name === head?.toLowerCase());
  if (!command) return `Unknown command /${head ?? ''}. Type help to see the commands.`;
  let level: APIApplicationCommandOption[] = command.options ?? [];
  const parsed: ParsedCommand = { name: command.name, options: {} };
  const takeLevel = (type: number): boolean => {
    const next = level.find((o) => o.type === type && o.name === rest[0]?.toLowerCase());
    if (!next) return false;
    rest.shift();
    if (type === SUBCOMMAND_GROUP) parsed.group = next.name;
    else parsed.subcommand = next.name;
    level = ('options' in next ? next.options : undefined) ?? [];
    return true;
  };
  if (level.some((o) => o.type === SUBCOMMAND_GROUP)) takeLevel(SUBCOMMAND_GROUP);
  if (level.some((o) => o.type === SUBCOMMAND) && !takeLevel(SUBCOMMAND)) {
    return `/${command.name} needs one of: ${level.filter((o) => o.type === SUBCOMMAND).map((o) => o.name).join(', ')}`;
  }
  // As in Discord, an option's text runs until the next `name:`; words before any option fill the main one.
  const free: string[] = [];
  const given: { option: APIApplicationCommandOption; words: string[] }[] = [];
  for (const token of rest) {
    const pair = /^([a-z0-9_-]+):(.*)$/.exec(token);
    const option = pair ? level.find((o) => o.name === pair[1]) : undefined;
    if (pair && option) given.push({ option, words: pair[2] ? [pair[2]] : [] });
    else if (given.length) given.at(-1)!.words.push(token);
    else free.push(token);
  }
  for (const { option, words } of given) {
    const value = words.join(' ');
    switch (option.type) {
      case 7: {
        const name = value.replace(/^#/, '').toLowerCase();
        const channel = guild.channels().find((c) => c.name.toLowerCase() === name || c.id === value);
        if (!channel) return `No channel called ${value} here. Channels: ${guild.channels().map((c) => `#${c.name}`).join(', ')}`;
        parsed.options[option.name] = channel;
        break;
      }
      case 11: {
        if (!context) return 'Files cannot be attached here.';
        try {
          parsed.options[option.name] = context.attach(value);
        } catch (error) {
          return `Cannot attach ${value}: ${(error as Error).message}`;
        }
        break;
      }
      case 4:
      case 10:
        parsed.options[option.name] = Number(value);
        break;
      case 5:
        parsed.options[option.name] = /^(true|yes|y|1)$/i.test(value);
        break;
      case 6: {
        const member = guild.members().find((m) => m.username.toLowerCase() === value.replace(/^@/, '').toLowerCase());
        if (!member) return `No member called ${value} here. Members: ${guild.members().map((m) => m.username).join(', ')}`;
        parsed.options[option.name] = member;
        break;
      }
      default:
        parsed.options[option.name] = withMentions(value, guild);
    }
  }
  if (free.length) {
    const target = level.find((o) => o.type === 3 && !(o.name in parsed.options) && 'required' in o && o.required) ?? level.find((o) => o.type === 3 && !(o.name in parsed.options));
    if (!target) return `I don't know where “${free.join(' ')}” goes. Options: ${level.map((o) => `${o.name}:`).join(' ')}`;
    parsed.options[target.name] = withMentions(free.join(' '), guild);
    parsed.focusOption = target;
    parsed.focusText = free.join(' ');
  }
  // The option typed last is the one being typed, wherever it is on the line.
  const last = given.at(-1);
  if (last) {
    parsed.focusOption = last.option;
    parsed.focusText = last.words.join(' ');
  }
  return parsed;
}

export function describeCommands(commands: APIApplicationCommand[]): string {
  const lines = ['Commands (type them as in Discord; name:value sets an option, other words fill the main one):'];
  const describeOptions = (options: APIApplicationCommandOption[] | undefined) =>
    (options ?? []).map((o) => (('required' in o && o.required) ? `${o.name}:<${OPTION_TYPES[o.type] ?? 'value'}>` : `[${o.name}:<${OPTION_TYPES[o.type] ?? 'value'}>]`)).join(' ');
  for (const command of [...commands].sort((a, b) => a.name.localeCompare(b.name))) {
    const subs = (command.options ?? []).filter((o) => o.type === SUBCOMMAND);
    if (subs.length) for (const sub of subs) lines.push(`  /${command.name} ${sub.name} ${describeOptions('options' in sub ? sub.options : undefined)} — ${sub.description}`);
    else lines.push(`  /${command.name} ${describeOptions(command.options)} — ${command.description}`);
  }
  lines.push(
    'Also:',
    '  1, 2 …        press the numbered button of the last message',
    '  3.2           choose option 2 of the numbered select menu 3',
    '  #4 2          press button 2 of message #4 (any message shown, also as another member)',
    '  file:./x.csv  attach a file from a path; files the bot sends are saved to a folder named at the start',
    '  @bob          mention a member in an option, e.g. /party suggest members:@alice @bob',
    '  when:fri?     a trailing ? shows the suggestions of the option being typed',
    '  /film holy mot?   show autocomplete suggestions without running (Tab does too in a terminal)',
    '  as <name>     act as another member (created if new)',
    '  members       list the members',
    '  channel       show the channel as everyone sees it',
    '  wait [s]      wait until the bot is done (an import, say), up to 30 s; its edits also show by themselves',
    '  quit',
  );
  return lines.join('\n');
}

/**
 * The playground's prompt: a newcomer types slash commands as they would in Discord and reads
 * the bot's answers, acting as one of the server's members.
 */
export class Playground {
  private member: MemberHandle;
  private last?: Message;
  /** Every message shown, by its number (#1, #2 …): any of them can be pressed. */
  private readonly numbered = new Map<number, Message>();
  private readonly lines: string[] = [];
  private readonly seen = new Set<string>();
  /** Each shown message's latest number and the state it was shown in, to tell when the bot edits it later. */
  private readonly shownAs = new Map<string, { number: number; state: string }>();
  /** Shown messages the bot edited since, not printed yet. */
  private readonly edited = new Set<string>();
  /** When the bot last created or edited a message (`wait` waits for it to go quiet). */
  private lastBotWrite = 0;
  private waiting?: (line: string | undefined) => void;
  private closed = false;
  private readonly rl: Interface;

  constructor(
    private readonly discord: LocalDiscord,
    private readonly guild: GuildHandle,
    firstMember: MemberHandle,
    private readonly io: PlaygroundIo,
    private readonly options: PlaygroundOptions,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.member = firstMember;
    this.rl = createInterface({
      input: io.input,
      output: io.interactive ? io.output : undefined,
      terminal: io.interactive,
      completer: io.interactive ? (line: string, callback: (error: null, result: [string[], string]) => void) => void this.complete(line).then((result) => callback(null, result)) : undefined,
    });
    this.rl.on('line', (line) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve(line);
      } else this.lines.push(line);
    });
    this.rl.on('close', () => {
      this.closed = true;
      this.waiting?.(undefined);
    });
  }

  private print(text: string): void {
    this.io.output.write(text + '\n');
  }

  private commands(): APIApplicationCommand[] {
    return [...this.discord.commands(), ...this.discord.commands(this.guild)];
  }

  private nextLine(prompt: string): Promise<string | undefined> {
    this.showEdits();
    if (this.io.interactive) {
      this.rl.setPrompt(prompt);
      this.rl.prompt();
    }
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private show(message: Message): void {
    const number = this.numbered.size + 1;
    this.numbered.set(number, message);
    const saved = new Map(message.attachments.map((attachment) => [attachment.id, this.saveFile(number, attachment)]));
    this.print(renderMessage(message, 'Marquee', this.now(), { number, names: this.names, saved }));
    this.seen.add(message.id);
    this.shownAs.set(message.id, { number, state: stateOf(message) });
    this.edited.delete(message.id);
    this.last = message;
  }

  /**
   * Shown messages the bot has edited since (an import's "Matching…" becoming its preview, a card redrawn by
   * another member's press): each printed again under its number, marked as edited.
   */
  private showEdits(): void {
    for (const id of [...this.edited]) {
      this.edited.delete(id);
      const shown = this.shownAs.get(id);
      const message = shown && this.numbered.get(shown.number)?.latest();
      if (!shown || !message || stateOf(message) === shown.state) continue;
      this.numbered.set(shown.number, message);
      if (this.last?.id === id) this.last = message;
      this.shownAs.set(id, { number: shown.number, state: stateOf(message) });
      this.print(renderMessage(message, 'Marquee (edited)', this.now(), { number: shown.number, names: this.names }));
    }
  }

  /** `wait`: until the bot has written nothing for two seconds (at most `seconds`), then what it wrote meanwhile. */
  private async waitForBot(seconds: number): Promise<void> {
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until && performance.now() - this.lastBotWrite < QUIET_MS) await new Promise((resolve) => setTimeout(resolve, 100));
    this.showEdits();
    if (this.last) this.showNewIn(this.last.channelId, this.last.createdAt);
  }

  /** Messages the bot posted in a channel since `since` that this member can see and was not shown yet. */
  private showNewIn(channelId: string, since: Date, except?: string): void {
    for (const message of this.discord.messages(channelId, { viewer: this.member })) {
      if (!this.seen.has(message.id) && message.createdAt >= since && message.id !== except) this.show(message);
    }
  }

  /** A file the bot sent, written to the playground's files folder (its path is shown under the message). */
  private saveFile(number: number, attachment: Attachment): string {
    mkdirSync(this.options.filesDir, { recursive: true });
    const path = join(this.options.filesDir, `${number}-${basename(attachment.filename)}`);
    writeFileSync(path, attachment.bytes);
    return path;
  }

  /** Files for ATTACHMENT options, read from a path (relative to where the playground was started). */
  private readonly lineContext: LineContext = {
    attach: (path) => this.discord.attachment(basename(path), readFileSync(resolve(path))),
  };

  /** Who and what `<@id>`, `<#id>` and `<@&id>` name in this server, for rendering as Discord does. */
  private readonly names: Names = {
    member: (id) => this.guild.members().find((m) => m.id === id)?.username,
    channel: (id) => this.guild.channels().find((c) => c.id === id)?.name,
    role: (id) => this.guild.roles().find((r) => r.id === id)?.name,
  };

  private async fillModal(modal: Modal): Promise<void> {
    this.print(renderModal(modal));
    const values: Record<string, string> = {};
    for (const input of modal.inputs) {
      const hint = input.placeholder ? ` (e.g. ${input.placeholder})` : '';
      const answer = await this.nextLine(`${input.label}${hint}: `);
      if (answer === undefined) return;
      if (!this.io.interactive) this.print(`${input.label}: ${answer}`);
      values[input.customId] = answer;
    }
    await this.handleResult(await this.member.submitModal(modal, values));
  }

  private async handleResult(result: Message | Modal): Promise<void> {
    if (result instanceof Modal) return this.fillModal(result);
    this.show(result);
    // Anything else the bot posted meanwhile (a follow-up card, an announcement) appears too, and earlier
    // messages it edited.
    await new Promise((resolve) => setTimeout(resolve, 150));
    this.showNewIn(result.channelId, result.createdAt, result.id);
    this.showEdits();
  }

  /** The option being typed, when it has suggestions (autocomplete), and its suggestions for the text so far. */
  private async suggestionsFor(line: string): Promise<{ parsed: ParsedCommand; option: APIApplicationCommandOption; choices: { name: string }[] } | string> {
    const parsed = parseCommandLine(line, this.commands(), this.guild, this.lineContext);
    if (typeof parsed === 'string') return parsed;
    const option = parsed.focusOption;
    if (!option || !('autocomplete' in option) || !option.autocomplete) return 'That option has no suggestions.';
    const choices = await this.member.autocomplete(parsed.name, option.name, parsed.focusText ?? '', { subcommand: parsed.subcommand, group: parsed.group });
    return { parsed, option, choices };
  }

  async complete(line: string): Promise<[string[], string]> {
    if (!line.startsWith('/')) return [[], line];
    const found = await this.suggestionsFor(line);
    if (typeof found === 'string') return [[], line];
    const prefix = line.slice(0, line.length - (found.parsed.focusText ?? '').length);
    return [found.choices.map((choice) => `${prefix}${choice.name.replace(/ — .*$/, '')}`), line];
  }

  private async suggest(line: string): Promise<void> {
    const found = await this.suggestionsFor(line);
    if (typeof found === 'string') return this.print(found);
    const { option, choices } = found;
    this.print(choices.length ? `Suggestions for ${option.name}:\n${choices.map((c, i) => `  ${i + 1}. ${c.name}`).join('\n')}` : 'No suggestions.');
  }

  /** `2` or `1.3` act on the last message; `#4 2` or `#4 1.3` on message #4 (any shown since the start). */
  private async press(line: string): Promise<void> {
    const [, numberText, controlText, optionText] = /^(?:#(\d+)\s+)?(\d+)(?:\.(\d+))?$/.exec(line)!;
    const shown = numberText === undefined ? this.last : this.numbered.get(Number(numberText));
    if (!shown) return this.print(numberText === undefined ? 'Nothing to press yet: run a command first.' : `There is no message #${numberText}.`);
    // Its current state: buttons change as members press them.
    const message = shown.latest() ?? shown;
    const where = numberText === undefined ? 'The last message' : `Message #${numberText}`;
    const controls = controlsOf(message);
    const control = controls[Number(controlText) - 1];
    if (!control) return this.print(`${where} has ${controls.length} control(s).`);
    if (control.kind === 'button') {
      if (optionText !== undefined) return this.print(`[${controlText}] is a button: type ${controlText} to press it.`);
      if (control.disabled) return this.print(`[${controlText}] ${control.label} is switched off.`);
      return this.handleResult(await this.member.interact.click(message, control.customId));
    }
    const option = control.options[Number(optionText) - 1];
    if (!option) return this.print(`Choose an option: ${controlText}.1 to ${controlText}.${control.options.length}`);
    return this.handleResult(await this.member.interact.select(message, [option.value], { customId: control.customId }));
  }

  private async run(line: string): Promise<boolean> {
    const text = line.trim();
    if (!text) return true;
    if (!this.io.interactive) this.print(`${this.member.username}> ${text}`);
    if (/^(quit|exit)$/i.test(text)) return false;
    if (/^(help|\?)$/i.test(text)) {
      this.print(describeCommands(this.commands()));
      return true;
    }
    const as = /^as\s+@?(\S+)$/i.exec(text);
    if (as) {
      const name = as[1]!;
      this.member = this.guild.members().find((m) => m.username.toLowerCase() === name.toLowerCase()) ?? this.guild.addMember({ username: name.toLowerCase() });
      this.print(`You are now ${this.member.username}.`);
      return true;
    }
    const wait = /^wait(?:\s+(\d+))?$/i.exec(text);
    if (wait) {
      await this.waitForBot(Number(wait[1] ?? 30));
      return true;
    }
    if (/^members$/i.test(text)) {
      this.print(this.guild.members().map((m) => `${m.username}${m.permissions.includes('ManageGuild') ? ' (moderator)' : ''}`).join(', '));
      return true;
    }
    if (/^channel$/i.test(text)) {
      for (const message of this.guild.defaultChannel.messages.slice(-10)) {
        this.print(renderMessage(message, message.authorId === this.discord.bot.id ? 'Marquee' : (this.names.member(message.authorId) ?? message.authorId), this.now(), { names: this.names }));
      }
      return true;
    }
    if (/^(#\d+\s+)?\d+(\.\d+)?$/.test(text)) {
      await this.press(text);
      return true;
    }
    if (text.startsWith('/')) {
      if (text.endsWith('?')) {
        await this.suggest(text.slice(0, -1));
        return true;
      }
      const parsed = parseCommandLine(text, this.commands(), this.guild, this.lineContext);
      if (typeof parsed === 'string') {
        this.print(parsed);
        return true;
      }
      await this.handleResult(await this.member.interact.slash(parsed.name, parsed.options, { subcommand: parsed.subcommand, group: parsed.group }));
      return true;
    }
    this.print('Type a slash command such as /film holy motors, a number to press a button, or help.');
    return true;
  }

  async start(): Promise<void> {
    this.print(`You are ${this.member.username} in “${this.guild.name}”. Type help for the commands, quit to leave.`);
    this.print(`Files the bot sends are saved in ${this.options.filesDir}.`);
    const stopWatching = this.discord.watchMessages((message, event) => {
      this.lastBotWrite = performance.now();
      if (event !== 'updated' || !this.seen.has(message.id)) return;
      this.edited.add(message.id);
      // Waiting at a terminal's prompt: show it now, then the prompt again with what was typed so far.
      if (this.io.interactive && this.waiting) {
        this.io.output.write('\r\x1b[K');
        this.showEdits();
        this.rl.prompt(true);
      }
    });
    for (;;) {
      const line = await this.nextLine(`${this.member.username}> `);
      if (line === undefined) break;
      try {
        if (!(await this.run(line))) break;
      } catch (error) {
        this.print(`! ${(error as Error).message}`);
      }
    }
    stopWatching();
    this.rl.close();
  }
}

/** What a member sees of a message (its API object), to tell an edit from a re-read. */
function stateOf(message: Message): string {
  return JSON.stringify(message.raw);
}
