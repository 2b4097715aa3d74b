import type { ActivityItem, Page } from '../../club/index.js';
import type { MonthTop } from '../../club/monthly.js';
import type { ListOverview } from '../../lists/index.js';
import type { PartySummary } from '../../parties/views.js';
import { html, type Html, path } from '../html.js';
import { activityList } from './common.js';
import { filmLink, page, type PageContext, plural } from './layout.js';

export interface HomeData {
  activity: ActivityItem[];
  month: MonthTop;
  upcoming: Page<PartySummary>;
  lists: Page<ListOverview>;
  isPublic: boolean;
}

export function partyRows(guildId: string, parties: readonly PartySummary[]): Html {
  if (parties.length === 0) return html`<p class="empty">None.</p>`;
  return html`<ul class="parties">${parties.map(
    (party) =>
      html`<li><strong>${party.film ? filmLink(guildId, party.film) : 'Film to be voted'}</strong> — ${party.startsAtText} · hosted by ${party.host.name} · ${party.status}${party.counts.going ? ` · ${plural(party.counts.going, 'going', 'going')}` : ''}${party.voting ? ' · vote open' : ''}</li>`,
  )}</ul>`;
}

function tally(guildId: string, rows: MonthTop['watched'], verb: string): Html {
  if (rows.length === 0) return html`<p class="empty">Nothing ${verb} yet this month.</p>`;
  return html`<ol class="tally">${rows.map((row) => html`<li>${filmLink(guildId, row.film)} <span class="count">${plural(row.members, 'member')}</span></li>`)}</ol>`;
}

export function homePage(context: PageContext, data: HomeData): Html {
  const guildId = context.guild!.id;
  const base = path('servers', guildId);
  return page(
    context,
    'Home',
    html`<h1>${context.guild!.name}</h1>
${data.isPublic ? html`<p class="note">These pages are public: anyone with the link can read them.</p>` : ''}
<form class="search" method="get" action="${base}/films" role="search"><label for="q">Find a film</label> <input id="q" name="q" type="search" autocomplete="off"> <button type="submit">Search</button></form>
<div class="columns">
<section aria-labelledby="upcoming"><h2 id="upcoming">Upcoming watch parties</h2>${partyRows(guildId, data.upcoming.items)}<p><a href="${base}/parties">All parties</a></p></section>
<section aria-labelledby="watched"><h2 id="watched">Most watched in ${data.month.month}</h2>${tally(guildId, data.month.watched, 'watched')}</section>
<section aria-labelledby="favorited"><h2 id="favorited">Most favorited in ${data.month.month}</h2>${tally(guildId, data.month.favorited, 'favorited')}</section>
<section aria-labelledby="lists"><h2 id="lists">Lists</h2>${
      data.lists.items.length === 0
        ? html`<p class="empty">No lists yet.</p>`
        : html`<ul>${data.lists.items.map((item) => html`<li><a href="${base}/lists/${encodeURIComponent(item.list.id)}">${item.list.name}</a> · ${plural(item.list.size, 'film')}</li>`)}</ul>`
    }<p><a href="${base}/lists">All lists</a></p></section>
</div>
<section aria-labelledby="activity"><h2 id="activity">Recent activity</h2>${activityList(guildId, data.activity)}</section>`,
  );
}
