import type { Interaction } from 'discord.js';
import type { BotMetrics } from './metrics.js';

/** The methods by which an interaction is first answered; whichever runs first is the acknowledgement. */
const ANSWERS = ['reply', 'deferReply', 'deferUpdate', 'update', 'showModal', 'respond'] as const;

/** `film`, `party create`'s command name, or the command a component's custom_id belongs to. */
export function commandLabel(interaction: Interaction): string {
  if (interaction.isChatInputCommand() || interaction.isAutocomplete() || interaction.isContextMenuCommand()) return interaction.commandName;
  if (interaction.isMessageComponent() || interaction.isModalSubmit()) return interaction.customId.split(/[:|]/)[0]?.slice(0, 32) || 'component';
  return 'other';
}

function kindOf(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) return 'command';
  if (interaction.isAutocomplete()) return 'autocomplete';
  if (interaction.isMessageComponent()) return 'component';
  if (interaction.isModalSubmit()) return 'modal';
  return 'other';
}

/**
 * Counts an interaction and times its acknowledgement: the first answering method called on it is wrapped
 * (once the answer has gone out), so the router and commands need not know about metrics. Returns a function
 * to call when the handler has finished.
 */
export function observeInteraction(interaction: Interaction, metrics: BotMetrics): () => void {
  const command = commandLabel(interaction);
  metrics.interactions.inc({ command, kind: kindOf(interaction) });
  const started = performance.now();
  let acknowledged = false;
  const target = interaction as unknown as Record<string, unknown>;
  for (const name of ANSWERS) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = async function (this: unknown, ...args: unknown[]) {
      const result = await (original as (...a: unknown[]) => Promise<unknown>).apply(interaction, args);
      if (!acknowledged) {
        acknowledged = true;
        metrics.acknowledgement.observe({ command }, (performance.now() - started) / 1000);
      }
      return result;
    };
  }
  return () => metrics.handling.observe({ command }, (performance.now() - started) / 1000);
}
