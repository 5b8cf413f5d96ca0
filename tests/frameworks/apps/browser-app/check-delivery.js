// src/check-delivery.js: checks a CallingBox delivery in the browser (a
// dashboard's "test your signing secret" tool, say) with the verify entry:
// its wasm is inlined in the browser file, so the bundler needs no wasm
// plugin, no copy step and no top-level await.
import { constructEvent, WebhookVerificationError } from 'callingbox-webhooks/verify';

/** What a receiver would answer: 200 with the event, or 400 with the reason. */
export function checkDelivery({ body, signature }, secret) {
  try {
    const event = constructEvent(body, signature, secret);
    return { status: 200, id: event.id, type: event.type };
  } catch (err) {
    if (err instanceof WebhookVerificationError) return { status: 400, error: err.code };
    throw err;
  }
}
