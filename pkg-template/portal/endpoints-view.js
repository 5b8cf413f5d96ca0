// The endpoints list: each endpoint with its health (success rate and a
// strip of its recent deliveries, from the deliveries list) and the result
// of its last delivery; a click or Enter on a row opens the endpoint page.
import { badge, deliveryState, h, relativeTime, shortId, timeCell, urlText } from './dom.js';
import { endpointLabel, listOf, openEndpointForm, setEndpointStatus } from './endpoints.js';
import { computeHealth, ratePercent, stripChart } from './health.js';
import { explainLastResponse, httpStatus } from './words.js';

/** Deliveries per endpoint that the list's health is computed from. */
export const HEALTH_SAMPLE = 50;
const CONCURRENCY = 3;

/** Loads `HEALTH_SAMPLE` recent deliveries of each endpoint, a few at a time; calls `done(id, list|null)` as each arrives. */
export async function loadHealth(ctx, endpoints, done, { isCurrent = () => true } = {}) {
  const queue = [...endpoints];
  const worker = async () => {
    while (queue.length && isCurrent()) {
      const e = queue.shift();
      try {
        const list = listOf(await ctx.api('load the recent deliveries', (c) => c.webhookDeliveries.list({ endpoint_id: e.id, limit: HEALTH_SAMPLE }), { key: 'health' }));
        if (isCurrent()) done(e.id, list);
      } catch {
        if (isCurrent()) done(e.id, null);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** "Healthy · 98 %" with the level as a badge-like pill. */
export function healthSummary(health, { rate = true } = {}) {
  return h('span', { class: `health health-${health.level}` },
    h('span', { class: 'health-label' }, health.label),
    rate && health.rate !== null && h('span', { class: 'health-rate' }, ` · ${ratePercent(health.rate)} delivered`));
}

/** The last delivery's result in a few words, for a row. */
export function lastDeliveryCell(health) {
  const d = health.last;
  if (!d) return h('span', { class: 'none' }, 'None yet');
  const state = deliveryState(d);
  const when = d.delivered_at ?? d.updated_at;
  const result = d.last_response_status !== null && d.last_response_status !== undefined
    ? httpStatus(d.last_response_status)
    : (d.last_error ? explainLastResponse(d).headline.replace(/\.$/, '') : '');
  return h('span', { class: 'last-delivery' },
    badge(state), ' ', h('span', { class: 'mono' }, d.event_type),
    h('span', { class: 'cell-sub' }, result, result && ' · ', when ? relativeTime(new Date(when)) : ''));
}

export function render(ctx) {
  let current = true;
  const health = new Map();
  const body = h('tbody', {});
  const el = h('section', { class: 'view', 'aria-labelledby': 'endpoints-title' },
    h('div', { class: 'view-head' },
      h('div', {},
        h('h2', { id: 'endpoints-title', tabindex: '-1' }, 'Webhook endpoints'),
        h('p', { class: 'lede' }, 'Where CallingBox sends call events. Health is computed from each endpoint’s ', String(HEALTH_SAMPLE), ' most recent deliveries.')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', part: 'button', onclick: () => refresh() }, 'Refresh'),
        h('button', { type: 'button', class: 'btn btn-primary', part: 'button button-primary', id: 'endpoint-add', onclick: () => add() }, 'Add endpoint'))),
    h('div', { class: 'table-wrap', part: 'table' },
      h('table', { class: 'data rows-link', id: 'endpoints-table' },
        h('caption', { class: 'visually-hidden' }, 'Webhook endpoints'),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Endpoint'),
          h('th', { scope: 'col' }, 'Status'),
          h('th', { scope: 'col' }, 'Health'),
          h('th', { scope: 'col' }, 'Last delivery'),
          h('th', { scope: 'col' }, 'Events'),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        body)));

  const add = () => openEndpointForm(ctx, null, (created) => {
    refresh().then(() => ctx.root.querySelector(`[data-key="open:${CSS.escape(created.id)}"]`)?.focus());
  });

  function draw() {
    ctx.keepFocus(body, () => {
      if (!ctx.endpoints.loaded) {
        body.replaceChildren(stateRow(h('p', {}, 'The endpoints could not be loaded.'),
          h('button', { type: 'button', class: 'btn', part: 'button', onclick: () => refresh() }, 'Try again')));
        return;
      }
      if (ctx.endpoints.list.length === 0) {
        body.replaceChildren(stateRow(
          h('p', {}, h('strong', {}, 'No webhook endpoints yet.'), ' Add one to receive call events.'),
          h('button', { type: 'button', class: 'btn btn-primary', part: 'button button-primary', onclick: add }, 'Add your first endpoint')));
        return;
      }
      body.replaceChildren(...ctx.endpoints.list.map(row));
    });
  }

  function row(e) {
    const label = endpointLabel(e);
    const sample = health.get(e.id);
    const stats = sample ? computeHealth(sample) : null;
    const action = (text, key, onclick, extra = '') => h('button', {
      type: 'button', class: `btn btn-small ${extra}`, part: 'button', 'aria-label': `${text}: ${label}`, dataset: { key: `${key}:${e.id}` }, onclick,
    }, text);
    const pageHref = ctx.href({ view: 'endpoints', id: e.id });
    return h('tr', { dataset: { endpointId: e.id, href: pageHref } },
      h('td', { class: 'cell-main', 'data-label': 'Endpoint' },
        h('a', { class: 'row-link', href: pageHref, dataset: { key: `open:${e.id}` } }, label),
        e.description && h('span', { class: 'cell-sub mono' }, urlText(e.url)),
        h('span', { class: 'cell-sub mono', title: e.id }, shortId(e.id))),
      h('td', { 'data-label': 'Status' }, badge(e.status)),
      h('td', { 'data-label': 'Health', class: 'cell-health' }, stats
        ? h('div', {}, healthSummary(stats), h('span', { class: 'strip-wrap' }, stripChart(sample)))
        : h('span', { class: 'none' }, sample === null ? 'Unavailable' : 'Loading…')),
      h('td', { 'data-label': 'Last delivery' }, stats ? lastDeliveryCell(stats) : h('span', { class: 'none' }, '—')),
      h('td', { 'data-label': 'Events' }, h('div', { class: 'event-list' }, e.enabled_events.includes('*')
        ? h('span', { class: 'event-chip' }, 'All events')
        : e.enabled_events.map((type) => h('span', { class: 'event-chip' }, type)))),
      h('td', { class: 'cell-actions' }, h('div', { class: 'action-group' },
        action('Edit', 'edit', () => openEndpointForm(ctx, e, () => refresh())),
        e.status === 'enabled'
          ? action('Disable', 'toggle', () => setEndpointStatus(ctx, e, 'disabled').then(draw))
          : action('Enable', 'toggle', () => setEndpointStatus(ctx, e, 'enabled').then(draw)),
        h('a', { class: 'btn btn-small', part: 'button', href: pageHref, 'aria-label': `More: ${label}`, dataset: { key: `more:${e.id}` } }, 'More…'))));
  }

  const stateRow = (...content) => h('tr', {}, h('td', { class: 'state-row', colspan: 6 }, ...content));

  async function refresh() {
    body.closest('.table-wrap').setAttribute('aria-busy', 'true');
    if (!ctx.endpoints.loaded) body.replaceChildren(stateRow(h('p', { role: 'status' }, 'Loading endpoints…')));
    await ctx.endpoints.load();
    if (!current) return;
    body.closest('.table-wrap').setAttribute('aria-busy', 'false');
    draw();
    await loadHealth(ctx, ctx.endpoints.list, (id, list) => {
      health.set(id, list);
      draw();
    }, { isCurrent: () => current });
  }

  const onStore = () => current && draw();
  ctx.endpoints.listeners.add(onStore);
  el.addEventListener('click', (event) => openRowOnClick(ctx, event));
  refresh();
  return {
    el,
    dispose() {
      current = false;
      ctx.endpoints.listeners.delete(onStore);
    },
  };
}

/**
 * A click anywhere on a row opens it, like its link (which is what the
 * keyboard reaches); clicks on buttons, links and selected text do not.
 */
export function openRowOnClick(ctx, event) {
  const target = /** @type {Element} */ (event.composedPath()[0]);
  if (!(target instanceof Element) || target.closest('a, button, input, select, label, summary')) return;
  const row = target.closest('tr[data-href]');
  if (!row || ctx.root.getSelection?.()?.toString()) return;
  const link = row.querySelector('a.row-link');
  link?.click();
}
