// app/webhooks/node/route.js: a route handler in the Node.js runtime (the default).
import { verifyRequest, WebhookVerificationError } from 'callingbox-webhooks';

export async function POST(request) {
  let event;
  try {
    // Reads the raw body and the CallingBox-Signature header itself.
    event = await verifyRequest(request, process.env.CALLINGBOX_WEBHOOK_SECRET);
  } catch (err) {
    if (err instanceof WebhookVerificationError) return Response.json({ error: err.code }, { status: 400 });
    throw err;
  }
  if (event.type === 'call.completed') {
    console.log(`${event.id}: call ${event.data.call.id} completed (node route)`);
  }
  return Response.json({ received: true });
}
