import { type ActivityItem, starsText } from '../../club/index.js';
import { ACTIVITY_PHRASES } from '../../club/activityPhrases.js';
import { html, type Html } from '../html.js';
import { dateText, filmLink, memberLink } from './layout.js';


export function stars(value: number | undefined): Html | undefined {
  if (value === undefined) return undefined;
  return html`<span class="stars" aria-label="${value} stars" title="${value} stars">${starsText(value)}</span>`;
}

export function activityList(guildId: string, items: readonly ActivityItem[], withFilm = true): Html {
  if (items.length === 0) return html`<p class="empty">Nothing yet.</p>`;
  return html`<ul class="feed">${items.map(
    (item) =>
      html`<li>${memberLink(guildId, { userId: item.userId, name: item.name })} ${ACTIVITY_PHRASES[item.kind]} ${withFilm ? filmLink(guildId, item.film) : 'this film'}${item.kind === 'rated' ? html` ${stars(item.stars)}` : ''} · ${dateText(item.at)}</li>`,
  )}</ul>`;
}

/** The ten half-star buckets as a bar chart with a text alternative. */
export function histogram(buckets: readonly { stars: number; count: number }[]): Html | undefined {
  const max = Math.max(0, ...buckets.map((bucket) => bucket.count));
  if (max === 0) return undefined;
  const described = buckets.filter((bucket) => bucket.count > 0).map((bucket) => `${bucket.stars}★: ${bucket.count}`).join(', ');
  return html`<div class="histogram" role="img" aria-label="Ratings: ${described}">${buckets.map(
    (bucket) => html`<span style="height:${Math.round((bucket.count / max) * 100)}%" title="${bucket.stars}★: ${bucket.count}"></span>`,
  )}</div>`;
}
