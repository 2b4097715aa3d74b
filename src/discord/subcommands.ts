import type { ChatInputCommandInteraction, ModalSubmitInteraction, SlashCommandBuilder, SlashCommandSubcommandBuilder } from 'discord.js';
import type { App } from '../app.js';
import { UserError } from '../errors.js';
import type { Command, ComponentInteraction, Handler } from './command.js';

// The argument types differ per action; each handler validates its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handlers<I> = Record<string, Handler<I, any>>;

/**
 * One subcommand of a command with several, in its own module: its part of the builder (the name is set by the
 * assembler), what it runs, and the buttons and forms its replies carry.
 */
export interface Subcommand {
  name: string;
  build(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder;
  execute(interaction: ChatInputCommandInteraction, app: App): Promise<void>;
  components?: Handlers<ComponentInteraction>;
  modals?: Handlers<ModalSubmitInteraction>;
}

export function defineSubcommand(subcommand: Subcommand): Subcommand {
  return subcommand;
}

function merge<I>(command: string, kind: string, parts: (Handlers<I> | undefined)[]): Handlers<I> | undefined {
  const merged: Handlers<I> = {};
  for (const part of parts) {
    for (const [action, handler] of Object.entries(part ?? {})) {
      if (merged[action]) throw new Error(`/${command} declares the ${kind} action "${action}" twice`);
      merged[action] = handler;
    }
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/**
 * The one place a command with subcommands is put together: `data` gets each subcommand in the order given,
 * `execute` runs the one the member chose, and the subcommands' buttons and forms join the command's own.
 */
export function assembleCommand(
  command: Omit<Command, 'data' | 'execute'> & {
    data: SlashCommandBuilder;
    subcommands: readonly Subcommand[];
    /** Checks every subcommand shares (e.g. "only in a server"), run before the subcommand. */
    before?(interaction: ChatInputCommandInteraction): void;
  },
): Command {
  const { data, subcommands, before, ...rest } = command;
  const byName = new Map<string, Subcommand>();
  for (const subcommand of subcommands) {
    if (byName.has(subcommand.name)) throw new Error(`/${data.name} declares the subcommand ${subcommand.name} twice`);
    byName.set(subcommand.name, subcommand);
    data.addSubcommand((sub) => subcommand.build(sub.setName(subcommand.name)));
  }
  const components = merge(data.name, 'button', [...subcommands.map((sub) => sub.components), rest.components]);
  const modals = merge(data.name, 'form', [...subcommands.map((sub) => sub.modals), rest.modals]);
  return {
    ...rest,
    data,
    ...(components && { components }),
    ...(modals && { modals }),
    async execute(interaction, app) {
      before?.(interaction);
      const run = byName.get(interaction.options.getSubcommand(true));
      if (!run) throw new UserError(`Marquee does not know that /${data.name} subcommand (any more).`);
      await run.execute(interaction, app);
    },
  };
}
