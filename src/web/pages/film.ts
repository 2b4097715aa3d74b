import type { Film } from '../../catalog/schema.js';
import { type ActivityItem, type FilmSummary, type MemberFilmView, type Page, STAR_STEPS, starsText } from '../../club/index.js';
import type { FilmLists } from '../../lists/index.js';
import { html, type Html, path } from '../html.js';
import { activityList, histogram, stars } from './common.js';
import { csrfField, dateText, memberLink, page, type PageContext, pager, plural } from './layout.js';

export interface FilmPageData {
  film: Film;
  summary: FilmSummary;
  lists: FilmLists;
  activity: Page<ActivityItem>;
  mine?: MemberFilmView;
  /** For a film this server added: who brought it ("Added to this server’s catalog by Mona"). */
  addedBy?: string;
}

function facts(film: Film): Html {
  const rows: [string, string][] = [];
  if (film.originalTitle && film.originalTitle !== film.title) rows.push(['Original title', film.originalTitle]);
  if (film.directors.length) rows.push([film.directors.length > 1 ? 'Directors' : 'Director', film.directors.join(', ')]);
  if (film.cast.length) rows.push(['Cast', film.cast.slice(0, 8).map((member) => member.name).join(', ')]);
  if (film.runtime) rows.push(['Runtime', `${film.runtime} min`]);
  if (film.genres.length) rows.push(['Genres', film.genres.join(', ')]);
  if (film.countries.length) rows.push(['Countries', film.countries.join(', ')]);
  if (film.languages.length) rows.push(['Languages', film.languages.join(', ')]);
  return html`<dl class="facts">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}

function starOptions(selected: number | undefined, emptyLabel: string): Html {
  return html`<option value="">${emptyLabel}</option>${[...STAR_STEPS].reverse().map(
    (value) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${starsText(value)} (${value})</option>`,
  )}`;
}

function memberForms(context: PageContext, film: Film, mine: MemberFilmView): Html {
  const action = (what: string) => `${path('servers', context.guild!.id, 'films', film.id)}/${what}`;
  return html`<section aria-labelledby="yours" class="yours"><h2 id="yours">Your diary</h2>
<p>${mine.watched ? `Seen${mine.viewings ? ` · ${plural(mine.viewings, 'viewing')}, last on ${mine.lastWatchedOn}` : ' (no dated viewing)'}` : 'Not seen yet'}${mine.stars !== undefined ? html` · your rating ${stars(mine.stars)}` : ''}${mine.favorite ? ' · ♥ a favorite' : ''}${mine.watchlist ? ' · on your watchlist' : ''}</p>
<div class="forms">
<form method="post" action="${action('watch')}"><fieldset><legend>Log a watch</legend>${csrfField(context)}
<label for="watch-on">When</label> <input id="watch-on" name="on" type="text" placeholder="today, yesterday, 2024-05-17…" maxlength="40">
<label for="watch-stars">Rating</label> <select id="watch-stars" name="stars">${starOptions(undefined, 'No rating')}</select>
<button type="submit">Log watch</button></fieldset></form>
<form method="post" action="${action('rate')}"><fieldset><legend>Rate</legend>${csrfField(context)}
<label for="rate-stars">Stars</label> <select id="rate-stars" name="stars" required>${starOptions(mine.stars, 'Choose…')}</select>
<button type="submit">Save rating</button></fieldset></form>
<form method="post" action="${action('review')}"><fieldset><legend>Review</legend>${csrfField(context)}
<label for="review-text">Your review</label> <textarea id="review-text" name="text" rows="4" maxlength="4000" required></textarea>
<label for="review-stars">Rating</label> <select id="review-stars" name="stars">${starOptions(undefined, 'Keep my rating')}</select>
<label class="inline"><input type="checkbox" name="spoiler" value="1"> Contains spoilers</label>
<button type="submit">Post review</button></fieldset></form>
<form method="post" action="${action('watchlist')}"><fieldset><legend>Watchlist</legend>${csrfField(context)}
<input type="hidden" name="action" value="${mine.watchlist ? 'remove' : 'add'}">
<button type="submit">${mine.watchlist ? 'Remove from my watchlist' : 'Add to my watchlist'}</button></fieldset></form>
</div></section>`;
}

export function filmPage(context: PageContext, data: FilmPageData): Html {
  const guildId = context.guild!.id;
  const { film, summary, lists } = data;
  const base = path('servers', guildId, 'films', film.id);
  const ratings = summary.ratings;
  return page(
    context,
    `${film.title} (${film.year})`,
    html`<article class="film">
<h1>${film.title} <span class="year">(${film.year})</span></h1>
${film.poster ? html`<img class="poster" src="${film.poster}" alt="Poster of ${film.title}" width="154" loading="lazy">` : ''}
${facts(film)}
${film.externalIds.letterboxd ? html`<p><a href="https://letterboxd.com/film/${encodeURIComponent(film.externalIds.letterboxd)}/" rel="noopener noreferrer">On Letterboxd</a></p>` : ''}
${film.synopsis ? html`<p class="synopsis">${film.synopsis}</p>` : html`<p class="synopsis missing">No synopsis yet: the catalog has this film’s facts, not a summary in our own words.</p>`}
${data.addedBy ? html`<p class="origin">${data.addedBy}.</p>` : ''}
${film.dataFrom?.includes('tmdb') ? html`<p class="credit">Data from <a href="https://www.themoviedb.org/${film.externalIds.tmdb ? `movie/${film.externalIds.tmdb}` : ''}" rel="noopener noreferrer">TMDB</a>.</p>` : ''}
<section aria-labelledby="club"><h2 id="club">In this server</h2>
<ul class="figures">
<li><strong>${summary.watchers}</strong> ${summary.watchers === 1 ? 'member has' : 'members have'} seen it (${plural(summary.viewings, 'viewing')})</li>
<li><strong>${summary.favorites.count}</strong> ${summary.favorites.count === 1 ? 'favorite' : 'favorites'} (${summary.favorites.percent}% of watchers) · <strong>${summary.dislikes.count}</strong> disliked (${summary.dislikes.percent}%)</li>
<li><strong>${summary.watchlisted}</strong> on watchlists</li>
<li>${ratings.count ? html`Average ${stars(ratings.average)} <strong>${ratings.score}/100</strong> from ${plural(ratings.count, 'rating')}` : 'No ratings yet'}</li>
</ul>
${histogram(ratings.histogram)}
</section>
<section aria-labelledby="in-lists"><h2 id="in-lists">Server lists</h2>${
      lists.current.length === 0
        ? html`<p class="empty">Not in any server list.</p>`
        : html`<ul>${lists.current.map((membership) => html`<li>${membership.list.ranked ? html`<strong>#${membership.position}</strong> in ` : ''}<a href="${path('servers', guildId, 'lists', membership.list.id)}">${membership.list.name}</a></li>`)}</ul>`
    }${lists.hasBeenIn > lists.count ? html`<p>Has been in ${plural(lists.hasBeenIn, 'list')}.</p>` : ''}</section>
${context.viewer?.member && data.mine ? memberForms(context, film, data.mine) : ''}
<section aria-labelledby="seen-by"><h2 id="seen-by">Seen by</h2>${
      summary.seenBy.members.length === 0
        ? html`<p class="empty">Nobody yet.</p>`
        : html`<ul class="seen">${summary.seenBy.members.map(
            (viewer) =>
              html`<li>${memberLink(guildId, viewer)}${viewer.stars !== undefined ? html` ${stars(viewer.stars)}` : ''}${viewer.favorite ? ' ♥' : ''}${viewer.lastWatchedOn ? html` · ${dateText(viewer.lastWatchedOn)}` : ''}${viewer.viewings > 1 ? ` · ${viewer.viewings}×` : ''}</li>`,
          )}</ul>`
    }</section>
<section aria-labelledby="reviews"><h2 id="reviews">Reviews (${summary.reviews.total})</h2>${
      summary.reviews.items.length === 0
        ? html`<p class="empty">No reviews yet.</p>`
        : summary.reviews.items.map(
            (review) =>
              html`<article class="review"><header>${memberLink(guildId, review)}${review.stars !== undefined ? html` ${stars(review.stars)} ${review.score}/100` : ''} · watched ${dateText(review.watchedOn)}${review.editedAt ? ' · edited' : ''}</header>${
                review.spoiler ? html`<details><summary>Contains spoilers — show</summary><p>${review.text}</p></details>` : html`<p>${review.text}</p>`
              }</article>`,
          )
    }</section>
<section aria-labelledby="film-activity"><h2 id="film-activity">Activity</h2>${activityList(guildId, data.activity.items, false)}${pager(base, data.activity.page === undefined ? { page: 1, pageCount: 1 } : data.activity)}</section>
</article>`,
  );
}
