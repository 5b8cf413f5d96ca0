// Receive CallingBox webhooks in Fastify.
import Fastify from 'fastify';
import callingboxWebhooks from 'callingbox-webhooks/fastify';
import { Webhooks } from 'callingbox-webhooks/router';

const secret = process.env.CALLINGBOX_WEBHOOK_SECRET;
if (!secret) throw new Error('Set CALLINGBOX_WEBHOOK_SECRET to the endpoint\'s signing secret (whsec_...)');
const port = Number(process.env.PORT ?? 3000);
const app = Fastify();

// The plugin adds the POST route and reads its body raw, in its own scope:
// the app's other routes keep Fastify's JSON parser. A delivery that fails
// verification is answered 400 {"error": code}; a verified event goes to
// the handler, whose return value is the answer.
app.register(callingboxWebhooks, {
  path: '/webhooks/callingbox',
  secret,
  async handler(event) {
    if (event.type === 'call.completed') {
      console.log(`${event.id}: call ${event.data.call.id} completed`);
    }
    return { received: true };
  },
});

// Or a router: one handler per event type, each event processed once.
const webhooks = new Webhooks({ secret });
webhooks.on('call.completed', (event) => {
  console.log(`${event.id}: call ${event.data.call.id} completed (router)`);
});
app.register(callingboxWebhooks, { path: '/router/callingbox', webhooks });

// Another route of the same app: JSON parsed as usual.
app.post('/api/echo', async (request) => request.body);

const address = await app.listen({ port, host: '127.0.0.1' });
console.log(`listening on ${address}`);
