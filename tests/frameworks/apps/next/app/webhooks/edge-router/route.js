// app/webhooks/edge-router/route.js: the router in the edge runtime.
import { Webhooks } from 'callingbox-webhooks/router';

export const runtime = 'edge';

const webhooks = new Webhooks({ secret: process.env.CALLINGBOX_WEBHOOK_SECRET });

webhooks.on('call.completed', (event) => {
  console.log(`${event.id}: call ${event.data.call.id} completed (edge router)`);
});

export const POST = (request) => webhooks.handle(request);
