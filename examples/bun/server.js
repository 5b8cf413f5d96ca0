// CallingBox webhooks in Bun: verify, process each event once, route on type.
//
//   bun install        (or `npm install` on Node 20, 22 or 24)
//   In this repository, `bun install` and `npm ci` install from
//   package-lock.json, which takes the package from build/ (run `make build`
//   first) until it is on npm.
//   CALLINGBOX_WEBHOOK_SECRET=whsec_... bun server.js
import { verifyRequest, WebhookVerificationError } from 'callingbox-webhooks/verify';

// One secret, or "new,old" while you rotate: either one is accepted.
const secrets = (process.env.CALLINGBOX_WEBHOOK_SECRET ?? '')
  .split(',')
  .map((secret) => secret.trim())
  .filter(Boolean);
if (secrets.length === 0) throw new Error('CALLINGBOX_WEBHOOK_SECRET is not set');

// Event ids already processed. In memory for the example: use your database
// (bun:sqlite, Redis, ...) so that it survives restarts and is shared.
const processed = new Set();

async function handleWebhook(request) {
  if (request.method !== 'POST') {
    return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } });
  }
  let event;
  try {
    event = await verifyRequest(request, secrets);
  } catch (err) {
    if (err instanceof WebhookVerificationError) {
      return Response.json({ error: err.code }, { status: 400 });
    }
    throw err;
  }
  // event.id equals the CallingBox-Event-Id header and is covered by the signature.
  if (processed.has(event.id)) return Response.json({ received: true, duplicate: true });
  await handleEvent(event); // throws -> 500, and CallingBox delivers it again later
  processed.add(event.id);
  return Response.json({ received: true });
}

async function handleEvent(event) {
  const { call } = event.data;
  switch (event.type) {
    case 'call.completed':
      console.log(`call ${call.id} completed after ${call.duration_seconds} s`, JSON.stringify(call.result));
      break;
    case 'call.failed':
    case 'call.no_answer':
    case 'call.busy':
    case 'call.canceled':
      console.log(`call ${call.id} ended without a conversation: ${event.type}`);
      break;
    default:
      break; // call.queued, call.ringing, call.answered, and newer types
  }
  console.log(`processed ${event.type} ${event.id}`);
}

const server = Bun.serve({
  hostname: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 3000),
  fetch: handleWebhook,
});
console.log(`Listening on ${server.url}`);
