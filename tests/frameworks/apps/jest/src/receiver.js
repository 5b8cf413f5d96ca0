// src/receiver.js: the app's webhook receiver, a Fetch API handler (Request
// in, Response out) built on the router.
const { Webhooks } = require('callingbox-webhooks/router');

function createReceiver(secret, onCompleted) {
  const webhooks = new Webhooks({ secret });
  webhooks.on('call.completed', (event) => onCompleted(event.data.call));
  return (request) => webhooks.handle(request);
}

module.exports = { createReceiver };
