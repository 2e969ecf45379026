// The books or movies page (body[data-resource]): loads pages from the JSON API, keeps the view
// in the address (search, filters, sort, page size), and applies live changes from /events.

import { ApiError, call, onTokenNeeded } from './api.js';
import { Confirm, Editor, TokenPrompt } from './editor.js';
import { ListView } from './list.js';
import { listen } from './live.js';
import { RESOURCES, creditField } from './resources.js';

const LIVE_WAIT_MS = 1500;
const REFRESH_DELAY_MS = 150;
const SORTS = ['id', 'title', 'year', 'createdAt'];

const resource = RESOURCES[document.body.dataset.resource];
const main = document.getElementById('app');
const liveStatus = document.getElementById('live');

const state = readAddress();
let cursor = null;
const previousCursors = [];
let next = null;
let loads = 0;
let inFlight = 0;
let retry = () => load();

const view = new ListView(resource, main, {
  search: (q) => change(() => { state.q = q; }),
  filter: (name, value) => change(() => { state.filters[name] = value; }),
  sort: (sort) => change(() => { state.sort = sort; }),
  limit: (limit) => change(() => { state.limit = limit; }),
  next: () => { previousCursors.push(cursor); cursor = next; load(); },
  previous: () => { cursor = previousCursors.pop() ?? null; load(); },
  add: () => editor.open(),
  edit: (record) => editor.open(record),
  remove: (record) => remove(record),
  retry: () => retry(),
});
const editor = new Editor(resource, (record, how) => {
  view.say(`${how === 'created' ? 'Added' : 'Saved'} “${record.title}”.`);
  refreshSoon(record.id);
});
const confirm = new Confirm();
const tokenPrompt = new TokenPrompt();
onTokenNeeded((reason) => tokenPrompt.ask(reason));
view.showState(state);
view.drawHead(state.sort);

/** Reads search, filters, sort and page size from the address, ignoring what does not fit. */
function readAddress() {
  const params = new URLSearchParams(location.search);
  const sort = params.get('sort') ?? '-createdAt';
  const limit = Number(params.get('limit'));
  const filters = {};
  for (const field of resource.fields) {
    filters[field.name] = params.get(field.name) ?? '';
  }
  return {
    q: params.get('q') ?? '',
    filters,
    sort: SORTS.includes(sort.replace(/^-/, '')) ? sort : '-createdAt',
    limit: Number.isInteger(limit) && limit >= 1 && limit <= 500 ? limit : 20,
  };
}

function query() {
  const params = new URLSearchParams({ limit: state.limit, sort: state.sort });
  if (state.q) {
    params.set('q', state.q);
  }
  for (const [name, value] of Object.entries(state.filters)) {
    if (value) {
      params.set(name, value);
    }
  }
  return params;
}

/** A new search, filter, sort or page size: back to the first page, and into the address. */
function change(update) {
  update();
  cursor = null;
  previousCursors.length = 0;
  history.replaceState(null, '', `?${query()}`);
  view.drawHead(state.sort);
  load();
}

async function busy(work) {
  inFlight++;
  main.setAttribute('aria-busy', 'true');
  view.setBusy(true);
  try {
    return await work();
  } finally {
    inFlight--;
    if (inFlight === 0) {
      main.setAttribute('aria-busy', 'false');
      view.setBusy(false);
    }
  }
}

/** Loads the current page; an answer to an older request than the newest is dropped. */
async function load(highlight) {
  const mine = ++loads;
  const params = query();
  if (cursor) {
    params.set('cursor', cursor);
  }
  try {
    const page = await busy(() => call('GET', `/${resource.name}?${params}`));
    if (mine !== loads) {
      return;
    }
    next = page.next;
    view.clearError();
    view.drawPage(page.items, {
      page: previousCursors.length + 1,
      hasPrevious: previousCursors.length > 0,
      hasNext: Boolean(page.next),
      filtered: Boolean(state.q) || Object.values(state.filters).some(Boolean),
      highlight,
    });
  } catch (e) {
    if (mine === loads) {
      fail(e, () => load(highlight));
    }
  }
}

let refreshTimer;
let refreshHighlight;
/** Reloads the current page shortly, once for a burst of changes. */
function refreshSoon(highlight) {
  refreshHighlight = highlight ?? refreshHighlight;
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    const id = refreshHighlight;
    refreshHighlight = undefined;
    load(id);
  }, REFRESH_DELAY_MS);
}

async function remove(record) {
  const yes = await confirm.ask(`Delete “${record.title}”? This cannot be undone.`, `Delete ${resource.singular}`);
  if (!yes) {
    return;
  }
  try {
    await busy(() => call('DELETE', `/${resource.name}/${record.id}`, undefined, { ifMatch: record.version }));
    view.clearError();
    view.removeRow(record.id);
    view.say(`Deleted “${record.title}”.`);
    refreshSoon();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      view.removeRow(record.id);
      view.say(`“${record.title}” was already deleted.`);
    } else if (e instanceof ApiError && e.status === 412) {
      view.say(`“${record.title}” was changed by someone else meanwhile, so it was not deleted; look again first.`);
      refreshSoon(record.id);
    } else {
      fail(e, () => remove(record));
    }
  }
}

function fail(e, again) {
  if (!(e instanceof ApiError)) {
    throw e;
  }
  retry = again;
  view.showError(e.message);
}

/** Whether a record belongs in the current view, by the same rules as the server's filters. */
function matches(record) {
  for (const [name, value] of Object.entries(state.filters)) {
    if (value && String(record[name] ?? '') !== value) {
      return false;
    }
  }
  if (state.q) {
    const q = state.q.toLowerCase();
    const credit = creditField(resource).name;
    return [record.title, record[credit]].some((text) => String(text).toLowerCase().includes(q));
  }
  return true;
}

function applyChange(kind, data) {
  if (kind === 'deleted') {
    editor.gone(data.id);
    if (view.rowFor(data.id)) {
      view.removeRow(data.id);
      refreshSoon();
    }
    return;
  }
  const shown = view.recordOf(data.id);
  if (kind === 'updated' && shown) {
    const sortKey = state.sort.replace(/^-/, '');
    if (!matches(data) || shown[sortKey] !== data[sortKey]) {
      refreshSoon(data.id);
    } else {
      view.replaceRow(data);
    }
  } else if (matches(data)) {
    refreshSoon(data.id);
  }
}

let started = false;
let firstReady;
const ready = new Promise((resolve) => { firstReady = resolve; });
listen(resource, {
  ready: () => (started ? refreshSoon() : firstReady()),
  reset: () => refreshSoon(),
  change: applyChange,
  state: (s) => {
    liveStatus.dataset.state = s;
    liveStatus.textContent = { live: 'Live', connecting: 'Connecting…', offline: 'Live updates unavailable; retrying…' }[s];
  },
});
// Load once the stream is open, so no change falls between the page and the stream; load anyway
// if the stream is slow to open.
Promise.race([ready, new Promise((resolve) => setTimeout(resolve, LIVE_WAIT_MS))]).then(() => {
  started = true;
  load();
});
