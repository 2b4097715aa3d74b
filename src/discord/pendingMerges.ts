import { z } from 'zod';
import { FilmId } from '../catalog/schema.js';
import { declarePending, type PendingShelfData } from '../pending/pendingShelf.js';

/**
 * `/catalog merge` confirmations (two film ids do not fit one custom_id), in the server's data: the Merge button
 * works after a restart of the bot or on another process, for the moderator who asked only.
 */
export const MERGE_TTL_MINUTES = 15;

export const PENDING_MERGES = declarePending({
  field: 'pendingMerges',
  payload: z.object({ keepId: FilmId, removeId: FilmId }),
  state: z.null(),
  ttlMs: MERGE_TTL_MINUTES * 60_000,
  perMember: 5,
  perServer: 100,
  maxBytes: 4 * 1024,
});

declare module '../store/schema.js' {
  interface GuildSections {
    pendingMerges: PendingShelfData;
  }
}
