// Receive CallingBox webhooks in Hono on Node (@hono/node-server).
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { verifyRequest, WebhookVerificationError } from 'callingbox-webhooks/verify';
import { Webhooks } from 'callingbox-webhooks/router';

const secret = process.env.CALLINGBOX_WEBHOOK_SECRET;
if (!secret) throw new Error('Set CALLINGBOX_WEBHOOK_SECRET to the endpoint\'s signing secret (whsec_...)');
const port = Number(process.env.PORT ?? 3000);
const app = new Hono();

// verifyRequest reads the raw body and the CallingBox-Signature header of the
// Fetch API Request Hono holds (c.req.raw).
app.post('/webhooks/callingbox', async (c) => {
  let event;
  try {
    event = await verifyRequest(c.req.raw, secret);
  } catch (err) {
    if (!(err instanceof WebhookVerificationError)) throw err;
    return c.json({ error: err.code }, 400);
  }
  if (event.type === 'call.completed') {
    console.log(`${event.id}: call ${event.data.call.id} completed`);
  }
  return c.json({ received: true });
});

// Or a router: one handler per event type, each event processed once.
const webhooks = new Webhooks({ secret });
webhooks.on('call.completed', (event) => {
  console.log(`${event.id}: call ${event.data.call.id} completed (router)`);
});
app.post('/router/callingbox', (c) => webhooks.handle(c.req.raw));

serve({ fetch: app.fetch, port }, (info) => {
  console.log(`listening on port ${info.port}`);
});
