// callingbox-webhooks/fastify: the one-line receiver for Fastify (tested with
// Fastify 5).
//
//   app.register(callingboxWebhooks, { path: '/webhooks/callingbox', secret, handler });
//   app.register(callingboxWebhooks, { path: '/webhooks/callingbox', webhooks }); // a router
//
// The plugin is encapsulated (it is not wrapped in fastify-plugin), so the
// content-type parser it installs, which hands the route the raw body as a
// Buffer, applies to its own route only: the app's other routes keep their
// JSON parser. Fastify enforces `bodyLimit` itself and answers 413.
import { WebhookVerificationError, constructEvent, verifySignature } from 'callingbox-webhooks/verify';
import { DEFAULT_BODY_LIMIT, rejectionAnswer } from 'callingbox-webhooks/router';
import { nodeDelivery } from 'callingbox-webhooks/node';

/**
 * @import { WebhookEvent } from 'callingbox-webhooks/verify'
 * @import { Webhooks } from 'callingbox-webhooks/router'
 */

/**
 * The parts of a Fastify request the plugin reads.
 * @typedef {object} FastifyRequestLike
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {unknown} body
 * @property {string} method
 */

/**
 * The parts of a Fastify reply the plugin uses.
 * @typedef {object} FastifyReplyLike
 * @property {(status: number) => unknown} code
 * @property {(name: string, value: string) => unknown} header
 * @property {boolean} sent
 */

/**
 * The parts of a Fastify instance the plugin uses.
 * @typedef {object} FastifyInstanceLike
 * @property {() => unknown} removeAllContentTypeParsers
 * @property {(...args: any[]) => unknown} addContentTypeParser
 * @property {(options: any) => unknown} route
 */

/**
 * Options of the plugin: `path`, and either `secret` with `handler`, or
 * `webhooks`, a router that verifies, deduplicates and answers.
 * @typedef {object} FastifyWebhooksOptions
 * @property {string} path The route, such as `/webhooks/callingbox` (POST).
 * @property {string | readonly string[]} [secret] The endpoint's signing
 *   secret (`whsec_...`), or several while you rotate it.
 * @property {(event: WebhookEvent, request: any, reply: any) => unknown} [handler]
 *   Called with each verified event. What it returns is the answer's body
 *   (default `{"received":true}`), unless it sent a reply itself.
 * @property {Pick<Webhooks, 'answer' | 'bodyLimit'>} [webhooks] A router
 *   (`callingbox-webhooks/router`) instead of `secret` and `handler`.
 * @property {number} [toleranceSeconds] With `secret`: how far the
 *   signature's timestamp may be from now, in seconds (default 300).
 * @property {number} [bodyLimit] The largest body, in bytes (default 1 MiB,
 *   or the router's).
 */

/**
 * A Fastify plugin that adds one POST route receiving CallingBox
 * deliveries. With `secret` and `handler`: a delivery that fails
 * verification is answered 400 `{"error":code}`; a verified event goes to
 * `handler`. With `webhooks`: the router's answers (`webhooks.answer()`).
 * @param {FastifyInstanceLike} fastify
 * @param {FastifyWebhooksOptions} options
 * @returns {Promise<void>}
 */
export async function callingboxWebhooks(fastify, options) {
  const { path, secret, handler, webhooks, toleranceSeconds } = options ?? {};
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError('callingbox-webhooks/fastify: `path` must be the route, a string that starts with "/"');
  }
  if (webhooks !== undefined) {
    if (typeof webhooks?.answer !== 'function' || secret !== undefined || handler !== undefined) {
      throw new TypeError('callingbox-webhooks/fastify: give either `webhooks` (a router from callingbox-webhooks/router) or `secret` and `handler`');
    }
  } else {
    if (typeof handler !== 'function') {
      throw new TypeError('callingbox-webhooks/fastify: `handler` must be a function (or give `webhooks`, a router)');
    }
    // Checks the secret and the tolerance now, so that a wrong one fails
    // when the app starts rather than on each delivery.
    verifySignature('', undefined, /** @type {string | string[]} */ (secret), { toleranceSeconds });
  }
  const bodyLimit = options.bodyLimit ?? webhooks?.bodyLimit ?? DEFAULT_BODY_LIMIT;

  // Only this plugin's scope: every body arrives as the raw Buffer.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (/** @type {unknown} */ _request, /** @type {Uint8Array} */ body, /** @type {Function} */ done) => done(null, body));

  fastify.route({
    method: 'POST',
    url: path,
    bodyLimit,
    /**
     * @param {FastifyRequestLike} request
     * @param {FastifyReplyLike} reply
     */
    handler: async (request, reply) => {
      const body = request.body ?? new Uint8Array(0);
      if (webhooks) {
        const raw = { headers: request.headers, body, method: request.method };
        return send(reply, await webhooks.answer(nodeDelivery(raw, bodyLimit)));
      }
      let event;
      try {
        const header = headerOf(request, 'callingbox-signature');
        event = constructEvent(/** @type {Uint8Array} */ (body), header, /** @type {string | string[]} */ (secret), { toleranceSeconds });
      } catch (error) {
        if (!(error instanceof WebhookVerificationError)) throw error;
        return send(reply, rejectionAnswer(error));
      }
      const result = await /** @type {Function} */ (handler)(event, request, reply);
      if (reply.sent) return reply;
      return result ?? { received: true };
    },
  });
}

// The name Fastify shows in its plugin errors and timeouts.
Object.defineProperty(callingboxWebhooks, Symbol.for('fastify.display-name'), { value: 'callingbox-webhooks' });

export default callingboxWebhooks;

/**
 * Sets a router answer on the reply; returns its body, for Fastify to send.
 * @param {FastifyReplyLike} reply
 * @param {import('callingbox-webhooks/router').WebhookAnswer} answer
 */
function send(reply, { status, headers, body }) {
  reply.code(status);
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  return body;
}

/**
 * @param {FastifyRequestLike} request
 * @param {string} name
 */
function headerOf(request, name) {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
