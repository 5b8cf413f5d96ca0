// The deliveries screen: search by delivery (= event) id, filters kept in
// the URL, "load more" up to what the API offers, and a refresh every
// 1.5 s while anything listed is pending.
//
// The API filters by endpoint, status and call id and returns at most 200
// deliveries, newest first, with no cursor. Event type and dates are
// applied here to what it returned, and the screen says so.
import { h, shortTime } from './dom.js';
import { endpointLabel, listOf } from './endpoints.js';
import { deliveriesTable } from './deliveries.js';
import { openRowOnClick } from './endpoints-view.js';
import { EVENT_TYPES } from './template.js';

export const POLL_MS = 1500;
export const PAGE = 50;
export const API_MAX = 200;

/** The deliveries the route's filters ask for, from what the API returned. */
export function applyLocalFilters(list, query) {
  const from = query.from ? new Date(`${query.from}T00:00:00`).getTime() : null;
  const to = query.to ? new Date(`${query.to}T00:00:00`).getTime() + 86_400_000 : null;
  return list.filter((d) => {
    if (query.type && d.event_type !== query.type) return false;
    const t = new Date(d.created_at).getTime();
    if (from !== null && t < from) return false;
    if (to !== null && t >= to) return false;
    return true;
  });
}

/** The API's part of the filters. */
export function apiParams(query) {
  const params = { limit: Math.min(API_MAX, Math.max(1, Number(query.limit) || PAGE)) };
  if (query.endpoint) params.endpoint_id = query.endpoint;
  if (query.status) params.status = query.status;
  if (query.call) params.call_id = query.call;
  return params;
}

const select = (id, label, options) => h('div', { class: 'field' },
  h('label', { for: id }, label),
  h('select', { id, name: id.replace('f-', '') }, options.map(([value, text]) => h('option', { value }, text))));

export function render(ctx, initialRoute) {
  let route = initialRoute;
  let current = true;
  let timer = null;
  let generation = 0;
  let loaded = null; // what the API returned for the current filters
  let endpointsReloaded = false;

  const search = h('form', { class: 'search', role: 'search', 'aria-label': 'Find a delivery' },
    h('div', { class: 'field grow' },
      h('label', { for: 'f-id' }, 'Delivery or event id'),
      h('div', { class: 'inline' },
        h('input', { id: 'f-id', name: 'id', type: 'search', spellcheck: 'false', autocomplete: 'off', placeholder: '6f1c2c52-3d5e-…', 'aria-describedby': 'f-id-hint f-id-error' }),
        h('button', { type: 'submit', class: 'btn', part: 'button' }, 'Find'))),
    h('p', { class: 'hint', id: 'f-id-hint' }, 'A delivery’s id is also its event id (the CallingBox-Event-Id header).'),
    h('p', { class: 'field-error', id: 'f-id-error', role: 'alert', hidden: true }));

  const filters = h('form', { class: 'toolbar', id: 'delivery-filters', 'aria-label': 'Filters' },
    select('f-endpoint', 'Endpoint', [['', 'All endpoints']]),
    select('f-status', 'Status', [['', 'Any status'], ['pending', 'Pending'], ['delivered', 'Delivered'], ['exhausted', 'Exhausted']]),
    select('f-type', 'Event type', [['', 'Any event'], ...EVENT_TYPES.map((t) => [t, t])]),
    h('div', { class: 'field' }, h('label', { for: 'f-call' }, 'Call id'),
      h('input', { id: 'f-call', name: 'call', type: 'text', spellcheck: 'false', autocomplete: 'off' })),
    h('div', { class: 'field field-date' }, h('label', { for: 'f-from' }, 'Created from'), h('input', { id: 'f-from', name: 'from', type: 'date' })),
    h('div', { class: 'field field-date' }, h('label', { for: 'f-to' }, 'to'), h('input', { id: 'f-to', name: 'to', type: 'date' })),
    h('div', { class: 'toolbar-actions' },
      h('button', { type: 'submit', class: 'btn', part: 'button' }, 'Apply'),
      h('button', { type: 'button', class: 'btn btn-link', id: 'f-clear', onclick: () => setQuery({}) }, 'Clear filters')));

  const table = deliveriesTable(ctx, {
    caption: 'Webhook deliveries',
    empty: () => (Object.keys(route.query).some((k) => k !== 'limit')
      ? [h('p', {}, h('strong', {}, 'No deliveries match these filters.')), h('p', { class: 'muted' }, 'Clear a filter to see more.')]
      : [h('p', {}, h('strong', {}, 'No deliveries yet.')), h('p', { class: 'muted' }, 'They appear here as soon as a call on your account produces an event.')]),
    onRedelivered: () => load(),
  });
  const live = h('p', { class: 'refresh-note', id: 'deliveries-live', role: 'status' });
  const footer = h('div', { class: 'list-footer' });
  const simulate = ctx.emulatorBase ? simulateControls(ctx, () => load()) : null;

  const el = h('section', { class: 'view', 'aria-labelledby': 'deliveries-title' },
    h('div', { class: 'view-head' },
      h('div', {},
        h('h2', { id: 'deliveries-title', tabindex: '-1' }, 'Deliveries'),
        h('p', { class: 'lede' }, 'One row per event sent to one destination, newest first. Open a row for its retry timeline.')),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', part: 'button', onclick: () => load() }, 'Refresh'))),
    search, filters, h('div', { class: 'list-status' }, live, simulate), table.el, footer);

  const field = (name) => filters.querySelector(`#f-${name}`);

  function fillEndpoints() {
    const box = field('endpoint');
    const wanted = route.query.endpoint ?? '';
    const options = ctx.endpoints.list.map((e) => h('option', { value: e.id }, endpointLabel(e)));
    box.replaceChildren(h('option', { value: '' }, 'All endpoints'), ...options);
    if (wanted && !ctx.endpoints.byId.has(wanted)) box.append(h('option', { value: wanted }, `${wanted.slice(0, 8)}… (deleted)`));
    box.value = wanted;
  }

  function showFilters() {
    fillEndpoints();
    for (const name of ['status', 'type', 'call', 'from', 'to']) field(name).value = route.query[name] ?? '';
  }

  /** The form's values as the route's query (limit kept unless the API part changed). */
  function formQuery() {
    const query = {};
    for (const name of ['endpoint', 'status', 'type', 'call', 'from', 'to']) {
      const value = field(name).value.trim();
      if (value) query[name] = value;
    }
    const apiSame = ['endpoint', 'status', 'call'].every((k) => (query[k] ?? '') === (route.query[k] ?? ''));
    if (apiSame && route.query.limit) query.limit = route.query.limit;
    return query;
  }

  const setQuery = (query) => ctx.navigate({ view: 'deliveries', query }, { replace: true });
  filters.addEventListener('change', (event) => {
    if (event.target.id !== 'f-call') setQuery(formQuery());
  });
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    setQuery(formQuery());
  });
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    find();
  });

  async function find() {
    const input = search.querySelector('#f-id');
    const error = search.querySelector('#f-id-error');
    const id = input.value.trim();
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    if (!id) return;
    try {
      const d = await ctx.api('find the delivery', (c) => c.webhookDeliveries.retrieve(id), { notice: false });
      ctx.navigate({ view: 'deliveries', id: d.id });
    } catch (err) {
      input.setAttribute('aria-invalid', 'true');
      error.hidden = false;
      error.textContent = err?.status === 404 || err?.status === 400
        ? `No delivery has the id ${id}. Check it, or filter by call id below.`
        : `${err.described?.title ?? 'The search failed.'} ${err.described?.detail ?? ''}`;
    }
  }

  function draw() {
    if (!loaded) return;
    const shown = applyLocalFilters(loaded, route.query);
    table.set(shown);
    const params = apiParams(route.query);
    const local = route.query.type || route.query.from || route.query.to;
    const more = loaded.length >= params.limit;
    const parts = [h('p', { class: 'muted' }, local
      ? `Showing ${shown.length} of the ${loaded.length} newest deliveries loaded (event type and dates are filtered here; the API filters by endpoint, status and call id).`
      : `Showing the ${loaded.length} newest ${loaded.length === 1 ? 'delivery' : 'deliveries'}.`)];
    if (more && params.limit < API_MAX) {
      parts.push(h('button', {
        type: 'button', class: 'btn', part: 'button', id: 'load-more',
        onclick: () => ctx.navigate({ view: 'deliveries', query: { ...route.query, limit: String(Math.min(API_MAX, params.limit + PAGE)) } }, { replace: true }),
      }, `Load ${Math.min(PAGE, API_MAX - params.limit)} more`));
    } else if (more) {
      parts.push(h('p', { class: 'muted', id: 'api-limit' }, `This is as far back as the API goes: it returns at most ${API_MAX} deliveries per query and has no paging. Narrow by endpoint, status or call id to reach older ones.`));
    }
    footer.replaceChildren(...parts);
  }

  async function load() {
    clearTimeout(timer);
    timer = null;
    const mine = ++generation;
    table.busy(true);
    if (!loaded) table.message(h('p', { role: 'status' }, 'Loading deliveries…'));
    try {
      const list = listOf(await ctx.api('load the deliveries', (c) => c.webhookDeliveries.list(apiParams(route.query)), { key: 'deliveries-load' }));
      if (mine !== generation || !current) return;
      if (list.some((d) => d.endpoint_id && !ctx.endpoints.byId.has(d.endpoint_id)) && !endpointsReloaded) {
        // Endpoints created since the store was loaded (elsewhere): once per screen, so that deleted ones stay "deleted".
        endpointsReloaded = true;
        await ctx.endpoints.load({ notice: false });
        if (mine !== generation || !current) return;
      }
      loaded = list;
      draw();
    } catch {
      if (mine !== generation || !current) return;
      if (!loaded) {
        table.message(h('p', {}, 'The deliveries could not be loaded.'),
          h('button', { type: 'button', class: 'btn', part: 'button', onclick: () => load() }, 'Try again'));
      }
    } finally {
      if (mine === generation && current) {
        table.busy(false);
        schedule();
      }
    }
  }

  /** Polls while something listed is pending; slower while the API is failing. */
  function schedule() {
    const pending = (loaded ?? []).filter((d) => d.status === 'pending').length;
    const failing = ctx.status.kind !== 'ok';
    if (current && (pending > 0 || (failing && !loaded))) {
      live.className = 'refresh-note live';
      live.textContent = failing ? 'Retrying every 10 s' : `${pending} pending: refreshing every ${POLL_MS / 1000} s`;
      timer = setTimeout(() => (document.hidden ? schedule() : load()), failing ? 10_000 : POLL_MS);
    } else {
      live.className = 'refresh-note';
      live.textContent = loaded ? `Updated ${shortTime(new Date())}` : '';
    }
  }

  const onStore = () => current && (fillEndpoints(), draw());
  ctx.endpoints.listeners.add(onStore);
  el.addEventListener('click', (event) => openRowOnClick(ctx, event));
  showFilters();
  if (!ctx.endpoints.loaded) ctx.endpoints.load({ notice: false });
  load();

  return {
    el,
    update(next, { navigation = false } = {}) {
      const apiChanged = navigation || JSON.stringify(apiParams(next.query)) !== JSON.stringify(apiParams(route.query));
      route = next;
      showFilters();
      if (apiChanged) {
        loaded = null;
        load();
      } else {
        draw();
      }
    },
    dispose() {
      current = false;
      clearTimeout(timer);
      ctx.endpoints.listeners.delete(onStore);
    },
  };
}

/** "Simulate a call" on the emulator (only with emulator-base: the demo proxy). */
function simulateControls(ctx, after) {
  const outcome = h('select', { id: 'simulate-outcome', 'aria-label': 'Outcome of the simulated call' },
    ['completed', 'no_answer', 'busy', 'failed', 'canceled'].map((o) => h('option', { value: o }, o.replace('_', ' '))));
  const run = h('button', {
    type: 'button', class: 'btn', part: 'button', id: 'simulate-run',
    onclick: async () => {
      run.disabled = true;
      try {
        const response = await fetch(`${ctx.emulatorBase}/calls`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: outcome.value }),
        });
        const answer = await response.json().catch(() => ({}));
        if (!response.ok) throw new Error(typeof answer.error === 'string' ? answer.error : `HTTP ${response.status}`);
        const count = answer.deliveries?.length ?? 0;
        ctx.notify({ title: `Played a ${outcome.value.replace('_', ' ')} call on the emulator.`, detail: `${count} ${count === 1 ? 'delivery' : 'deliveries'} queued.` });
      } catch (error) {
        ctx.notify({ kind: 'error', key: 'simulate', title: 'Could not simulate a call on the emulator.', detail: String(error.message ?? error) });
      } finally {
        run.disabled = false;
      }
      after();
    },
  }, 'Simulate a call');
  return h('div', { class: 'simulate inline' }, h('span', { class: 'tag' }, 'emulator'), outcome, run);
}
