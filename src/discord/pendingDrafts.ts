import { z } from 'zod';
import { FilmId } from '../catalog/schema.js';
import { declarePending, type PendingShelfData } from '../pending/pendingShelf.js';

/**
 * Review forms that could not be saved as typed (src/discord/review.ts), in the server's data: the draft's Edit
 * button reopens the form filled in after a restart of the bot or on another process too, for its member only.
 */
export const DRAFT_TTL_MINUTES = 60;

export const PENDING_DRAFTS = declarePending({
  field: 'pendingDrafts',
  payload: z.object({
    filmId: FilmId,
    /** Where the form posts (its custom id): the card's review, or a party's Rate it. */
    formId: z.string().min(1).max(100),
    // As typed; Discord's text inputs hold at most 4,000 characters.
    draft: z.object({ stars: z.string().max(4000), text: z.string().max(4000), spoiler: z.string().max(4000) }),
  }),
  state: z.null(),
  ttlMs: DRAFT_TTL_MINUTES * 60_000,
  perMember: 5,
  perServer: 500,
  maxBytes: 16 * 1024,
});

declare module '../store/schema.js' {
  interface GuildSections {
    pendingDrafts: PendingShelfData;
  }
}
