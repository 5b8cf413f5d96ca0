// app/webhooks/edge/route.js: the same handler in the edge runtime, with the
// verify-only entry (a much smaller wasm, no HTTP client).
import { verifyRequest, WebhookVerificationError } from 'callingbox-webhooks/verify';

export const runtime = 'edge';

export async function POST(request) {
  let event;
  try {
    event = await verifyRequest(request, process.env.CALLINGBOX_WEBHOOK_SECRET);
  } catch (err) {
    if (err instanceof WebhookVerificationError) return Response.json({ error: err.code }, { status: 400 });
    throw err;
  }
  if (event.type === 'call.completed') {
    console.log(`${event.id}: call ${event.data.call.id} completed (edge route)`);
  }
  return Response.json({ received: true });
}
