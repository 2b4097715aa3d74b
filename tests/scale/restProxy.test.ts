import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { loadCommands } from '../../src/discord/registry.js';
import { LocalDiscord, type GuildHandle } from '../../src/local-discord/index.js';
import { createMemoryLogger } from '../../src/log.js';
import { startRestProxy, type RunningRestProxy } from '../../src/scale/restProxy.js';
import { startBotProcess, type BotProcess } from '../e2e/botProcess.js';

let discord: LocalDiscord;
let proxy: RunningRestProxy;
let guild: GuildHandle;
let bot: BotProcess | undefined;
let dataDir: string;

beforeAll(async () => {
  discord = await LocalDiscord.start();
  proxy = await startRestProxy({ upstream: discord.apiUrl, port: 0, host: '127.0.0.1' });
  guild = discord.createGuild({ name: 'Proxied Club' });
  dataDir = await mkdtemp(join(tmpdir(), 'marquee-proxy-'));
  // Everything the bot asks of Discord's REST API goes through the proxy: DISCORD_API_URL names it.
  const env = { DISCORD_TOKEN: discord.token, DISCORD_API_URL: proxy.url, DATA_DIR: dataDir, SHARD_COUNT: 'auto' };
  await deployCommands(loadConfig(env), await loadCommands(), createMemoryLogger(), discord.token, guild.id);
  bot = await startBotProcess(env, 50_000);
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await proxy?.close();
  await discord?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the bot behind @discordjs/proxy', () => {
  it('logs in, answers commands and presses through the proxy', async () => {
    const before = proxy.forwarded;
    const member = guild.addMember({ username: 'proxied' });
    const card = await member.slash('film', { title: 'heat-1995' });
    expect(card.v2?.title).toMatch(/^Heat \(1995\)/);
    await member.click(card, 'Watched');
    const diary = await member.slash('diary', {});
    expect(diary.v2?.text ?? diary.content).toContain('Heat');
    // The interaction callbacks (and the gateway/bot lookup before login) were requests the proxy forwarded.
    expect(proxy.forwarded - before).toBeGreaterThanOrEqual(3);
    expect(discord.violations).toEqual([]);
  });
});
