import { MessageFlags, type Interaction, type ModalSubmitInteraction, type RepliableInteraction } from 'discord.js';
import type { App } from '../app.js';
import { isStorageRefusal, isUserError, STORAGE_REFUSED_MESSAGE, UserError } from '../errors.js';
import type { ComponentInteraction, Handler } from './command.js';
import { parseCustomId } from './customId.js';
import type { CommandRegistry } from './registry.js';
import { tellUser } from './respond.js';

export const STALE_COMPONENT_MESSAGE = 'This button is no longer valid. Run the command again for a fresh one.';
export const UNEXPECTED_ERROR_MESSAGE = 'Something went wrong on our side. It has been logged; please try again.';

function describe(interaction: Interaction): Record<string, unknown> {
  return {
    interaction: interaction.id,
    type: interaction.type,
    command: interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : undefined,
    customId: interaction.isMessageComponent() || interaction.isModalSubmit() ? interaction.customId : undefined,
    user: interaction.user.id,
    guild: interaction.guildId ?? undefined,
  };
}

/**
 * The one entry point for every interaction. It finds the command (or the command that owns a
 * custom_id), validates what it can before any command code runs, and funnels every failure
 * through one error path: a UserError becomes an ephemeral message, anything else is logged with
 * context and answered with a generic apology. It never throws.
 */
export const INVALID_OPTION_MESSAGE = 'Discord sent an option value this command cannot use. Run the command again from the menu.';

/**
 * discord.js refuses option values the Discord client never sends (a text channel for a voice-only option, a
 * missing required option, a value of the wrong type), so only a modified client or a replayed request gets
 * there: the member is told, and it is not logged as a bug of ours.
 */
function optionRefusal(error: unknown): UserError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('CommandInteractionOption') ? new UserError(INVALID_OPTION_MESSAGE) : undefined;
}

export function createInteractionRouter(registry: CommandRegistry, app: App): (interaction: Interaction) => Promise<void> {
  async function fail(interaction: Interaction, thrown: unknown): Promise<void> {
    const error = optionRefusal(thrown) ?? thrown;
    if (!isUserError(error)) app.log.error('interaction failed', { ...describe(interaction), error });
    if (!interaction.isRepliable()) return;
    const message = isUserError(error) ? error.message : isStorageRefusal(error) ? STORAGE_REFUSED_MESSAGE : UNEXPECTED_ERROR_MESSAGE;
    try {
      await tellUser(interaction, message);
    } catch (replyError) {
      app.log.warn('could not tell the user about a failure', { ...describe(interaction), error: replyError });
    }
  }

  async function stale(interaction: RepliableInteraction, reason: string): Promise<void> {
    app.log.warn(`stale or unknown interaction: ${reason}`, describe(interaction));
    await interaction.reply({ content: STALE_COMPONENT_MESSAGE, flags: MessageFlags.Ephemeral });
  }

  /** Buttons, select menus and modal submits: the custom_id names the command and action that handle it. */
  async function runHandler(interaction: ComponentInteraction | ModalSubmitInteraction): Promise<void> {
    const parsed = parseCustomId(interaction.customId);
    const command = parsed && registry.get(parsed.command);
    if (!parsed || !command) return stale(interaction, 'malformed custom_id or unknown command');
    const handlers: Record<string, Handler<never, unknown>> | undefined = interaction.isModalSubmit() ? command.modals : command.components;
    const handler = handlers?.[parsed.action];
    if (!handler) return stale(interaction, `no handler for action "${parsed.action}"`);
    const args = handler.args.safeParse(parsed.args);
    if (!args.success) return stale(interaction, `invalid arguments: ${args.error.issues[0]?.message}`);
    await (handler.run as (i: typeof interaction, a: unknown, app: App) => Promise<void>)(interaction, args.data, app);
  }

  return async function route(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) {
        const command = registry.get(interaction.commandName);
        if (!command?.autocomplete) {
          app.log.warn('autocomplete for a command without it', describe(interaction));
          await interaction.respond([]);
          return;
        }
        await command.autocomplete(interaction, app);
        return;
      }
      if (interaction.isChatInputCommand()) {
        const command = registry.get(interaction.commandName);
        if (!command) {
          app.log.warn('unknown command', describe(interaction));
          await interaction.reply({ content: `Marquee does not know /${interaction.commandName} (any more).`, flags: MessageFlags.Ephemeral });
          return;
        }
        if (command.defer === 'public') await interaction.deferReply();
        if (command.defer === 'ephemeral') await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await command.execute(interaction, app);
        return;
      }
      if (interaction.isMessageComponent() || interaction.isModalSubmit()) {
        await runHandler(interaction);
        return;
      }
      app.log.debug('ignored interaction', describe(interaction));
    } catch (error) {
      if (interaction.isAutocomplete()) {
        app.log.error('autocomplete failed', { ...describe(interaction), error });
        if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
        return;
      }
      await fail(interaction, error);
    }
  };
}
