// A Cloudflare Worker that receives CallingBox webhook deliveries.
//
// 1. Verify the CallingBox-Signature over the raw body (verifyRequest reads
//    both for you) before trusting anything in the request.
// 2. Process each event once: CallingBox retries until it gets a 2xx and
//    replays on request, always with the same event id.
// 3. Route on the verified event's `type`, and answer 2xx quickly.
import { verifyRequest, WebhookVerificationError } from 'callingbox-webhooks/verify';

// How long to remember an event id. Automatic retries end within about
// 2 days; manual replays can come later.
const REMEMBER_SECONDS = 30 * 24 * 60 * 60;

export default {
  async fetch(request, env) {
    if (request.method !== 'POST') {
      return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } });
    }

    // One secret, or "new,old" while you rotate: either one is accepted.
    const secrets = (env.CALLINGBOX_WEBHOOK_SECRET ?? '')
      .split(',')
      .map((secret) => secret.trim())
      .filter(Boolean);
    if (secrets.length === 0) throw new Error('CALLINGBOX_WEBHOOK_SECRET is not set');

    let event;
    try {
      event = await verifyRequest(request, secrets);
    } catch (err) {
      if (err instanceof WebhookVerificationError) {
        // missing_header, malformed_header, timestamp_out_of_tolerance,
        // no_matching_signature or invalid_payload
        return Response.json({ error: err.code }, { status: 400 });
      }
      throw err;
    }

    // event.id is the CallingBox-Event-Id header's value, but covered by the
    // signature: key on it, never on the unsigned header.
    if ((await env.PROCESSED_EVENTS.get(event.id)) !== null) {
      return Response.json({ received: true, duplicate: true });
    }
    // If handling throws, the Worker answers 500, nothing is recorded, and
    // CallingBox delivers the event again later.
    await handleEvent(event);
    await env.PROCESSED_EVENTS.put(event.id, event.type, { expirationTtl: REMEMBER_SECONDS });
    return Response.json({ received: true });
  },
};

// Keep this fast: CallingBox waits at most 10 s for the answer. Hand slow
// work to a Queue instead (in fetch: `await env.QUEUE.send(event)`).
async function handleEvent(event) {
  const { call } = event.data;
  switch (event.type) {
    case 'call.completed':
      console.log(`call ${call.id} completed after ${call.duration_seconds} s`, JSON.stringify(call.result));
      break;
    case 'call.failed':
    case 'call.no_answer':
    case 'call.busy':
    case 'call.canceled':
      console.log(`call ${call.id} ended without a conversation: ${event.type}`);
      break;
    default:
      // call.queued, call.ringing, call.answered, and event types added
      // after this code was written: nothing to do.
      break;
  }
  console.log(`processed ${event.type} ${event.id}`);
}
