import { z, type ZodType } from 'zod';
import type { Layout, Shelf } from './layout.js';

/**
 * Shelves that features declare for themselves. The store knows no feature: a feature module (lists, parties,
 * imports…) declares the records it keeps with `declareShelf` next to their schema, and `src/shelves.ts` imports
 * every such module once, so that each store opened afterwards stores them. The type side is TypeScript's
 * declaration merging into `GuildSections` (see ./schema.ts), also in the feature's module.
 */
const declared = new Map<string, Shelf>();
let layoutCache: { core: Layout; layout: Layout } | undefined;

export function declareShelf<S extends Shelf>(shelf: S): S {
  const existing = declared.get(shelf.field);
  if (existing && existing !== shelf) throw new Error(`Two features declare the shelf "${shelf.field}"`);
  declared.set(shelf.field, shelf);
  layoutCache = undefined;
  return shelf;
}

/** The core's shelves followed by every declared one, as of now (a store keeps the layout it opened with). */
export function composeLayout(core: Layout): Layout {
  if (layoutCache?.core === core) return layoutCache.layout;
  const taken = new Set(core.shelves.map((shelf) => shelf.field));
  for (const field of declared.keys()) if (taken.has(field)) throw new Error(`A feature declares the core's shelf "${field}"`);
  const layout: Layout = Object.freeze({ version: core.version, shelves: Object.freeze([...core.shelves, ...declared.values()]) });
  layoutCache = { core, layout };
  return layout;
}

/** The schema of one shelf's field in a whole document (legacy files, backups): what the shelf stores. */
export function fieldSchema(shelf: Shelf): ZodType {
  if (shelf.kind === 'value') return shelf.schema;
  if (shelf.kind === 'log') return z.array(shelf.item).default([]);
  const [first, second] = shelf.keys;
  return z.record(first as z.ZodString, second ? z.record(second as z.ZodString, shelf.value) : shelf.value).default({});
}
