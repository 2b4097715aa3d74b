import { z } from 'zod';
import type { Config } from '../config.js';

/** The shards one process runs, out of how many the bot has in all. */
export interface ShardPlan {
  shardCount: number;
  shardIds: number[];
}

/** Discord's rule: a server's events go to shard `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Whether this process's shards receive a server's events (everything is owned without sharding). */
export function ownsGuild(plan: ShardPlan | undefined, guildId: string): boolean {
  return plan === undefined || plan.shardIds.includes(shardOf(guildId, plan.shardCount));
}

const GatewayBot = z.object({ shards: z.number().int().min(1) });

export class ShardingError extends Error {
  override readonly name = 'ShardingError';
}

/**
 * What SHARD_COUNT and SHARD_IDS ask of this process: undefined when neither is set (one connection, exactly as
 * without sharding). `auto` asks Discord (GET /gateway/bot) how many shards it recommends; the ids then default to
 * all of them, and ids given explicitly must be below that count.
 */
export async function resolveShardPlan(config: Pick<Config, 'SHARD_COUNT' | 'SHARD_IDS' | 'DISCORD_API_URL'>, token: string, fetchImpl: typeof fetch = fetch): Promise<ShardPlan | undefined> {
  if (config.SHARD_COUNT === undefined) return undefined;
  const shardCount = config.SHARD_COUNT === 'auto' ? await recommendedShardCount(config.DISCORD_API_URL, token, fetchImpl) : config.SHARD_COUNT;
  const shardIds = config.SHARD_IDS ?? Array.from({ length: shardCount }, (_, id) => id);
  const outside = shardIds.filter((id) => id >= shardCount);
  if (outside.length > 0) {
    throw new ShardingError(`SHARD_IDS names shard ${outside.join(', ')}, but Discord recommends ${shardCount} shard(s) (numbered from 0): set SHARD_COUNT explicitly.`);
  }
  return { shardCount, shardIds };
}

/** Discord's recommended shard count for this bot (GET /gateway/bot), validated. */
export async function recommendedShardCount(apiUrl: string, token: string, fetchImpl: typeof fetch = fetch): Promise<number> {
  let response: Response;
  try {
    response = await fetchImpl(`${apiUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${token}` } });
  } catch (error) {
    throw new ShardingError(`SHARD_COUNT=auto: could not ask Discord for the recommended shard count: ${(error as Error).message}`);
  }
  if (!response.ok) throw new ShardingError(`SHARD_COUNT=auto: Discord answered GET /gateway/bot with HTTP ${response.status}`);
  const parsed = GatewayBot.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ShardingError('SHARD_COUNT=auto: Discord\'s answer to GET /gateway/bot has no shard count');
  return parsed.data.shards;
}

/** `0-3 of 8` for logs and the health check. */
export function describeShards(plan: ShardPlan | undefined): string {
  if (!plan) return 'unsharded';
  return `${plan.shardIds.join(',')} of ${plan.shardCount}`;
}

/**
 * The due-work index scopes of a process: one per shard it runs (`count:id`), or `1:0` unsharded. A scope is
 * indexed once, by the first process that runs it; a new shard count means new scopes, indexed again.
 */
export function shardIndexScopes(plan: ShardPlan | undefined): string[] {
  return plan ? plan.shardIds.map((id) => `${plan.shardCount}:${id}`) : ['1:0'];
}
