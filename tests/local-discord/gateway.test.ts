import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, MessageFlags, SlashCommandBuilder } from 'discord.js';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalDiscord, type ChannelHandle, type GuildHandle, type MemberHandle } from '../../src/local-discord/index.js';
import { startTinyBot, until, type TinyBot } from './tinyBot.js';

/** Opens a raw gateway connection and returns the close code after sending `frames` (once HELLO arrived). */
async function rawGateway(url: string, frames: unknown[]): Promise<{ code: number; received: unknown[] }> {
  const socket = new WebSocket(url);
  const received: unknown[] = [];
  socket.on('message', (data) => {
    const payload = JSON.parse(data.toString()) as { op: number };
    received.push(payload);
    if (payload.op === 10) for (const frame of frames) socket.send(JSON.stringify(frame));
  });
  const [code] = (await once(socket, 'close')) as [number];
  return { code, received };
}

describe('gateway and login', () => {
  let discord: LocalDiscord;
  let bot: TinyBot;
  let guild: GuildHandle;
  let voice: ChannelHandle;
  let alice: MemberHandle;
  let bob: MemberHandle;

  beforeAll(async () => {
    discord = await LocalDiscord.start({ heartbeatIntervalMs: 250 });
    guild = discord.createGuild({ name: 'Film Club' });
    voice = guild.createChannel({ name: 'Cinema', type: 'voice' });
    alice = guild.addMember({ username: 'alice' });
    bob = guild.addMember({ username: 'bob' });
    bot = await startTinyBot(discord);
    await bot.client.application.commands.set([new SlashCommandBuilder().setName('ping').setDescription('Ping').toJSON()]);
    bot.on((i) => (i.isChatInputCommand() ? i.reply({ content: 'pong', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } }) : undefined));
  });

  afterAll(async () => {
    await bot?.stop();
    await discord?.stop();
  });

  afterEach(() => {
    expect(discord.violations).toEqual([]);
    expect(bot.errors).toEqual([]);
  });

  it('logs in: READY, GUILD_CREATE with channels, roles and the bot member, heartbeats acknowledged', async () => {
    const { client } = bot;
    expect(client.user.id).toBe(discord.bot.id);
    expect(client.user.bot).toBe(true);
    expect(client.application.id).toBe(discord.applicationId);
    const cached = client.guilds.cache.get(guild.id);
    expect(cached?.name).toBe('Film Club');
    expect(cached?.available).toBe(true);
    expect(cached?.ownerId).toBe(guild.owner.id);
    expect(cached?.channels.cache.map((c) => [c.name, c.type])).toEqual([
      ['general', 0],
      ['Cinema', 2],
    ]);
    expect(cached?.roles.everyone.id).toBe(guild.id);
    expect(cached?.members.me?.permissions.has('SendMessages')).toBe(true);
    expect(cached?.members.me?.permissions.has('ManageGuild')).toBe(false);
    expect(cached?.memberCount).toBe(4);
    // Without the presence intent only the bot itself (and people in voice) come with GUILD_CREATE.
    expect(cached?.members.cache.map((m) => m.id)).toEqual([discord.bot.id]);
    await until(() => (client.ws.ping >= 0 ? true : undefined));
    expect(discord.gatewayStats.heartbeats).toBeGreaterThan(0);
    expect(discord.gatewayStats.identifies).toBe(1);
  });

  it('fetches members over REST and over the gateway (REQUEST_GUILD_MEMBERS needs GUILD_MEMBERS)', async () => {
    const cached = bot.client.guilds.cache.get(guild.id);
    const fetched = await cached?.members.fetch(alice.id);
    expect(fetched?.user.username).toBe('alice');
    const members = await cached?.members.fetch({ user: [alice.id, bob.id] });
    expect(members?.map((m) => m.user.username).sort()).toEqual(['alice', 'bob']);
  });

  it('refuses a wrong token: REST 401 makes discord.js fail login with TokenInvalid', async () => {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
    const error = (await client.login('not-the-token').catch((e: unknown) => e)) as { code?: string };
    expect(error.code).toBe('TokenInvalid');
    expect(discord.takeViolations().map((v) => [v.rule, v.route, v.status])).toEqual([['unauthorized', 'GET /gateway/bot', 401]]);
  });

  it('closes raw gateway connections with Discord close codes', async () => {
    const url = `${discord.gatewayUrl}?v=10&encoding=json`;
    const identify = (token: string, intents = 1) => ({ op: 2, d: { token, intents, properties: { os: 'linux', browser: 'x', device: 'x' } } });
    expect((await rawGateway(url, [identify('wrong')])).code).toBe(4004);
    expect((await rawGateway(url, [{ op: 8, d: { guild_id: guild.id } }])).code).toBe(4003);
    expect((await rawGateway(url, [{ op: 42, d: null }])).code).toBe(4001);
    expect((await rawGateway(url, [identify(discord.token, 1 << 30)])).code).toBe(4013);
    expect((await rawGateway(`${discord.gatewayUrl}?v=9&encoding=json`, [])).code).toBe(4012);
    const strict = await LocalDiscord.start({ privilegedIntents: [] });
    try {
      const closed = await rawGateway(`${strict.gatewayUrl}?v=10&encoding=json`, [identify(strict.token, 1 | (1 << 1))]);
      expect(closed.code).toBe(4014);
    } finally {
      await strict.stop();
    }
  });

  it('dispatches VOICE_STATE_UPDATE into the client cache when members join and leave voice', async () => {
    const cached = bot.client.guilds.cache.get(guild.id);
    guild.joinVoice(alice, voice);
    await until(() => (cached?.voiceStates.cache.get(alice.id)?.channelId === voice.id ? true : undefined));
    expect(cached?.members.cache.get(alice.id)?.voice.channel?.name).toBe('Cinema');
    guild.leaveVoice(alice);
    await until(() => (cached?.voiceStates.cache.get(alice.id)?.channelId === null ? true : undefined));
  });

  it('RECONNECT: the bot resumes, missed events are replayed, and it still answers', async () => {
    const { client } = bot;
    const cached = client.guilds.cache.get(guild.id);
    let replayed = -1;
    client.once(Events.ShardResume, (_id, count) => {
      replayed = count;
    });
    // Something happens while the bot is away: it must be replayed on RESUME.
    client.once(Events.ShardReconnecting, () => guild.joinVoice(bob, voice));
    await discord.requestReconnect();
    expect(discord.gatewayStats.resumes).toBe(1);
    expect(discord.gatewayStats.identifies).toBe(1);
    await until(() => (cached?.voiceStates.cache.get(bob.id)?.channelId === voice.id ? true : undefined));
    // The voice update and RESUMED itself: the update came through the replay, not the old socket.
    expect(replayed).toBe(2);
    const reply = await alice.slash('ping');
    expect(reply.content).toBe('pong');
    expect(reply.ephemeral).toBe(true);
    guild.leaveVoice(bob);
  });

  it('sends GUILD_CREATE when the bot joins a guild after login', async () => {
    const joined = new Promise<string>((resolve) => bot.client.once(Events.GuildCreate, (g) => resolve(g.name)));
    const later = discord.createGuild({ name: 'Night Owls' });
    expect(await joined).toBe('Night Owls');
    expect(bot.client.guilds.cache.get(later.id)?.channels.cache.size).toBe(1);
  });

  it('runs as a child process that prints its URL and token as one JSON line', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/local-discord/cli.ts', '--guild', 'Film Club', '--member', 'alice'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const info = JSON.parse(chunk.toString().split('\n')[0] ?? '') as { apiUrl: string; token: string; guilds: { members: Record<string, string> }[] };
      expect(info.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
      expect(Object.keys(info.guilds[0]?.members ?? {})).toEqual(['owner', 'alice']);
      const response = await fetch(`${info.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${info.token}` } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { shards: number }).shards).toBe(1);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});

describe('intents decide what the bot receives', () => {
  it('with GuildMembers and GuildPresences the bot gets every member, member joins, and the full member list', async () => {
    const discord = await LocalDiscord.start();
    const guild = discord.createGuild({ name: 'Film Club' });
    guild.addMember({ username: 'alice' });
    const bot = await startTinyBot(discord, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildPresences]);
    try {
      const cached = bot.client.guilds.cache.get(guild.id);
      expect(cached?.members.cache.size).toBe(3);
      const carol = guild.addMember({ username: 'carol' });
      await until(() => cached?.members.cache.get(carol.id));
      const all = await cached?.members.fetch();
      expect(all?.size).toBe(4);
      expect(discord.violations).toEqual([]);
    } finally {
      await bot.stop();
      await discord.stop();
    }
  });

  it('without GUILD_VOICE_STATES no voice updates reach the bot', async () => {
    const discord = await LocalDiscord.start();
    const guild = discord.createGuild({ name: 'Film Club' });
    const voice = guild.createChannel({ name: 'Cinema', type: 'voice' });
    const alice = guild.addMember({ username: 'alice' });
    const bot = await startTinyBot(discord, [GatewayIntentBits.Guilds]);
    try {
      guild.joinVoice(alice, voice);
      // Events reach the bot in order on its one connection: once a later event it does subscribe to has arrived,
      // a voice update sent before it would have arrived too, however slow the machine.
      const later = guild.createChannel({ name: 'after-the-join' });
      await until(() => bot.client.channels.cache.get(later.id));
      expect(bot.client.guilds.cache.get(guild.id)?.voiceStates.cache.size).toBe(0);
    } finally {
      await bot.stop();
      await discord.stop();
    }
  });
});
