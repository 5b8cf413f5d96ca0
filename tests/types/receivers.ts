// Type tests for the Node receivers (callingbox-webhooks/node, /express,
// /fastify), compiled with `tsc --strict --noEmit` against the installed
// tarball (see types.test.mjs). The projects here have no @types/node, no
// express and no fastify: the receivers' declarations stand on their own
// (the framework fixtures in tests/frameworks/ check them against the real
// frameworks' types). Nothing here runs.
import { createNodeMiddleware, DEFAULT_BODY_LIMIT, nodeDelivery, verifyNodeRequest, writeAnswer, type NodeRequest, type NodeResponse } from 'callingbox-webhooks/node';
import { keepRawBody, verifyWebhook } from 'callingbox-webhooks/express';
import callingboxWebhooks, { callingboxWebhooks as namedPlugin } from 'callingbox-webhooks/fastify';
import { Webhooks, type DeliveryRequest, type WebhookAnswer } from 'callingbox-webhooks/router';
import type { WebhookEvent } from 'callingbox-webhooks/verify';

declare const req: NodeRequest;
declare const res: NodeResponse;
// Express's req.body is `any` until a middleware says otherwise.
declare const expressRequest: NodeRequest & { body: any };
declare const fetchRequest: Request;
declare const fastify: { removeAllContentTypeParsers(): void; addContentTypeParser(...args: unknown[]): void; route(options: object): void };
declare function use(...values: unknown[]): void;

async function receivers() {
  const event: WebhookEvent = await verifyNodeRequest(req, 'whsec_test');
  await verifyNodeRequest(req, ['whsec_new', 'whsec_old'], { bodyLimit: DEFAULT_BODY_LIMIT, toleranceSeconds: 600, now: 1767225600 });
  // A plain object with the headers Node gives is a request too (tests, serverless adapters).
  await verifyNodeRequest({ headers: { 'callingbox-signature': 't=1,v1=00' }, body: new Uint8Array(0) }, 'whsec_test');
  // @ts-expect-error bodyLimit is a number of bytes, not '1mb'
  await verifyNodeRequest(req, 'whsec_test', { bodyLimit: '1mb' });
  // @ts-expect-error a Fetch API Request is verifyRequest's, not verifyNodeRequest's
  await verifyNodeRequest(fetchRequest, 'whsec_test');

  const webhooks = new Webhooks({ secret: 'whsec_test' });
  const middleware = createNodeMiddleware(webhooks, { path: '/webhooks/callingbox', bodyLimit: 64 * 1024 });
  await middleware(req, res);
  await middleware(req, res, (error?: unknown) => use(error));
  // @ts-expect-error createNodeMiddleware takes a router, not a secret
  createNodeMiddleware('whsec_test');
  // @ts-expect-error misspelled option: it is path
  createNodeMiddleware(webhooks, { route: '/webhooks' });

  const delivery: DeliveryRequest = nodeDelivery(req, DEFAULT_BODY_LIMIT);
  const answer: WebhookAnswer = await webhooks.answer(delivery);
  writeAnswer(res, answer);

  const verify = verifyWebhook({ secret: 'whsec_test', toleranceSeconds: 300, bodyLimit: 1024 });
  await verify(expressRequest, res, () => {});
  const body: WebhookEvent = ({} as Parameters<typeof verify>[0]).body;
  use(body);
  keepRawBody({}, res, new Uint8Array(0));
  // @ts-expect-error the secret is required
  verifyWebhook({});
  // @ts-expect-error verifyWebhook takes options, not the secret itself
  verifyWebhook('whsec_test');

  await callingboxWebhooks(fastify, { path: '/webhooks/callingbox', secret: 'whsec_test', handler: (verified) => verified.id });
  await namedPlugin(fastify, { path: '/webhooks/callingbox', webhooks });
  // @ts-expect-error the route path is required
  await callingboxWebhooks(fastify, { secret: 'whsec_test', handler: () => {} });
  use(event);
}
use(receivers);
