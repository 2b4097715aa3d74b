import { ButtonStyle, ComponentType, REST, Routes, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand, handler } from '../../src/discord/command.js';
import { loadConfig } from '../../src/config.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { CommandRegistry, loadCommands } from '../../src/discord/registry.js';
import { STALE_COMPONENT_MESSAGE, UNEXPECTED_ERROR_MESSAGE } from '../../src/discord/router.js';
import { createMemoryLogger } from '../../src/log.js';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { UserError } from '../../src/errors.js';
import { startTestClub, type TestClub } from './harness.js';

/** A command of the test's own, whose buttons carry custom ids the bot should refuse. */
const probe = defineCommand({
  data: new SlashCommandBuilder().setName('probe').setDescription('Buttons with odd custom ids'),
  async execute(interaction) {
    const button = (label: string, custom_id: string) => ({ type: ComponentType.Button as const, style: ButtonStyle.Secondary as const, label, custom_id });
    await interaction.reply({
      content: 'probe',
      components: [
        {
          type: ComponentType.ActionRow,
          components: [button('Malformed', 'garbage'), button('Other command', 'nocommand:act'), button('Unknown action', 'probe:gone'), button('Bad args', 'probe:count:minus-one'), button('Boom', 'probe:boom')],
        },
        { type: ComponentType.ActionRow, components: [button('Count', 'probe:count:2'), button('Refuse', 'probe:refuse')] },
      ],
    });
  },
  components: {
    count: handler(z.tuple([z.coerce.number().int().min(0)]), async (interaction, [count]) => {
      await interaction.reply({ content: `count ${count}`, flags: 64 });
    }),
    boom: handler(z.tuple([]), async () => {
      throw new Error('kaboom from a button');
    }),
    refuse: handler(z.tuple([]), async () => {
      throw new UserError('You cannot do that here.');
    }),
  },
});

const boom = defineCommand({
  data: new SlashCommandBuilder().setName('boom').setDescription('Throws'),
  async execute() {
    throw new Error('kaboom from a command');
  },
});

let club: TestClub;
let alice: MemberHandle;

beforeAll(async () => {
  club = await startTestClub({ registry: new CommandRegistry([probe, boom]) });
  alice = club.guild.addMember({ username: 'alice' });
});
afterAll(async () => club?.stop());

describe('the interaction router', () => {
  it('answers stale, malformed or tampered custom ids privately and logs them', async () => {
    const message = await alice.slash('probe', {});
    for (const label of ['Malformed', 'Other command', 'Unknown action', 'Bad args']) {
      const reply = await alice.click(message, label);
      expect(reply.ephemeral, label).toBe(true);
      expect(reply.content, label).toBe(STALE_COMPONENT_MESSAGE);
    }
    expect(club.logs.filter((line) => / WARN stale or unknown interaction/.test(line))).toHaveLength(4);
    const ok = await alice.click(message, 'Count');
    expect(ok.content).toBe('count 2');
    expect(club.discord.violations).toEqual([]);
  });

  it('turns a UserError into a private message and anything else into an apology plus a log line', async () => {
    const message = await alice.slash('probe', {});
    const refused = await alice.click(message, 'Refuse');
    expect(refused).toMatchObject({ ephemeral: true, content: 'You cannot do that here.' });
    expect(club.logs.some((line) => / ERROR /.test(line))).toBe(false);

    const apology = await alice.click(message, 'Boom');
    expect(apology).toMatchObject({ ephemeral: true, content: UNEXPECTED_ERROR_MESSAGE });
    const fromCommand = await alice.slash('boom', {});
    expect(fromCommand).toMatchObject({ ephemeral: true, content: UNEXPECTED_ERROR_MESSAGE });
    const errors = club.logs.filter((line) => / ERROR interaction failed/.test(line));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('kaboom from a button');
    expect(errors[0]).toContain('"customId":"probe:boom"');
    expect(errors[1]).toContain('"command":"boom"');
    expect(club.discord.violations).toEqual([]);
    // The bot is still up.
    expect((await alice.click(message, 'Count')).content).toBe('count 2');
  });

  it('answers a command it no longer has', async () => {
    const rest = new REST({ api: club.discord.apiUrl }).setToken(club.discord.token);
    await rest.post(Routes.applicationGuildCommands(club.discord.applicationId, club.guild.id), { body: { name: 'retired', description: 'An old command', type: 1 } });
    const reply = await alice.slash('retired', {});
    expect(reply).toMatchObject({ ephemeral: true });
    expect(reply.content).toMatch(/does not know \/retired/);
  });
});

describe('command registration', () => {
  it('registers every shipped command as Discord accepts it', async () => {
    const registry = await loadCommands();
    const env = { DISCORD_TOKEN: club.discord.token, DISCORD_API_URL: club.discord.apiUrl };
    expect(await deployCommands(loadConfig(env), registry, createMemoryLogger(), club.discord.token, club.guild.id)).toBe(registry.names.length);
    expect(club.discord.commands(club.guild).map((command) => command.name).sort()).toEqual(registry.names);
  });

  it('fails on a definition Discord would refuse', async () => {
    const invalid = {
      data: { name: 'broken', toJSON: () => ({ name: 'broken', description: 'Required after optional', options: [{ type: 3, name: 'a', description: 'a' }, { type: 3, name: 'b', description: 'b', required: true }] }) },
      execute: async () => undefined,
    };
    const env = { DISCORD_TOKEN: club.discord.token, DISCORD_API_URL: club.discord.apiUrl };
    const attempt = deployCommands(loadConfig(env), new CommandRegistry([invalid as never]), createMemoryLogger(), club.discord.token, club.guild.id);
    await expect(attempt).rejects.toMatchObject({ code: 50035 });
  });
});
