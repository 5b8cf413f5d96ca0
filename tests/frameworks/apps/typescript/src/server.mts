// src/server.mts: the same receiver as an ES module, by hand:
// verifyNodeRequest reads the raw body and the CallingBox-Signature header of
// the IncomingMessage; a WebhookVerificationError says why a delivery failed.
import { createServer } from 'node:http';
import { verifyNodeRequest } from 'callingbox-webhooks/node';
import { WebhookVerificationError, type WebhookEvent } from 'callingbox-webhooks/verify';

const secret = process.env.CALLINGBOX_WEBHOOK_SECRET;
if (!secret) throw new Error('Set CALLINGBOX_WEBHOOK_SECRET to the endpoint’s signing secret (whsec_...)');

const server = createServer(async (req, res) => {
  let event: WebhookEvent;
  try {
    event = await verifyNodeRequest(req, secret);
  } catch (err) {
    if (!(err instanceof WebhookVerificationError)) throw err;
    res.writeHead(err.code === 'payload_too_large' ? 413 : 400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: err.code }));
    return;
  }
  if (event.type === 'call.completed') console.log(`${event.id}: call ${event.data.call.id} completed`);
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
});
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => console.log('listening'));

// Never called: mistakes the types catch (tsc fails if one compiles).
export function mistakes(error: WebhookVerificationError): void {
  // @ts-expect-error the secret is a string or an array of strings
  void verifyNodeRequest({} as Parameters<typeof verifyNodeRequest>[0], 42);
  // @ts-expect-error 'not_a_code' is not a WebhookVerificationError code
  if (error.code === 'not_a_code') return;
}
