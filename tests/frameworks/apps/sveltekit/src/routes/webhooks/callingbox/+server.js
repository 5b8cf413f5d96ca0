// src/routes/webhooks/callingbox/+server.js
import { json } from '@sveltejs/kit';
import { CALLINGBOX_WEBHOOK_SECRET } from '$app/env/private';
import { verifyRequest, WebhookVerificationError } from 'callingbox-webhooks/verify';

export async function POST({ request }) {
  let event;
  try {
    // Reads the raw body and the CallingBox-Signature header itself.
    event = await verifyRequest(request, CALLINGBOX_WEBHOOK_SECRET);
  } catch (err) {
    if (err instanceof WebhookVerificationError) return json({ error: err.code }, { status: 400 });
    throw err;
  }
  if (event.type === 'call.completed') {
    console.log(`${event.id}: call ${event.data.call.id} completed (SvelteKit endpoint)`);
  }
  return json({ received: true });
}
