// The public API routes under /v1: webhook endpoints and deliveries.
import { compileRoutes, matchRoute } from './http.js';
import { deliveryView, endpointView, newestFirst } from './store.js';
import {
  ORG_ID, badRequest, newId, newSigningSecret, notFound, rfc3339,
} from './util.js';
import {
  parseJsonObject, parseLimit, rejectUnknownFields, rejectUnknownQuery, validateDescription,
  validateEndpointStatus, validateEnabledEvents, validateUrl,
} from './validate.js';

export const MANUAL_DISABLE_REASON = 'manually_disabled';
const DELIVERY_STATUSES = ['pending', 'delivered', 'exhausted'];

const ENDPOINTS = '/v1/webhook_endpoints';
const DELIVERIES = '/v1/webhook_deliveries';

/**
 * Returns `handle({method, pathname, query, bodyText}) -> {status, body, headers?}`.
 * Throws ApiError for 4xx answers; auth is checked by the caller.
 */
export function createApi({ store, engine, config }) {
  const shortId = (id) => id.slice(0, 100);

  const findEndpoint = (id) => {
    const endpoint = store.endpoints.get(id);
    if (!endpoint) throw notFound(`webhook endpoint ${shortId(id)} not found`);
    return endpoint;
  };

  const findDelivery = (id) => {
    const delivery = store.deliveries.get(id);
    if (!delivery) throw notFound(`webhook delivery ${shortId(id)} not found`);
    return delivery;
  };

  /** A change is persisted before it is answered. */
  const changed = (result) => {
    store.saveQuietly();
    return result;
  };

  function createEndpoint({ body }) {
    rejectUnknownFields(body, ['url', 'description', 'enabled_events']);
    const url = validateUrl(body.url, config);
    const description = body.description === undefined ? null : validateDescription(body.description);
    const events = body.enabled_events === undefined ? ['*'] : validateEnabledEvents(body.enabled_events);
    const now = rfc3339();
    const endpoint = {
      id: newId(),
      org_id: ORG_ID,
      url,
      description,
      enabled_events: events,
      status: 'enabled',
      disabled_reason: null,
      disabled_at: null,
      consecutive_failures: 0,
      created_at: now,
      updated_at: now,
      // internal
      signing_secret: newSigningSecret(),
      seq: store.nextSeq(),
    };
    store.endpoints.set(endpoint.id, endpoint);
    return changed({ status: 201, body: endpointView(endpoint, { withSecret: true }) });
  }

  function listEndpoints() {
    const data = [...store.endpoints.values()].sort(newestFirst).map((e) => endpointView(e));
    // Older servers answered a bare array; --list-format bare emulates them.
    return { status: 200, body: config.listFormat === 'bare' ? data : { data } };
  }

  const retrieveEndpoint = ({ params }) => ({ status: 200, body: endpointView(findEndpoint(params.id)) });

  function updateEndpoint({ params, body }) {
    const endpoint = findEndpoint(params.id);
    rejectUnknownFields(body, ['url', 'description', 'enabled_events', 'status']);
    // Validate everything before changing anything: a 400 leaves the endpoint untouched.
    const changes = {};
    if ('url' in body) changes.url = validateUrl(body.url, config);
    if ('description' in body) changes.description = validateDescription(body.description);
    if ('enabled_events' in body) changes.enabled_events = validateEnabledEvents(body.enabled_events);
    const status = 'status' in body ? validateEndpointStatus(body.status) : undefined;

    Object.assign(endpoint, changes);
    endpoint.updated_at = rfc3339();
    // "enabled" always zeroes the counter, even on an enabled endpoint;
    // "disabled" on a disabled endpoint keeps its original reason and time.
    if (status === 'enabled') engine.enableEndpoint(endpoint);
    if (status === 'disabled' && endpoint.status === 'enabled') {
      engine.disableEndpoint(endpoint, MANUAL_DISABLE_REASON);
    }
    return changed({ status: 200, body: endpointView(endpoint) });
  }

  function deleteEndpoint({ params }) {
    const endpoint = findEndpoint(params.id);
    engine.endpointDeleted(endpoint);
    store.endpoints.delete(endpoint.id);
    return changed({ status: 200, body: { id: endpoint.id, deleted: true } });
  }

  function rotateSecret({ params, body }) {
    const endpoint = findEndpoint(params.id);
    rejectUnknownFields(body, []);
    // Pending attempts sign with the endpoint's current secret, so the old
    // one stops being used at once.
    endpoint.signing_secret = newSigningSecret();
    endpoint.updated_at = rfc3339();
    return changed({ status: 200, body: endpointView(endpoint, { withSecret: true }) });
  }

  function listDeliveries({ query }) {
    rejectUnknownQuery(query, ['endpoint_id', 'call_id', 'status', 'limit']);
    const limit = parseLimit(query.get('limit'));
    const status = query.get('status');
    if (status !== null && !DELIVERY_STATUSES.includes(status)) {
      throw badRequest(`status must be one of ${DELIVERY_STATUSES.join(', ')}`);
    }
    const endpointId = query.get('endpoint_id');
    const callId = query.get('call_id');
    const data = [...store.deliveries.values()]
      .filter((d) => endpointId === null || d.endpoint_id === endpointId)
      .filter((d) => callId === null || d.call_id === callId)
      .filter((d) => status === null || d.status === status)
      .sort(newestFirst)
      .slice(0, limit)
      .map(deliveryView);
    return { status: 200, body: { data } };
  }

  const retrieveDelivery = ({ params }) => ({ status: 200, body: deliveryView(findDelivery(params.id)) });

  function redeliver({ params, body }) {
    const delivery = findDelivery(params.id);
    rejectUnknownFields(body, []);
    engine.redeliver(delivery);
    return changed({ status: 200, body: deliveryView(delivery) });
  }

  const routes = compileRoutes([
    ['POST', ENDPOINTS, createEndpoint],
    ['GET', ENDPOINTS, listEndpoints],
    ['GET', `${ENDPOINTS}/:id`, retrieveEndpoint],
    ['PATCH', `${ENDPOINTS}/:id`, updateEndpoint],
    ['DELETE', `${ENDPOINTS}/:id`, deleteEndpoint],
    ['POST', `${ENDPOINTS}/:id/rotate_secret`, rotateSecret],
    ['GET', DELIVERIES, listDeliveries],
    ['GET', `${DELIVERIES}/:id`, retrieveDelivery],
    ['POST', `${DELIVERIES}/:id/redeliver`, redeliver],
  ]);

  // Only the deliveries list takes query parameters; elsewhere they are typos.
  const TAKES_QUERY = new Set([listDeliveries]);
  const TAKES_BODY = new Set([createEndpoint, updateEndpoint, rotateSecret, redeliver]);

  return function handle({ method, pathname, query, bodyText }) {
    const match = matchRoute(routes, method, pathname);
    if (!match) throw notFound(`no such route: ${method} ${pathname.slice(0, 200)}`);
    if (!TAKES_QUERY.has(match.handler)) rejectUnknownQuery(query, []);
    // GET and DELETE bodies are ignored, as most HTTP servers do.
    const body = TAKES_BODY.has(match.handler) ? parseJsonObject(bodyText) : {};
    return match.handler({ params: match.params, query, body });
  };
}
