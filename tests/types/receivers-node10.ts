// The receivers' subpaths under moduleResolution node10 (module commonjs, the
// default of many Express projects), which ignores `exports`: node/ and
// router/ hold index.d.ts, express/ and fastify/ a package.json stub.
// Compiled with the other type tests; nothing here runs.
import { Webhooks } from 'callingbox-webhooks/router';
import { verifyNodeRequest, type NodeRequest } from 'callingbox-webhooks/node';
import { keepRawBody, verifyWebhook } from 'callingbox-webhooks/express';
import { callingboxWebhooks } from 'callingbox-webhooks/fastify';

declare const req: NodeRequest;

new Webhooks({ secret: 'whsec_test' }).on('call.failed', (event) => {
  const type: 'call.failed' = event.type;
  return type;
});
export const pieces = [verifyNodeRequest(req, 'whsec_test'), verifyWebhook({ secret: 'whsec_test' }), keepRawBody, callingboxWebhooks];
// @ts-expect-error the secret is required
verifyWebhook({});
