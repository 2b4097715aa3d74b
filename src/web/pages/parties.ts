import type { Page } from '../../club/index.js';
import type { PartySummary } from '../../parties/views.js';
import { html, type Html, path } from '../html.js';
import { partyRows } from './home.js';
import { page, type PageContext, pager } from './layout.js';

export function partiesPage(context: PageContext, upcoming: Page<PartySummary>, past: Page<PartySummary>): Html {
  const guildId = context.guild!.id;
  const base = path('servers', guildId, 'parties');
  return page(
    context,
    'Watch parties',
    html`<h1>Watch parties</h1>
<section aria-labelledby="upcoming"><h2 id="upcoming">Upcoming (${upcoming.total})</h2>${partyRows(guildId, upcoming.items)}${pager(base, upcoming, 'upage')}</section>
<section aria-labelledby="past"><h2 id="past">Past (${past.total})</h2>${partyRows(guildId, past.items)}${pager(base, past)}</section>
<p class="note">Parties are scheduled in Discord with <code>/party schedule</code>.</p>`,
  );
}
