import type {
  AnySelectMenuInteraction,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { z } from 'zod';
import type { App } from '../app.js';

export type ComponentInteraction = ButtonInteraction | AnySelectMenuInteraction;

/**
 * A handler for one custom_id action. `args` parses the custom_id's arguments (strings) into what
 * the handler needs, so a stale or tampered id is refused before any handler code runs.
 */
export interface Handler<I, A> {
  args: z.ZodType<A>;
  run(interaction: I, args: A, app: App): Promise<void>;
}

/** How a command acknowledges before slow work: Discord drops interactions not answered within 3 s. */
export type Deferral = 'none' | 'public' | 'ephemeral';

export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  defer?: Deferral;
  execute(interaction: ChatInputCommandInteraction, app: App): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, app: App): Promise<void>;
  // The argument types differ per action; each handler validates its own.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  components?: Record<string, Handler<ComponentInteraction, any>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  modals?: Record<string, Handler<ModalSubmitInteraction, any>>;
}

/** Identity helper that gives command files type checking and a single shape to follow. */
export function defineCommand(command: Command): Command {
  return command;
}

export function handler<I, A>(args: z.ZodType<A>, run: (interaction: I, args: A, app: App) => Promise<void>): Handler<I, A> {
  return { args, run };
}

const isFunction = (value: unknown) => typeof value === 'function';
const HandlerShape = z.object({ args: z.custom<z.ZodType>((value) => value instanceof z.ZodType), run: z.custom(isFunction) });

/** What a file in commands/ must export as default; checked when the registry loads it. */
export const CommandShape = z.object({
  data: z.object({ name: z.string().regex(/^[a-z0-9_-]{1,32}$/), toJSON: z.custom(isFunction) }).loose(),
  defer: z.enum(['none', 'public', 'ephemeral']).optional(),
  execute: z.custom(isFunction, 'an execute(interaction, app) function'),
  autocomplete: z.custom(isFunction).optional(),
  components: z.record(z.string().regex(/^[a-z0-9_-]{1,32}$/), HandlerShape).optional(),
  modals: z.record(z.string().regex(/^[a-z0-9_-]{1,32}$/), HandlerShape).optional(),
});
