import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';

const results = new WeakMap<object, Map<string, unknown>>();

/**
 * Remembers a domain view's result for one stored snapshot of a server. The store hands out the same frozen
 * object until the next change, so a view computed once serves every visitor until something changes, and a
 * change can never be shown stale.
 */
export function memo<T>(data: DeepReadonly<GuildData>, key: string, compute: () => T): T {
  let perData = results.get(data);
  if (!perData) results.set(data, (perData = new Map()));
  if (perData.has(key)) return perData.get(key) as T;
  const value = compute();
  if (perData.size > 500) perData.clear();
  perData.set(key, value);
  return value;
}
