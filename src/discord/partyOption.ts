import type { APIApplicationCommandOptionChoice, ChatInputCommandInteraction, SlashCommandIntegerOption, SlashCommandStringOption } from 'discord.js';
import type { App } from '../app.js';
import { isUserError, UserError } from '../errors.js';
import { LIMITS, truncate } from './limits.js';
import { filmPlain } from './render/parties.js';

/** The `party` option: a party number, autocompleted with the upcoming parties. */
export function partyOption(option: SlashCommandIntegerOption, description = 'Which party (default: the only upcoming one)'): SlashCommandIntegerOption {
  return option.setName('party').setDescription(description).setMinValue(1).setMaxValue(1_000_000).setAutocomplete(true);
}

/** The `when` option: natural language, read in the server's zone; autocomplete echoes how it was read. */
export function whenOption(option: SlashCommandStringOption, required: boolean): SlashCommandStringOption {
  return option
    .setName('when')
    .setDescription('“friday 9pm”, “tomorrow 20:30”, “in 2 hours”, “2024-07-05 21:00” (server time zone)')
    .setRequired(required)
    .setAutocomplete(true)
    .setMaxLength(100);
}

/** Upcoming parties matching what is typed (a number or words of the film's title), soonest first. */
export async function partyChoices(app: App, guildId: string, typed: string): Promise<APIApplicationCommandOptionChoice<number>[]> {
  const query = typed.trim().replace(/^#/, '').toLowerCase();
  const upcoming = await app.parties.list(guildId, { scope: 'upcoming', page: { pageSize: LIMITS.choices } });
  return upcoming.items
    .filter((party) => !query || String(party.id).startsWith(query) || filmPlain(party.film).toLowerCase().includes(query))
    .map((party) => ({ name: truncate(`#${party.id} · ${filmPlain(party.film)} · ${party.startsAtText}`, LIMITS.choiceName), value: party.id }));
}

const EXAMPLES = ['friday 9pm', 'tomorrow 20:30', 'in 2 hours'];

/**
 * Shows, while the member types, the time the text will be read as (or why it cannot be), so they can check it
 * before sending; picking the suggestion sends exactly what they typed.
 */
export async function whenChoices(app: App, guildId: string, typed: string): Promise<APIApplicationCommandOptionChoice<string>[]> {
  const text = typed.trim().slice(0, LIMITS.choiceValue);
  const candidates = text ? [text] : EXAMPLES;
  const choices: APIApplicationCommandOptionChoice<string>[] = [];
  for (const candidate of candidates) {
    try {
      const preview = await app.parties.previewTime(guildId, candidate);
      const end = preview.endsAtText ? ` – ${preview.endsAtText}` : '';
      choices.push({ name: truncate(`${candidate} → ${preview.startsAtText}${end}`, LIMITS.choiceName), value: candidate });
    } catch (error) {
      if (!isUserError(error)) throw error;
      if (text) choices.push({ name: truncate(`⚠ ${error.message}`, LIMITS.choiceName), value: candidate });
    }
  }
  return choices;
}

/** The party the member means: the `party` option, else the server's only upcoming party. */
export async function resolveParty(interaction: ChatInputCommandInteraction, app: App, guildId: string): Promise<number> {
  const given = interaction.options.getInteger('party');
  if (given !== null) return given;
  const upcoming = await app.parties.list(guildId, { scope: 'upcoming', page: { pageSize: 2 } });
  if (upcoming.total === 1) return upcoming.items[0]!.id;
  if (upcoming.total === 0) throw new UserError('There is no upcoming watch party; give a party number, or schedule one with `/party schedule`.');
  throw new UserError(`There are ${upcoming.total} upcoming watch parties; say which one with the party option.`);
}
