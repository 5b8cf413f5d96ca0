// Receive CallingBox webhooks in Express.
import express from 'express';
import { verifyWebhook } from 'callingbox-webhooks/express';
import { createNodeMiddleware } from 'callingbox-webhooks/node';
import { Webhooks } from 'callingbox-webhooks/router';

const secret = process.env.CALLINGBOX_WEBHOOK_SECRET;
if (!secret) throw new Error('Set CALLINGBOX_WEBHOOK_SECRET to the endpoint\'s signing secret (whsec_...)');
const port = Number(process.env.PORT ?? 3000);
const app = express();

// One middleware: it reads the raw body, verifies the CallingBox-Signature,
// answers 400 {"error": code} when that fails, and puts the verified event
// in req.body.
app.post('/webhooks/callingbox', verifyWebhook({ secret }), (req, res) => {
  const event = req.body;
  if (event.type === 'call.completed') {
    console.log(`${event.id}: call ${event.data.call.id} completed`);
  }
  res.json({ received: true });
});

// Or a router: one handler per event type, each event processed once, 500
// (so that CallingBox retries) when a handler throws.
const webhooks = new Webhooks({ secret });
webhooks.on('call.completed', (event) => {
  console.log(`${event.id}: call ${event.data.call.id} completed (router)`);
});
app.post('/router/callingbox', createNodeMiddleware(webhooks));

// The rest of the app parses JSON as usual. Mount express.json() after the
// webhook routes: before them, it would consume the raw body they verify.
app.use(express.json());
app.post('/api/echo', (req, res) => res.json(req.body));

app.listen(port, () => console.log(`listening on port ${port}`));
