import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { loadCommands } from '../../src/discord/registry.js';
import { LocalDiscord, type GuildHandle } from '../../src/local-discord/index.js';
import { createMemoryLogger } from '../../src/log.js';
import { shardOf } from '../../src/scale/sharding.js';
import { startBotProcess, type BotProcess } from '../e2e/botProcess.js';
import { freePort } from '../support/freePort.js';

export interface ShardProcess extends BotProcess {
  shardIds: string;
  metricsPort: number;
  metrics(): Promise<string>;
}

/** A local Discord, servers spread over `shardCount` shards, and bot processes each running some of them. */
export class Cluster {
  readonly processes = new Set<ShardProcess>();
  private constructor(
    readonly discord: LocalDiscord,
    readonly databaseUrl: string,
    readonly shardCount: number,
    readonly guilds: GuildHandle[],
    private readonly dataDir: string,
  ) {}

  /** Creates servers until each shard owns at least `perShard` of them (a server's shard follows from its id). */
  static async start(options: { databaseUrl: string; shardCount: number; perShard: number; discord?: Parameters<typeof LocalDiscord.start>[0] }): Promise<Cluster> {
    const discord = await LocalDiscord.start({ deferredUpdateSettleMs: 20_000, ...options.discord });
    const guilds: GuildHandle[] = [];
    const count = () => Array.from({ length: options.shardCount }, (_, shard) => guilds.filter((g) => shardOf(g.id, options.shardCount) === shard).length);
    while (Math.min(...count()) < options.perShard) {
      guilds.push(discord.createGuild({ name: `Club ${guilds.length + 1}` }));
      // Ids made in the same millisecond share a shard; the next millisecond may land on another.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'marquee-cluster-'));
    const cluster = new Cluster(discord, options.databaseUrl, options.shardCount, guilds, dataDir);
    const registry = await loadCommands();
    for (const guild of guilds) await deployCommands(loadConfig(cluster.env()), registry, createMemoryLogger(), discord.token, guild.id);
    return cluster;
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      DISCORD_TOKEN: this.discord.token,
      DISCORD_API_URL: this.discord.apiUrl,
      DATABASE_URL: this.databaseUrl,
      DATA_DIR: this.dataDir,
      DISCORD_REST_REQUESTS_PER_SECOND: '5000',
      SHARD_COUNT: String(this.shardCount),
      ...extra,
    };
  }

  guildsOfShard(shard: number): GuildHandle[] {
    return this.guilds.filter((guild) => shardOf(guild.id, this.shardCount) === shard);
  }

  async startShards(shardIds: string, extra: Record<string, string> = {}): Promise<ShardProcess> {
    const metricsPort = await freePort();
    const bot = await startBotProcess(this.env({ SHARD_IDS: shardIds, METRICS_PORT: String(metricsPort), ...extra }), 180_000);
    const process: ShardProcess = Object.assign(bot, {
      shardIds,
      metricsPort,
      metrics: async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(),
    });
    this.processes.add(process);
    void bot.child.once('exit', () => this.processes.delete(process));
    return process;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.processes].map((process) => process.stop()));
    await this.discord.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** The sum of a Prometheus counter's series in a /metrics text. */
export function counterTotal(metricsText: string, name: string): number {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
