// The list: search box, exact filters, sortable table and pager. It only draws and reports what
// the user asked for; app.js decides what to load.

import { h, debounce } from './dom.js';
import { creditField } from './meta.js';
import { highlighted } from './search.js';

const SEARCH_DELAY_MS = 300;
const COLUMNS_EXTRA = [{ name: 'createdAt', label: 'Added', sort: 'createdAt' }];

export class ListView {
  /**
   * @param on {search(text), filter(name, value), sort(key), limit(n), next(), previous(), add(), edit(record), remove(record), retry()}
   */
  constructor(resource, root, on) {
    this.resource = resource;
    this.on = on;
    this.columns = [...resource.fields, ...COLUMNS_EXTRA];
    this.records = new Map();

    const credit = creditField(resource);
    this.search = h('input', { id: 'q', type: 'search', name: 'search', autocomplete: 'off',
      placeholder: `Words of the title or ${credit.label.toLowerCase()}` });
    this.words = [];
    const typed = debounce(() => on.search(this.search.value.trim()), SEARCH_DELAY_MS);
    this.search.addEventListener('input', typed);
    const add = h('button', { type: 'button', id: 'add', class: 'primary' }, `Add a ${resource.singular}`);
    add.addEventListener('click', () => on.add());

    this.filterInputs = {};
    const filters = resource.fields.map((field) => {
      const input = h('input', { id: `filter-${field.name}`, name: field.name, type: 'text', autocomplete: 'off',
        inputmode: field.kind === 'year' ? 'numeric' : null });
      input.addEventListener('input', debounce(() => on.filter(field.name, input.value.trim()), SEARCH_DELAY_MS));
      this.filterInputs[field.name] = input;
      return h('div', { class: 'field' }, h('label', { for: input.id }, field.label), input);
    });
    this.limit = h('select', { id: 'limit', name: 'limit' },
      [10, 20, 50, 100].map((n) => h('option', { value: n }, String(n))));
    this.limit.addEventListener('change', () => on.limit(Number(this.limit.value)));

    this.error = h('div', { id: 'error', class: 'error', role: 'alert', hidden: true });
    this.busy = h('p', { id: 'busy', class: 'busy', role: 'status', hidden: true }, 'Loading…');
    this.notice = h('p', { id: 'notice', class: 'notice', role: 'status' });
    this.head = h('tr');
    this.rows = h('tbody', { id: 'rows' });
    this.caption = h('caption', { class: 'visually-hidden' });
    this.empty = h('p', { id: 'empty', class: 'empty', hidden: true });
    this.previousButton = h('button', { type: 'button', id: 'previous' }, '← Previous');
    this.nextButton = h('button', { type: 'button', id: 'next' }, 'Next →');
    this.pageLabel = h('span', { id: 'page' });
    this.previousButton.addEventListener('click', () => on.previous());
    this.nextButton.addEventListener('click', () => on.next());
    this.rows.addEventListener('click', (e) => this.rowAction(e));

    root.append(
      h('div', { class: 'toolbar' },
        h('div', { class: 'field search' }, h('label', { for: 'q' }, 'Search'), this.search),
        add),
      h('details', { class: 'filters' }, h('summary', {}, 'Exact filters'),
        h('div', { class: 'filter-fields' }, filters,
          h('div', { class: 'field' }, h('label', { for: 'limit' }, 'Per page'), this.limit))),
      this.error, this.busy, this.notice,
      h('div', { class: 'table-wrap' }, h('table', { id: 'list' }, this.caption, h('thead', {}, this.head), this.rows)),
      this.empty,
      h('nav', { class: 'pager', 'aria-label': 'Pages' }, this.previousButton, this.pageLabel, this.nextButton));
  }

  /** Puts the inputs in line with a state read from the address. */
  showState(state) {
    this.search.value = state.search;
    for (const [name, value] of Object.entries(state.filters)) {
      this.filterInputs[name].value = value;
    }
    this.limit.value = String(state.limit);
  }

  drawHead(sort) {
    const descending = sort.startsWith('-');
    const key = descending ? sort.slice(1) : sort;
    this.head.replaceChildren(...this.columns.map((column) => {
      if (!column.sort) {
        return h('th', { scope: 'col' }, column.label);
      }
      const active = column.sort === key;
      const button = h('button', { type: 'button', class: 'sort', 'data-sort': column.sort },
        column.label, h('span', { class: 'arrow', 'aria-hidden': 'true' }, active ? (descending ? ' ▼' : ' ▲') : ''));
      button.addEventListener('click', () => this.on.sort(active && !descending ? `-${column.sort}` : column.sort));
      return h('th', { scope: 'col', 'aria-sort': active ? (descending ? 'descending' : 'ascending') : 'none' }, button);
    }), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')));
    const column = this.columns.find((c) => c.sort === key);
    const label = column ? column.label.toLowerCase() : key === 'relevance' ? 'best match' : key;
    this.caption.textContent = `${this.resource.title}, by ${label}, ${descending ? 'descending' : 'ascending'}`;
  }

  /** Draws a page; keeps keyboard focus on the same button of the same row if it is still there. */
  drawPage(items, { page, hasPrevious, hasNext, filtered, highlight, words = [] }) {
    const focused = this.focusedAction();
    this.words = words;
    this.records.clear();
    this.rows.replaceChildren(...items.map((record) => this.row(record)));
    if (highlight !== undefined) {
      this.rowFor(highlight)?.classList.add('fresh');
    }
    this.empty.hidden = items.length > 0;
    this.empty.textContent = filtered
      ? `No ${this.resource.name} match.` : `No ${this.resource.name} yet. Add the first one.`;
    this.pageLabel.textContent = `Page ${page}`;
    this.previousButton.disabled = !hasPrevious;
    this.nextButton.disabled = !hasNext;
    if (focused) {
      this.rowFor(focused.id)?.querySelector(`button.${focused.action}`)?.focus();
    }
  }

  row(record) {
    this.records.set(record.id, record);
    const cells = this.columns.map((column) => {
      const value = record[column.name];
      const text = column.name === 'createdAt' ? h('time', { datetime: value }, formatTime(value))
        : (value === null || value === undefined ? '—'
          : column.kind === 'text' ? highlighted(String(value), this.words, h) : String(value));
      return h('td', { 'data-label': column.label, class: `col-${column.name}` }, text);
    });
    return h('tr', { 'data-id': record.id }, cells, h('td', { class: 'actions' },
      h('button', { type: 'button', class: 'edit', 'aria-label': `Edit “${record.title}”` }, 'Edit'),
      h('button', { type: 'button', class: 'delete', 'aria-label': `Delete “${record.title}”` }, 'Delete')));
  }

  rowFor(id) {
    return this.rows.querySelector(`tr[data-id="${Number(id)}"]`);
  }

  recordOf(id) {
    return this.records.get(id);
  }

  /** Redraws one row in place, marked as just changed. */
  replaceRow(record) {
    const old = this.rowFor(record.id);
    if (old) {
      const focused = this.focusedAction();
      const fresh = this.row(record);
      fresh.classList.add('fresh');
      old.replaceWith(fresh);
      if (focused && focused.id === record.id) {
        fresh.querySelector(`button.${focused.action}`)?.focus();
      }
    }
  }

  removeRow(id) {
    const row = this.rowFor(id);
    if (row) {
      if (row.contains(document.activeElement)) {
        this.search.focus();
      }
      row.remove();
      this.records.delete(id);
      this.empty.hidden = this.rows.children.length > 0;
    }
  }

  rowAction(e) {
    const button = e.target.closest('button');
    const row = e.target.closest('tr[data-id]');
    if (!button || !row) {
      return;
    }
    const record = this.records.get(Number(row.dataset.id));
    if (button.classList.contains('edit')) {
      this.on.edit(record);
    } else if (button.classList.contains('delete')) {
      this.on.remove(record);
    }
  }

  focusedAction() {
    const active = document.activeElement;
    const row = active && active.closest ? active.closest('tr[data-id]') : null;
    if (!row || !this.rows.contains(row)) {
      return null;
    }
    return { id: Number(row.dataset.id), action: active.classList.contains('delete') ? 'delete' : 'edit' };
  }

  setBusy(busy) {
    this.busy.hidden = !busy;
  }

  showError(message) {
    const retry = h('button', { type: 'button', id: 'retry' }, 'Try again');
    retry.addEventListener('click', () => this.on.retry());
    this.error.replaceChildren(h('span', {}, message), ' ', retry);
    this.error.hidden = false;
  }

  clearError() {
    this.error.hidden = true;
    this.error.replaceChildren();
  }

  say(text) {
    this.notice.textContent = text;
  }
}

function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
