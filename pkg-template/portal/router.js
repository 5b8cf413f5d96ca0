// The portal's routes and the URL they live in. Every screen and every
// filter is part of the route, so a reload or a shared link shows the same.
//
//   #/endpoints                       the endpoints and their health
//   #/endpoints/<id>                  one endpoint: settings, health, deliveries, recovery
//   #/deliveries?endpoint=&status=&type=&call=&from=&to=&limit=
//   #/deliveries/<id>                 one delivery: fields, retry timeline, last response
//   #/playground                      the signature playground
//
// routing="hash" (the default) keeps the route in location.hash;
// routing="memory" keeps it inside the element (for hosts that own the URL):
// read and set `element.route`, listen for `portal-navigate`.

export const VIEWS = ['endpoints', 'deliveries', 'playground'];

/** Query keys of the deliveries list, in the order they are written. */
export const DELIVERY_FILTERS = ['endpoint', 'status', 'type', 'call', 'from', 'to', 'limit'];

/**
 * @typedef {{ view: string, id: string|null, query: Record<string,string> }} Route
 */

/**
 * '#/deliveries/abc?x=1' (or 'deliveries/abc?x=1') -> { view, id, query }.
 * Unknown screens fall back to the endpoints list.
 * @param {string} text
 * @returns {Route}
 */
export function parseRoute(text) {
  const raw = String(text ?? '').replace(/^#/, '').replace(/^\//, '');
  const [path, search = ''] = raw.split('?');
  const [name, id] = path.split('/');
  const query = {};
  for (const [key, value] of new URLSearchParams(search)) if (value !== '') query[key] = value;
  if (!VIEWS.includes(name)) return { view: 'endpoints', id: null, query: {} };
  return { view: name, id: id ? decodeURIComponent(id) : null, query };
}

/**
 * { view, id, query } -> '#/view/id?query' (empty values left out).
 * @param {Partial<Route>} route
 */
export function formatRoute({ view = 'endpoints', id = null, query = {} }) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `#/${view}${id ? `/${encodeURIComponent(id)}` : ''}${search ? `?${search}` : ''}`;
}

/** Two routes show the same screen (filters may differ). */
export const sameScreen = (a, b) => a.view === b.view && a.id === b.id;
