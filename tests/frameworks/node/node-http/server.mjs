// Receive CallingBox webhooks with Node's http server, no framework.
import http from 'node:http';
import { WebhookVerificationError } from 'callingbox-webhooks/verify';
import { createNodeMiddleware, verifyNodeRequest } from 'callingbox-webhooks/node';
import { Webhooks } from 'callingbox-webhooks/router';

const secret = process.env.CALLINGBOX_WEBHOOK_SECRET;
if (!secret) throw new Error('Set CALLINGBOX_WEBHOOK_SECRET to the endpoint\'s signing secret (whsec_...)');
const port = Number(process.env.PORT ?? 3000);

// A router: one handler per event type, each event processed once.
const webhooks = new Webhooks({ secret });
webhooks.on('call.completed', (event) => {
  console.log(`${event.id}: call ${event.data.call.id} completed (router)`);
});
const router = createNodeMiddleware(webhooks, { path: '/router/callingbox' });

const server = http.createServer(async (req, res) => {
  if (req.method !== 'POST' || req.url !== '/webhooks/callingbox') return router(req, res);

  // Or by hand: verifyNodeRequest reads the raw body (1 MiB at most) and the
  // CallingBox-Signature header of the IncomingMessage.
  let event;
  try {
    event = await verifyNodeRequest(req, secret);
  } catch (err) {
    if (!(err instanceof WebhookVerificationError)) throw err;
    const status = err.code === 'payload_too_large' ? 413 : 400;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: err.code }));
    return;
  }
  if (event.type === 'call.completed') {
    console.log(`${event.id}: call ${event.data.call.id} completed`);
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
});

server.listen(port, () => console.log(`listening on port ${port}`));
