// The signature playground: constructEvent from the package's wasm, run on
// what the user pasted. Nothing is sent anywhere; the page counts the
// network requests made while checking to show it.
import { $, h, relativeTime } from './ui.js';
import { EVENT_TYPES } from './endpoints.js';

const EXPLANATIONS = {
  missing_header: 'There is no CallingBox-Signature header to check.',
  malformed_header: 'The header is not in the t=<unix seconds>,v1=<hex> form.',
  timestamp_out_of_tolerance: 'The timestamp is too far from now: a replayed or delayed request.',
  no_matching_signature: 'The body or the secret is not what was signed.',
  invalid_payload: 'The signature matches, but the body is not a JSON event.',
};

let pkg;

export function setupPlayground(loadedPkg) {
  pkg = loadedPkg;
  $('#pg-form').addEventListener('submit', (event) => {
    event.preventDefault();
    check();
  });
  $('#pg-secret-show').addEventListener('change', (event) => {
    $('#pg-secret').type = event.currentTarget.checked ? 'text' : 'password';
  });
  $('#pg-sample').addEventListener('click', fillSample);
}

/** Runs the package's constructEvent; returns { ok, event } or { ok: false, code, message }. */
export function verify(body, header, secret, toleranceSeconds) {
  try {
    const event = pkg.constructEvent(body, header, secret, { toleranceSeconds });
    return { ok: true, event };
  } catch (error) {
    if (error?.name === 'WebhookVerificationError' || typeof error?.code === 'string') {
      return { ok: false, code: error.code, message: error.message };
    }
    return { ok: false, code: 'error', message: error?.message ?? String(error) };
  }
}

function check() {
  const body = $('#pg-body').value;
  const header = $('#pg-header').value.trim();
  const secret = $('#pg-secret').value.trim();
  const tolerance = Number($('#pg-tolerance').value || 300);

  const resourcesBefore = performance.getEntriesByType('resource').length;
  const started = performance.now();
  const result = verify(body, header, secret, tolerance);
  const elapsed = performance.now() - started;

  const title = result.ok ? 'Valid signature' : 'Rejected';
  const box = h('div', { class: `verdict-box ${result.ok ? 'verdict-ok' : 'verdict-bad'}`, dataset: { verdict: result.ok ? 'valid' : result.code } },
    h('p', { class: 'verdict-title' }, h('span', { 'aria-hidden': 'true' }, result.ok ? '✓ ' : '✕ '), title),
    result.ok
      ? h('p', {}, 'The body is exactly what was signed with this secret, within the tolerance.')
      : [h('p', {}, 'Reason code: ', h('code', { class: 'verdict-code' }, result.code)),
        h('p', {}, h('strong', {}, EXPLANATIONS[result.code] ?? 'The check failed.')),
        h('p', { class: 'verdict-detail' }, result.message)]);
  const facts = h('dl', { class: 'facts' });
  const parsed = parseHeader(header);
  if (parsed.t !== null) {
    const when = new Date(parsed.t * 1000);
    facts.append(h('dt', {}, 'Signed at'), h('dd', {}, `${when.toLocaleString(undefined, { hourCycle: 'h23' })} (${relativeTime(when)})`));
  }
  if (parsed.v1 > 0) facts.append(h('dt', {}, 'v1 signatures'), h('dd', {}, String(parsed.v1)));
  if (result.ok && result.event) {
    facts.append(h('dt', {}, 'Event'), h('dd', { class: 'mono' }, `${result.event.type} · ${result.event.id}`));
    const call = result.event.data?.call;
    if (call?.id) facts.append(h('dt', {}, 'Call'), h('dd', { class: 'mono' }, `${call.id} (${call.status ?? '?'})`));
  }
  facts.append(h('dt', {}, 'Checked in'), h('dd', {}, `${elapsed < 1 ? elapsed.toFixed(2) : elapsed.toFixed(1)} ms, in WebAssembly`));
  const output = $('#pg-verdict');
  output.replaceChildren(box, facts);
  output.hidden = false;
  $('#pg-verdict-empty').hidden = true;

  // Give any request a check might have started a moment to be recorded, then report the count.
  setTimeout(() => {
    const sent = performance.getEntriesByType('resource').slice(resourcesBefore)
      .filter((entry) => entry.startTime >= started - 1 && entry.startTime <= started + elapsed + 1).length;
    $('#pg-requests').textContent = `Network requests made by this check: ${sent}. The body, header and secret stayed in this page.`;
  }, 50);
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

function randomHex(bytes) {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A made-up event, signed now with a fresh random secret, all in the page. */
function fillSample() {
  const secret = `whsec_${randomHex(24)}`;
  const now = Math.floor(Date.now() / 1000);
  const callId = crypto.randomUUID();
  const body = JSON.stringify({
    id: crypto.randomUUID(),
    type: EVENT_TYPES[3],
    created: now,
    api_version: '2026-04',
    data: { call: { id: callId, status: 'completed', to_number: '+14155550123', from_number: '+14155550100', duration_seconds: 42 } },
  }, null, 2);
  const header = pkg.signPayload(body, secret, { timestamp: now });
  $('#pg-body').value = body;
  $('#pg-header').value = header;
  $('#pg-secret').value = secret;
  $('#pg-body').focus();
}
