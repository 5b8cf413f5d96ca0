// CallingBox webhooks in Deno: verify, process each event once, route on type.
//
//   npm install        (Node 20, 22 or 24; or `deno install`: either puts
//                       callingbox-webhooks in node_modules)
//   In this repository, `npm ci` instead: package-lock.json takes the package
//   from build/ (run `make build` first) until it is on npm.
//   CALLINGBOX_WEBHOOK_SECRET=whsec_... deno run --allow-net --allow-env --allow-read=node_modules main.js
import { verifyRequest, WebhookVerificationError } from 'callingbox-webhooks/verify';

// One secret, or "new,old" while you rotate: either one is accepted.
const secrets = (Deno.env.get('CALLINGBOX_WEBHOOK_SECRET') ?? '')
  .split(',')
  .map((secret) => secret.trim())
  .filter(Boolean);
if (secrets.length === 0) throw new Error('CALLINGBOX_WEBHOOK_SECRET is not set');

// Event ids already processed. In memory for the example: use your database
// (or Deno KV) so that it survives restarts and is shared between instances.
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

Deno.serve(
  {
    hostname: Deno.env.get('HOST') ?? '127.0.0.1',
    port: Number(Deno.env.get('PORT') ?? 8000),
    onListen: ({ hostname, port }) => console.log(`Listening on http://${hostname}:${port}/`),
  },
  handleWebhook,
);
