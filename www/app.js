// The dashboard page: a thin shell around <callingbox-webhooks-portal>.
// It points the element at this server's proxy (which adds the sk_ key),
// turns on the emulator extras when the proxy says it forwards to the
// emulator, and offers a Connection dialog: another proxy, or (with a loud
// warning) a key typed into this tab, kept in memory only.
import './pkg/portal/index.js';
// The portal's own field-error helper: the dialog's fields behave like the portal's.
import { fieldError } from './pkg/portal/ui.js';

const PROXY_PATH = '/api/callingbox';
const STORAGE_KEY = 'callingbox-dashboard.proxyUrl';
const $ = (selector) => document.querySelector(selector);
const portal = /** @type {any} */ ($('#portal'));

const connection = {
  mode: 'proxy',
  proxyUrl: new URL(PROXY_PATH, window.location.origin).href,
  info: null,
};

/** What this page's own proxy says about itself (never the key). */
async function loadInfo() {
  connection.info = null;
  if (connection.proxyUrl !== new URL(PROXY_PATH, window.location.origin).href) return;
  try {
    const response = await fetch('/api/info', { headers: { accept: 'application/json' } });
    if (response.ok) connection.info = await response.json();
  } catch {
    // Not the demo proxy: no emulator extras.
  }
}

function applyProxy() {
  const info = connection.info;
  portal.client = null;
  portal.setAttribute('api-base', connection.proxyUrl);
  if (info?.emulator_control) portal.setAttribute('emulator-base', '/api/emulator');
  else portal.removeAttribute('emulator-base');
  portal.setAttribute('connection-label', info?.mode === 'emulator' ? 'Proxy · local emulator' : 'Connected through your proxy');
  showMode();
}

function showMode() {
  const direct = connection.mode === 'direct';
  $('#direct-warning').hidden = !direct;
  $('#conn-open').dataset.mode = connection.mode;
  $('#conn-mode').textContent = direct ? 'direct' : 'proxy';
  $('#footer-mode').textContent = direct
    ? 'Direct mode: requests carry the key you entered.'
    : 'Requests go through your backend proxy; this page holds no API key.';
  const info = connection.info;
  $('#conn-proxy-info').textContent = info && !direct
    ? `This proxy forwards to ${info.upstream}${info.mode === 'emulator' ? ' (the local emulator)' : ''}; API key configured on the server: ${info.key_configured ? 'yes' : 'no'}.`
    : '';
}

function setupConnectionDialog() {
  const dialog = $('#conn-dialog');
  const form = $('#conn-form');
  const status = $('#conn-status');
  const sync = () => {
    const direct = form.elements.mode.value === 'direct';
    $('#conn-direct-fields').hidden = !direct;
    $('#conn-proxy-fields').hidden = direct;
  };
  $('#conn-open').addEventListener('click', () => {
    $('#conn-proxy-url').value = connection.proxyUrl;
    form.elements.mode.value = connection.mode;
    status.textContent = '';
    sync();
    dialog.showModal();
  });
  $('#conn-cancel').addEventListener('click', () => dialog.close());
  for (const radio of form.elements.mode) radio.addEventListener('change', sync);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const mode = form.elements.mode.value;
    const fields = {
      proxy: [$('#conn-proxy-url'), $('#conn-proxy-error')],
      directUrl: [$('#conn-direct-url'), $('#conn-direct-url-error')],
      key: [$('#conn-key'), $('#conn-key-error')],
      ack: [$('#conn-ack'), $('#conn-ack-error')],
    };
    for (const [input, error] of Object.values(fields)) fieldError(input, error, null);
    const fail = ([input, error], message) => {
      fieldError(input, error, message);
      input.focus();
    };
    if (mode === 'proxy') {
      let proxyUrl;
      try {
        proxyUrl = new URL($('#conn-proxy-url').value.trim() || PROXY_PATH, window.location.origin).href.replace(/\/+$/, '');
      } catch {
        return fail(fields.proxy, 'Enter the proxy’s base URL, for example /api/callingbox.');
      }
      connection.mode = 'proxy';
      connection.proxyUrl = proxyUrl;
      if (proxyUrl === new URL(PROXY_PATH, window.location.origin).href) window.localStorage.removeItem(STORAGE_KEY);
      else window.localStorage.setItem(STORAGE_KEY, proxyUrl);
      $('#conn-key').value = '';
      await loadInfo();
      applyProxy();
      dialog.close();
      return undefined;
    }
    const apiKey = $('#conn-key').value.trim();
    const directUrl = $('#conn-direct-url').value.trim();
    if (!apiKey) return fail(fields.key, 'Enter an API key (sk_…).');
    if (!$('#conn-ack').checked) return fail(fields.ack, 'Tick the box to confirm you accept the risk.');
    status.textContent = 'Checking the key…';
    // Nothing changes until the key has worked once: a refused key leaves
    // the page in proxy mode, with no banner.
    try {
      const pkg = await import('./pkg/browser.js');
      const client = new pkg.CallingBox({ baseUrl: directUrl, apiKey, dangerouslyAllowBrowser: true, maxRetries: 1, timeoutMs: 20_000 });
      await client.webhookEndpoints.list();
      connection.mode = 'direct';
      portal.removeAttribute('emulator-base');
      portal.setAttribute('api-base', directUrl);
      portal.setAttribute('connection-label', `Direct · ${new URL(directUrl).host}`);
      portal.client = client;
      status.textContent = `Connected to the API at ${directUrl}.`;
      showMode();
      dialog.close();
    } catch (error) {
      status.textContent = '';
      const err = /** @type {any} */ (error);
      if (err?.param === 'baseUrl') return fail(fields.directUrl, err.message);
      if (err?.param === 'apiKey' || err?.status === 401) {
        return fail(fields.key, err?.status === 401 ? 'The API refused this key (401): nothing was changed.' : err.message);
      }
      status.textContent = `Could not connect: ${err?.status ? `the API answered ${err.status}` : 'no answer from the API'}. Nothing was changed.`;
    }
    return undefined;
  });
}

portal.addEventListener('portal-navigate', (event) => {
  document.title = `${event.detail.title} · CallingBox webhooks`;
});

const saved = window.localStorage.getItem(STORAGE_KEY);
if (saved) connection.proxyUrl = saved;
setupConnectionDialog();
await loadInfo();
applyProxy();
const ready = () => { document.documentElement.dataset.ready = 'true'; };
if (portal.dataset.ready) ready();
else portal.addEventListener('portal-ready', ready, { once: true });
