// The list page's state in one object, and the small functions that read and change it. No DOM
// here: app.js draws what these decide.
//
//   view      what the person asked for, kept in the address: search, filters, sort, page size
//             (a search starts in relevance order; clearing it goes back to the default order)
//   pages     where in the results the page stands: the keyset cursor of the page shown, the
//             cursors of the pages before it (so Previous is exact) and the next page's cursor
//   requests  numbers the loads, so only the newest answer is drawn, and counts those running
//   refresh   one reload for a burst of live changes: its timer and the row to highlight
//   retry     what "Try again" repeats
//   live      whether the first load happened (a later 'ready' means the stream reconnected)

import { matchesAll, searchWords } from './search.js';

const DEFAULT_SORT = '-createdAt';
const RELEVANCE = 'relevance';
const DEFAULT_LIMIT = 20;

/** A fresh state for `resource`, its view read from the address (`search`, e.g. "?search=dune"). */
export function initialState(resource, meta, search) {
  return {
    view: readView(resource, meta, new URLSearchParams(search)),
    pages: { cursor: null, previous: [], next: null },
    requests: { latest: 0, running: 0 },
    refresh: { timer: null, highlight: undefined },
    retry: null,
    live: { started: false },
  };
}

/** Reads search, filters, sort and page size, ignoring what the server would refuse. */
function readView(resource, meta, params) {
  // ?q= is what the box sent before it became a full-text search; old links still work.
  const search = params.get('search') ?? params.get('q') ?? '';
  const searching = searchWords(search).length > 0;
  const sort = params.get('sort') ?? (searching ? RELEVANCE : DEFAULT_SORT);
  const limit = Number(params.get('limit'));
  const filters = {};
  for (const field of resource.fields) {
    filters[field.name] = params.get(field.name) ?? '';
  }
  const sortable = meta.sorts.includes(sort.replace(/^-/, '')) && (searching || sort !== RELEVANCE);
  return {
    search,
    filters,
    sort: sortable ? sort : DEFAULT_SORT,
    limit: Number.isInteger(limit) && limit >= 1 && limit <= meta.limit.max ? limit : DEFAULT_LIMIT,
  };
}

/** A new text in the search box: a first search ranks by relevance, no search drops that order. */
export function setSearch(state, search) {
  const { view } = state;
  const was = searchWords(view.search).length > 0;
  const is = searchWords(search).length > 0;
  view.search = search;
  if (is && !was && view.sort === DEFAULT_SORT) {
    view.sort = RELEVANCE;
  } else if (!is && view.sort === RELEVANCE) {
    view.sort = DEFAULT_SORT;
  }
}

/** The words of the current search, folded, as the list marks them. */
export function words(state) {
  return searchWords(state.view.search);
}

/** The view as query parameters: what the address shows. */
export function viewQuery(state) {
  const { view } = state;
  const params = new URLSearchParams({ limit: view.limit, sort: view.sort });
  if (searchWords(view.search).length > 0) {
    params.set('search', view.search);
  }
  for (const [name, value] of Object.entries(view.filters)) {
    if (value) {
      params.set(name, value);
    }
  }
  return params;
}

/** The query for the page the state stands at. */
export function pageQuery(state) {
  const params = viewQuery(state);
  if (state.pages.cursor) {
    params.set('cursor', state.pages.cursor);
  }
  return params;
}

/** Back to the first page, as after a new search, filter, sort or page size. */
export function toFirstPage(state) {
  state.pages.cursor = null;
  state.pages.previous.length = 0;
}

export function toNextPage(state) {
  state.pages.previous.push(state.pages.cursor);
  state.pages.cursor = state.pages.next;
}

export function toPreviousPage(state) {
  state.pages.cursor = state.pages.previous.pop() ?? null;
}

/** Takes in a loaded page's answer; returns how the pager should show it. */
export function pageLoaded(state, page) {
  state.pages.next = page.next;
  return {
    page: state.pages.previous.length + 1,
    hasPrevious: state.pages.previous.length > 0,
    hasNext: Boolean(page.next),
    filtered: words(state).length > 0 || Object.values(state.view.filters).some(Boolean),
  };
}

/** Numbers a new load; `isNewest` later says whether its answer is still the one wanted. */
export function startLoad(state) {
  return ++state.requests.latest;
}

export function isNewest(state, load) {
  return load === state.requests.latest;
}

/** The field the list is sorted by, without the direction. */
export function sortKey(state) {
  return state.view.sort.replace(/^-/, '');
}

/** Whether a record belongs in the current view, by the same rules as the server's filters. */
export function matches(state, credit, record) {
  for (const [name, value] of Object.entries(state.view.filters)) {
    if (value && String(record[name] ?? '') !== value) {
      return false;
    }
  }
  const wanted = words(state);
  return wanted.length === 0 || matchesAll(wanted, [record.title, record[credit]]);
}
