// app/routes/webhooks.callingbox.js: a resource route (no component) whose
// action receives the POST; what it returns is the response.
import { verifyRequest, WebhookVerificationError } from 'callingbox-webhooks/verify';

export async function action({ request }) {
  let event;
  try {
    // Reads the raw body and the CallingBox-Signature header itself.
    event = await verifyRequest(request, process.env.CALLINGBOX_WEBHOOK_SECRET);
  } catch (err) {
    if (err instanceof WebhookVerificationError) return Response.json({ error: err.code }, { status: 400 });
    throw err;
  }
  if (event.type === 'call.completed') {
    console.log(`${event.id}: call ${event.data.call.id} completed (React Router action)`);
  }
  return Response.json({ received: true });
}
