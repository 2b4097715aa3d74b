import { z } from 'zod';
import { Snowflake } from '../config.js';
import { declarePending, type PendingShelfData } from '../pending/pendingShelf.js';
import { ImportPreview } from './importing.js';

/**
 * List import previews waiting for a moderator's Confirm (`/list import`), in the server's data so that the
 * buttons work after a restart of the bot or on another process (see src/pending/pendingShelf.ts). The preview
 * holds the matched rows, not the uploaded file.
 */
export const LIST_IMPORT_TTL_MINUTES = 15;

export const PENDING_LIST_IMPORTS = declarePending({
  field: 'pendingListImports',
  payload: z.object({ guildId: Snowflake, preview: ImportPreview }),
  state: z.null(),
  ttlMs: LIST_IMPORT_TTL_MINUTES * 60_000,
  perMember: 3,
  perServer: 50,
  maxBytes: 4 * 1024 * 1024,
});

declare module '../store/schema.js' {
  interface GuildSections {
    pendingListImports: PendingShelfData;
  }
}
