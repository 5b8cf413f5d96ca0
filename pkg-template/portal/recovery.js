// Bulk recovery: redeliver the exhausted deliveries of one endpoint created
// since a date. The run asks first (stating the count), shows progress, can
// be canceled, paces its requests, waits as long as a 429's Retry-After
// says, and ends with a summary.
import { h } from './dom.js';
import { endpointLabel, listOf } from './endpoints.js';

/** At most this many redeliver requests per second. */
export const REQUESTS_PER_SECOND = 5;
/** A 429 without Retry-After waits this long. */
const DEFAULT_BACKOFF_MS = 2000;
/** Rate-limit answers in a row before the run gives up on one delivery. */
const MAX_RATE_LIMITED = 5;

const sleep = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => {
    clearTimeout(timer);
    resolve();
  }, { once: true });
});

/**
 * Redelivers `deliveries` one at a time.
 * @param {(id: string) => Promise<any>} redeliver throws the package's errors (a 429 carries retryAfterMs)
 * @param {any[]} deliveries
 * @param {{ signal?: AbortSignal, onProgress?: (p: { done: number, ok: number, failed: any[], waitingMs?: number }) => void, perSecond?: number }} [options]
 * @returns {Promise<{ ok: number, failed: Array<{ delivery: any, error: any }>, notSent: number, canceled: boolean }>}
 */
export async function redeliverAll(redeliver, deliveries, { signal, onProgress = () => {}, perSecond = REQUESTS_PER_SECOND } = {}) {
  const gap = 1000 / perSecond;
  const failed = [];
  let ok = 0;
  let done = 0;
  let last = 0;
  for (const delivery of deliveries) {
    if (signal?.aborted) break;
    let limited = 0;
    for (;;) {
      const wait = last + gap - Date.now();
      if (wait > 0) await sleep(wait, signal);
      if (signal?.aborted) break;
      last = Date.now();
      try {
        await redeliver(delivery.id);
        ok += 1;
        break;
      } catch (error) {
        if (error?.status === 429 && limited < MAX_RATE_LIMITED) {
          limited += 1;
          const waitingMs = error.retryAfterMs ?? DEFAULT_BACKOFF_MS;
          onProgress({ done, ok, failed, waitingMs });
          await sleep(waitingMs, signal);
          if (signal?.aborted) break;
          continue;
        }
        failed.push({ delivery, error });
        break;
      }
    }
    if (signal?.aborted) break;
    done += 1;
    onProgress({ done, ok, failed });
  }
  return { ok, failed, notSent: deliveries.length - done, canceled: Boolean(signal?.aborted) };
}

/** "2026-04-09" a week before `now`, local time: the default "since". */
export function defaultSince(now = new Date()) {
  const d = new Date(now.getTime() - 7 * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The recovery card of an endpoint page.
 * @param {any} ctx
 * @param {any} endpoint
 * @param {() => void} after called when a run ends (the page reloads)
 */
export function recoveryCard(ctx, endpoint, after) {
  const since = h('input', { id: 'recover-since', type: 'date', value: defaultSince(), required: true });
  const status = h('div', { class: 'recovery-status', id: 'recovery-status', role: 'status', 'aria-live': 'polite' });
  const start = h('button', { type: 'submit', class: 'btn', part: 'button', id: 'recover-start' }, 'Find and redeliver…');
  const form = h('form', { class: 'recovery-form', 'aria-labelledby': 'recovery-title' },
    h('div', { class: 'field field-date' }, h('label', { for: 'recover-since' }, 'Created since'), since),
    start);
  const card = h('section', { class: 'card', part: 'card', 'aria-labelledby': 'recovery-title' },
    h('h3', { id: 'recovery-title' }, 'Recover failed deliveries'),
    h('p', { class: 'muted' }, 'Redeliver the exhausted deliveries of this endpoint created since a date, for example after fixing an outage on your side. Each keeps its event id, so your server can skip what it already processed.'),
    form, status);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!since.value) return;
    start.disabled = true;
    try {
      await run(new Date(`${since.value}T00:00:00`));
    } finally {
      start.disabled = false;
    }
  });

  async function run(from) {
    status.replaceChildren(h('p', {}, 'Looking for exhausted deliveries…'));
    let list;
    try {
      list = listOf(await ctx.api('list the exhausted deliveries',
        (c) => c.webhookDeliveries.list({ endpoint_id: endpoint.id, status: 'exhausted', limit: 200 }), { key: 'recovery' }));
    } catch {
      status.replaceChildren();
      return;
    }
    const chosen = list.filter((d) => new Date(d.created_at) >= from);
    const atLimit = list.length >= 200 && chosen.length === list.length;
    const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(from);
    if (chosen.length === 0) {
      status.replaceChildren(h('p', { id: 'recovery-summary' }, `No exhausted deliveries of this endpoint since ${when}. Nothing to do.`));
      return;
    }
    const count = `${chosen.length}${atLimit ? '+' : ''}`;
    const ok = await ctx.confirm({
      title: `Redeliver ${chosen.length} exhausted ${chosen.length === 1 ? 'delivery' : 'deliveries'}?`,
      text: h('div', {},
        h('p', {}, `${count} exhausted ${chosen.length === 1 ? 'delivery' : 'deliveries'} of ${endpointLabel(endpoint)} created since ${when} will be sent again, each with its original event id.`),
        h('p', {}, `Requests are paced at ${REQUESTS_PER_SECOND} per second; you can cancel at any time.`),
        atLimit && h('p', {}, 'The API lists at most 200 at a time: run this again afterwards for older ones.')),
      confirm: `Redeliver ${chosen.length}`,
      danger: false,
    });
    if (!ok) {
      status.replaceChildren();
      return;
    }
    const controller = new AbortController();
    const bar = h('progress', { id: 'recovery-progress', max: String(chosen.length), value: '0', 'aria-label': 'Redelivery progress' });
    const text = h('p', { id: 'recovery-progress-text' }, `Redelivered 0 of ${chosen.length}.`);
    const cancel = h('button', { type: 'button', class: 'btn', part: 'button', id: 'recover-cancel', onclick: () => controller.abort() }, 'Cancel');
    status.replaceChildren(h('div', { class: 'progress-row' }, bar, cancel), text);
    cancel.focus();
    const result = await redeliverAll(
      (id) => ctx.client.webhookDeliveries.redeliver(id, { maxRetries: 0 }),
      chosen,
      {
        signal: controller.signal,
        onProgress: ({ done, ok: sent, failed, waitingMs }) => {
          bar.value = done;
          text.textContent = waitingMs
            ? `Redelivered ${sent} of ${chosen.length}. CallingBox asked to slow down: waiting ${Math.ceil(waitingMs / 1000)} s (Retry-After).`
            : `Redelivered ${sent} of ${chosen.length}${failed.length ? `, ${failed.length} failed` : ''}.`;
        },
      },
    );
    const parts = [`Redelivered ${result.ok} of ${chosen.length}.`];
    if (result.failed.length) parts.push(`${result.failed.length} failed.`);
    if (result.canceled) parts.push(`Canceled: ${result.notSent} not sent.`);
    status.replaceChildren(
      h('p', { id: 'recovery-summary', class: result.failed.length ? 'answer answer-exhausted' : 'answer answer-delivered', tabindex: '-1' }, parts.join(' ')),
      result.failed.length > 0 && h('ul', { class: 'failures' }, result.failed.map(({ delivery, error }) => h('li', {},
        h('a', { href: ctx.href({ view: 'deliveries', id: delivery.id }) }, `${delivery.event_type} ${delivery.id.slice(0, 8)}…`),
        `: ${error?.status ? `HTTP ${error.status}` : (error?.name ?? 'error')}`))));
    status.querySelector('#recovery-summary').focus();
    after();
  }

  return card;
}
