import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { IANAZone } from 'luxon';
import type { App } from '../src/app.js';
import { guildConfig, setDateOrder, setGuildTimezone, setModeratorRole } from '../src/club/index.js';
import { accessOf, actorOf, guildIdOf } from '../src/discord/actor.js';
import { defineCommand } from '../src/discord/command.js';
import { fitEmbed, LIMITS, truncate } from '../src/discord/limits.js';
import { replyPrivately } from '../src/discord/respond.js';
import { UserError } from '../src/errors.js';
import { leadText } from '../src/parties/reminders.js';
import { canManageServer } from '../src/permissions.js';
import { setWebPublic } from '../src/web/settings.js';

/** A few zones to suggest while typing; any IANA name is accepted. */
const ZONES: string[] = Intl.supportedValuesOf('timeZone');

const DATE_ORDERS = { 'day-first': 'day first (5 June 2024)', 'month-first': 'month first (May 6, 2024)' } as const;

async function summary(app: App, guildId: string): Promise<string> {
  const config = await guildConfig(app.store, guildId);
  const lead = await app.parties.reminderLead(guildId);
  return [
    `Time zone: **${config.timezone ?? 'UTC (not set)'}**`,
    `Dates like 05/06/2024: **${DATE_ORDERS[config.dateOrder ?? 'day-first']}**${config.dateOrder ? '' : ' (not set)'}`,
    `Moderator role: ${config.moderatorRoleId ? `<@&${config.moderatorRoleId}>` : 'none — members with Manage Server moderate'}`,
    `Website: ${config.webPublic ? 'public (anyone with the link)' : 'members only'}`,
    `Watch party reminders: ${lead === 0 ? 'only at the start' : `${leadText(lead)} before, and at the start`}`,
  ].join('\n');
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('config')
    .setDescription('Server settings for Marquee (Manage Server)')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) => sub.setName('show').setDescription('Show the current settings'))
    .addSubcommand((sub) =>
      sub
        .setName('timezone')
        .setDescription('The server’s time zone, for watch dates and party times')
        .addStringOption((option) => option.setName('zone').setDescription('An IANA zone such as Europe/Paris').setRequired(true).setAutocomplete(true).setMaxLength(64)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('date-format')
        .setDescription('How watch dates like 05/06/2024 are read: day first or month first')
        .addStringOption((option) =>
          option
            .setName('order')
            .setDescription('05/06/2024 is…')
            .setRequired(true)
            .addChoices({ name: 'day first: 5 June 2024', value: 'day-first' }, { name: 'month first: May 6, 2024', value: 'month-first' }),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('moderator-role')
        .setDescription('Members with this role curate lists and manage watch parties')
        .addRoleOption((option) => option.setName('role').setDescription('Leave empty to clear').setRequired(false)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('web')
        .setDescription('Who can read the server’s website: members only, or anyone with the link')
        .addBooleanOption((option) => option.setName('public').setDescription('true: anyone with the link; false: members who sign in').setRequired(true)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('reminder-lead')
        .setDescription('How long before a watch party the reminder goes out')
        .addIntegerOption((option) => option.setName('minutes').setDescription('0 for no early reminder').setRequired(true).setMinValue(0).setMaxValue(10_080)),
    ),

  async autocomplete(interaction) {
    const typed = String(interaction.options.getFocused()).toLowerCase().replace(/\s+/g, '_');
    const zones = ZONES.filter((zone) => zone.toLowerCase().includes(typed)).slice(0, LIMITS.choices);
    await interaction.respond(zones.map((zone) => ({ name: zone, value: zone })));
  },

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const subcommand = interaction.options.getSubcommand(true);
    if (subcommand !== 'show' && !canManageServer(accessOf(interaction))) {
      throw new UserError('Only members with the Manage Server permission can change Marquee’s settings.');
    }
    switch (subcommand) {
      case 'timezone': {
        const zone = interaction.options.getString('zone', true).trim();
        if (!IANAZone.isValidZone(zone)) throw new UserError(`“${truncate(zone, 40)}” is not a time zone; pick one from the suggestions, e.g. Europe/Paris.`);
        await setGuildTimezone(app.store, guildId, zone);
        break;
      }
      case 'date-format':
        await setDateOrder(app.store, guildId, interaction.options.getString('order', true));
        break;
      case 'moderator-role': {
        const role = interaction.options.getRole('role');
        // Discord lists @everyone (the role sharing the server's id) among no member's roles: saved, it would make nobody a moderator.
        if (role?.id === guildId) {
          throw new UserError(
            '@everyone cannot be the moderator role: Discord counts it as no member’s role, so nobody would moderate through it. Pick a role members are given, or leave the option empty to clear it.',
          );
        }
        await setModeratorRole(app.store, guildId, role?.id ?? null);
        break;
      }
      case 'web':
        await setWebPublic(app.store, guildId, interaction.options.getBoolean('public', true));
        break;
      case 'reminder-lead':
        await app.parties.setReminderLead({ ...actorOf(interaction), access: accessOf(interaction) }, interaction.options.getInteger('minutes', true));
        break;
    }
    await replyPrivately(interaction, { embeds: [fitEmbed({ title: subcommand === 'show' ? 'Marquee settings' : 'Settings saved', description: await summary(app, guildId) })] });
  },
});
