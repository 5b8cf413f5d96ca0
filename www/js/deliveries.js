// The deliveries screen: filters, table, redeliver, and polling while any
// listed delivery is still pending.
import { connection, listOf } from './connection.js';
import { endpointLabel, endpointStore, loadEndpoints } from './endpoints.js';
import {
  $, badge, describeError, h, keepFocus, notify, shortId, shortTime, stateRow, timeCell, urlText,
} from './ui.js';

const COLUMNS = 11;
export const POLL_MS = 1500;

const state = {
  list: [],
  loaded: false,
  active: false,
  timer: null,
  loading: null,
  generation: 0,
};

export function setupDeliveries() {
  const form = $('#deliveries-filters');
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('change', (event) => {
    if (event.target.closest('#simulate')) return;
    state.loaded = false; // a new filter: show loading, not the old rows
    loadDeliveries();
  });
  $('#deliveries-refresh').addEventListener('click', () => loadDeliveries());
  $('#simulate-run').addEventListener('click', simulateCall);
  endpointStore.listeners.add(fillEndpointFilter);
}

/** Shows the screen; `endpointId` preselects the filter (from an endpoint's row). */
export async function showDeliveries({ endpointId } = {}) {
  state.active = true;
  $('#simulate').hidden = !(connection.isOwnProxy && connection.info?.emulator_control);
  if (!endpointStore.loaded) await loadEndpoints({ quiet: true });
  fillEndpointFilter();
  if (endpointId !== undefined) {
    const select = $('#filter-endpoint');
    if (endpointId && !endpointStore.byId.has(endpointId)) {
      select.append(h('option', { value: endpointId }, `${shortId(endpointId)} (deleted)`));
    }
    select.value = endpointId;
    state.loaded = false;
  }
  return loadDeliveries();
}

export function hideDeliveries() {
  state.active = false;
  clearTimeout(state.timer);
  state.timer = null;
}

export function resetDeliveries() {
  state.loaded = false;
  state.list = [];
}

function fillEndpointFilter() {
  const select = $('#filter-endpoint');
  const current = select.value;
  const options = endpointStore.list.map((e) => h('option', { value: e.id }, endpointLabel(e)));
  select.replaceChildren(h('option', { value: '' }, 'All endpoints'), ...options);
  if (current && !endpointStore.byId.has(current)) select.append(h('option', { value: current }, `${shortId(current)} (deleted)`));
  select.value = current;
}

function filters() {
  const params = { limit: Number($('#filter-limit').value) };
  const endpointId = $('#filter-endpoint').value;
  const status = $('#filter-status').value;
  if (endpointId) params.endpoint_id = endpointId;
  if (status) params.status = status;
  return params;
}

export function loadDeliveries() {
  clearTimeout(state.timer);
  state.timer = null;
  const generation = ++state.generation;
  const wrap = $('#deliveries-wrap');
  wrap.setAttribute('aria-busy', 'true');
  if (!state.loaded) $('#deliveries-body').replaceChildren(stateRow(COLUMNS, h('p', { role: 'status' }, 'Loading deliveries…')));
  state.loading = (async () => {
    try {
      const list = listOf(await connection.client.webhookDeliveries.list(filters()));
      if (generation !== state.generation) return; // a newer load (other filters) won
      state.list = list;
      state.loaded = true;
      render();
    } catch (error) {
      if (generation !== state.generation) return;
      notify({ kind: 'error', key: 'deliveries-load', ...describeError(error, 'load the deliveries', connection) });
      if (!state.loaded) {
        $('#deliveries-body').replaceChildren(stateRow(COLUMNS,
          h('p', {}, 'The deliveries could not be loaded.'),
          h('button', { type: 'button', class: 'btn', onclick: () => loadDeliveries() }, 'Try again')));
      }
    } finally {
      if (generation === state.generation) {
        wrap.setAttribute('aria-busy', 'false');
        schedule();
      }
    }
  })();
  return state.loading;
}

/** Polls while something listed is pending and the screen is visible. */
function schedule() {
  const pending = state.list.filter((d) => d.status === 'pending').length;
  const note = $('#deliveries-live');
  if (state.active && pending > 0) {
    note.className = 'refresh-note live';
    note.textContent = `${pending} pending: refreshing every ${POLL_MS / 1000} s`;
    state.timer = setTimeout(() => {
      if (document.hidden) schedule(); else loadDeliveries();
    }, POLL_MS);
  } else {
    note.className = 'refresh-note';
    note.textContent = state.loaded ? `Updated ${shortTime(new Date())}` : '';
  }
}

function render() {
  const body = $('#deliveries-body');
  keepFocus(body, () => {
    if (state.list.length === 0) {
      const filtered = $('#filter-endpoint').value || $('#filter-status').value;
      body.replaceChildren(stateRow(COLUMNS,
        h('p', {}, h('strong', {}, filtered ? 'No deliveries match these filters.' : 'No deliveries yet.')),
        h('p', { class: 'muted' }, filtered
          ? 'Clear a filter to see more.'
          : 'Deliveries appear here as soon as a call on your account produces an event.')));
      return;
    }
    body.replaceChildren(...state.list.map(row));
  });
}

function destination(d) {
  if (!d.endpoint_id) {
    return [h('span', { class: 'plain' }, 'The call\u2019s webhook_url'), h('span', { class: 'cell-sub mono' }, urlText(d.url))];
  }
  const endpoint = endpointStore.byId.get(d.endpoint_id);
  return [
    h('span', { class: 'plain' }, endpoint ? endpointLabel(endpoint) : h('span', { class: 'muted', title: d.endpoint_id }, `${shortId(d.endpoint_id)} (deleted)`)),
    h('span', { class: 'cell-sub mono' }, urlText(d.url)),
  ];
}

function row(d) {
  const attempts = [String(d.attempt_count ?? 0)];
  if (d.manual_retry_count) attempts.push(h('span', { class: 'cell-sub' }, `+${d.manual_retry_count} manual`));
  const lastResponse = [];
  if (d.last_response_status !== null && d.last_response_status !== undefined) {
    lastResponse.push(h('span', { class: 'mono' }, `HTTP ${d.last_response_status}`));
  }
  if (d.last_error) lastResponse.push(h('span', { class: 'error-text' }, d.last_error));
  if (lastResponse.length === 0) lastResponse.push(h('span', { class: 'none' }, '—'));
  return h('tr', { dataset: { deliveryId: d.id, status: d.status } },
    h('td', {}, h('span', { class: 'mono nowrap' }, d.event_type), h('span', { class: 'cell-sub mono', title: d.id }, shortId(d.id))),
    h('td', { class: 'cell-url' }, destination(d)),
    h('td', {}, d.call_id ? h('span', { class: 'mono', title: d.call_id }, shortId(d.call_id)) : h('span', { class: 'none' }, '—')),
    h('td', {}, badge(d.status)),
    h('td', { class: 'num' }, attempts),
    h('td', {}, lastResponse),
    h('td', { class: 'cell-time' }, d.status === 'pending' ? timeCell(d.next_attempt_at, { relative: 'future' }) : h('span', { class: 'none' }, '—')),
    h('td', { class: 'cell-time' }, timeCell(d.delivered_at)),
    h('td', { class: 'cell-time' }, timeCell(d.created_at)),
    h('td', { class: 'cell-time' }, timeCell(d.updated_at)),
    h('td', { class: 'cell-actions' }, h('button', {
      type: 'button',
      class: 'btn btn-small',
      'aria-label': `Redeliver ${d.event_type} ${shortId(d.id)}`,
      dataset: { key: `redeliver:${d.id}` },
      onclick: (event) => redeliver(d, event.currentTarget),
    }, 'Redeliver')));
}

async function redeliver(d, button) {
  button.disabled = true;
  try {
    await connection.client.webhookDeliveries.redeliver(d.id);
    notify({ title: `Queued ${d.event_type} for redelivery.`, detail: 'It keeps its event id, so your server can recognise a duplicate.' });
  } catch (error) {
    notify({ kind: 'error', key: `redeliver:${d.id}`, ...describeError(error, 'redeliver the event', connection) });
  } finally {
    button.disabled = false;
  }
  await loadDeliveries();
}

async function simulateCall() {
  const outcome = $('#simulate-outcome').value;
  const button = $('#simulate-run');
  button.disabled = true;
  try {
    const response = await fetch(new URL('/api/emulator/calls', window.location.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome }),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw Object.assign(new Error(typeof answer.error === 'string' ? answer.error : `HTTP ${response.status}`), { status: response.status });
    const count = answer.deliveries?.length ?? 0;
    notify({ title: `Played a ${outcome.replace('_', ' ')} call on the emulator.`, detail: `${count} ${count === 1 ? 'delivery' : 'deliveries'} queued.` });
  } catch (error) {
    notify({ kind: 'error', key: 'simulate', ...describeError(error, 'simulate a call', connection) });
  } finally {
    button.disabled = false;
  }
  state.loaded = true;
  await loadDeliveries();
}
