// The floor: verify the delivery and answer, nothing else.
import { verifyRequest, WebhookVerificationError } from 'callingbox-webhooks/verify';

export default {
  async fetch(request, env) {
    try {
      const event = await verifyRequest(request, env.CALLINGBOX_WEBHOOK_SECRET);
      return Response.json({ received: true, id: event.id });
    } catch (err) {
      if (err instanceof WebhookVerificationError) return Response.json({ error: err.code }, { status: 400 });
      throw err;
    }
  },
};
