// CallingBox webhooks dashboard: boot, routing between the four screens, and
// the connection settings. Plain ES modules, no build step: the package's
// browser entry is served beside this page at ./pkg/.
import {
  applyConnection, connection, defaultProxyUrl, initConnection, loadInfo, onConnectionChange,
} from './js/connection.js';
import {
  loadEndpoints, resetEndpoints, setupEndpoints,
} from './js/endpoints.js';
import {
  hideDeliveries, resetDeliveries, setupDeliveries, showDeliveries,
} from './js/deliveries.js';
import { setupPlayground } from './js/playground.js';
import {
  $, $$, describeError, fieldError, notify, setupSecretCopy,
} from './js/ui.js';

const VIEWS = ['endpoints', 'deliveries', 'playground', 'connection'];

async function boot() {
  let pkg;
  try {
    pkg = await import('./pkg/browser.js');
  } catch (error) {
    $('#boot').replaceChildren();
    notify({
      kind: 'error',
      title: 'The CallingBox package could not be loaded.',
      detail: `Build it with "make build" (it serves from ./pkg/). ${error?.message ?? error}`,
    });
    return;
  }
  $('#boot').remove();
  try {
    initConnection(pkg);
  } catch (error) {
    notify({ kind: 'error', ...describeError(error, 'set up the client', connection) });
  }
  await loadInfo();
  setupSecretCopy();
  setupEndpoints();
  setupDeliveries();
  setupPlayground(pkg);
  setupConnectionForm();
  onConnectionChange(() => {
    resetEndpoints();
    resetDeliveries();
    renderConnection();
    route();
  });
  renderConnection();
  window.addEventListener('hashchange', () => route({ focus: true }));
  route();
  document.documentElement.dataset.ready = 'true';
}

/** #endpoints, #deliveries?endpoint=<id>, #playground, #connection */
function route({ focus = false } = {}) {
  const [name, query = ''] = window.location.hash.slice(1).split('?');
  const view = VIEWS.includes(name) ? name : 'endpoints';
  for (const section of $$('.view')) section.hidden = section.dataset.view !== view;
  for (const link of $$('[data-nav]')) {
    if (link.dataset.nav === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${$(`#view-${view} h1`).textContent} · CallingBox webhooks`;
  if (view !== 'deliveries') hideDeliveries();
  if (view === 'endpoints') loadEndpoints();
  if (view === 'deliveries') {
    const endpoint = new URLSearchParams(query).get('endpoint');
    showDeliveries({ endpointId: endpoint ?? undefined });
  }
  if (focus) {
    const heading = $(`#view-${view} h1`);
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}

// ---- connection --------------------------------------------------------------

function renderConnection() {
  const direct = connection.mode === 'direct';
  $('#direct-warning').hidden = !direct;
  const pill = $('#conn-pill');
  let text;
  if (direct) text = `Direct · key in this tab · ${hostOf(connection.directUrl)}`;
  else if (connection.info?.mode === 'emulator') text = 'Proxy · local emulator';
  else text = `Proxy · ${hostOf(connection.proxyUrl)}`;
  pill.dataset.kind = direct ? 'danger' : 'ok';
  $('#conn-pill-text').textContent = text;
  $('#footer-mode').textContent = direct
    ? 'Direct mode: requests carry the key you entered.'
    : 'Requests go through your backend proxy; this page holds no API key.';
  const info = $('#conn-proxy-info');
  if (!direct && connection.info) {
    const i = connection.info;
    info.textContent = `This proxy forwards to ${i.upstream}${i.mode === 'emulator' ? ' (the local emulator)' : ''}; `
      + `API key configured on the server: ${i.key_configured ? 'yes' : 'no'}.`;
  } else {
    info.textContent = '';
  }
}

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function setupConnectionForm() {
  const form = $('#conn-form');
  $('#conn-proxy-url').value = connection.proxyUrl;
  const sync = () => {
    const direct = form.elements.mode.value === 'direct';
    $('#conn-direct-fields').hidden = !direct;
    $('#conn-proxy-fields').hidden = direct;
  };
  for (const radio of form.elements.mode) radio.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const mode = form.elements.mode.value;
    const status = $('#conn-status');
    const proxyUrl = $('#conn-proxy-url').value.trim() || defaultProxyUrl();
    const directUrl = $('#conn-direct-url').value.trim();
    const apiKey = $('#conn-key').value.trim();
    const ack = $('#conn-ack').checked;
    fieldError($('#conn-proxy-url'), $('#conn-proxy-error'), null);
    fieldError($('#conn-direct-url'), $('#conn-direct-url-error'), null);
    fieldError($('#conn-key'), $('#conn-key-error'), null);
    fieldError($('#conn-ack'), $('#conn-ack-error'), null);
    if (mode === 'direct') {
      if (!apiKey) return invalid($('#conn-key'), $('#conn-key-error'), 'Enter an API key (sk_…).');
      if (!ack) return invalid($('#conn-ack'), $('#conn-ack-error'), 'Tick the box to confirm you accept the risk.');
    }
    status.textContent = 'Connecting…';
    try {
      await applyConnection({ mode, proxyUrl, directUrl, apiKey });
      if (mode === 'proxy') $('#conn-key').value = '';
      await connection.client.webhookEndpoints.list();
      status.textContent = `Connected through ${connection.via}.`;
    } catch (error) {
      const text = describeError(error, 'connect', connection);
      status.textContent = `${text.title} ${text.detail ?? ''}${text.requestId ? ` (request id ${text.requestId})` : ''}`;
      if (error?.param === 'baseUrl') {
        if (mode === 'proxy') fieldError($('#conn-proxy-url'), $('#conn-proxy-error'), error.message);
        else fieldError($('#conn-direct-url'), $('#conn-direct-url-error'), error.message);
      } else if (error?.param === 'apiKey') {
        fieldError($('#conn-key'), $('#conn-key-error'), error.message);
      }
    }
    return undefined;
  });
}

function invalid(input, errorEl, message) {
  fieldError(input, errorEl, message);
  input.focus();
}

boot();
