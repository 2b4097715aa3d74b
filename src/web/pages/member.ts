import type { DiaryItem, Page, Profile, WatchlistItem } from '../../club/index.js';
import type { MemberAward } from '../../lists/index.js';
import { html, type Html, path } from '../html.js';
import { stars } from './common.js';
import { dateText, filmLink, page, type PageContext, pager, plural } from './layout.js';

export interface MemberPageData {
  profile: Profile;
  diary: Page<DiaryItem>;
  watchlist: Page<WatchlistItem>;
  awards: MemberAward[];
}

export function memberPage(context: PageContext, data: MemberPageData): Html {
  const guildId = context.guild!.id;
  const { profile } = data;
  const counts = profile.counts;
  const base = path('servers', guildId, 'members', profile.userId);
  return page(
    context,
    profile.name,
    html`<h1>${profile.name}</h1>
<ul class="figures">
<li><strong>${counts.films}</strong> films seen · ${plural(counts.viewings, 'viewing')} (${counts.rewatches} rewatches)</li>
<li>${plural(counts.ratings, 'rating')}${profile.ratings.average !== undefined ? html`, average ${stars(profile.ratings.average)}` : ''} · ${plural(counts.reviews, 'review')}</li>
<li>${plural(counts.favorites, 'favorite')} · ${counts.dislikes} disliked · ${counts.watchlist} on the watchlist</li>
</ul>
<div class="columns">
${profile.favorites.items.length ? html`<section aria-labelledby="favorites"><h2 id="favorites">Favorites</h2><ul>${profile.favorites.items.map((film) => html`<li>${filmLink(guildId, film)}</li>`)}</ul></section>` : ''}
${profile.topGenres.length ? html`<section aria-labelledby="genres"><h2 id="genres">Top genres</h2><ol>${profile.topGenres.map((tally) => html`<li>${tally.name} <span class="count">${tally.count}</span></li>`)}</ol></section>` : ''}
${profile.topDirectors.length ? html`<section aria-labelledby="directors"><h2 id="directors">Top directors</h2><ol>${profile.topDirectors.map((tally) => html`<li>${tally.name} <span class="count">${tally.count}</span></li>`)}</ol></section>` : ''}
${data.awards.length ? html`<section aria-labelledby="awards"><h2 id="awards">Awards</h2><ul>${data.awards.map((award) => html`<li>${award.award} · <a href="${path('servers', guildId, 'lists', award.list.id)}">${award.list.name}</a> (${award.progress.percent}%)</li>`)}</ul></section>` : ''}
</div>
<section aria-labelledby="diary"><h2 id="diary">Diary (${data.diary.total})</h2>${
      data.diary.items.length === 0
        ? html`<p class="empty">No viewings logged.</p>`
        : html`<table class="diary"><thead><tr><th scope="col">Watched</th><th scope="col">Film</th><th scope="col">Rating</th><th scope="col">Review</th></tr></thead><tbody>${data.diary.items.map(
            (item) =>
              html`<tr><td>${dateText(item.watchedOn)}</td><td>${filmLink(guildId, item.film)}${item.rewatch ? html` <span class="tag">rewatch</span>` : ''}${item.favorite ? ' ♥' : ''}</td><td>${stars(item.stars)}</td><td>${
                item.review ? (item.review.spoiler ? html`<details><summary>Spoilers</summary>${item.review.snippet}</details>` : item.review.snippet) : ''
              }</td></tr>`,
          )}</tbody></table>`
    }${pager(base, data.diary)}</section>
<section aria-labelledby="watchlist"><h2 id="watchlist">Watchlist (${data.watchlist.total})</h2>${
      data.watchlist.items.length === 0
        ? html`<p class="empty">Empty.</p>`
        : html`<ul>${data.watchlist.items.map((item) => html`<li>${filmLink(guildId, item.film)}${item.watched ? ' (rewatch)' : ''}</li>`)}</ul>`
    }${pager(base, data.watchlist, 'wpage')}</section>`,
  );
}
