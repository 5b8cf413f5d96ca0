// One endpoint: its settings, its health (success rate and a chart of
// recent deliveries by outcome), its recent deliveries, bulk recovery, and
// the actions (edit, enable/disable, rotate the secret, delete).
import { badge, h, shortId, timeCell, urlText } from './dom.js';
import {
  DISABLED_REASONS, deleteEndpoint, endpointLabel, listOf, openEndpointForm, rotateEndpointSecret, setEndpointStatus,
} from './endpoints.js';
import { deliveriesTable } from './deliveries.js';
import { healthSummary, lastDeliveryCell, openRowOnClick } from './endpoints-view.js';
import { bucketChart, computeHealth, countsText, ratePercent } from './health.js';
import { recoveryCard } from './recovery.js';

const SAMPLE = 200;
const SHOWN = 10;
const POLL_MS = 3000;

export function render(ctx, route) {
  const id = route.id;
  let current = true;
  let timer = null;
  let deliveries = null;
  const heading = h('h2', { id: 'endpoint-title', tabindex: '-1' }, `Endpoint ${shortId(id)}`);
  const actions = h('div', { class: 'actions' });
  const settings = h('div', {});
  const healthBox = h('div', { id: 'endpoint-health' }, h('p', { class: 'muted' }, 'Loading its recent deliveries…'));
  const table = deliveriesTable(ctx, {
    caption: 'Recent deliveries of this endpoint',
    showDestination: false,
    empty: () => [h('p', {}, h('strong', {}, 'No deliveries yet.'))],
    onRedelivered: () => loadDeliveries(),
  });
  const recoverySlot = h('div', {});
  const body = h('div', { class: 'detail-body', hidden: true },
    h('div', { class: 'detail-grid' },
      h('section', { class: 'card', part: 'card', 'aria-labelledby': 'health-title' }, h('h3', { id: 'health-title' }, 'Health'), healthBox),
      h('section', { class: 'card', part: 'card', 'aria-labelledby': 'settings-title' }, h('h3', { id: 'settings-title' }, 'Settings'), settings)),
    recoverySlot,
    // Last: its rows arrive after the rest and push nothing down.
    h('section', { class: 'section', 'aria-labelledby': 'endpoint-deliveries-title' },
      h('div', { class: 'section-head' },
        h('h3', { id: 'endpoint-deliveries-title' }, 'Recent deliveries'),
        h('a', { href: ctx.href({ view: 'deliveries', query: { endpoint: id } }), id: 'endpoint-all-deliveries' }, 'All deliveries of this endpoint, with filters')),
      table.el));
  const missing = h('div', { hidden: true });
  const el = h('section', { class: 'view', 'aria-labelledby': 'endpoint-title' },
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
      h('a', { href: ctx.href({ view: 'endpoints' }) }, 'Endpoints'), h('span', { 'aria-hidden': 'true' }, ' / '), h('span', { 'aria-current': 'page' }, shortId(id))),
    h('div', { class: 'view-head' }, h('div', {}, heading), actions),
    body, missing);
  el.addEventListener('click', (event) => openRowOnClick(ctx, event));

  const endpoint = () => ctx.endpoints.byId.get(id);

  function drawEndpoint() {
    const e = endpoint();
    if (!ctx.endpoints.loaded) return;
    if (!e) {
      body.hidden = true;
      actions.replaceChildren();
      missing.hidden = false;
      missing.replaceChildren(h('p', {}, `There is no endpoint with the id ${id}: it may have been deleted.`),
        h('a', { href: ctx.href({ view: 'endpoints' }) }, 'Back to the endpoints'));
      return;
    }
    const label = endpointLabel(e);
    missing.hidden = true;
    body.hidden = false;
    heading.replaceChildren(label, ' ', badge(e.status));
    const button = (text, key, onclick, extra = '') => h('button', { type: 'button', class: `btn ${extra}`, part: 'button', dataset: { key }, onclick }, text);
    ctx.keepFocus(actions, () => actions.replaceChildren(
      button('Edit', 'edit', () => openEndpointForm(ctx, e)),
      e.status === 'enabled'
        ? button('Disable', 'toggle', () => setEndpointStatus(ctx, e, 'disabled'))
        : button('Enable', 'toggle', () => setEndpointStatus(ctx, e, 'enabled')),
      button('Rotate secret', 'rotate', () => rotateEndpointSecret(ctx, e)),
      button('Delete', 'delete', async () => {
        if (await deleteEndpoint(ctx, e)) ctx.navigate({ view: 'endpoints' });
      }, 'btn-quiet-danger')));
    const events = e.enabled_events.includes('*') ? 'All events (*)' : e.enabled_events.join(', ');
    settings.replaceChildren(h('dl', { class: 'facts', id: 'endpoint-settings' },
      h('dt', {}, 'URL'), h('dd', { class: 'mono' }, urlText(e.url)),
      h('dt', {}, 'Description'), h('dd', {}, e.description ?? h('span', { class: 'none' }, '—')),
      h('dt', {}, 'Events'), h('dd', { class: 'mono' }, events),
      h('dt', {}, 'Status'), h('dd', {}, badge(e.status),
        e.disabled_reason && h('span', { class: 'cell-sub' }, DISABLED_REASONS[e.disabled_reason] ?? e.disabled_reason, ' · ', timeCell(e.disabled_at))),
      h('dt', {}, h('abbr', { title: 'Exhausted deliveries in a row; 10 disable the endpoint' }, 'Consecutive failures')), h('dd', {}, `${e.consecutive_failures ?? 0} of 10`),
      h('dt', {}, 'Id'), h('dd', { class: 'mono' }, e.id),
      h('dt', {}, 'Created'), h('dd', {}, timeCell(e.created_at)),
      h('dt', {}, 'Updated'), h('dd', {}, timeCell(e.updated_at))));
    if (!recoverySlot.firstChild) recoverySlot.append(recoveryCard(ctx, e, () => loadDeliveries()));
  }

  function drawHealth() {
    if (!deliveries) return;
    const stats = computeHealth(deliveries);
    healthBox.replaceChildren(
      h('div', { class: 'health-head' },
        healthSummary(stats, { rate: false }),
        h('p', { class: 'big-rate' }, h('span', { class: 'rate-value' }, ratePercent(stats.rate)), h('span', { class: 'muted' }, ' of its recent deliveries delivered'))),
      h('p', { class: 'muted' }, `From its ${deliveries.length} most recent deliveries (the API returns at most ${SAMPLE}): ${countsText(stats.counts)}.`),
      bucketChart(deliveries),
      h('ul', { class: 'legend', 'aria-hidden': 'true' },
        ['delivered', 'retrying', 'exhausted', 'pending'].map((o) => h('li', {}, h('span', { class: `swatch o-${o}` }), o === 'pending' ? 'not attempted yet' : o))),
      h('p', { class: 'last-line' }, h('span', { class: 'muted' }, 'Last delivery: '), lastDeliveryCell(stats)));
    table.set(deliveries.slice(0, SHOWN));
  }

  async function loadDeliveries() {
    clearTimeout(timer);
    try {
      const list = listOf(await ctx.api('load the endpoint’s deliveries', (c) => c.webhookDeliveries.list({ endpoint_id: id, limit: SAMPLE }), { key: `endpoint-deliveries:${id}` }));
      if (!current) return;
      deliveries = list;
      drawHealth();
    } catch {
      if (current && !deliveries) healthBox.replaceChildren(h('p', {}, 'Its deliveries could not be loaded.'));
    }
    if (current && deliveries?.some((d) => d.status === 'pending')) timer = setTimeout(loadDeliveries, POLL_MS);
  }

  const onStore = () => current && drawEndpoint();
  ctx.endpoints.listeners.add(onStore);
  ctx.endpoints.load();
  loadDeliveries();
  return {
    el,
    dispose() {
      current = false;
      clearTimeout(timer);
      ctx.endpoints.listeners.delete(onStore);
    },
  };
}
