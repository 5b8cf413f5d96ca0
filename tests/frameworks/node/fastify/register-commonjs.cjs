// A CommonJS app registers the plugin the way Fastify plugins usually are:
// app.register(require('callingbox-webhooks/fastify'), options). Fastify takes
// the module's default export. Answers one signed request in process
// (app.inject) and prints the status and body.
const Fastify = require('fastify');
const { signPayload } = require('callingbox-webhooks/verify');

const secret = 'whsec_commonjs_fixture';
const app = Fastify();
app.register(require('callingbox-webhooks/fastify'), { path: '/webhooks/callingbox', secret, handler: (event) => ({ id: event.id }) });

const body = JSON.stringify({ id: 'evt_commonjs', type: 'call.completed', created: Math.floor(Date.now() / 1000), api_version: '2026-04', data: { call: { id: 'call_1' } } });
app
  .inject({ method: 'POST', url: '/webhooks/callingbox', headers: { 'content-type': 'application/json', 'callingbox-signature': signPayload(body, secret) }, payload: body })
  .then((res) => console.log(res.statusCode, res.body));
