// Deliveries: the table shared by the deliveries screen and the endpoint
// page, and the single Redeliver (offered only where it makes sense).
import { badge, deliveryState, h, shortId, timeCell, urlText } from './dom.js';
import { timeline, MAX_ATTEMPTS } from './schedule.js';
import { httpStatus } from './words.js';

/**
 * Whether Redeliver is offered without a question: a delivery that is
 * still being retried automatically would have its schedule restarted, and
 * one whose endpoint was deleted cannot be redelivered (the API answers 409).
 * @returns {'offer'|'ask'|'never'}
 */
export function redeliverability(ctx, d) {
  if (d.endpoint_id && ctx.endpoints.loaded && !ctx.endpoints.byId.has(d.endpoint_id)) return 'never';
  return d.status === 'pending' ? 'ask' : 'offer';
}

/**
 * Redelivers one delivery, asking first when it is still pending.
 * Resolves the updated delivery, or null (declined or failed).
 */
export async function redeliverOne(ctx, d) {
  if (redeliverability(ctx, d) === 'never') return null;
  if (d.status === 'pending') {
    const t = timeline(d);
    const ok = await ctx.confirm({
      title: 'Redeliver a delivery that is still being retried?',
      text: `CallingBox is still retrying this ${d.event_type} by itself (${t.done} of ${MAX_ATTEMPTS} attempts made). `
        + 'Redelivering now restarts its schedule from attempt 1; it is not needed for it to be delivered.',
      confirm: 'Redeliver now',
      danger: false,
    });
    if (!ok) return null;
  }
  try {
    const updated = await ctx.api('redeliver the event', (c) => c.webhookDeliveries.redeliver(d.id), { key: `redeliver:${d.id}` });
    ctx.notify({ title: `Queued ${d.event_type} for redelivery.`, detail: 'It keeps its event id, so your server can recognise a duplicate.' });
    return updated;
  } catch {
    return null;
  }
}

/** "The call’s webhook_url" or the endpoint's label, with the URL under it. */
export function destination(ctx, d) {
  const url = h('span', { class: 'cell-sub mono' }, urlText(d.url));
  if (!d.endpoint_id) return [h('span', {}, 'The call’s webhook_url'), url];
  const label = ctx.endpoints.label(d.endpoint_id);
  return [
    label
      ? h('a', { href: ctx.href({ view: 'endpoints', id: d.endpoint_id }) }, label)
      : h('span', { class: 'muted', title: d.endpoint_id }, `${shortId(d.endpoint_id)} (deleted)`),
    url,
  ];
}

/** "HTTP 500 Internal Server Error" / "timed out after 10000 ms" / "—" */
export function lastResponseCell(d) {
  const parts = [];
  if (d.last_response_status !== null && d.last_response_status !== undefined) parts.push(h('span', { class: 'mono' }, httpStatus(d.last_response_status)));
  if (d.last_error && d.status !== 'delivered') parts.push(h('span', { class: 'error-text' }, d.last_error));
  return parts.length ? parts : h('span', { class: 'none' }, '—');
}

/**
 * The deliveries table: `set(list)` renders rows, keeping focus. Each row's
 * event cell is a link to the delivery (keyboard), and a click anywhere on
 * the row opens it too.
 */
export function deliveriesTable(ctx, { caption, showDestination = true, empty, onRedelivered }) {
  const body = h('tbody', {});
  const columns = showDestination ? 8 : 7;
  const table = h('table', { class: 'data rows-link' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Event'),
      showDestination && h('th', { scope: 'col' }, 'Destination'),
      h('th', { scope: 'col' }, 'Status'),
      h('th', { scope: 'col', class: 'num' }, 'Attempts'),
      h('th', { scope: 'col' }, 'Last response'),
      h('th', { scope: 'col' }, 'Next attempt'),
      h('th', { scope: 'col' }, 'Created'),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    body);
  const wrap = h('div', { class: 'table-wrap', part: 'table' }, table);

  function row(d) {
    const href = ctx.href({ view: 'deliveries', id: d.id });
    const attempts = [`${d.attempt_count ?? 0} of ${MAX_ATTEMPTS}`];
    if (d.manual_retry_count) attempts.push(h('span', { class: 'cell-sub' }, `+${d.manual_retry_count} manual`));
    const can = redeliverability(ctx, d);
    return h('tr', { dataset: { deliveryId: d.id, status: d.status, href } },
      h('td', { class: 'cell-main', 'data-label': 'Event' },
        h('a', { class: 'row-link mono', href, dataset: { key: `open:${d.id}` }, 'aria-label': `${d.event_type} ${shortId(d.id)}: details` }, d.event_type),
        h('span', { class: 'cell-sub mono', title: d.id }, shortId(d.id))),
      showDestination && h('td', { class: 'cell-url', 'data-label': 'Destination' }, destination(ctx, d)),
      h('td', { 'data-label': 'Status' }, badge(deliveryState(d))),
      h('td', { class: 'num', 'data-label': 'Attempts' }, attempts),
      h('td', { 'data-label': 'Last response' }, lastResponseCell(d)),
      h('td', { class: 'cell-time', 'data-label': 'Next attempt' }, d.status === 'pending' ? timeCell(d.next_attempt_at, { relative: 'future' }) : h('span', { class: 'none' }, '—')),
      h('td', { class: 'cell-time', 'data-label': 'Created' }, timeCell(d.created_at)),
      h('td', { class: 'cell-actions' }, can === 'offer'
        ? h('button', {
          type: 'button', class: 'btn btn-small', part: 'button', 'aria-label': `Redeliver ${d.event_type} ${shortId(d.id)}`,
          dataset: { key: `redeliver:${d.id}` },
          onclick: async (event) => {
            const button = event.currentTarget;
            button.disabled = true;
            const updated = await redeliverOne(ctx, d);
            button.disabled = false;
            if (updated) onRedelivered?.(updated);
          },
        }, 'Redeliver')
        : null));
  }

  return {
    el: wrap,
    busy(on) {
      wrap.setAttribute('aria-busy', String(on));
    },
    message(...content) {
      body.replaceChildren(h('tr', {}, h('td', { class: 'state-row', colspan: columns }, ...content)));
    },
    set(list) {
      ctx.keepFocus(body, () => {
        if (list.length === 0) this.message(...empty());
        else body.replaceChildren(...list.map(row));
      });
    },
  };
}
