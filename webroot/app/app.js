// The books or movies page (body[data-resource]): reads what it needs to know of the API from
// /app/meta.json, loads pages from the JSON API, keeps the view in the address (search, filters,
// sort, page size), and applies live changes from /events. Its state is one object (list-state.js).

import { ApiError, call, onTokenNeeded } from './api.js';
import { h } from './dom.js';
import { Confirm, Editor, TokenPrompt } from './editor.js';
import { ListView } from './list.js';
import * as list from './list-state.js';
import { listen } from './live.js';
import { creditField, describe, loadMeta } from './meta.js';

const LIVE_WAIT_MS = 1500;
const REFRESH_DELAY_MS = 150;
const LIVE_WORDS = { live: 'Live', connecting: 'Connecting…', offline: 'Live updates unavailable; retrying…' };

const main = document.getElementById('app');
const liveStatus = document.getElementById('live');

class ListPage {
  constructor(resource, meta) {
    this.resource = resource;
    this.state = list.initialState(resource, meta, location.search);
    this.state.retry = () => this.load();
    const { state } = this;
    this.view = new ListView(resource, main, {
      search: (text) => this.change(() => list.setSearch(state, text)),
      filter: (name, value) => this.change(() => { state.view.filters[name] = value; }),
      sort: (sort) => this.change(() => { state.view.sort = sort; }),
      limit: (limit) => this.change(() => { state.view.limit = limit; }),
      next: () => { list.toNextPage(state); this.load(); },
      previous: () => { list.toPreviousPage(state); this.load(); },
      add: () => this.editor.open(),
      edit: (record) => this.editor.open(record),
      remove: (record) => this.remove(record),
      retry: () => state.retry(),
    });
    this.editor = new Editor(resource, (record, how) => {
      this.view.say(`${how === 'created' ? 'Added' : 'Saved'} “${record.title}”.`);
      this.refreshSoon(record.id);
    });
    this.confirm = new Confirm();
    const tokenPrompt = new TokenPrompt();
    onTokenNeeded((reason) => tokenPrompt.ask(reason));
    this.view.showState(state.view);
    this.view.drawHead(state.view.sort);
  }

  /** Listens to /events, then loads the first page once the stream is open, so no change falls
   *  between the page and the stream; loads anyway if the stream is slow to open. */
  start() {
    let firstReady;
    const ready = new Promise((resolve) => { firstReady = resolve; });
    listen(this.resource, {
      ready: () => (this.state.live.started ? this.refreshSoon() : firstReady()),
      reset: () => this.refreshSoon(),
      change: (kind, data) => this.applyChange(kind, data),
      state: (s) => {
        liveStatus.dataset.state = s;
        liveStatus.textContent = LIVE_WORDS[s];
      },
    });
    Promise.race([ready, new Promise((resolve) => setTimeout(resolve, LIVE_WAIT_MS))]).then(() => {
      this.state.live.started = true;
      this.load();
    });
  }

  /** A new search, filter, sort or page size: back to the first page, and into the address. */
  change(update) {
    update();
    list.toFirstPage(this.state);
    history.replaceState(null, '', `?${list.viewQuery(this.state)}`);
    this.view.drawHead(this.state.view.sort);
    this.load();
  }

  async busy(work) {
    const { requests } = this.state;
    requests.running++;
    main.setAttribute('aria-busy', 'true');
    this.view.setBusy(true);
    try {
      return await work();
    } finally {
      requests.running--;
      if (requests.running === 0) {
        main.setAttribute('aria-busy', 'false');
        this.view.setBusy(false);
      }
    }
  }

  /** Loads the current page; an answer to an older request than the newest is dropped. */
  async load(highlight) {
    const mine = list.startLoad(this.state);
    try {
      const page = await this.busy(() => call('GET', `/${this.resource.name}?${list.pageQuery(this.state)}`));
      if (!list.isNewest(this.state, mine)) {
        return;
      }
      this.view.clearError();
      this.view.drawPage(page.items, { ...list.pageLoaded(this.state, page), highlight, words: list.words(this.state) });
    } catch (e) {
      if (list.isNewest(this.state, mine)) {
        this.fail(e, () => this.load(highlight));
      }
    }
  }

  /** Reloads the current page shortly, once for a burst of changes. */
  refreshSoon(highlight) {
    const { refresh } = this.state;
    refresh.highlight = highlight ?? refresh.highlight;
    clearTimeout(refresh.timer);
    refresh.timer = setTimeout(() => {
      const id = refresh.highlight;
      refresh.highlight = undefined;
      this.load(id);
    }, REFRESH_DELAY_MS);
  }

  async remove(record) {
    const { resource, view } = this;
    const yes = await this.confirm.ask(`Delete “${record.title}”? This cannot be undone.`, `Delete ${resource.singular}`);
    if (!yes) {
      return;
    }
    try {
      await this.busy(() => call('DELETE', `/${resource.name}/${record.id}`, undefined, { ifMatch: record.version }));
      view.clearError();
      view.removeRow(record.id);
      view.say(`Deleted “${record.title}”.`);
      this.refreshSoon();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        view.removeRow(record.id);
        view.say(`“${record.title}” was already deleted.`);
      } else if (e instanceof ApiError && e.status === 412) {
        view.say(`“${record.title}” was changed by someone else meanwhile, so it was not deleted; look again first.`);
        this.refreshSoon(record.id);
      } else {
        this.fail(e, () => this.remove(record));
      }
    }
  }

  fail(e, again) {
    if (!(e instanceof ApiError)) {
      throw e;
    }
    this.state.retry = again;
    this.view.showError(e.message);
  }

  applyChange(kind, data) {
    const { view, state } = this;
    if (kind === 'deleted') {
      this.editor.gone(data.id);
      if (view.rowFor(data.id)) {
        view.removeRow(data.id);
        this.refreshSoon();
      }
      return;
    }
    const fits = list.matches(state, creditField(this.resource).name, data);
    const shown = view.recordOf(data.id);
    if (kind === 'updated' && shown) {
      const key = list.sortKey(state);
      if (!fits || shown[key] !== data[key]) {
        this.refreshSoon(data.id);
      } else {
        view.replaceRow(data);
      }
    } else if (fits) {
      this.refreshSoon(data.id);
    }
  }
}

/** Without the server's facts the page cannot draw anything; says so, with a way to try again. */
function unavailable(e) {
  const retry = h('button', { type: 'button', id: 'retry' }, 'Try again');
  retry.addEventListener('click', () => location.reload());
  const message = e instanceof ApiError ? e.message : 'The page could not start.';
  main.append(h('p', { id: 'error', class: 'error', role: 'alert' }, message, ' ', retry));
  main.setAttribute('aria-busy', 'false');
  liveStatus.textContent = '';
}

loadMeta().then(
  (meta) => new ListPage(describe(meta, document.body.dataset.resource), meta).start(),
  unavailable,
);
