/**
 * Every feature's shelves, composed: importing this module declares them all (each feature declares its own in
 * its module, next to its schema; see src/store/shelves.ts). Import it before opening a store — the bot, the
 * command-line tools and the tests do — so that the store reads and writes every feature's records. A new
 * feature's shelf is one line here.
 */
import './catalog/serverSchema.js';
import './import/history.js';
import './lists/schema.js';
import './parties/schema.js';
// What waits for a button (src/pending): previews, menus.
import './import/pendingPreviews.js';
import './lists/pendingImports.js';
import './discord/pendingPicks.js';
import './discord/pendingDrafts.js';
import './discord/pendingMerges.js';
