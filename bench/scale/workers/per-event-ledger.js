// The alternative the example did not take: one Durable Object per event id
// (the object's own blockConcurrencyWhile serializes the duplicates), with
// the same rules and the same Queue send as the example's sharded ledger.
// Only the delivery side is compared; its consumer just acks.
import { DurableObject } from 'cloudflare:workers';
import { verifyRequest } from 'callingbox-webhooks/verify';
import { enqueued, onDelivery } from '../src/ledger-rules.js';

const RETENTION_MS = 4 * 86_400_000;

/** One event's ledger: a Durable Object per event id. */
export class PerEventLedger extends DurableObject {
  async accept(event) {
    return this.ctx.blockConcurrencyWhile(async () => {
      const record = await this.ctx.storage.get('event');
      if (onDelivery(record, Date.now()) === 'duplicate') return { queued: false };
      await this.env.EVENTS_QUEUE.send(event, { contentType: 'json' });
      await this.ctx.storage.put('event', enqueued(record, { type: event.type, now: Date.now(), retentionMs: RETENTION_MS }));
      return { queued: true };
    });
  }
}

export default {
  async fetch(request, env) {
    const event = await verifyRequest(request, env.CALLINGBOX_WEBHOOK_SECRET);
    const { queued } = await env.PER_EVENT.get(env.PER_EVENT.idFromName(event.id)).accept(event);
    return Response.json({ received: true }, { status: queued ? 202 : 200 });
  },
  async queue(batch) {
    for (const message of batch.messages) message.ack();
  },
};
