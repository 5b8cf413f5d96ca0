// The endpoints screen: table, create/edit dialog, enable/disable, rotate and delete.
import { connection, listOf } from './connection.js';
import {
  $, badge, confirmDialog, describeError, fieldError, h, keepFocus, notify, secretDialog, shortId, stateRow, timeCell, urlText,
} from './ui.js';

export const EVENT_TYPES = [
  'call.queued', 'call.ringing', 'call.answered', 'call.completed',
  'call.failed', 'call.no_answer', 'call.busy', 'call.canceled',
];
const COLUMNS = 9;
const DISABLED_REASONS = {
  too_many_failures: 'Too many failures',
  manually_disabled: 'Disabled by hand',
};

/** Shared with the deliveries screen (its endpoint filter). */
export const endpointStore = {
  list: [],
  loaded: false,
  byId: new Map(),
  listeners: new Set(),
  set(list) {
    this.list = list;
    this.loaded = true;
    this.byId = new Map(list.map((e) => [e.id, e]));
    for (const listener of this.listeners) listener();
  },
};

export const endpointLabel = (e) => e.description || e.url;

let loading = null;
let editing = null; // the endpoint being edited, or null when creating

export function setupEndpoints() {
  $('#endpoint-add').addEventListener('click', () => openForm(null));
  $('#endpoints-refresh').addEventListener('click', () => loadEndpoints());
  const grid = $('#ep-event-grid');
  for (const type of EVENT_TYPES) {
    grid.append(h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'event', value: type }), type));
  }
  for (const radio of document.querySelectorAll('input[name="events-mode"]')) {
    radio.addEventListener('change', syncEventPicker);
  }
  $('#endpoint-form').addEventListener('submit', onSubmit);
  $('#ep-url').addEventListener('input', () => fieldError($('#ep-url'), $('#ep-url-error'), null));
  grid.addEventListener('change', () => fieldError(grid, $('#ep-events-error'), null));
}

export function loadEndpoints({ quiet = false } = {}) {
  loading ??= (async () => {
    const wrap = $('#endpoints-wrap');
    wrap.setAttribute('aria-busy', 'true');
    if (!endpointStore.loaded) {
      $('#endpoints-body').replaceChildren(stateRow(COLUMNS, h('p', { role: 'status' }, 'Loading endpoints…')));
    }
    try {
      const list = listOf(await connection.client.webhookEndpoints.list());
      endpointStore.set(list);
      render();
    } catch (error) {
      if (!quiet) report(error, 'load the endpoints', 'endpoints-load');
      if (!endpointStore.loaded) {
        $('#endpoints-body').replaceChildren(stateRow(COLUMNS,
          h('p', {}, 'The endpoints could not be loaded.'),
          h('button', { type: 'button', class: 'btn', onclick: () => loadEndpoints() }, 'Try again')));
      }
    } finally {
      wrap.setAttribute('aria-busy', 'false');
      loading = null;
    }
  })();
  return loading;
}

export function resetEndpoints() {
  endpointStore.loaded = false;
  endpointStore.list = [];
  endpointStore.byId = new Map();
}

function report(error, action, key) {
  notify({ kind: 'error', key, ...describeError(error, action, connection) });
  if (error?.status === 404) loadEndpoints({ quiet: true });
}

function render() {
  const body = $('#endpoints-body');
  keepFocus(body, () => {
    if (endpointStore.list.length === 0) {
      body.replaceChildren(stateRow(COLUMNS,
        h('p', {}, h('strong', {}, 'No webhook endpoints yet.'), ' Add one to receive call events.'),
        h('button', { type: 'button', class: 'btn btn-primary', onclick: () => openForm(null) }, 'Add your first endpoint')));
      return;
    }
    body.replaceChildren(...endpointStore.list.map(row));
  });
}

function row(e) {
  const label = endpointLabel(e);
  const events = e.enabled_events.includes('*')
    ? [h('span', { class: 'event-chip' }, 'All events')]
    : e.enabled_events.map((type) => h('span', { class: 'event-chip' }, type));
  const action = (text, key, onclick, extra = {}) => h('button', {
    type: 'button', class: `btn btn-small ${extra.class ?? ''}`, 'aria-label': `${text}: ${label}`, dataset: { key: `${key}:${e.id}` }, onclick,
  }, text);
  return h('tr', { dataset: { endpointId: e.id } },
    h('td', { class: 'cell-url' }, urlText(e.url),
      h('span', { class: 'cell-sub mono', title: e.id }, shortId(e.id)),
      h('a', { class: 'cell-link', href: `#deliveries?endpoint=${encodeURIComponent(e.id)}`, 'aria-label': `Deliveries: ${label}`, dataset: { key: `deliveries:${e.id}` } }, 'View deliveries')),
    h('td', {}, e.description ?? h('span', { class: 'none' }, '—')),
    h('td', {}, h('div', { class: 'event-list' }, events)),
    h('td', {}, badge(e.status)),
    h('td', { class: 'num' }, String(e.consecutive_failures ?? 0)),
    h('td', {}, e.disabled_reason
      ? [h('span', { class: 'nowrap' }, DISABLED_REASONS[e.disabled_reason] ?? e.disabled_reason),
        h('span', { class: 'cell-sub' }, timeCell(e.disabled_at))]
      : h('span', { class: 'none' }, '—')),
    h('td', { class: 'cell-time' }, timeCell(e.created_at)),
    h('td', { class: 'cell-time' }, timeCell(e.updated_at)),
    h('td', { class: 'cell-actions' }, h('div', { class: 'action-group' },
      action('Edit', 'edit', () => openForm(e)),
      e.status === 'enabled'
        ? action('Disable', 'toggle', () => setStatus(e, 'disabled'))
        : action('Enable', 'toggle', () => setStatus(e, 'enabled')),
      action('Rotate secret', 'rotate', () => rotate(e)),
      action('Delete', 'delete', () => remove(e), { class: 'btn-quiet-danger' }))));
}

// ---- create and edit -------------------------------------------------------

function openForm(endpoint) {
  editing = endpoint;
  const form = $('#endpoint-form');
  form.reset();
  $('#endpoint-dialog-title').textContent = endpoint ? 'Edit endpoint' : 'Add endpoint';
  $('#ep-submit').textContent = endpoint ? 'Save changes' : 'Create endpoint';
  $('#ep-url-hint').textContent = connection.allowsLocalReceivers
    ? 'Must be https://. Connected to the emulator, so http://127.0.0.1 and http://localhost receivers work too.'
    : 'Must be https:// and reachable from the internet.';
  fieldError($('#ep-url'), $('#ep-url-error'), null);
  fieldError($('#ep-event-grid'), $('#ep-events-error'), null);
  $('#ep-form-error').hidden = true;
  if (endpoint) {
    $('#ep-url').value = endpoint.url;
    $('#ep-description').value = endpoint.description ?? '';
    const all = endpoint.enabled_events.includes('*');
    form.querySelector(`input[name="events-mode"][value="${all ? 'all' : 'some'}"]`).checked = true;
    for (const box of form.querySelectorAll('input[name="event"]')) box.checked = !all && endpoint.enabled_events.includes(box.value);
  }
  syncEventPicker();
  $('#endpoint-dialog').showModal();
  $('#ep-url').focus();
}

function syncEventPicker() {
  const some = $('input[name="events-mode"][value="some"]').checked;
  const grid = $('#ep-event-grid');
  grid.setAttribute('aria-disabled', String(!some));
  for (const box of grid.querySelectorAll('input')) box.disabled = !some;
}

/** Client-side URL check, mirroring the API's rule; null when fine. */
export function urlProblem(value, allowLocal) {
  const text = value.trim();
  if (!text) return 'Enter the URL CallingBox should POST events to.';
  let url;
  try {
    url = new URL(text);
  } catch {
    return 'This is not a complete URL. It should look like https://example.com/webhooks/callingbox.';
  }
  if (url.protocol === 'https:') {
    return url.username || url.password ? 'Leave user names and passwords out of the URL.' : null;
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && local && allowLocal) return null;
  if (url.protocol === 'http:' && local) return 'http:// receivers work only with the local emulator. CallingBox needs https://.';
  return 'The URL must start with https:// (CallingBox only delivers over HTTPS).';
}

async function onSubmit(event) {
  const submitter = event.submitter;
  if (submitter?.value !== 'save') return;
  event.preventDefault();
  const form = event.currentTarget;
  const url = $('#ep-url');
  const problem = urlProblem(url.value, connection.allowsLocalReceivers);
  fieldError(url, $('#ep-url-error'), problem);
  const some = $('input[name="events-mode"][value="some"]').checked;
  const chosen = [...form.querySelectorAll('input[name="event"]:checked')].map((box) => box.value);
  const eventsProblem = some && chosen.length === 0 ? 'Pick at least one event type, or choose all events.' : null;
  fieldError($('#ep-event-grid'), $('#ep-events-error'), eventsProblem);
  if (problem) return url.focus();
  if (eventsProblem) return form.querySelector('input[name="event"]').focus();

  const description = $('#ep-description').value.trim();
  const params = {
    url: url.value.trim(),
    description: description || null,
    enabled_events: some ? EVENT_TYPES.filter((t) => chosen.includes(t)) : ['*'],
  };
  const button = $('#ep-submit');
  button.disabled = true;
  $('#ep-form-error').hidden = true;
  try {
    if (editing) {
      const changes = changedFields(editing, params);
      if (Object.keys(changes).length > 0) await connection.client.webhookEndpoints.update(editing.id, changes);
      $('#endpoint-dialog').close();
      notify({ title: Object.keys(changes).length ? `Saved ${params.description ?? params.url}.` : 'Nothing changed.' });
      await loadEndpoints();
    } else {
      const created = await connection.client.webhookEndpoints.create(params);
      $('#endpoint-dialog').close();
      const loaded = loadEndpoints();
      await secretDialog({
        title: 'Endpoint created: its signing secret',
        context: `Use this secret to verify the events CallingBox sends to ${created.url}.`,
        secret: created.signing_secret,
      });
      await loaded;
      document.querySelector(`[data-key="${CSS.escape(`edit:${created.id}`)}"]`)?.focus();
    }
  } catch (error) {
    const text = describeError(error, editing ? 'save the endpoint' : 'create the endpoint', connection);
    const box = $('#ep-form-error');
    box.replaceChildren(h('strong', {}, text.title), ' ', text.detail ?? '',
      text.requestId ? h('span', { class: 'cell-sub' }, 'Request id: ', h('code', { class: 'request-id' }, text.requestId)) : null);
    box.hidden = false;
    if (error?.param === 'url' || /\burl\b/.test(error?.message ?? '')) url.setAttribute('aria-invalid', 'true');
  } finally {
    button.disabled = false;
  }
  return undefined;
}

function changedFields(before, after) {
  const changes = {};
  if (after.url !== before.url) changes.url = after.url;
  if ((after.description ?? null) !== (before.description ?? null)) changes.description = after.description;
  if (JSON.stringify(after.enabled_events) !== JSON.stringify(before.enabled_events)) changes.enabled_events = after.enabled_events;
  return changes;
}

// ---- row actions -------------------------------------------------------------

async function setStatus(e, status) {
  try {
    await connection.client.webhookEndpoints.update(e.id, { status });
    notify({ title: `${status === 'enabled' ? 'Enabled' : 'Disabled'} ${endpointLabel(e)}.` });
    await loadEndpoints();
  } catch (error) {
    report(error, status === 'enabled' ? 'enable the endpoint' : 'disable the endpoint', `status:${e.id}`);
  }
}

async function rotate(e) {
  const ok = await confirmDialog({
    title: 'Rotate the signing secret?',
    text: `${endpointLabel(e)} gets a new secret. The current one stops verifying at once: every delivery from now on is signed with the new secret, so update your server right after.`,
    confirm: 'Rotate secret',
  });
  if (!ok) return;
  try {
    const rotated = await connection.client.webhookEndpoints.rotateSecret(e.id);
    const loaded = loadEndpoints();
    await secretDialog({
      title: 'New signing secret',
      context: `The secret of ${endpointLabel(e)} was rotated. The old secret no longer verifies.`,
      secret: rotated.signing_secret,
    });
    await loaded;
  } catch (error) {
    report(error, 'rotate the secret', `rotate:${e.id}`);
  }
}

async function remove(e) {
  const ok = await confirmDialog({
    title: 'Delete this endpoint?',
    text: `${endpointLabel(e)} (${e.url}) stops receiving events and cannot be restored. Its past deliveries stay in the list.`,
    confirm: 'Delete endpoint',
  });
  if (!ok) return;
  try {
    await connection.client.webhookEndpoints.delete(e.id);
    notify({ title: `Deleted ${endpointLabel(e)}.` });
    await loadEndpoints();
    $('#endpoint-add').focus();
  } catch (error) {
    report(error, 'delete the endpoint', `delete:${e.id}`);
  }
}
