// Control routes under /_emulator (no auth): trigger events and whole calls,
// inspect and hand-send deliveries, read the request log, queue faults,
// reset. Test suites drive the emulator through these.
import { OUTCOMES, eventAt, lifecycleEvents } from './calls.js';
import { compileRoutes, matchRoute } from './http.js';
import { deliveryDetails } from './store.js';
import { ORG_ID, badRequest, isPlainObject, notFound } from './util.js';
import {
  parseJsonObject, rejectUnknownFields, validateEventType, validateUrl,
} from './validate.js';

const VISIBLE_ASCII = /^[\x21-\x7e]{1,200}$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

export function createControl(ctx) {
  const { store, engine, faults, requestLog, config } = ctx;

  const briefDelivery = (d) => ({ id: d.id, endpoint_id: d.endpoint_id });

  /** Caller-given call fields; the few the emulator itself relies on are checked. */
  function callOverrides(call) {
    if (call === undefined) return {};
    if (!isPlainObject(call)) throw badRequest('call must be an object');
    if ('id' in call && !(typeof call.id === 'string' && VISIBLE_ASCII.test(call.id))) {
      // It becomes the X-CallingBox-Call-Id header, so it must be a header-safe token.
      throw badRequest('call.id must be a non-empty string of visible ASCII characters');
    }
    if ('webhook_url' in call && call.webhook_url !== null) {
      validateUrl(call.webhook_url, config, 'call.webhook_url');
    }
    return call;
  }

  function emitEvent({ body }) {
    rejectUnknownFields(body, ['type', 'call']);
    const type = validateEventType(body.type);
    const { call, createdMs } = eventAt(type, { overrides: callOverrides(body.call) }); // the event happens now
    const deliveries = engine.emit(type, call, createdMs);
    store.saveQuietly();
    return { status: 202, body: { deliveries: deliveries.map(briefDelivery) } };
  }

  /** Plays a whole call: every stage's event, one terminal event, all at once. */
  function playCall({ body }) {
    rejectUnknownFields(body, ['outcome', 'call']);
    if (!OUTCOMES.includes(body.outcome)) throw badRequest(`outcome must be one of ${OUTCOMES.join(', ')}`);
    // Anchored so that the terminal event happens now and earlier stages before it.
    const played = lifecycleEvents(body.outcome, { overrides: callOverrides(body.call) });
    const callId = played[0].call.id;
    const events = played.map(({ type, call, createdMs }) => ({
      type,
      deliveries: engine.emit(type, call, createdMs).map(briefDelivery),
    }));
    store.saveQuietly();
    const deliveries = events.flatMap((event) => event.deliveries);
    return { status: 202, body: { call_id: callId, events, deliveries } };
  }

  const findDelivery = (id) => {
    const delivery = store.deliveries.get(id);
    if (!delivery) throw notFound(`webhook delivery ${id.slice(0, 100)} not found`);
    return delivery;
  };

  /** The public delivery plus what only the emulator knows: raw body and attempt history. */
  const inspectDelivery = ({ params }) => ({ status: 200, body: deliveryDetails(findDelivery(params.id)) });

  async function sendDelivery({ params, body }) {
    const delivery = findDelivery(params.id);
    rejectUnknownFields(body, ['timestamp', 'body', 'secret', 'signature', 'resign']);
    if (body.timestamp !== undefined && !Number.isSafeInteger(body.timestamp)) {
      throw badRequest('timestamp must be an integer (unix seconds)');
    }
    for (const field of ['body', 'secret', 'signature']) {
      if (body[field] !== undefined && typeof body[field] !== 'string') throw badRequest(`${field} must be a string`);
    }
    if (body.signature !== undefined && !HEADER_VALUE.test(body.signature)) {
      throw badRequest('signature must be printable ASCII (it is sent as a header)');
    }
    if (body.resign !== undefined && typeof body.resign !== 'boolean') throw badRequest('resign must be a boolean');
    const answer = await engine.sendOnce(delivery, body);
    return { status: 200, body: answer };
  }

  const listRequests = ({ query }) => ({
    status: 200,
    body: { data: requestLog.list({ method: query.get('method'), path: query.get('path') }) },
  });

  const clearRequests = () => {
    requestLog.clear();
    return { status: 200, body: { data: [] } };
  };

  const addFaults = ({ body }) => {
    faults.add(body);
    return { status: 201, body: { data: faults.list() } };
  };

  const listFaults = () => ({ status: 200, body: { data: faults.list() } });

  const clearFaults = () => {
    faults.clear();
    return { status: 200, body: { data: [] } };
  };

  const reset = () => {
    ctx.resetAll();
    return { status: 200, body: { ok: true } };
  };

  // The org's default secret signs inline deliveries (calls with a webhook_url).
  const org = () => ({ status: 200, body: { org_id: ORG_ID, default_signing_secret: store.orgSecret } });

  const health = () => ({ status: 200, body: { ok: true } });

  const routes = compileRoutes([
    ['POST', '/_emulator/events', emitEvent],
    ['POST', '/_emulator/calls', playCall],
    ['GET', '/_emulator/deliveries/:id', inspectDelivery],
    ['POST', '/_emulator/deliveries/:id/send', sendDelivery],
    ['GET', '/_emulator/requests', listRequests],
    ['DELETE', '/_emulator/requests', clearRequests],
    ['POST', '/_emulator/faults', addFaults],
    ['GET', '/_emulator/faults', listFaults],
    ['DELETE', '/_emulator/faults', clearFaults],
    ['POST', '/_emulator/reset', reset],
    ['GET', '/_emulator/org', org],
    ['GET', '/_emulator/health', health],
  ]);

  return async function handle({ method, pathname, query, bodyText }) {
    const match = matchRoute(routes, method, pathname);
    if (!match) throw notFound(`no such control route: ${method} ${pathname.slice(0, 200)}`);
    const body = method === 'POST' ? parseJsonObject(bodyText) : {};
    return match.handler({ params: match.params, query, body });
  };
}
