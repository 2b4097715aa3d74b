import { html, type Html, type Interpolated, path } from '../html.js';

export interface Viewer {
  userId: string;
  name: string;
  /** A member of this server (may write to their diary); false for a signed-in visitor of a public server. */
  member: boolean;
  moderator: boolean;
}

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

/** What every page of a server knows about the request. */
export interface PageContext {
  guild?: { id: string; name: string };
  viewer?: Viewer;
  /** Signed in (to show Sign out), whether or not a member here. */
  signedIn?: { name: string };
  csrf?: string;
  flash?: Flash;
  /** Where "Sign in" comes back to. */
  here: string;
}

export function csrfField(context: PageContext): Html {
  return html`<input type="hidden" name="_csrf" value="${context.csrf ?? ''}">`;
}

function nav(context: PageContext): Html | undefined {
  const guild = context.guild;
  if (!guild) return undefined;
  const base = path('servers', guild.id);
  const links: [string, string][] = [
    [base, 'Home'],
    [`${base}/lists`, 'Lists'],
    [`${base}/parties`, 'Parties'],
    [`${base}/films`, 'Films'],
  ];
  if (context.viewer?.member) links.push([`${base}/members/${encodeURIComponent(context.viewer.userId)}`, 'My diary']);
  return html`<nav aria-label="${guild.name}"><ul>${links.map(([href, label]) => html`<li><a href="${href}"${context.here === href ? html` aria-current="page"` : ''}>${label}</a></li>`)}</ul></nav>`;
}

function account(context: PageContext): Html {
  if (context.signedIn) {
    return html`<form method="post" action="/auth/logout" class="account"><span>Signed in as <strong>${context.signedIn.name}</strong></span> ${csrfField(context)}<button type="submit">Sign out</button></form>`;
  }
  return html`<a class="button account" href="/auth/login?next=${encodeURIComponent(context.here)}">Sign in with Discord</a>`;
}

export function page(context: PageContext, title: string, body: Interpolated): Html {
  const flash = context.flash;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}${context.guild ? ` · ${context.guild.name}` : ''} · Marquee</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/site.css">
<script src="/assets/site.js" defer></script>
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="site">
<div class="brand"><a href="/">Marquee</a>${context.guild ? html` <span aria-hidden="true">·</span> <a href="${path('servers', context.guild.id)}">${context.guild.name}</a>` : ''}</div>
${account(context)}
${nav(context)}
</header>
<main id="content" tabindex="-1">
${flash ? html`<p class="flash ${flash.kind}" role="${flash.kind === 'error' ? 'alert' : 'status'}">${flash.text}</p>` : ''}
${body}
</main>
</body>
</html>`;
}

/** "Title (year)" linking to the film's page in this server. */
export function filmLink(guildId: string, film: { filmId: string; title: string; year?: number | undefined }): Html {
  return html`<a href="${path('servers', guildId, 'films', film.filmId)}">${film.title}</a>${film.year ? html` <span class="year">(${film.year})</span>` : ''}`;
}

export function memberLink(guildId: string, member: { userId: string; name: string }): Html {
  return html`<a href="${path('servers', guildId, 'members', member.userId)}">${member.name}</a>`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "12 Mar 2025" from an ISO date or time (UTC), as a <time> element. Formatted by hand: Intl costs ~10 µs a call. */
export function dateText(iso: string): Html {
  const day = iso.slice(0, 10);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const text = match ? `${Number(match[3])} ${MONTHS[Number(match[2]) - 1] ?? match[2]} ${match[1]}` : day;
  return html`<time datetime="${day}">${text}</time>`;
}

export function pager(base: string, current: { page: number; pageCount: number }, param = 'page'): Html | undefined {
  if (current.pageCount <= 1) return undefined;
  const link = (page: number, label: string, rel: string) => html`<a href="${base}${base.includes('?') ? '&' : '?'}${param}=${page}" rel="${rel}">${label}</a>`;
  return html`<nav class="pager" aria-label="Pages">${current.page > 1 ? link(current.page - 1, '← Previous', 'prev') : ''} <span>Page ${current.page} of ${current.pageCount}</span> ${current.page < current.pageCount ? link(current.page + 1, 'Next →', 'next') : ''}</nav>`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
