import type { Film } from '../../catalog/schema.js';
import type { Page } from '../../club/index.js';
import type { ImportPreview, LeaderboardRow, ListOverview, ListShow } from '../../lists/index.js';
import { LIST_DESCRIPTION_MAX, LIST_NAME_MAX } from '../../lists/index.js';
import { html, type Html, path, withoutMarkdownEscapes } from '../html.js';
import { csrfField, filmLink, memberLink, page, type PageContext, pager, plural } from './layout.js';

export function listsPage(context: PageContext, lists: Page<ListOverview>): Html {
  const guildId = context.guild!.id;
  const base = path('servers', guildId, 'lists');
  return page(
    context,
    'Lists',
    html`<h1>Server lists</h1>
${
  lists.items.length === 0
    ? html`<p class="empty">No lists yet.</p>`
    : html`<ul class="lists">${lists.items.map(
        (item) =>
          html`<li><a href="${base}/${encodeURIComponent(item.list.id)}">${item.list.name}</a> · ${plural(item.list.size, 'film')}${context.viewer?.member ? ` · you have seen ${item.progress.watched} (${item.progress.percent}%)` : ''}</li>`,
      )}</ul>`
}${pager(base, lists)}
${context.viewer?.moderator ? curationForms(context, base) : ''}`,
  );
}

function curationForms(context: PageContext, base: string): Html {
  return html`<section aria-labelledby="new-list" class="curation"><h2 id="new-list">New list</h2>
<form method="post" action="${base}">${csrfField(context)}
<label for="new-name">Name</label> <input id="new-name" name="name" required maxlength="${LIST_NAME_MAX}">
<label for="new-description">Description</label> <textarea id="new-description" name="description" rows="2" maxlength="${LIST_DESCRIPTION_MAX}"></textarea>
<label class="inline"><input type="checkbox" name="ranked" value="1" checked> Ranked (show ranks)</label>
<button type="submit">Create list</button></form></section>
<section aria-labelledby="import" class="curation"><h2 id="import">Import a CSV</h2>
<p>Letterboxd's list export, or rows of <code>title,year</code>. You will see a preview before anything is saved.</p>
<form method="post" action="${base}/import" enctype="multipart/form-data">${csrfField(context)}
<label for="import-file">CSV file</label> <input id="import-file" name="file" type="file" accept=".csv,text/csv">
<label for="import-text">…or paste it</label> <textarea id="import-text" name="text" rows="5"></textarea>
<label for="import-name">List name (default: the name in a Letterboxd export)</label> <input id="import-name" name="name" maxlength="${LIST_NAME_MAX}">
<label for="import-ranked">Ranks</label> <select id="import-ranked" name="ranked"><option value="">As the file says</option><option value="1">Ranked</option><option value="0">Unranked</option></select>
<button type="submit">Preview import</button></form></section>`;
}

export interface ListPageData {
  shown: ListShow;
  board: Page<LeaderboardRow>;
}

function itemControls(context: PageContext, action: string, filmId: string, title: string, position: number, size: number): Html {
  return html`<span class="controls">
<form method="post" action="${action}/move">${csrfField(context)}<input type="hidden" name="filmId" value="${filmId}">
<button type="submit" name="position" value="${position - 1}"${position === 1 ? html` disabled` : ''} aria-label="Move ${title} up">↑</button>
<button type="submit" name="position" value="${position + 1}"${position === size ? html` disabled` : ''} aria-label="Move ${title} down">↓</button></form>
<form method="post" action="${action}/move" class="move-to">${csrfField(context)}<input type="hidden" name="filmId" value="${filmId}">
<label>To <input type="number" name="position" min="1" max="${size}" value="${position}" aria-label="New position of ${title}"></label><button type="submit">Move</button></form>
<form method="post" action="${action}/remove">${csrfField(context)}<input type="hidden" name="filmId" value="${filmId}"><button type="submit" aria-label="Remove ${title}">Remove</button></form>
</span>`;
}

export function listPage(context: PageContext, data: ListPageData): Html {
  const guildId = context.guild!.id;
  const { shown, board } = data;
  const list = shown.list;
  const base = path('servers', guildId, 'lists', list.id);
  const moderator = context.viewer?.moderator === true;
  const items = shown.page.items;
  return page(
    context,
    list.name,
    html`<h1>${list.name}</h1>
${list.description ? html`<p class="description">${list.description}</p>` : ''}
<p class="meta">${plural(list.size, 'film')} · ${list.ranked ? 'ranked' : 'unranked'} · by ${memberLink(guildId, { userId: list.authorId, name: list.authorName })}</p>
${shown.viewer ? html`<p class="progress">You have seen <strong>${shown.viewer.watched}</strong> of ${shown.viewer.total} (${shown.viewer.percent}%)${shown.viewer.award ? ` · ${shown.viewer.award}` : ''}${shown.viewer.next ? ` · ${plural(shown.viewer.next.films, 'more film')} to ${shown.viewer.next.award}` : ''}</p>` : ''}
${moderator && items.length > 1 ? html`<p class="hint" id="reorder-hint">Drag films to reorder them, or use the ↑ ↓ buttons.</p>` : ''}
<ol class="list-items${moderator ? ' sortable' : ''}"${moderator ? html` data-move-url="${base}/move" data-csrf="${context.csrf ?? ''}" aria-describedby="reorder-hint"` : ''}>${items.map(
      (item) =>
        html`<li value="${item.position}" data-film-id="${item.film.filmId}" data-position="${item.position}"${moderator ? html` draggable="true"` : ''}>
<span class="rank">${list.ranked ? `#${item.position}` : `${item.position}.`}</span> ${filmLink(guildId, item.film)}${item.watched ? html` <span class="check" title="You have seen it">✓<span class="visually-hidden"> seen</span></span>` : ''}${item.note ? html` <span class="note">— ${item.note}</span>` : ''}
${moderator ? itemControls(context, base, item.film.filmId, item.film.title, item.position, list.size) : ''}</li>`,
    )}</ol>
${items.length === 0 ? html`<p class="empty">No films yet.</p>` : ''}
${pager(base, shown.page)}
${moderator ? curation(context, base, list) : ''}
<section aria-labelledby="leaderboard"><h2 id="leaderboard">Leaderboard</h2>${
      board.items.length === 0
        ? html`<p class="empty">Nobody has seen a film of this list yet.</p>`
        : html`<table><thead><tr><th scope="col">Rank</th><th scope="col">Member</th><th scope="col">Seen</th></tr></thead><tbody>${board.items.map(
            (row) => html`<tr><td>${row.rank}</td><td>${memberLink(guildId, row)}</td><td>${row.watched} of ${row.total} (${row.percent}%)${row.award ? ` · ${row.award}` : ''}</td></tr>`,
          )}</tbody></table>`
    }${pager(base, board, 'bpage')}</section>`,
  );
}

function curation(context: PageContext, base: string, list: ListShow['list']): Html {
  return html`<section aria-labelledby="curate" class="curation"><h2 id="curate">Curate</h2>
<form method="post" action="${base}/add" class="film-search" data-search-url="${path('servers', context.guild!.id, 'search.json')}">${csrfField(context)}
<label for="add-q">Add a film</label> <input id="add-q" name="q" type="search" autocomplete="off" required aria-describedby="add-help">
<label for="add-position">At position</label> <input id="add-position" name="position" type="number" min="1" placeholder="end">
<button type="submit">Add</button>
<p id="add-help" class="hint">Type a title; pick one of the matches.</p><div class="results" aria-live="polite"></div></form>
<form method="post" action="${base}/rename">${csrfField(context)}<label for="rename">Name</label> <input id="rename" name="name" value="${list.name}" required maxlength="${LIST_NAME_MAX}"> <button type="submit">Rename</button></form>
<form method="post" action="${base}/describe">${csrfField(context)}<label for="describe">Description</label> <textarea id="describe" name="description" rows="2" maxlength="${LIST_DESCRIPTION_MAX}">${list.description}</textarea> <button type="submit">Save description</button></form>
<form method="post" action="${base}/delete">${csrfField(context)}<label class="inline"><input type="checkbox" name="confirm" value="1" required> Yes, delete ${list.name} (${plural(list.size, 'film')})</label> <button type="submit" class="danger">Delete list</button></form>
</section>`;
}

/** Films matching what a moderator typed, each a button that adds it (the no-JavaScript way to pick). */
export function addPickPage(context: PageContext, listName: string, action: string, query: string, position: string, films: readonly Film[]): Html {
  return page(
    context,
    `Add to ${listName}`,
    html`<h1>Add to ${listName}</h1><p>Films matching “${query}”:</p>${
      films.length === 0
        ? html`<p class="empty">No film matches.</p>`
        : html`<ul class="picks">${films.map(
            (film) =>
              html`<li><form method="post" action="${action}">${csrfField(context)}<input type="hidden" name="filmId" value="${film.id}"><input type="hidden" name="position" value="${position}"><button type="submit">Add ${film.title} (${film.year})</button>${film.directors.length ? html` <span class="hint">${film.directors.join(', ')}</span>` : ''}</form></li>`,
          )}</ul>`
    }`,
  );
}

export function importPreviewPage(context: PageContext, preview: ImportPreview, confirmAction: string | undefined): Html {
  const { list } = preview;
  return page(
    context,
    'Import preview',
    html`<h1>Import preview: ${list.name}</h1>
<p>${preview.fileName} · ${plural(preview.rowCount, 'row')} · ${list.ranked ? 'ranked' : 'unranked'}</p>
<ul class="figures"><li><strong>${preview.matched.length}</strong> matched</li><li><strong>${preview.ambiguous.length}</strong> ambiguous</li><li><strong>${preview.unmatched.length}</strong> not found</li><li><strong>${preview.duplicates.length}</strong> repeated</li><li><strong>${preview.invalid.length}</strong> unreadable</li></ul>
${
  confirmAction
    ? html`<form method="post" action="${confirmAction}" class="confirm">${csrfField(context)}
<button type="submit" name="choice" value="exact">Import the ${plural(preview.matched.length, 'matched film')}</button>
${preview.ambiguous.length ? html`<button type="submit" name="choice" value="guess">Import, taking the best guess for ${plural(preview.ambiguous.length, 'ambiguous row')}</button>` : ''}
<button type="submit" name="choice" value="cancel">Cancel</button></form>`
    : html`<p class="flash error" role="alert">Nothing in this file matched a film: there is nothing to import.</p>`
}
${preview.matched.length ? html`<h2>Matched</h2><ol>${preview.matched.slice(0, 200).map((row) => html`<li value="${row.rank}">${row.film.title} (${row.film.year ?? '?'}) <span class="hint">line ${row.line}: ${row.title}${row.year ? ` (${row.year})` : ''}</span></li>`)}</ol>${preview.matched.length > 200 ? html`<p>…and ${preview.matched.length - 200} more.</p>` : ''}` : ''}
${preview.ambiguous.length ? html`<h2>Ambiguous</h2><ul>${preview.ambiguous.map((row) => html`<li>line ${row.line}: ${row.title}${row.year ? ` (${row.year})` : ''} — ${row.candidates.map((film) => `${film.title} (${film.year ?? '?'})`).join(' / ')}</li>`)}</ul>` : ''}
${preview.unmatched.length ? html`<h2>Not found</h2><ul>${preview.unmatched.map((row) => html`<li>line ${row.line}: ${row.title}${row.year ? ` (${row.year})` : ''} — ${withoutMarkdownEscapes(row.reason)}</li>`)}</ul>` : ''}
${preview.invalid.length ? html`<h2>Unreadable rows</h2><ul>${preview.invalid.map((row) => html`<li>line ${row.line}: ${withoutMarkdownEscapes(row.reason)}</li>`)}</ul>` : ''}`,
  );
}
