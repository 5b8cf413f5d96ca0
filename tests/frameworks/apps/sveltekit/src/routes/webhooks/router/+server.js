// src/routes/webhooks/router/+server.js: the typed event router; handle()
// answers 400 with the code for a bad delivery, 200 once the handlers ran,
// 500 when one throws (CallingBox then delivers the event again).
import { CALLINGBOX_WEBHOOK_SECRET } from '$app/env/private';
import { Webhooks } from 'callingbox-webhooks/router';

const webhooks = new Webhooks({ secret: CALLINGBOX_WEBHOOK_SECRET });

webhooks.on('call.completed', (event) => {
  console.log(`${event.id}: call ${event.data.call.id} completed (SvelteKit router)`);
});

export const POST = ({ request }) => webhooks.handle(request);
