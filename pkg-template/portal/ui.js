// Notices, dialogs and form errors inside the portal's shadow root.
import { h } from './dom.js';

/**
 * Shows a notice. Errors stay at the top of the view until dismissed or
 * until the same `key` is reported again, which replaces the old notice
 * and counts the repeats (a down API polled every few seconds gives one
 * notice, not a stack). Successes are toasts that fade after 4 s.
 * @param {ShadowRoot} root
 * @param {{ kind?: 'error'|'success', title: string, detail?: string, requestId?: string|null, key?: string }} notice
 */
export function notify(root, { kind = 'success', title, detail, requestId, key }) {
  const region = root.getElementById(kind === 'error' ? 'notices' : 'toasts');
  const previous = key ? region.querySelector(`[data-notice="${CSS.escape(key)}"]`) : null;
  const repeats = previous ? Number(previous.dataset.repeats ?? 1) + 1 : 1;
  const close = h('button', { type: 'button', class: 'btn btn-small', part: 'button', 'aria-label': 'Dismiss this message' }, 'Dismiss');
  const notice = h('div', {
    class: `notice notice-${kind}`, part: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status',
    dataset: key ? { notice: key, repeats: String(repeats) } : {},
  },
  h('div', { class: 'notice-body' },
    h('p', { class: 'notice-title' }, title),
    detail && h('p', { class: 'notice-detail' }, detail),
    (requestId || repeats > 1) && h('p', { class: 'notice-meta' },
      requestId && ['Request id ', h('code', { class: 'request-id' }, requestId), ' (quote it to CallingBox support)'],
      repeats > 1 && `${requestId ? ' · ' : ''}happened ${repeats} times in a row`)),
  close);
  close.addEventListener('click', () => notice.remove());
  if (previous) previous.replaceWith(notice);
  else region.prepend(notice);
  while (region.children.length > (kind === 'error' ? 3 : 2)) region.lastElementChild.remove();
  if (kind !== 'error') setTimeout(() => notice.remove(), 4000);
  return notice;
}

/** Removes the error notice with this key, if any. */
export function clearNotice(root, key) {
  root.getElementById('notices').querySelector(`[data-notice="${CSS.escape(key)}"]`)?.remove();
}

/** Marks a field invalid (or valid with message = null), wiring aria-invalid and its error text. */
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

/**
 * A confirmation dialog; resolves true when confirmed. The safe choice
 * (Cancel) has the focus.
 * @param {ShadowRoot} root
 * @param {{ title: string, text: string|Node, confirm?: string, danger?: boolean }} options
 */
export function confirmDialog(root, { title, text, confirm = 'Confirm', danger = true }) {
  const dialog = root.getElementById('confirm-dialog');
  root.getElementById('confirm-title').textContent = title;
  root.getElementById('confirm-text').replaceChildren(text);
  const ok = root.getElementById('confirm-ok');
  ok.textContent = confirm;
  ok.className = `btn ${danger ? 'btn-danger' : 'btn-primary'}`;
  ok.setAttribute('part', danger ? 'button button-danger' : 'button button-primary');
  dialog.returnValue = '';
  const opener = root.activeElement;
  dialog.showModal();
  root.getElementById('confirm-cancel').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (opener?.isConnected) opener.focus();
      resolve(dialog.returnValue === 'ok');
    }, { once: true });
  });
}

/**
 * Shows a signing secret once, with Copy. Only "I have stored it" closes
 * the dialog: Esc would lose the secret for good (the API never shows it
 * again), so Esc is refused and says so. The value is wiped as it closes.
 * @param {ShadowRoot} root
 * @param {{ title: string, context: string, secret: string }} options
 */
export function secretDialog(root, { title, context, secret }) {
  const dialog = root.getElementById('secret-dialog');
  const input = root.getElementById('secret-value');
  const status = root.getElementById('secret-copy-status');
  root.getElementById('secret-dialog-title').textContent = title;
  root.getElementById('secret-dialog-context').textContent = context;
  input.value = secret;
  status.textContent = '';
  dialog.dataset.stored = 'false';
  const opener = root.activeElement;
  dialog.showModal();
  input.focus();
  input.select();
  return new Promise((resolve) => {
    const onClose = () => {
      // Closed by anything but the button (a close request the browser would
      // not let us cancel): show it again rather than lose the secret.
      if (dialog.dataset.stored !== 'true') {
        dialog.showModal();
        input.focus();
        return;
      }
      // The secret was wiped when "I have stored it" was pressed (setupSecretDialog).
      dialog.removeEventListener('close', onClose);
      status.textContent = '';
      if (opener?.isConnected) opener.focus();
      resolve();
    };
    dialog.addEventListener('close', onClose);
  });
}

/** Wires the secret dialog's buttons and its refusal of Esc once, at setup. */
export function setupSecretDialog(root) {
  const dialog = root.getElementById('secret-dialog');
  const input = root.getElementById('secret-value');
  const status = root.getElementById('secret-copy-status');
  const refuse = (event) => {
    event.preventDefault();
    status.textContent = 'Store the secret first: it is shown only once. Then press “I have stored it”.';
  };
  dialog.addEventListener('cancel', refuse);
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') refuse(event);
  });
  root.getElementById('secret-done').addEventListener('click', () => {
    dialog.dataset.stored = 'true';
    // Wiped as the dialog hides, not a task later when its `close` event runs.
    input.value = '';
  });
  root.getElementById('secret-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = 'Copied to the clipboard.';
    } catch {
      input.focus();
      input.select();
      status.textContent = 'Copying is blocked here: the secret is selected, press Ctrl+C (⌘C).';
    }
  });
  for (const button of root.querySelectorAll('dialog [data-close]')) {
    button.addEventListener('click', () => button.closest('dialog').close());
  }
}
