// The app under test (Node style, CommonJS: Express-like): reads the raw
// body, verifies it with constructEvent, processes each event once.
const http = require('node:http');
const { constructEvent, WebhookVerificationError } = require('callingbox-webhooks');

/** Starts the webhook server; `options.secret()` gives the current secret. */
function startWebhookServer(options) {
  const processed = [];
  const seen = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let event;
      try {
        event = constructEvent(Buffer.concat(chunks), req.headers['callingbox-signature'], options.secret());
      } catch (error) {
        if (!(error instanceof WebhookVerificationError)) throw error;
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.code }));
        return;
      }
      if (!seen.has(event.id)) {
        seen.add(event.id);
        processed.push(event);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}/webhooks`,
      processed,
      close: () => new Promise((done) => {
        server.closeAllConnections();
        server.close(done);
      }),
    }));
  });
}

module.exports = { startWebhookServer };
