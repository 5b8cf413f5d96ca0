// The receivers from CommonJS TypeScript (require, .d.cts declarations).
// Compiled with the other type tests; nothing here runs.
import { Webhooks } from 'callingbox-webhooks/router';
import { createNodeMiddleware, verifyNodeRequest, type NodeRequest } from 'callingbox-webhooks/node';
import { verifyWebhook } from 'callingbox-webhooks/express';
import { callingboxWebhooks } from 'callingbox-webhooks/fastify';

declare const req: NodeRequest;

const webhooks = new Webhooks({ secret: 'whsec_test' }).on('call.completed', (event) => {
  const type: 'call.completed' = event.type;
  return type;
});
const pending: Promise<unknown> = verifyNodeRequest(req, 'whsec_test');
export const handlers = [createNodeMiddleware(webhooks), verifyWebhook({ secret: 'whsec_test' }), callingboxWebhooks, pending];
// @ts-expect-error 'call.complete' is not an event type
webhooks.on('call.complete', () => {});
