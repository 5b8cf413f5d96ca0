// Endpoints: the shared store, the create/edit dialog, and the row actions
// (enable/disable, rotate the secret, delete) used by the list and the
// endpoint page alike.
import { h } from './dom.js';
import { EVENT_TYPES } from './template.js';
import { fieldError } from './ui.js';

/** The list calls answer `{data: [...]}` (older servers: a bare array). */
export function listOf(result) {
  if (Array.isArray(result)) return result;
  if (Array.isArray(result?.data)) return result.data;
  return [];
}

export const endpointLabel = (e) => e.description || e.url;

export const DISABLED_REASONS = {
  too_many_failures: 'Disabled after too many failed deliveries',
  manually_disabled: 'Disabled by hand',
};

/**
 * The endpoints, loaded once and shared by every screen (labels, filters).
 * `load()` coalesces concurrent calls.
 */
export function createEndpointStore(ctx) {
  let loading = null;
  const store = {
    list: [],
    byId: new Map(),
    loaded: false,
    listeners: new Set(),
    set(list) {
      store.list = list;
      store.byId = new Map(list.map((e) => [e.id, e]));
      store.loaded = true;
      for (const listener of store.listeners) listener();
    },
    reset() {
      store.list = [];
      store.byId = new Map();
      store.loaded = false;
    },
    /** Resolves true when loaded; failures are reported by ctx.api. */
    load({ notice = true } = {}) {
      loading ??= ctx.api('load the endpoints', (client) => client.webhookEndpoints.list(), { key: 'endpoints-load', notice })
        .then((result) => {
          store.set(listOf(result));
          return true;
        }, () => false)
        .finally(() => { loading = null; });
      return loading;
    },
    label(id) {
      const e = store.byId.get(id);
      return e ? endpointLabel(e) : null;
    },
  };
  return store;
}

// ---- create and edit ---------------------------------------------------------

let editing = null; // the endpoint being edited, or null when creating
let onSaved = null;

/** Wires the dialog once per portal. */
export function setupEndpointForm(ctx) {
  const { $ } = ctx;
  const grid = $('#ep-event-grid');
  for (const type of EVENT_TYPES) {
    grid.append(h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'event', value: type }), type));
  }
  for (const radio of ctx.root.querySelectorAll('input[name="events-mode"]')) {
    radio.addEventListener('change', () => syncEventPicker(ctx));
  }
  $('#endpoint-form').addEventListener('submit', (event) => onSubmit(ctx, event));
  $('#ep-url').addEventListener('input', () => fieldError($('#ep-url'), $('#ep-url-error'), null));
  grid.addEventListener('change', () => fieldError(grid, $('#ep-events-error'), null));
}

/**
 * Opens the dialog to create (endpoint = null) or edit an endpoint;
 * `saved(endpoint)` runs after a successful save.
 */
export function openEndpointForm(ctx, endpoint, saved) {
  const { $ } = ctx;
  editing = endpoint;
  onSaved = saved ?? null;
  const form = $('#endpoint-form');
  form.reset();
  $('#endpoint-dialog-title').textContent = endpoint ? 'Edit endpoint' : 'Add endpoint';
  $('#ep-submit').textContent = endpoint ? 'Save changes' : 'Create endpoint';
  $('#ep-url-hint').textContent = ctx.emulatorBase
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
  syncEventPicker(ctx);
  $('#endpoint-dialog').showModal();
  $('#ep-url').focus();
}

function syncEventPicker(ctx) {
  const some = ctx.$('input[name="events-mode"][value="some"]').checked;
  const grid = ctx.$('#ep-event-grid');
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
  if (url.protocol === 'https:') return url.username || url.password ? 'Leave user names and passwords out of the URL.' : null;
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && local && allowLocal) return null;
  if (url.protocol === 'http:' && local) return 'http:// receivers work only with the local emulator. CallingBox needs https://.';
  return 'The URL must start with https:// (CallingBox only delivers over HTTPS).';
}

/**
 * Whether an error is about the url field: the package's own check names
 * the parameter, and the API's 400 names the field first ("url must be …").
 * Nothing else marks the field, however its text reads (a 503 that advises
 * to "look for the url" says nothing about the url being wrong).
 */
export function isUrlError(error) {
  if (error?.param === 'url') return true;
  return error?.status === 400 && /^url\b/i.test(error.described?.detail ?? '');
}

async function onSubmit(ctx, event) {
  const { $ } = ctx;
  if (event.submitter?.value !== 'save') return;
  event.preventDefault();
  const form = event.currentTarget;
  const url = $('#ep-url');
  const problem = urlProblem(url.value, Boolean(ctx.emulatorBase));
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
  const errorBox = $('#ep-form-error');
  button.disabled = true;
  errorBox.hidden = true;
  const target = editing;
  try {
    if (target) {
      const changes = changedFields(target, params);
      const saved = Object.keys(changes).length
        ? await ctx.api('save the endpoint', (c) => c.webhookEndpoints.update(target.id, changes), { notice: false })
        : target;
      $('#endpoint-dialog').close();
      ctx.notify({ title: Object.keys(changes).length ? `Saved ${endpointLabel(saved)}.` : 'Nothing changed.' });
      await ctx.endpoints.load();
      onSaved?.(saved);
    } else {
      const created = await ctx.api('create the endpoint', (c) => c.webhookEndpoints.create(params), { notice: false });
      $('#endpoint-dialog').close();
      const loaded = ctx.endpoints.load();
      await ctx.showSecret({
        title: 'Endpoint created: its signing secret',
        context: `Use this secret to verify the events CallingBox sends to ${created.url}.`,
        secret: created.signing_secret,
      });
      await loaded;
      onSaved?.(created);
    }
  } catch (error) {
    const text = error.described ?? { title: 'Could not save the endpoint.', detail: String(error?.message ?? error) };
    let detail = text.detail ?? '';
    if (!target && error?.outcomeUnknown) detail = await checkUnknownCreate(ctx, params.url);
    errorBox.replaceChildren(h('strong', {}, text.title), ' ', detail,
      text.requestId ? h('span', { class: 'cell-sub' }, 'Request id ', h('code', { class: 'request-id' }, text.requestId)) : null);
    errorBox.hidden = false;
    if (isUrlError(error)) fieldError(url, $('#ep-url-error'), text.detail ?? 'CallingBox refused this URL.');
  } finally {
    button.disabled = false;
  }
  return undefined;
}

/**
 * A create that failed with an unknown outcome (a 5xx, a lost answer): look
 * at the list and say plainly whether the endpoint exists now.
 */
async function checkUnknownCreate(ctx, url) {
  const loaded = await ctx.endpoints.load({ notice: false });
  if (!loaded) return 'It may or may not have been created, and the list could not be checked: refresh the endpoints before trying again.';
  const found = ctx.endpoints.list.find((e) => e.url === url);
  if (found) {
    return `It was created after all (it is in the list now), but its signing secret was lost with the answer: rotate the secret of ${endpointLabel(found)} to get one.`;
  }
  return 'It was not created (the list has no endpoint with this URL): you can try again.';
}

function changedFields(before, after) {
  const changes = {};
  if (after.url !== before.url) changes.url = after.url;
  if ((after.description ?? null) !== (before.description ?? null)) changes.description = after.description;
  if (JSON.stringify(after.enabled_events) !== JSON.stringify(before.enabled_events)) changes.enabled_events = after.enabled_events;
  return changes;
}

// ---- actions -----------------------------------------------------------------

/** Enables or disables; resolves the updated endpoint or null. */
export async function setEndpointStatus(ctx, e, status) {
  try {
    const updated = await ctx.api(status === 'enabled' ? 'enable the endpoint' : 'disable the endpoint',
      (c) => c.webhookEndpoints.update(e.id, { status }), { key: `status:${e.id}` });
    ctx.notify({ title: `${status === 'enabled' ? 'Enabled' : 'Disabled'} ${endpointLabel(e)}.` });
    await ctx.endpoints.load();
    return updated;
  } catch (error) {
    if (error?.status === 404) await ctx.endpoints.load({ notice: false });
    return null;
  }
}

/** Asks, rotates, and shows the new secret once. */
export async function rotateEndpointSecret(ctx, e) {
  const ok = await ctx.confirm({
    title: 'Rotate the signing secret?',
    text: `${endpointLabel(e)} gets a new secret. The current one stops verifying at once: every delivery from now on is signed with the new secret, so update your server right after.`,
    confirm: 'Rotate secret',
  });
  if (!ok) return;
  try {
    const rotated = await ctx.api('rotate the secret', (c) => c.webhookEndpoints.rotateSecret(e.id), { key: `rotate:${e.id}` });
    await ctx.showSecret({
      title: 'New signing secret',
      context: `The secret of ${endpointLabel(e)} was rotated. The old secret no longer verifies.`,
      secret: rotated.signing_secret,
    });
  } catch (error) {
    if (error?.status === 404) await ctx.endpoints.load({ notice: false });
  }
}

/** Asks, deletes; resolves true when deleted. */
export async function deleteEndpoint(ctx, e) {
  const ok = await ctx.confirm({
    title: 'Delete this endpoint?',
    text: `${endpointLabel(e)} (${e.url}) stops receiving events and cannot be restored. Its past deliveries stay in the list.`,
    confirm: 'Delete endpoint',
  });
  if (!ok) return false;
  try {
    await ctx.api('delete the endpoint', (c) => c.webhookEndpoints.delete(e.id), { key: `delete:${e.id}` });
    ctx.notify({ title: `Deleted ${endpointLabel(e)}.` });
    await ctx.endpoints.load();
    return true;
  } catch (error) {
    if (error?.status === 404) await ctx.endpoints.load({ notice: false });
    return false;
  }
}
