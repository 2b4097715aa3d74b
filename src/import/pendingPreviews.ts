import { z } from 'zod';
import { declarePending, type PendingShelfData } from '../pending/pendingShelf.js';
import { MemberImportPreview } from './memberImports.js';

/**
 * Member import previews waiting for Confirm (`/import`), in the server's data so that Confirm works after a
 * restart of the bot or on another process (see src/pending/pendingShelf.ts). What is kept is what applying
 * needs (the matched films with their facts, the ambiguous films a member may still pick) and what the preview
 * shows; never the uploaded file.
 */
export const IMPORT_PREVIEW_TTL_MINUTES = 15;

/** The member's picks for ambiguous films so far, by the film's key in the file. */
export const PreviewChoices = z.record(z.string().max(400), z.string().min(1).max(100));
export type PreviewChoices = z.infer<typeof PreviewChoices>;

export const PENDING_IMPORTS = declarePending({
  field: 'pendingImports',
  payload: MemberImportPreview,
  state: z.object({ choices: PreviewChoices }),
  ttlMs: IMPORT_PREVIEW_TTL_MINUTES * 60_000,
  // A member works on one import at a time; a few open previews cover second thoughts.
  perMember: 3,
  perServer: 100,
  // gzipped: a 50,000-row export (the import limit) with long reviews stays well under this.
  maxBytes: 8 * 1024 * 1024,
});

/** Only what a preview shows and what applying it needs: a few examples of the films and rows left out, counted in full in `counts`. */
export function compactPreview(preview: MemberImportPreview, options: { examples: number; choosable: number }): MemberImportPreview {
  return {
    ...preview,
    ambiguous: preview.ambiguous.slice(0, options.choosable),
    unmatched: preview.unmatched.slice(0, options.examples),
    problems: preview.problems.slice(0, options.examples),
  };
}

declare module '../store/schema.js' {
  interface GuildSections {
    pendingImports: PendingShelfData;
  }
}
