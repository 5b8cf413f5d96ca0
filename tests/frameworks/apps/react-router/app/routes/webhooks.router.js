// app/routes/webhooks.router.js: the typed event router in an action;
// handle() answers 400 with the code for a bad delivery, 200 once the
// handlers ran, 500 when one throws (CallingBox then delivers it again).
import { Webhooks } from 'callingbox-webhooks/router';

const webhooks = new Webhooks({ secret: process.env.CALLINGBOX_WEBHOOK_SECRET });

webhooks.on('call.completed', (event) => {
  console.log(`${event.id}: call ${event.data.call.id} completed (React Router router)`);
});

export const action = ({ request }) => webhooks.handle(request);
