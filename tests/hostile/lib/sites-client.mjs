// The client exports as call sites, and the fetch they get: a recorder that
// answers every route with an answer the real emulator gave (recorded once by
// the test's setup), so thousands of calls cost no I/O. The recorder counts
// every call it gets: a hostile value must be refused before any.
import { API_KEY } from './common.mjs';

export const BASE_URL = 'https://api.hostile.example';

const ROUTES = [
  ['POST', /^\/v1\/webhook_endpoints$/, 'create'],
  ['GET', /^\/v1\/webhook_endpoints$/, 'list'],
  ['GET', /^\/v1\/webhook_endpoints\/[^/]+$/, 'retrieve'],
  ['PATCH', /^\/v1\/webhook_endpoints\/[^/]+$/, 'update'],
  ['DELETE', /^\/v1\/webhook_endpoints\/[^/]+$/, 'delete'],
  ['POST', /^\/v1\/webhook_endpoints\/[^/]+\/rotate_secret$/, 'rotate'],
  ['GET', /^\/v1\/webhook_deliveries$/, 'deliveries'],
  ['GET', /^\/v1\/webhook_deliveries\/[^/]+$/, 'delivery'],
  ['POST', /^\/v1\/webhook_deliveries\/[^/]+\/redeliver$/, 'redeliver'],
];

/** A fetch that records each request (method, URL, headers, body) and answers from `canned`. */
export function createRecorder(canned) {
  const recorder = {
    attempts: 0,
    log: [],
    /** Why fetch itself refused the last request (invalid header value, URL...), if it did. */
    refusedByFetch: undefined,
    reset() {
      this.attempts = 0;
      this.log = [];
      this.refusedByFetch = undefined;
    },
    /** The requests since reset(), as one comparable string. */
    signature() {
      return this.log.join('\n');
    },
    fetch: async (input, init) => {
      recorder.attempts++;
      // Built like fetch builds it, so what fetch refuses (header values that
      // are not ByteStrings, bad URLs) is refused here the same way.
      let request;
      try {
        request = new Request(input, init);
      } catch (error) {
        recorder.refusedByFetch = `${error?.name}: ${error?.message}`;
        throw error;
      }
      const headers = [...request.headers].filter(([name]) => name !== 'idempotency-key').map(([n, v]) => `${n}: ${v}`).sort();
      const body = request.body ? await request.text() : '';
      const url = new URL(request.url);
      recorder.log.push(`${request.method} ${request.url} | ${headers.join(' | ')} | ${body}`);
      const route = ROUTES.find(([method, path]) => method === request.method && path.test(url.pathname));
      const answer = route ? canned[route[2]] : { status: 404, body: '{"error":"not found"}' };
      return new Response(answer.body, { status: answer.status, headers: { 'content-type': 'application/json', 'x-request-id': 'req_0123456789abcdef01234567' } });
    },
  };
  return recorder;
}

/** A deep copy of plain objects and arrays (functions and signals are kept as they are). */
function clone(value) {
  if (Array.isArray(value)) return value.map(clone);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
  }
  return value;
}

function setPath(args, path, value) {
  let target = args;
  for (const key of path.slice(0, -1)) target = target[key];
  target[path[path.length - 1]] = value;
  return args;
}

function getPath(args, path) {
  return path.reduce((target, key) => target[key], args);
}

/**
 * The client call sites. `ids` holds a real endpoint id and delivery id.
 * Each site: { id, family: 'client', call(args, receiver?), baseArgs(), slots,
 * method?: true when a hostile receiver (`this`) applies }.
 */
export function clientSites(pkg, recorder, ids) {
  const signal = new AbortController().signal;
  const clientOptions = () => ({ apiKey: API_KEY, baseUrl: BASE_URL, fetchImpl: recorder.fetch, timeoutMs: 5000, maxRetries: 0, headers: { 'X-Extra': 'yes' } });
  const createParams = () => ({ url: 'https://example.com/hooks', description: 'hostile corpus', enabled_events: ['call.completed'] });
  const updateParams = () => ({ url: 'https://example.com/hooks2', description: 'changed', enabled_events: ['call.failed'], status: 'disabled' });
  const listParams = () => ({ endpoint_id: ids.endpoint, call_id: 'call_hostile_0001', status: 'pending', limit: 10 });
  const requestOptions = () => ({ timeoutMs: 5000, maxRetries: 0, headers: { 'X-Extra': 'yes' } });
  const client = new pkg.CallingBox(clientOptions());
  const endpoints = client.webhookEndpoints;
  const deliveries = client.webhookDeliveries;

  const slot = (name, type, path, base, fields) => ({ name, type, path, base, fields });
  const CLIENT_FIELDS = ['apiKey', 'baseUrl', 'fetchImpl', 'timeoutMs', 'maxRetries', 'signal', 'headers', 'dangerouslyAllowBrowser'];
  const REQUEST_FIELDS = ['signal', 'timeoutMs', 'maxRetries', 'headers'];
  const OWN_KEYS = null;
  const optionSlots = (i, names) => names.map((name) => {
    const table = {
      options: slot('options', 'object', [i], requestOptions(), REQUEST_FIELDS),
      'options.timeoutMs': slot('options.timeoutMs', 'number', [i, 'timeoutMs'], 5000),
      'options.maxRetries': slot('options.maxRetries', 'number', [i, 'maxRetries'], 0),
      'options.signal': slot('options.signal', 'signal', [i, 'signal'], signal),
      'options.headers': slot('options.headers', 'object', [i, 'headers'], { 'X-Extra': 'yes' }, OWN_KEYS),
      'options.headers.X-Extra': slot('options.headers.X-Extra', 'headerValue', [i, 'headers', 'X-Extra'], 'yes'),
    };
    return table[name];
  });
  const paramSlots = (i, base, names) => [
    // The base params carry every documented field of their call.
    slot('params', 'object', [i], base, Object.keys(base)),
    ...names.map((name) => {
      const value = base[name];
      const type = Array.isArray(value) ? 'array' : typeof value;
      return slot(`params.${name}`, type, [i, name], value);
    }),
  ];
  const idSlot = (id) => slot('id', 'string', [0], id);

  const sites = [
    {
      id: 'new CallingBox',
      baseArgs: () => [clientOptions()],
      call: (args) => new pkg.CallingBox(...args).webhookEndpoints.list(),
      slots: [
        slot('options', 'object', [0], clientOptions(), CLIENT_FIELDS),
        slot('options.apiKey', 'string', [0, 'apiKey'], API_KEY),
        slot('options.baseUrl', 'string', [0, 'baseUrl'], BASE_URL),
        slot('options.fetchImpl', 'function', [0, 'fetchImpl'], recorder.fetch),
        slot('options.timeoutMs', 'number', [0, 'timeoutMs'], 5000),
        slot('options.maxRetries', 'number', [0, 'maxRetries'], 0),
        slot('options.signal', 'signal', [0, 'signal'], signal),
        slot('options.headers', 'object', [0, 'headers'], { 'X-Extra': 'yes' }, OWN_KEYS),
        slot('options.headers.X-Extra', 'headerValue', [0, 'headers', 'X-Extra'], 'yes'),
        slot('options.dangerouslyAllowBrowser', 'boolean', [0, 'dangerouslyAllowBrowser'], false),
      ],
    },
    {
      id: 'createWebhookEndpoint',
      baseArgs: () => [createParams(), clientOptions()],
      call: (args) => pkg.createWebhookEndpoint(...args),
      slots: [
        ...paramSlots(0, createParams(), ['url', 'description', 'enabled_events']),
        slot('params.enabled_events[0]', 'string', [0, 'enabled_events', 0], 'call.completed'),
        slot('options', 'object', [1], clientOptions(), CLIENT_FIELDS),
        slot('options.apiKey', 'string', [1, 'apiKey'], API_KEY),
        slot('options.timeoutMs', 'number', [1, 'timeoutMs'], 5000),
        slot('options.headers.X-Extra', 'headerValue', [1, 'headers', 'X-Extra'], 'yes'),
      ],
    },
    {
      id: 'webhookEndpoints.create',
      method: [endpoints, 'create'],
      baseArgs: () => [createParams(), requestOptions()],
      slots: [
        ...paramSlots(0, createParams(), ['url', 'description', 'enabled_events']),
        slot('params.enabled_events[0]', 'string', [0, 'enabled_events', 0], 'call.completed'),
        ...optionSlots(1, ['options', 'options.timeoutMs', 'options.maxRetries', 'options.signal', 'options.headers', 'options.headers.X-Extra']),
      ],
    },
    { id: 'webhookEndpoints.list', method: [endpoints, 'list'], baseArgs: () => [requestOptions()], slots: optionSlots(0, ['options', 'options.timeoutMs', 'options.headers.X-Extra']) },
    { id: 'webhookEndpoints.retrieve', method: [endpoints, 'retrieve'], baseArgs: () => [ids.endpoint, requestOptions()], slots: [idSlot(ids.endpoint), ...optionSlots(1, ['options'])] },
    {
      id: 'webhookEndpoints.update',
      method: [endpoints, 'update'],
      baseArgs: () => [ids.endpoint, updateParams(), requestOptions()],
      slots: [idSlot(ids.endpoint), ...paramSlots(1, updateParams(), ['url', 'description', 'status', 'enabled_events'])],
    },
    { id: 'webhookEndpoints.delete', method: [endpoints, 'delete'], baseArgs: () => [ids.endpoint, requestOptions()], slots: [idSlot(ids.endpoint), ...optionSlots(1, ['options.maxRetries'])] },
    { id: 'webhookEndpoints.rotateSecret', method: [endpoints, 'rotateSecret'], baseArgs: () => [ids.endpoint, requestOptions()], slots: [idSlot(ids.endpoint), ...optionSlots(1, ['options'])] },
    {
      id: 'webhookDeliveries.list',
      method: [deliveries, 'list'],
      baseArgs: () => [listParams(), requestOptions()],
      slots: [...paramSlots(0, listParams(), ['endpoint_id', 'call_id', 'status', 'limit']), ...optionSlots(1, ['options'])],
    },
    {
      id: 'webhookDeliveries.iterate',
      method: [deliveries, 'iterate'],
      then: (iterator) => iterator.next(),
      baseArgs: () => [listParams(), requestOptions()],
      slots: [...paramSlots(0, listParams(), ['limit']), ...optionSlots(1, ['options'])],
    },
    { id: 'webhookDeliveries.retrieve', method: [deliveries, 'retrieve'], baseArgs: () => [ids.delivery, requestOptions()], slots: [idSlot(ids.delivery), ...optionSlots(1, ['options.headers'])] },
    { id: 'webhookDeliveries.redeliver', method: [deliveries, 'redeliver'], baseArgs: () => [ids.delivery, requestOptions()], slots: [idSlot(ids.delivery), ...optionSlots(1, ['options'])] },
  ];

  return sites.map((site) => {
    const [receiver, name] = site.method ?? [];
    // `hostile` (when given) is the `this` to call the method with instead of its own object.
    const call = site.call ?? ((args, hostile) => {
      const answer = receiver[name].apply(hostile ? hostile.self : receiver, args);
      return site.then ? site.then(answer) : answer;
    });
    return {
      ...site,
      family: 'client',
      call,
      slots: site.slots.map((s) => ({
        ...s,
        family: 'client',
        build: (value) => setPath(clone(site.baseArgs()), s.path, value),
        base: s.base ?? getPath(site.baseArgs(), s.path),
      })),
      /** Hostile receivers for a method: a freed object, no `this`, a plain object. */
      receivers: site.method ? () => {
        const owner = new pkg.CallingBox(clientOptions());
        const freed = site.id.startsWith('webhookEndpoints') ? owner.webhookEndpoints : owner.webhookDeliveries;
        freed.free();
        return [{ self: freed }, { self: undefined }, { self: {} }];
      } : undefined,
    };
  });
}
