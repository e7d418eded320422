/**
 * The people behind a bar or card: the whole list (loaded through the report's continuation), searchable,
 * shown a page at a time, exportable as CSV; a name opens that person's card.
 */
import { h, fmt, toCsv } from './dom.js';
import type { PersonRef } from './report-model.js';

export const PAGE_SIZE = 25;

export interface ListViewOptions {
  title: string;
  people: PersonRef[];
  /** People the report counted but did not name. */
  missing: number;
  onOpen(person: PersonRef): void;
  onExport(fileName: string, csv: string): void;
}

export function listView(o: ListViewOptions): HTMLElement {
  let page = 0;
  let shown = o.people;
  const rows = h('ol', { class: 'people', 'aria-live': 'polite' });
  const info = h('p', { class: 'muted', 'data-k': 'list-info' });
  const prev = h('button', { type: 'button', 'data-action': 'prev', onclick: () => go(page - 1) }, 'Previous');
  const next = h('button', { type: 'button', 'data-action': 'next', onclick: () => go(page + 1) }, 'Next');
  const search = h('input', {
    type: 'search',
    placeholder: 'Search names',
    'aria-label': `Search ${o.title}`,
    oninput: () => {
      const q = search.value.trim().toLowerCase();
      shown = q ? o.people.filter((p) => `${p.name} ${p.detail ?? ''} #${p.id}`.toLowerCase().includes(q)) : o.people;
      go(0);
    },
  });
  const pages = () => Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  function go(n: number) {
    page = Math.min(Math.max(0, n), pages() - 1);
    const slice = shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    rows.start = page * PAGE_SIZE + 1;
    rows.replaceChildren(
      ...slice.map((p) =>
        h(
          'li',
          { 'data-id': p.id },
          h('button', { type: 'button', class: 'link', onclick: () => o.onOpen(p) }, p.name),
          p.detail ? h('span', { class: 'muted' }, ` ${p.detail}`) : '',
        ),
      ),
    );
    const first = slice.length ? page * PAGE_SIZE + 1 : 0;
    info.textContent = `${fmt(first)}–${fmt(page * PAGE_SIZE + slice.length)} of ${fmt(shown.length)}${
      shown.length !== o.people.length ? ` matching (of ${fmt(o.people.length)})` : ''
    } · page ${page + 1} of ${pages()}${o.missing ? ` · ${fmt(o.missing)} more not named by the server` : ''}`;
    prev.disabled = page === 0;
    next.disabled = page >= pages() - 1;
  }
  const exportCsv = () => {
    const csv = toCsv([['id', 'name', 'detail'], ...shown.map((p) => [p.id, p.name, p.detail])]);
    o.onExport(`${o.title.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}.csv`, csv);
  };
  go(0);
  return h(
    'section',
    { class: 'list', 'aria-label': o.title },
    h('h2', { tabindex: -1 }, `${o.title} (${fmt(o.people.length + o.missing)})`),
    h('div', { class: 'toolbar' }, search, h('button', { type: 'button', 'data-action': 'csv', onclick: exportCsv }, 'Export CSV')),
    rows,
    h('nav', { class: 'pager', 'aria-label': 'Pages' }, prev, info, next),
  );
}
