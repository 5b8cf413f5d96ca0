// src/receiver.js: the app's webhook receiver, a Fetch API handler (Request
// in, Response out) built on the router.
import { Webhooks } from 'callingbox-webhooks/router';

export function createReceiver(secret, onCompleted) {
  const webhooks = new Webhooks({ secret });
  webhooks.on('call.completed', (event) => onCompleted(event.data.call));
  return (request) => webhooks.handle(request);
}
