import { z } from 'zod';
import { FilmId } from '../catalog/schema.js';
import { declarePending, type PendingShelfData } from '../pending/pendingShelf.js';

/**
 * "Did you mean…?" menus waiting for the member's pick (src/discord/filmPick.ts), in the server's data: only the
 * member who ran the command can answer, in that server, and after a restart of the bot (or on another process,
 * where the command's own action is not at hand) the menu still knows what was asked and says what to run again.
 */
export const PICK_TTL_MINUTES = 15;

export const PENDING_PICKS = declarePending({
  field: 'pendingPicks',
  payload: z.object({
    typed: z.string().max(200),
    filmIds: z.array(FilmId).min(1).max(25),
    /** The command as the member would type it again, e.g. "/watched". */
    command: z.string().min(2).max(100),
  }),
  state: z.null(),
  ttlMs: PICK_TTL_MINUTES * 60_000,
  perMember: 5,
  perServer: 500,
  maxBytes: 8 * 1024,
});

declare module '../store/schema.js' {
  interface GuildSections {
    pendingPicks: PendingShelfData;
  }
}
