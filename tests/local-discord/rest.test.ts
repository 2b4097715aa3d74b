import {
  ChannelType,
  DiscordAPIError,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  Routes,
  SlashCommandBuilder,
  type TextChannel,
  type VoiceChannel,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalDiscord, type ChannelHandle, type GuildHandle } from '../../src/local-discord/index.js';
import { startTinyBot, until, type TinyBot } from './tinyBot.js';

async function refusal(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DiscordAPIError)) throw new Error(`expected a DiscordAPIError, got ${String(error)}`);
  return error;
}

describe('REST endpoints the bot uses', () => {
  let discord: LocalDiscord;
  let bot: TinyBot;
  let guild: GuildHandle;
  let voice: ChannelHandle;

  beforeAll(async () => {
    discord = await LocalDiscord.start();
    guild = discord.createGuild({ name: 'Film Club' });
    voice = guild.createChannel({ name: 'Cinema', type: 'voice' });
    guild.addMember({ username: 'alice' });
    bot = await startTinyBot(discord);
  });

  afterAll(async () => {
    await bot?.stop();
    await discord?.stop();
  });

  afterEach(() => {
    expect(discord.violations).toEqual([]);
  });

  describe('application commands', () => {
    const film = new SlashCommandBuilder()
      .setName('film')
      .setDescription('Show a film')
      .addStringOption((o) => o.setName('title').setDescription('Title').setRequired(true).setAutocomplete(true))
      .toJSON();

    it('accepts a bulk overwrite, echoes Discord command objects and keeps ids across overwrites', async () => {
      const first = await bot.client.application.commands.set([film], guild.id);
      const id = first.first()?.id;
      expect(first.first()?.applicationId).toBe(discord.applicationId);
      expect(discord.commands(guild).map((c) => c.name)).toEqual(['film']);
      const list = new SlashCommandBuilder().setName('list').setDescription('Lists').toJSON();
      const second = await bot.client.application.commands.set([film, list], guild.id);
      expect(second.find((c) => c.name === 'film')?.id).toBe(id);
      const fetched = await bot.client.application.commands.fetch({ guildId: guild.id });
      expect(fetched.map((c) => c.name).sort()).toEqual(['film', 'list']);
      await bot.client.application.commands.set([film]);
      expect(discord.commands().map((c) => c.name)).toEqual(['film']);
      await discord.waitForCommands(['film', 'list'], { guild });
    });

    it('edits and deletes single commands', async () => {
      const created = await bot.client.application.commands.create(
        new SlashCommandBuilder().setName('watch').setDescription('Watch').toJSON(),
        guild.id,
      );
      const edited = await bot.client.application.commands.edit(created.id, { description: 'Mark as watched' }, guild.id);
      expect(edited.description).toBe('Mark as watched');
      await bot.client.application.commands.delete(created.id, guild.id);
      expect(discord.commands(guild).some((c) => c.name === 'watch')).toBe(false);
    });

    it.each([
      ['an uppercase name', [{ name: 'Film', description: 'd' }], ['0', 'name', 'APPLICATION_COMMAND_INVALID_NAME']],
      ['a name with spaces', [{ name: 'my film', description: 'd' }], ['0', 'name', 'APPLICATION_COMMAND_INVALID_NAME']],
      ['a missing description', [{ name: 'film' }], ['0', 'description', 'BASE_TYPE_REQUIRED']],
      ['a 101-char description', [{ name: 'film', description: 'd'.repeat(101) }], ['0', 'description', 'BASE_TYPE_BAD_LENGTH']],
      [
        'a required option after an optional one',
        [{ name: 'film', description: 'd', options: [{ type: 3, name: 'a', description: 'a' }, { type: 3, name: 'b', description: 'b', required: true }] }],
        ['0', 'options', '1', 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID'],
      ],
      [
        'duplicate option names',
        [{ name: 'film', description: 'd', options: [{ type: 3, name: 'a', description: 'a' }, { type: 4, name: 'a', description: 'b' }] }],
        ['0', 'options', '1', 'name', 'APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME'],
      ],
      [
        'autocomplete together with choices',
        [{ name: 'film', description: 'd', options: [{ type: 3, name: 'a', description: 'a', autocomplete: true, choices: [{ name: 'x', value: 'x' }] }] }],
        ['0', 'options', '0', 'autocomplete', 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_AND_CHOICES'],
      ],
      [
        '26 options',
        [{ name: 'film', description: 'd', options: Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'o' })) }],
        ['0', 'options', 'BASE_TYPE_MAX_LENGTH'],
      ],
      [
        'a 101-char choice name',
        [{ name: 'film', description: 'd', options: [{ type: 3, name: 'a', description: 'a', choices: [{ name: 'n'.repeat(101), value: 'x' }] }] }],
        ['0', 'options', '0', 'choices', '0', 'name', 'BASE_TYPE_BAD_LENGTH'],
      ],
      [
        'subcommands mixed with plain options',
        [{ name: 'film', description: 'd', options: [{ type: 1, name: 's', description: 's' }, { type: 3, name: 'a', description: 'a' }] }],
        ['0', 'options', 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID'],
      ],
      [
        'min_value above max_value',
        [{ name: 'film', description: 'd', options: [{ type: 4, name: 'a', description: 'a', min_value: 5, max_value: 1 }] }],
        ['0', 'options', '0', 'min_value', 'APPLICATION_COMMAND_OPTION_MIN_GREATER_THAN_MAX'],
      ],
      [
        'two commands with the same name',
        [{ name: 'film', description: 'd' }, { name: 'film', description: 'e' }],
        ['1', 'name', 'APPLICATION_COMMANDS_DUPLICATE_NAME'],
      ],
    ])('refuses %s with 50035 at the right path', async (_what, body, expected) => {
      const error = await refusal(bot.client.rest.put(Routes.applicationGuildCommands(discord.applicationId, guild.id), { body }));
      expect(error.code).toBe(50035);
      expect(error.status).toBe(400);
      const path = expected.slice(0, -1);
      const code = expected.at(-1);
      let node = (error.rawError as { errors: Record<string, unknown> }).errors;
      for (const key of path) node = node[key as string] as Record<string, unknown>;
      expect((node._errors as { code: string }[]).map((e) => e.code)).toContain(code);
      expect(discord.takeViolations().map((v) => v.rule)).toEqual(['invalid-form-body']);
    });

    it('refuses more than 100 chat input commands', async () => {
      const body = Array.from({ length: 101 }, (_, i) => ({ name: `c${i}`, description: 'd' }));
      const error = await refusal(bot.client.rest.put(Routes.applicationCommands(discord.applicationId), { body }));
      expect(error.code).toBe(50035);
      discord.takeViolations();
    });
  });

  describe('channel messages', () => {
    it('posts, edits, fetches and deletes messages in a channel', async () => {
      const channel = (await bot.client.channels.fetch(guild.defaultChannel.id)) as TextChannel;
      const waiting = discord.waitForMessage(guild.defaultChannel, (m) => m.content.startsWith('Watch party'));
      const sent = await channel.send({ content: 'Watch party tonight', allowedMentions: { parse: [] } });
      expect((await waiting).id).toBe(sent.id);
      await sent.edit({ content: 'Watch party tomorrow', embeds: [{ title: 'Holy Motors' }] });
      const seen = discord.message(sent.id);
      expect(seen?.content).toBe('Watch party tomorrow');
      expect(seen?.embed?.title).toBe('Holy Motors');
      expect(seen?.editedAt).not.toBeNull();
      const fetched = await channel.messages.fetch({ message: sent.id, force: true });
      expect(fetched.content).toBe('Watch party tomorrow');
      await sent.delete();
      expect(discord.message(sent.id)).toBeUndefined();
      const inVoice = (await bot.client.channels.fetch(voice.id)) as VoiceChannel;
      await inVoice.send({ content: 'text in voice', allowedMentions: { parse: [] } });
      expect(voice.messages.map((m) => m.content)).toEqual(['text in voice']);
    });

    it('refuses an empty message with 50006 and unknown messages with 10008', async () => {
      const error = await refusal(bot.client.rest.post(Routes.channelMessages(guild.defaultChannel.id), { body: { content: '' } }));
      expect(error.code).toBe(50006);
      const missing = await refusal(bot.client.rest.get(Routes.channelMessage(guild.defaultChannel.id, '1')));
      expect(missing.code).toBe(10008);
      expect(discord.takeViolations().map((v) => v.rule)).toEqual(['empty-message', 'unknown-message']);
    });

    it('enforces the bot role permissions', async () => {
      // The bot's permissions are @everyone's plus its own role's, so both must lack Send Messages.
      const locked = discord.createGuild({
        name: 'Read Only',
        botPermissions: ['ViewChannel', 'ReadMessageHistory'],
        everyonePermissions: ['ViewChannel', 'ReadMessageHistory'],
      });
      await until(() => bot.client.guilds.cache.get(locked.id));
      const error = await refusal(bot.client.rest.post(Routes.channelMessages(locked.defaultChannel.id), { body: { content: 'hi' } }));
      expect(error.code).toBe(50013);
      expect(discord.takeViolations().map((v) => v.rule)).toEqual(['missing-permissions']);
    });

    it('records a violation for an unguarded mention in a channel post', async () => {
      const channel = (await bot.client.channels.fetch(guild.defaultChannel.id)) as TextChannel;
      const alice = guild.member('alice');
      const sent = await channel.send(`${alice.mention} is hosting`);
      expect(discord.message(sent.id)?.mentions.users).toEqual([alice.id]);
      expect(discord.takeViolations().map((v) => v.rule)).toEqual(['allowed-mentions']);
      const guarded = await channel.send({ content: `${alice.mention} is hosting`, allowedMentions: { parse: [] } });
      expect(discord.message(guarded.id)?.mentions.users).toEqual([]);
    });
  });

  describe('guild scheduled events', () => {
    const inOneHour = () => new Date(Date.now() + 3_600_000);

    it('creates, updates and deletes events, and dispatches them to the client', async () => {
      const cached = bot.client.guilds.cache.get(guild.id);
      if (!cached) throw new Error('guild not cached');
      const external = await cached.scheduledEvents.create({
        name: 'Holy Motors watch party',
        privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
        entityType: GuildScheduledEventEntityType.External,
        scheduledStartTime: inOneHour(),
        scheduledEndTime: new Date(Date.now() + 7_200_000),
        entityMetadata: { location: 'Le Champo, Paris' },
        description: 'Bring snacks',
      });
      const inVoice = await cached.scheduledEvents.create({
        name: 'Voice screening',
        privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
        entityType: GuildScheduledEventEntityType.Voice,
        channel: voice.id,
        scheduledStartTime: inOneHour(),
      });
      expect(discord.scheduledEvents(guild).map((e) => [e.name, e.entity_type, e.creator_id])).toEqual([
        ['Holy Motors watch party', 3, discord.bot.id],
        ['Voice screening', 2, discord.bot.id],
      ]);
      expect(discord.scheduledEvents(guild)[0]?.entity_metadata).toEqual({ location: 'Le Champo, Paris' });
      await inVoice.setStatus(GuildScheduledEventStatus.Active);
      expect(discord.scheduledEvents(guild)[1]?.status).toBe(2);
      await external.delete();
      await inVoice.delete();
      expect(discord.scheduledEvents(guild)).toEqual([]);

      // Created behind discord.js's back: the gateway event must still reach its cache.
      const raw = (await bot.client.rest.post(Routes.guildScheduledEvents(guild.id), {
        body: {
          name: 'Raw',
          privacy_level: 2,
          entity_type: 3,
          scheduled_start_time: inOneHour().toISOString(),
          scheduled_end_time: new Date(Date.now() + 7_200_000).toISOString(),
          entity_metadata: { location: 'Online' },
        },
      })) as { id: string };
      await until(() => cached.scheduledEvents.cache.get(raw.id));
      await bot.client.rest.delete(Routes.guildScheduledEvent(guild.id, raw.id));
    });

    it.each([
      ['a start in the past', { scheduled_start_time: new Date(Date.now() - 60_000).toISOString() }, 'scheduled_start_time', 'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST'],
      ['an external event without location', { entity_metadata: null }, 'entity_metadata', 'BASE_TYPE_REQUIRED'],
      ['an external event without end time', { scheduled_end_time: null }, 'scheduled_end_time', 'BASE_TYPE_REQUIRED'],
      ['a 101-char name', { name: 'n'.repeat(101) }, 'name', 'BASE_TYPE_BAD_LENGTH'],
      ['a voice event in a text channel', { entity_type: 2, channel_id: 'TEXT', entity_metadata: null }, 'channel_id', 'GUILD_SCHEDULED_EVENT_INVALID_CHANNEL_TYPE'],
    ])('refuses %s', async (_what, override, field, code) => {
      const body: Record<string, unknown> = {
        name: 'Party',
        privacy_level: 2,
        entity_type: 3,
        scheduled_start_time: new Date(Date.now() + 3_600_000).toISOString(),
        scheduled_end_time: new Date(Date.now() + 7_200_000).toISOString(),
        entity_metadata: { location: 'Online' },
        ...override,
      };
      if (body.channel_id === 'TEXT') body.channel_id = guild.defaultChannel.id;
      const error = await refusal(bot.client.rest.post(Routes.guildScheduledEvents(guild.id), { body }));
      expect(error.code).toBe(50035);
      const errors = (error.rawError as { errors: Record<string, { _errors?: { code: string }[] } & Record<string, unknown>> }).errors;
      const node = field === 'entity_metadata' ? (errors.entity_metadata?.location as { _errors: { code: string }[] }) : errors[field];
      expect(node?._errors?.map((e) => e.code)).toContain(code);
      discord.takeViolations();
    });
  });

  describe('guild reads and unknown routes', () => {
    it('serves guild, channels, roles and members', async () => {
      const fetched = await bot.client.guilds.fetch({ guild: guild.id, force: true });
      expect(fetched.name).toBe('Film Club');
      const channels = await fetched.channels.fetch();
      expect(channels.map((c) => c?.type)).toEqual([ChannelType.GuildText, ChannelType.GuildVoice]);
      const roles = await fetched.roles.fetch();
      expect(roles.map((r) => r.name).sort()).toEqual(['@everyone', 'Marquee']);
      const list = (await bot.client.rest.get(Routes.guildMembers(guild.id), { query: new URLSearchParams({ limit: '1000' }) })) as unknown[];
      expect(list).toHaveLength(3);
      const unknown = await refusal(fetched.members.fetch({ user: '123', force: true }));
      expect(unknown.code).toBe(10007);
      expect(discord.takeViolations().map((v) => v.rule)).toEqual(['unknown-member']);
    });

    it('answers an unimplemented route with 404 and records it', async () => {
      const error = await refusal(bot.client.fetchVoiceRegions());
      expect(error.status).toBe(404);
      expect(error.code).toBe(0);
      expect(discord.takeViolations().map((v) => [v.rule, v.route])).toEqual([['unknown-route', 'GET /api/v10/voice/regions']]);
    });
  });
});
