// One delivery: every field the API returns, its retry schedule as a
// timeline, the last response in plain words, and Redeliver where it makes
// sense. The API gives neither the payload nor a per-attempt history: the
// page says so, and shows the emulator's when connected to it (labelled).
import {
  badge, deliveryState, duration, fullTime, h, relativeTime, shortId, timeCell,
} from './dom.js';
import { destination, redeliverability, redeliverOne } from './deliveries.js';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, timeline } from './schedule.js';
import { explainLastResponse, httpStatus } from './words.js';

const POLL_MS = 1500;
const KNOWN_FIELDS = [
  'id', 'event_type', 'status', 'endpoint_id', 'url', 'call_id', 'attempt_count', 'manual_retry_count',
  'next_attempt_at', 'last_response_status', 'last_error', 'delivered_at', 'created_at', 'updated_at', 'org_id',
];

/** The retry status in one or two sentences. */
export function scheduleSummary(d, now = Date.now()) {
  const t = timeline(d);
  const manual = d.manual_retry_count
    ? ` It was redelivered by hand ${d.manual_retry_count === 1 ? 'once' : `${d.manual_retry_count} times`}; each redelivery starts the ${MAX_ATTEMPTS} attempts again.`
    : '';
  if (d.status === 'delivered') {
    return `Delivered on attempt ${t.done} of ${MAX_ATTEMPTS}${d.delivered_at ? `, ${relativeTime(new Date(d.delivered_at), { now })}` : ''}.${manual}`;
  }
  if (d.status === 'exhausted') {
    if (d.last_error === 'endpoint deleted') return `Stopped after ${t.done} of ${MAX_ATTEMPTS} attempts: its endpoint was deleted.${manual}`;
    return `All ${MAX_ATTEMPTS} attempts failed: CallingBox will not try again by itself. Redeliver it once your server is fixed.${manual}`;
  }
  const next = t.nextAt ? `${relativeTime(t.nextAt, { now, future: true })} (${fullTime(t.nextAt)})` : 'soon';
  const made = t.done === 0 ? 'No attempt made yet.' : `Attempt ${t.done} of ${MAX_ATTEMPTS} failed.`;
  const exhaust = t.exhaustAt && t.next < MAX_ATTEMPTS
    ? ` If every attempt fails, it will be exhausted around ${fullTime(t.exhaustAt)} (${relativeTime(t.exhaustAt, { now })}; each wait varies by ±20 %).`
    : t.next === MAX_ATTEMPTS ? ' That is the last attempt: if it fails, the delivery is exhausted.' : '';
  return `${made} Attempt ${t.next} of ${MAX_ATTEMPTS} is due ${next}.${exhaust}${manual}`;
}

const STEP_WORDS = { failed: 'Failed', delivered: 'Delivered', next: 'Next', planned: 'Planned', skipped: 'Not needed' };

/** The eight attempts as an ordered list. */
export function timelineList(d) {
  const t = timeline(d);
  return h('ol', { class: 'timeline', 'aria-label': `Attempts, ${t.done} of ${MAX_ATTEMPTS} made` },
    t.steps.map((step) => {
      const wait = step.attempt === 1 ? 'at once' : `${duration(step.offsetMs)} after attempt ${step.attempt - 1}`;
      let when = wait;
      if (step.state === 'next' && step.at) when = [`due ${relativeTime(step.at, { future: true })}, `, timeCell(step.at.toISOString())];
      if (step.state === 'planned' && step.at) when = [`${wait}: about `, timeCell(step.at.toISOString())];
      if (step.state === 'failed' && step.attempt === t.done && d.last_response_status !== null && d.last_response_status !== undefined) {
        when = [wait, ' · ', httpStatus(d.last_response_status)];
      } else if (step.state === 'failed' && step.attempt === t.done && d.last_error) {
        when = [wait, ' · ', d.last_error];
      }
      return h('li', { class: `step step-${step.state}`, dataset: { attempt: String(step.attempt), state: step.state } },
        h('span', { class: 'step-mark', 'aria-hidden': 'true' }),
        h('span', { class: 'step-title' }, `Attempt ${step.attempt} of ${MAX_ATTEMPTS}`, h('span', { class: 'step-state' }, STEP_WORDS[step.state])),
        h('span', { class: 'step-when' }, when));
    }));
}

function fieldRows(ctx, d) {
  const code = (value) => h('code', { class: 'mono' }, value);
  const rows = [
    ['Delivery id (= event id)', code(d.id)],
    ['Event type', code(d.event_type)],
    ['Status', [badge(deliveryState(d)), d.status === 'pending' && (d.attempt_count ?? 0) > 0 ? h('span', { class: 'muted' }, ' (pending: its last attempt failed)') : null]],
    ['Destination', destination(ctx, d)],
    ['Endpoint id', d.endpoint_id ? code(d.endpoint_id) : h('span', { class: 'muted' }, 'none: an inline delivery to the call’s webhook_url')],
    ['Call id', d.call_id
      ? [code(d.call_id), ' ', h('a', { href: ctx.href({ view: 'deliveries', query: { call: d.call_id } }) }, 'All deliveries of this call')]
      : h('span', { class: 'none' }, '—')],
    ['Attempts (this run)', `${d.attempt_count ?? 0} of ${MAX_ATTEMPTS}`],
    ['Manual redeliveries', String(d.manual_retry_count ?? 0)],
    ['Next attempt', timeCell(d.next_attempt_at)],
    ['Last response status', d.last_response_status === null || d.last_response_status === undefined ? h('span', { class: 'none' }, '—') : code(httpStatus(d.last_response_status))],
    ['Last error', d.last_error ? code(d.last_error) : h('span', { class: 'none' }, '—')],
    ['Delivered', timeCell(d.delivered_at)],
    ['Created', timeCell(d.created_at)],
    ['Updated', timeCell(d.updated_at)],
    ['Organisation id', d.org_id ? code(d.org_id) : h('span', { class: 'none' }, '—')],
  ];
  // Fields added to the API after this portal was written are shown too.
  for (const [key, value] of Object.entries(d)) {
    if (!KNOWN_FIELDS.includes(key)) rows.push([key, code(typeof value === 'string' ? value : JSON.stringify(value))]);
  }
  return h('dl', { class: 'facts' }, rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function emulatorSection(ctx, record) {
  const attempts = record.attempts ?? [];
  let body = record.body ?? '';
  try {
    body = JSON.stringify(JSON.parse(body), null, 2);
  } catch { /* not JSON: shown as sent */ }
  return [
    h('p', { class: 'source-note' }, h('span', { class: 'tag' }, 'emulator'),
      ' From the local emulator: the CallingBox API itself returns neither the payload nor a per-attempt history.'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data compact' },
      h('caption', { class: 'visually-hidden' }, 'Attempts recorded by the emulator'),
      h('thead', {}, h('tr', {}, ['Attempt', 'Run', 'Started', 'Took', 'Result', 'Next wait'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, attempts.length
        ? attempts.map((a) => h('tr', {},
          h('td', { 'data-label': 'Attempt' }, `${a.attempt} of ${MAX_ATTEMPTS}`),
          h('td', { 'data-label': 'Run' }, a.manual_retry ? `redelivery ${a.manual_retry}` : 'automatic'),
          h('td', { 'data-label': 'Started' }, timeCell(a.started_at)),
          h('td', { 'data-label': 'Took' }, `${a.duration_ms} ms`),
          h('td', { 'data-label': 'Result' }, a.response_status ? httpStatus(a.response_status) : (a.error ?? '—')),
          h('td', { 'data-label': 'Next wait' }, a.retry_delay_ms ? duration(a.retry_delay_ms) : '—')))
        : h('tr', {}, h('td', { colspan: 6, class: 'state-row' }, 'No attempt yet.'))))),
    h('h4', {}, 'Payload (the exact body, signed)'),
    h('pre', { class: 'payload', tabindex: '0', 'aria-label': 'Event payload' }, body),
  ];
}

export function render(ctx, route) {
  const id = route.id;
  let current = true;
  let timer = null;
  let delivery = null;
  const content = h('div', { class: 'detail-body' }, h('p', { role: 'status', class: 'muted' }, 'Loading the delivery…'));
  const heading = h('h2', { id: 'delivery-title', tabindex: '-1' }, `Delivery ${shortId(id)}`);
  const el = h('section', { class: 'view', 'aria-labelledby': 'delivery-title' },
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
      h('a', { href: ctx.href({ view: 'deliveries' }) }, 'Deliveries'), h('span', { 'aria-hidden': 'true' }, ' / '), h('span', { 'aria-current': 'page' }, shortId(id))),
    heading, content);

  let emulatorRecord;
  async function loadEmulator() {
    if (!ctx.emulatorBase) return;
    try {
      const response = await fetch(`${ctx.emulatorBase}/deliveries/${encodeURIComponent(id)}`);
      emulatorRecord = response.ok ? await response.json() : null;
    } catch {
      emulatorRecord = null;
    }
  }

  function draw() {
    const d = delivery;
    heading.replaceChildren(h('span', { class: 'mono' }, d.event_type), ' ', badge(deliveryState(d)));
    const can = redeliverability(ctx, d);
    const explained = explainLastResponse(d);
    const actions = h('div', { class: 'actions' },
      can === 'offer' && h('button', { type: 'button', class: 'btn btn-primary', part: 'button button-primary', id: 'redeliver', onclick: redeliver }, 'Redeliver'),
      can === 'ask' && h('button', { type: 'button', class: 'btn', part: 'button', id: 'redeliver', onclick: redeliver }, 'Redeliver now…'),
      can === 'never' && h('p', { class: 'muted' }, 'Its endpoint was deleted, so it cannot be redelivered.'));
    ctx.keepFocus(content, () => content.replaceChildren(
      h('div', { class: 'detail-head' }, h('p', { class: 'summary', id: 'schedule-summary' }, scheduleSummary(d)), actions),
      h('div', { class: 'detail-grid' },
        h('section', { class: 'card', part: 'card', 'aria-labelledby': 'last-response-title' },
          h('h3', { id: 'last-response-title' }, 'Last response'),
          h('p', { class: `answer answer-${deliveryState(d)}`, id: 'last-response' }, explained.headline),
          explained.advice && h('p', { class: 'muted' }, explained.advice),
          h('h3', { id: 'timeline-title' }, 'Retry schedule'),
          timelineList(d),
          h('p', { class: 'hint' }, `Waits between attempts: ${RETRY_DELAYS_MS.map((ms) => duration(ms)).join(', ')} (each ±20 %). Only the last attempt’s result is known from the API.`)),
        h('section', { class: 'card', part: 'card', 'aria-labelledby': 'fields-title' },
          h('h3', { id: 'fields-title' }, 'Every field'),
          fieldRows(ctx, d))),
      h('section', { class: 'card', part: 'card', 'aria-labelledby': 'history-title' },
        h('h3', { id: 'history-title' }, 'Payload and attempt history'),
        emulatorRecord
          ? emulatorSection(ctx, emulatorRecord)
          : h('p', { class: 'muted', id: 'no-history' }, 'The CallingBox API returns neither the event’s payload nor a history of each attempt: '
            + 'only the count and the last result above. Your server’s logs have the rest: look for this event id.'))));
  }

  async function redeliver() {
    const updated = await redeliverOne(ctx, delivery);
    if (updated) load();
  }

  async function load() {
    clearTimeout(timer);
    try {
      const [d] = await Promise.all([
        ctx.api('load the delivery', (c) => c.webhookDeliveries.retrieve(id), { key: `delivery:${id}` }),
        loadEmulator(),
        ctx.endpoints.loaded ? null : ctx.endpoints.load({ notice: false }),
      ]);
      if (!current) return;
      // An endpoint created since the list was loaded: load it again rather than call it deleted.
      if (d.endpoint_id && !ctx.endpoints.byId.has(d.endpoint_id)) await ctx.endpoints.load({ notice: false });
      if (!current) return;
      delivery = d;
      draw();
    } catch (error) {
      if (!current) return;
      if (!delivery) {
        content.replaceChildren(h('p', {}, error?.status === 404 ? `There is no delivery with the id ${id}.` : 'The delivery could not be loaded.'),
          h('a', { href: ctx.href({ view: 'deliveries' }) }, 'Back to the deliveries'));
      }
    }
    if (current && delivery?.status === 'pending') timer = setTimeout(load, POLL_MS);
  }

  load();
  return {
    el,
    dispose() {
      current = false;
      clearTimeout(timer);
    },
  };
}
