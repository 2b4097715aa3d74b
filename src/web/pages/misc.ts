import type { Film } from '../../catalog/schema.js';
import { html, type Html, path } from '../html.js';
import { page, type PageContext } from './layout.js';

export function messagePage(context: PageContext, title: string, message: string, action?: Html): Html {
  return page(context, title, html`<h1>${title}</h1><p>${message}</p>${action ?? ''}`);
}

export function serversPage(context: PageContext, servers: readonly { id: string; name: string }[]): Html {
  return page(
    context,
    'Your servers',
    context.signedIn
      ? html`<h1>Your servers</h1>${
          servers.length === 0
            ? html`<p class="empty">Marquee is not in any server you are in.</p>`
            : html`<ul class="servers">${servers.map((server) => html`<li><a href="${path('servers', server.id)}">${server.name}</a></li>`)}</ul>`
        }`
      : html`<h1>Marquee</h1><p>The film club of your Discord server. Sign in with Discord to see your servers' pages.</p><p><a class="button" href="/auth/login?next=%2F">Sign in with Discord</a></p>`,
  );
}

export function filmSearchPage(context: PageContext, query: string, films: readonly Film[]): Html {
  const guildId = context.guild!.id;
  return page(
    context,
    query ? `Films matching “${query}”` : 'Films',
    html`<h1>Films</h1>
<form class="search" method="get" action="${path('servers', guildId, 'films')}" role="search"><label for="q">Find a film</label> <input id="q" name="q" type="search" value="${query}"> <button type="submit">Search</button></form>
${films.length === 0 ? html`<p class="empty">No film matches.</p>` : html`<ul>${films.map((film) => html`<li><a href="${path('servers', guildId, 'films', film.id)}">${film.title}</a> (${film.year})${film.directors.length ? html` <span class="hint">${film.directors.join(', ')}</span>` : ''}</li>`)}</ul>`}`,
  );
}
