// src/server.ts: a Node http server written in TypeScript that receives
// CallingBox webhooks with the router. This project is CommonJS (no "type"
// in package.json), so tsc compiles this file to require() calls.
import { createServer } from 'node:http';
import { createNodeMiddleware } from 'callingbox-webhooks/node';
import { Webhooks, type WebhookEventOf } from 'callingbox-webhooks/router';

const secret = process.env.CALLINGBOX_WEBHOOK_SECRET;
if (!secret) throw new Error('Set CALLINGBOX_WEBHOOK_SECRET to the endpoint’s signing secret (whsec_...)');

const webhooks = new Webhooks({ secret });
// The handler's event is typed for its type: event.data.call is a Call.
webhooks.on('call.completed', (event) => recordCompletedCall(event));

function recordCompletedCall(event: WebhookEventOf<'call.completed'>): void {
  const seconds: number | null = event.data.call.duration_seconds;
  console.log(`${event.id}: call ${event.data.call.id} completed after ${seconds} s`);
}

const receive = createNodeMiddleware(webhooks, { path: '/webhooks/callingbox' });
const server = createServer((req, res) => void receive(req, res));
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => console.log('listening'));

// Never called: mistakes the types catch (tsc fails if one compiles).
export function mistakes(router: Webhooks): void {
  // @ts-expect-error 'call.finished' is not a CallingBox event type
  router.on('call.finished', () => {});
  // @ts-expect-error a call.failed handler's event is not a call.completed event
  router.on('call.failed', (event: WebhookEventOf<'call.completed'>) => event);
}
