// The page's side of GET /events. EventSource reconnects by itself and sends Last-Event-ID, so
// the server replays what was missed; after a 'reset', or a 'ready' on a fresh stream, what the
// page shows may be stale and it reloads. A bulk change (an import, a delete by title) comes as one
// summary event without the records: the page reloads then too.

const RECONNECT_MS = 5000;

/**
 * Listens for changes to one resource.
 * @param handlers {ready(), reset() (also on a bulk change), change(kind, data), state('connecting'|'live'|'offline')}
 */
export function listen(resource, handlers) {
  let source;
  const open = () => {
    handlers.state('connecting');
    source = new EventSource('/events');
    source.addEventListener('open', () => handlers.state('live'));
    source.addEventListener('ready', () => handlers.ready());
    source.addEventListener('reset', () => handlers.reset());
    for (const kind of ['created', 'updated', 'deleted']) {
      source.addEventListener(`${resource.singular}.${kind}`, (e) => handlers.change(kind, JSON.parse(e.data)));
    }
    for (const kind of ['imported', 'bulkDeleted']) {
      source.addEventListener(`${resource.singular}.${kind}`, () => handlers.reset());
    }
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (the server answered with an error): try again later, from scratch.
        handlers.state('offline');
        setTimeout(open, RECONNECT_MS);
      } else {
        handlers.state('connecting');
      }
    });
  };
  open();
}
