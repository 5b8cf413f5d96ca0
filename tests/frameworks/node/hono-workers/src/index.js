// Receive CallingBox webhooks in Hono on Cloudflare Workers.
import { Hono } from 'hono';
import { verifyRequest, WebhookVerificationError } from 'callingbox-webhooks/verify';
import { Webhooks } from 'callingbox-webhooks/router';

const app = new Hono();

// verifyRequest reads the raw body and the CallingBox-Signature header of the
// Fetch API Request Hono holds (c.req.raw). The secret is a Worker secret:
// `npx wrangler secret put CALLINGBOX_WEBHOOK_SECRET` (.dev.vars locally).
app.post('/webhooks/callingbox', async (c) => {
  let event;
  try {
    event = await verifyRequest(c.req.raw, c.env.CALLINGBOX_WEBHOOK_SECRET);
  } catch (err) {
    if (!(err instanceof WebhookVerificationError)) throw err;
    return c.json({ error: err.code }, 400);
  }
  if (event.type === 'call.completed') {
    console.log(`${event.id}: call ${event.data.call.id} completed`);
  }
  return c.json({ received: true });
});

// Or a router, made on the first request (the secret comes with env). Its
// duplicate check is per isolate; for one across the whole deployment, see
// examples/cloudflare-worker (KV).
let webhooks;
app.post('/router/callingbox', (c) => {
  webhooks ??= new Webhooks({ secret: c.env.CALLINGBOX_WEBHOOK_SECRET }).on('call.completed', (event) => {
    console.log(`${event.id}: call ${event.data.call.id} completed (router)`);
  });
  return webhooks.handle(c.req.raw);
});

export default app;
