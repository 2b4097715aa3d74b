// Progressive enhancements: every page works without this file; it adds drag and drop to reorder a list, and live
// film suggestions to the "Add a film" box (the same search as Discord's autocomplete).
'use strict';

function post(url, fields) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields),
    credentials: 'same-origin',
  }).then((response) => response.json().catch(() => ({ ok: false, message: 'The server did not answer.' })));
}

function announce(text, kind) {
  let box = document.querySelector('.flash');
  if (!box) {
    box = document.createElement('p');
    document.querySelector('main').prepend(box);
  }
  box.className = 'flash ' + kind;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.textContent = text;
}

function sortable(list) {
  let dragged = null;
  list.addEventListener('dragstart', (event) => {
    dragged = event.target.closest('li');
    if (!dragged) return;
    dragged.classList.add('dragging');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', dragged.dataset.filmId);
  });
  list.addEventListener('dragend', () => {
    if (dragged) dragged.classList.remove('dragging');
    list.querySelectorAll('.drop-before').forEach((item) => item.classList.remove('drop-before'));
    dragged = null;
  });
  list.addEventListener('dragover', (event) => {
    const target = event.target.closest('li');
    if (!dragged || !target || target === dragged) return;
    event.preventDefault();
    list.querySelectorAll('.drop-before').forEach((item) => item.classList.remove('drop-before'));
    target.classList.add('drop-before');
  });
  list.addEventListener('drop', (event) => {
    const target = event.target.closest('li');
    if (!dragged || !target || target === dragged) return;
    event.preventDefault();
    const from = Number(dragged.dataset.position);
    const over = Number(target.dataset.position);
    // Dropped on a row: the film takes that row's place.
    const to = over;
    if (to === from) return;
    list.setAttribute('aria-busy', 'true');
    post(list.dataset.moveUrl, { _csrf: list.dataset.csrf, filmId: dragged.dataset.filmId, position: String(to) }).then((answer) => {
      if (answer.ok) window.location.reload();
      else {
        list.removeAttribute('aria-busy');
        announce(answer.message, 'error');
      }
    });
  });
}

function filmSearch(form) {
  const input = form.querySelector('input[name=q]');
  const results = form.querySelector('.results');
  let timer = null;
  let asked = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const ask = ++asked;
      const query = input.value.trim();
      if (!query) {
        results.replaceChildren();
        return;
      }
      fetch(form.dataset.searchUrl + '?q=' + encodeURIComponent(query), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then((response) => response.json())
        .then((films) => {
          if (ask !== asked) return;
          results.replaceChildren(
            ...films.slice(0, 10).map((film) => {
              const button = document.createElement('button');
              button.type = 'submit';
              button.name = 'filmId';
              button.value = film.id;
              button.textContent = 'Add ' + film.name;
              return button;
            }),
          );
        })
        .catch(() => undefined);
    }, 150);
  });
}

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('ol.sortable').forEach(sortable);
  document.querySelectorAll('form.film-search').forEach(filmSearch);
});
