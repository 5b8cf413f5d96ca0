// callingbox-webhooks/express: the one-line receiver for Express (tested with
// Express 5) and Connect-style apps.
//
//   app.post('/webhooks/callingbox', verifyWebhook({ secret }), (req, res) => {
//     const event = req.body; // verified
//     res.json({ received: true });
//   });
//
// It reads the raw body itself, so the route needs no express.raw(). What
// it cannot do is undo a body parser that ran before it: express.json()
// mounted app-wide consumes the body and keeps only the parsed object. That
// case is detected and answered 400 `payload_not_raw` with the fix in the
// message; `express.json({ verify: keepRawBody })` makes it work unchanged.
import { WebhookVerificationError, verifySignature } from 'callingbox-webhooks/verify';
import { verifyNodeRequest, writeAnswer } from 'callingbox-webhooks/node';
import { rejectionAnswer } from 'callingbox-webhooks/router';

/**
 * @import { NodeRequest, NodeResponse } from 'callingbox-webhooks/node'
 * @import { WebhookEvent } from 'callingbox-webhooks/verify'
 */

/**
 * Options of `verifyWebhook`.
 * @typedef {object} ExpressWebhookOptions
 * @property {string | readonly string[]} secret The endpoint's signing secret
 *   (`whsec_...`), or several while you rotate it.
 * @property {number} [toleranceSeconds] How far the signature's timestamp may
 *   be from now, in seconds (default 300).
 * @property {number} [bodyLimit] The largest body read, in bytes (default 1 MiB).
 */

/**
 * An Express middleware that verifies a CallingBox delivery and puts the
 * verified event in `req.body` for the next handler. A delivery that fails
 * verification is answered here: 400 `{"error":code}` (413 past
 * `bodyLimit`), and the next handler does not run. Other errors (the body
 * could not be read) go to `next(error)`.
 *
 * It keeps no record of processed events: use the router
 * (`callingbox-webhooks/router` with `createNodeMiddleware`) for that.
 * Typed so that Express infers the route's `req.body` as the verified
 * `WebhookEvent` for the handlers after it.
 * @param {ExpressWebhookOptions} options
 * @returns {(req: NodeRequest & { body: WebhookEvent }, res: NodeResponse, next: (error?: unknown) => void) => Promise<void>}
 */
export function verifyWebhook(options) {
  const { secret, toleranceSeconds, bodyLimit } = options ?? {};
  // Checks the secret and the tolerance now, so that a wrong one fails when
  // the app starts rather than on each delivery.
  verifySignature('', undefined, /** @type {string | string[]} */ (secret), { toleranceSeconds });
  const verifyOptions = { toleranceSeconds, bodyLimit };
  let warned = false;
  return async function callingboxVerifyWebhook(req, res, next) {
    let event;
    try {
      event = await verifyNodeRequest(req, secret, verifyOptions);
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) return next(error);
      if (error.code === 'payload_not_raw' && !warned) {
        // A set-up mistake, not a bad delivery: say so once, where the
        // developer looks.
        warned = true;
        console.warn(`callingbox-webhooks: ${error.message}`);
      }
      return writeAnswer(res, rejectionAnswer(error));
    }
    req.body = event;
    next();
  };
}

/**
 * For apps that parse JSON app-wide: `app.use(express.json({ verify:
 * keepRawBody }))` keeps each JSON body's raw bytes in `req.rawBody`, where
 * `verifyWebhook` and the Node receivers find them.
 * @param {object} req
 * @param {unknown} _res
 * @param {Uint8Array} body
 */
export function keepRawBody(req, _res, body) {
  /** @type {{ rawBody?: Uint8Array }} */ (req).rawBody = body;
}
