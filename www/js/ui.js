// Small DOM helpers shared by the views: element builder, time formatting,
// badges, notices (errors in plain words, with the request id) and dialogs.

/** h('td', { class: 'x', onclick }, child, 'text', [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

const dateFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const todayFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** Today: 20:31:59. Other days: Nov 26, 20:31 (the full timestamp is in the title). */
export function shortTime(date, now = new Date()) {
  return date.toDateString() === now.toDateString() ? todayFormat.format(date) : dateFormat.format(date);
}

/** A <time> with a short local date, the full timestamp in its title. */
export function timeCell(iso, { relative = false } = {}) {
  if (!iso) return h('span', { class: 'none', 'aria-label': 'none' }, '—');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', {}, iso);
  const text = relative ? relativeTime(date, { future: relative === 'future' }) : shortTime(date);
  return h('time', { datetime: iso, title: date.toString() }, text);
}

export function relativeTime(date, { now = Date.now(), future = false } = {}) {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  const unit = abs < 60 ? [seconds, 'second'] : abs < 3600 ? [Math.round(seconds / 60), 'minute']
    : abs < 86400 ? [Math.round(seconds / 3600), 'hour'] : [Math.round(seconds / 86400), 'day'];
  if (abs < 2) return 'now';
  if (seconds < 0 && future) return 'due now';
  return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(unit[0], unit[1]);
}

export function badge(status) {
  const labels = {
    enabled: 'Enabled', disabled: 'Disabled', pending: 'Pending', delivered: 'Delivered', exhausted: 'Exhausted',
  };
  return h('span', { class: `badge badge-${status}` }, labels[status] ?? status);
}

export const shortId = (id) => (id ? `${id.slice(0, 8)}…` : '');

/** A URL with line-break opportunities after its slashes, so it wraps at natural places. */
export function urlText(url) {
  const text = String(url);
  const scheme = text.indexOf('://');
  const head = scheme === -1 ? '' : text.slice(0, scheme + 3);
  const parts = text.slice(head.length).split(/(?<=\/)/);
  parts[0] = head + parts[0];
  return parts.flatMap((part, i) => (i < parts.length - 1 ? [part, document.createElement('wbr')] : [part]));
}

/** Re-renders a container, keeping keyboard focus on the element with the same data-key. */
export function keepFocus(container, render) {
  const active = document.activeElement;
  const key = container.contains(active) ? active?.dataset?.key : undefined;
  render();
  if (key) {
    const again = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again) again.focus();
  }
}

/** A full-width message row for loading, empty and error states. */
export function stateRow(colspan, ...content) {
  return h('tr', {}, h('td', { class: 'state-row', colspan }, ...content));
}

// ---- notices -------------------------------------------------------------

/**
 * Shows a notice at the top of the page. `kind`: error | success.
 * Errors stay until dismissed; successes fade after a few seconds.
 */
export function notify({ kind = 'success', title, detail, requestId, key }) {
  // Errors stay at the top of the page; confirmations are toasts that do not move the content.
  const region = document.getElementById(kind === 'error' ? 'notices' : 'toasts');
  if (key) region.querySelector(`[data-notice="${CSS.escape(key)}"]`)?.remove();
  const close = h('button', { type: 'button', class: 'btn btn-small btn-close', 'aria-label': 'Dismiss' }, 'Dismiss');
  const notice = h('div', {
    class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status', dataset: key ? { notice: key } : {},
  },
  h('div', { class: 'notice-body' },
    h('p', { class: 'notice-title' }, title),
    detail && h('p', { class: 'notice-detail' }, detail),
    requestId && h('p', { class: 'notice-meta' }, 'Request id: ', h('code', { class: 'request-id' }, requestId),
      ' (quote it when you contact CallingBox support)')),
  close);
  close.addEventListener('click', () => notice.remove());
  region.prepend(notice);
  while (region.children.length > (kind === 'error' ? 3 : 2)) region.lastElementChild.remove();
  if (kind !== 'error') setTimeout(() => notice.remove(), 4000);
  return notice;
}

export function clearNotice(key) {
  document.querySelector(`#notices [data-notice="${CSS.escape(key)}"]`)?.remove();
}

// ---- errors in plain words -------------------------------------------------

/**
 * Turns anything the client throws into { title, detail, requestId }.
 * Matches on `name` and fields rather than classes, so it also explains
 * errors thrown before the package loaded.
 * @param {unknown} error
 * @param {string} action what was being done, e.g. "create the endpoint"
 * @param {{ via: string }} connection where requests go, for the wording
 */
export function describeError(error, action, connection) {
  const err = /** @type {any} */ (error) ?? {};
  const message = typeof err.status === 'number' ? apiMessage(err) : (typeof err.message === 'string' ? err.message : String(error));
  const requestId = err.requestId ?? null;
  const where = connection?.via ?? 'the API';
  const title = (text) => `Could not ${action}: ${text}`;

  if (err.name === 'ValidationError') {
    return { title: title(err.param ? `check ${err.param}` : 'check the input'), detail: message, requestId };
  }
  if (typeof err.status === 'number') {
    const s = err.status;
    if (s === 400) return { title: title('CallingBox rejected the request.'), detail: message, requestId };
    if (s === 401) {
      return {
        title: title('the API key was refused (401).'),
        detail: connection?.mode === 'proxy'
          ? `The key the proxy adds is missing, mistyped or revoked: check CALLINGBOX_API_KEY where the proxy runs. (${message})`
          : `Check the key you entered. (${message})`,
        requestId,
      };
    }
    if (s === 403) return { title: title('this key is not allowed to do that (403).'), detail: message, requestId };
    if (s === 404) return { title: title('it no longer exists (404).'), detail: `It may have been deleted elsewhere; the list is refreshed. (${message})`, requestId };
    if (s === 413) return { title: title('the request is too large.'), detail: message, requestId };
    if (s === 429) {
      const wait = err.retryAfterMs ? ` Try again in ${Math.ceil(err.retryAfterMs / 1000)} s.` : ' Wait a moment and try again.';
      return { title: title('too many requests (429).'), detail: `CallingBox is rate-limiting this key.${wait}`, requestId };
    }
    if (s === 502 && !requestId) {
      return { title: title(`the proxy could not reach CallingBox (502).`), detail: message, requestId };
    }
    if (s >= 500) {
      return { title: title(`CallingBox had a problem (${s}).`), detail: `${message} Nothing was changed unless the list says otherwise; try again.`, requestId };
    }
    return { title: title(`the API answered ${s}.`), detail: message, requestId };
  }
  if (err.name === 'ConnectionError' || err.name === 'TypeError') {
    const unknown = err.outcomeUnknown
      ? ' The request was sent but no answer came back: refresh to see whether it took effect before retrying.'
      : '';
    return {
      title: title(`${where} did not answer.`),
      detail: `Is the proxy running (make demo)?${unknown} (${message})`,
      requestId,
    };
  }
  if (err.name === 'TimeoutError') {
    return { title: title('the request timed out.'), detail: `${where} took too long to answer. (${message})`, requestId };
  }
  return { title: title('something unexpected went wrong.'), detail: message, requestId };
}

/**
 * The API's own words from an ApiError. The package's message reads
 * "webhookEndpoints.list failed: HTTP 401 Unauthorized: <the API's message> (request req_…)";
 * the status and request id are shown separately, so only the middle is kept.
 */
export function apiMessage(err) {
  const full = String(err.message ?? '');
  const stripped = full
    .replace(/^[\w.]+(?:\([^)]*\))? failed: HTTP \d{3}[^:]*: /, '')
    .replace(/\s*\(request [^)]*\)\.?$/, '');
  return stripped || full;
}

// ---- dialogs ---------------------------------------------------------------

/** A confirmation dialog; resolves true when confirmed. */
export function confirmDialog({ title, text, confirm = 'Confirm', danger = true }) {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  const ok = document.getElementById('confirm-ok');
  ok.textContent = confirm;
  ok.className = `btn ${danger ? 'btn-danger' : 'btn-primary'}`;
  dialog.returnValue = '';
  const opener = document.activeElement;
  dialog.showModal();
  document.getElementById('confirm-cancel').focus(); // the safe choice has focus
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (opener?.isConnected) opener.focus();
      resolve(dialog.returnValue === 'ok');
    }, { once: true });
  });
}

/** Shows a signing secret once; the value is wiped from the DOM on close. */
export function secretDialog({ title, context, secret }) {
  const dialog = document.getElementById('secret-dialog');
  const input = document.getElementById('secret-value');
  const status = document.getElementById('secret-copy-status');
  document.getElementById('secret-dialog-title').textContent = title;
  document.getElementById('secret-dialog-context').textContent = context;
  input.value = secret;
  status.textContent = '';
  const opener = document.activeElement;
  dialog.showModal();
  input.focus();
  input.select();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      input.value = '';
      status.textContent = '';
      if (opener?.isConnected) opener.focus();
      resolve();
    }, { once: true });
  });
}

export function setupSecretCopy() {
  const input = document.getElementById('secret-value');
  const status = document.getElementById('secret-copy-status');
  document.getElementById('secret-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = 'Copied to the clipboard.';
    } catch {
      input.focus();
      input.select();
      status.textContent = 'Copying is blocked here: the secret is selected, press Ctrl+C (⌘C).';
    }
  });
  // Close buttons inside dialogs that are not submit buttons.
  for (const button of document.querySelectorAll('dialog [data-close]')) {
    button.addEventListener('click', () => button.closest('dialog').close());
  }
}

/** Marks a field invalid (or valid with message = null), wiring aria-invalid and the error text. */
export function fieldError(input, errorEl, message) {
  if (message) {
    input.setAttribute('aria-invalid', 'true');
    errorEl.textContent = message;
    errorEl.hidden = false;
  } else {
    input.removeAttribute('aria-invalid');
    errorEl.textContent = '';
    errorEl.hidden = true;
  }
}
