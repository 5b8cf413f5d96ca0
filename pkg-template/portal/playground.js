// The signature playground: the package's constructEvent (WebAssembly, in
// the page) run on what the user pasted. Nothing is sent anywhere; the page
// counts the network requests made while checking, to show it.
import { fullTime, h, relativeTime } from './dom.js';
import { EVENT_TYPES } from './template.js';

const EXPLANATIONS = {
  missing_header: 'There is no CallingBox-Signature header to check.',
  malformed_header: 'The header is not in the t=<unix seconds>,v1=<hex> form.',
  timestamp_out_of_tolerance: 'The timestamp is too far from now: a replayed or delayed request.',
  no_matching_signature: 'The body or the secret is not what was signed.',
  invalid_payload: 'The signature matches, but the body is not a JSON event.',
};

/** Runs constructEvent; { ok, event } or { ok: false, code, message }. */
export function verify(pkg, body, header, secret, toleranceSeconds) {
  try {
    return { ok: true, event: pkg.constructEvent(body, header, secret, { toleranceSeconds }) };
  } catch (error) {
    if (typeof error?.code === 'string') return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: 'error', message: error?.message ?? String(error) };
  }
}

function parseHeader(header) {
  let t = null;
  let v1 = 0;
  for (const part of header.split(',')) {
    const [key, value] = part.split('=', 2).map((s) => s?.trim());
    if (key === 't' && /^\d+$/.test(value ?? '')) t = Number(value);
    if (key === 'v1' && value) v1 += 1;
  }
  return { t, v1 };
}

const randomHex = (bytes) => [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');

export function render(ctx) {
  const field = (id, label, control, hint) => h('div', { class: 'field' }, h('label', { for: id }, label), control, hint);
  const body = h('textarea', { id: 'pg-body', rows: '10', spellcheck: 'false', 'aria-describedby': 'pg-body-hint' });
  const header = h('input', { id: 'pg-header', type: 'text', spellcheck: 'false', placeholder: 't=1713268860,v1=5257a8…' });
  const secret = h('input', { id: 'pg-secret', type: 'password', spellcheck: 'false', autocomplete: 'off', placeholder: 'whsec_…' });
  const tolerance = h('input', { id: 'pg-tolerance', type: 'number', min: '0', step: '1', value: '300', inputmode: 'numeric' });
  const show = h('input', { type: 'checkbox', id: 'pg-secret-show', onchange: () => { secret.type = show.checked ? 'text' : 'password'; } });
  const verdict = h('div', { id: 'pg-verdict', hidden: true });
  const empty = h('p', { class: 'muted', id: 'pg-verdict-empty' }, 'Fill in the three fields and press ', h('kbd', {}, 'Verify signature'), '.');
  const requests = h('span', { id: 'pg-requests' }, 'No network request is made by a check.');
  const form = h('form', { class: 'card', part: 'card', id: 'pg-form', novalidate: true, autocomplete: 'off' },
    field('pg-body', 'Raw request body', body, h('p', { class: 'hint', id: 'pg-body-hint' }, 'Paste it exactly as received: a re-formatted body never verifies.')),
    field('pg-header', [h('code', {}, 'CallingBox-Signature'), ' header'], header),
    field('pg-secret', 'Signing secret', secret, h('label', { class: 'check' }, show, ' Show secret')),
    h('div', { class: 'field field-narrow' }, h('label', { for: 'pg-tolerance' }, 'Tolerance (seconds)'), tolerance),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', part: 'button button-primary' }, 'Verify signature')));
  const el = h('section', { class: 'view', 'aria-labelledby': 'playground-title' },
    h('div', { class: 'view-head' },
      h('div', {},
        h('h2', { id: 'playground-title', tabindex: '-1' }, 'Signature playground'),
        h('p', { class: 'lede' }, 'Check a ', h('code', {}, 'CallingBox-Signature'), ' the way your server would. The check runs in WebAssembly inside this page: the body, header and secret are not sent anywhere.')),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', part: 'button', id: 'pg-sample', onclick: fillSample }, 'Fill in a signed sample'))),
    h('div', { class: 'split' }, form,
      h('section', { class: 'card verdict', part: 'card', id: 'pg-result', 'aria-labelledby': 'pg-result-title', 'aria-live': 'polite' },
        h('h3', { id: 'pg-result-title' }, 'Verdict'), empty, verdict,
        h('p', { class: 'privacy' }, h('span', { class: 'lock', 'aria-hidden': 'true' }), h('span', {}, 'Computed locally in WebAssembly. ', requests)))));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    check();
  });

  function check() {
    const before = performance.getEntriesByType('resource').length;
    const started = performance.now();
    const result = verify(ctx.pkg, body.value, header.value.trim(), secret.value.trim(), Number(tolerance.value || 300));
    const elapsed = performance.now() - started;
    const box = h('div', { class: `verdict-box ${result.ok ? 'verdict-ok' : 'verdict-bad'}`, dataset: { verdict: result.ok ? 'valid' : result.code } },
      h('p', { class: 'verdict-title' }, h('span', { 'aria-hidden': 'true' }, result.ok ? '✓ ' : '✕ '), result.ok ? 'Valid signature' : 'Rejected'),
      result.ok
        ? h('p', {}, 'The body is exactly what was signed with this secret, within the tolerance.')
        : [h('p', {}, 'Reason code: ', h('code', { class: 'verdict-code' }, result.code)),
          h('p', {}, h('strong', {}, EXPLANATIONS[result.code] ?? 'The check failed.')),
          h('p', { class: 'verdict-detail' }, result.message)]);
    const facts = h('dl', { class: 'facts' });
    const parsed = parseHeader(header.value);
    if (parsed.t !== null) {
      const when = new Date(parsed.t * 1000);
      facts.append(h('dt', {}, 'Signed at'), h('dd', {}, `${fullTime(when)} (${relativeTime(when)})`));
    }
    if (parsed.v1 > 0) facts.append(h('dt', {}, 'v1 signatures'), h('dd', {}, String(parsed.v1)));
    if (result.ok && result.event) {
      facts.append(h('dt', {}, 'Event'), h('dd', { class: 'mono' }, `${result.event.type} · ${result.event.id}`));
      const call = result.event.data?.call;
      if (call?.id) facts.append(h('dt', {}, 'Call'), h('dd', { class: 'mono' }, `${call.id} (${call.status ?? '?'})`));
    }
    facts.append(h('dt', {}, 'Checked in'), h('dd', {}, `${elapsed < 1 ? elapsed.toFixed(2) : elapsed.toFixed(1)} ms, in WebAssembly`));
    verdict.replaceChildren(box, facts);
    verdict.hidden = false;
    empty.hidden = true;
    // Give any request the check might have started a moment to be recorded, then report the count.
    setTimeout(() => {
      const sent = performance.getEntriesByType('resource').slice(before)
        .filter((entry) => entry.startTime >= started - 1 && entry.startTime <= started + elapsed + 1).length;
      requests.textContent = `Network requests made by this check: ${sent}. The body, header and secret stayed in this page.`;
    }, 50);
  }

  /** A made-up event, signed now with a fresh random secret, all in the page. */
  function fillSample() {
    const key = `whsec_${randomHex(24)}`;
    const now = Math.floor(Date.now() / 1000);
    const sample = JSON.stringify({
      id: crypto.randomUUID(),
      type: EVENT_TYPES[3],
      created: now,
      api_version: '2026-04',
      data: { call: { id: crypto.randomUUID(), status: 'completed', to_number: '+14155550123', from_number: '+14155550100', duration_seconds: 42 } },
    }, null, 2);
    body.value = sample;
    header.value = ctx.pkg.signPayload(sample, key, { timestamp: now });
    secret.value = key;
    body.focus();
  }

  return { el };
}
