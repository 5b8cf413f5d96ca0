// The CallingBox API emulator, programmatic entry: startEmulator(options).
// The CLI's `emulator` command (cli/emulator.js) wraps it for the command
// line, and the testing entry (testing/index.js) for unit tests.
import http from 'node:http';
import { createApi } from './api.js';
import { createControl } from './control.js';
import { DeliveryEngine } from './engine.js';
import { FaultQueue, defaultFaultError, faultProcesses } from './faults.js';
import {
  RequestLog, checkAuth, errorBody, errorResult, preflightResult, readBody, sendResult, setCommonHeaders,
} from './http.js';
import { Store, deliveryDetails, newestFirst } from './store.js';
import { ApiError, DEFAULT_API_KEY, newRequestId } from './util.js';

const HOST = '127.0.0.1';
const CONTROL_PREFIX = '/_emulator/';

/**
 * Starts the emulator on 127.0.0.1.
 * @param {object} [options]
 * @param {number} [options.port=0] 0 picks a free port
 * @param {string[]} [options.apiKeys=['sk_test_emulator_key']]
 * @param {number} [options.timeScale=1] retry delays (and the 10 s timeout, floor 1 s) are divided by it
 * @param {boolean} [options.allowHttpLocalhost=false]
 * @param {string|null} [options.stateFile=null]
 * @param {'string'|'object'} [options.errorFormat='string']
 * @param {'data'|'bare'} [options.listFormat='data']
 * @param {(line: string) => void} [options.log] never receives keys or secrets
 * @returns {Promise<{url: string, port: number, apiKey: string, close: () => Promise<void>,
 *   control: (method: string, path: string, body?: object) => Promise<{status: number, body: any}>,
 *   deliveries: () => object[], onDelivery: (listener: (delivery: object) => void) => () => void}>}
 *   `control` calls a control route (`/_emulator/...`) in-process; `deliveries`
 *   lists every delivery (oldest first) with its body and attempts, and
 *   `onDelivery` hears each change of one, in the same form.
 */
export async function startEmulator(options = {}) {
  const config = {
    port: options.port ?? 0,
    apiKeys: options.apiKeys?.length ? [...options.apiKeys] : [DEFAULT_API_KEY],
    timeScale: options.timeScale ?? 1,
    allowHttpLocalhost: options.allowHttpLocalhost ?? false,
    stateFile: options.stateFile ?? null,
    errorFormat: options.errorFormat ?? 'string',
    listFormat: options.listFormat ?? 'data',
  };
  if (!(config.timeScale > 0) || !Number.isFinite(config.timeScale)) throw new Error('timeScale must be a positive number');
  const log = options.log ?? (() => {});

  const store = new Store({ stateFile: config.stateFile, log });
  store.load();
  store.save(); // fail now, not on the first change, if the state file cannot be written

  const ctx = {
    config,
    log,
    store,
    engine: new DeliveryEngine({ store, timeScale: config.timeScale, log }),
    faults: new FaultQueue(),
    requestLog: new RequestLog(),
    waits: new Set(), // pending delay_ms faults, cancelled by reset and close
  };
  ctx.api = createApi(ctx);
  ctx.control = createControl(ctx);
  ctx.resetAll = () => resetAll(ctx);

  const server = http.createServer((req, res) => {
    handleRequest(ctx, req, res).catch((error) => {
      log(`internal error: ${error.message}`);
      if (!res.headersSent) sendResult(res, errorResult(error, config.errorFormat));
      else res.destroy();
    });
  });
  await listen(server, config.port);
  const { port } = server.address();
  ctx.engine.resumeAll();

  let closing;
  const close = () => {
    closing ??= (async () => {
      ctx.engine.close();
      cancelWaits(ctx);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    })();
    return closing;
  };
  const control = async (method, path, body) => {
    const url = new URL(path, `http://${HOST}`);
    try {
      const bodyText = body === undefined ? '' : JSON.stringify(body);
      return await ctx.control({ method, pathname: url.pathname, query: url.searchParams, bodyText });
    } catch (error) {
      return errorResult(error, 'string');
    }
  };
  const deliveries = () => [...ctx.store.deliveries.values()].sort((a, b) => -newestFirst(a, b)).map(deliveryDetails);
  const onDelivery = (listener) => ctx.engine.onChange((delivery) => listener(deliveryDetails(delivery)));
  return { url: `http://${HOST}:${port}`, port, apiKey: config.apiKeys[0], close, control, deliveries, onDelivery };
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function resetAll(ctx) {
  ctx.engine.reset();
  cancelWaits(ctx);
  ctx.store.clear();
  ctx.faults.clear();
  ctx.requestLog.clear();
  ctx.store.saveQuietly();
}

function cancelWaits(ctx) {
  for (const cancel of ctx.waits) cancel();
  ctx.waits.clear();
}

/** Waits for a delay fault; resolves false if reset/close cancelled it. */
function faultDelay(ctx, ms) {
  return new Promise((resolve) => {
    const cancel = () => {
      clearTimeout(timer);
      ctx.waits.delete(cancel);
      resolve(false);
    };
    const timer = setTimeout(() => {
      ctx.waits.delete(cancel);
      resolve(true);
    }, ms);
    ctx.waits.add(cancel);
  });
}

function parseRequestUrl(rawUrl) {
  try {
    return new URL(rawUrl, `http://${HOST}`);
  } catch {
    return null;
  }
}

async function handleRequest(ctx, req, res) {
  setCommonHeaders(req, res, newRequestId());
  const url = parseRequestUrl(req.url);
  if (!url) {
    sendResult(res, { status: 400, body: errorBody('malformed request target', 'invalid_request', ctx.config.errorFormat) });
    return;
  }
  if (url.pathname.startsWith(CONTROL_PREFIX)) await handleControlRequest(ctx, req, res, url);
  else await handleApiRequest(ctx, req, res, url);
}

/** Control routes: no auth, no faults, not logged; errors always in the string form. */
async function handleControlRequest(ctx, req, res, url) {
  const body = await readBody(req).catch(() => null);
  if (!body) return;
  let result;
  if (req.method === 'OPTIONS') result = preflightResult(req);
  else if (body.tooLarge) result = { status: 413, body: { error: 'request body larger than 1 MiB' } };
  else {
    try {
      result = await ctx.control({ method: req.method, pathname: url.pathname, query: url.searchParams, bodyText: body.text });
    } catch (error) {
      result = errorResult(error, 'string');
    }
  }
  sendResult(res, result);
}

/**
 * API requests: logged, may consume a queued fault, then processed
 * (preflight, auth, route) unless a status fault answers instead.
 */
async function handleApiRequest(ctx, req, res, url) {
  const { config } = ctx;
  const requestId = res.getHeader('x-request-id');
  const auth = checkAuth(req.headers.authorization, config.apiKeys);
  const entry = ctx.requestLog.start({ requestId, req, url, authValid: auth.valid });
  const startedMs = Date.now();
  const answer = (result) => {
    sendResult(res, result);
    entry.status = result.status;
    ctx.log(`${req.method} ${url.pathname} -> ${result.status} ${requestId} (${Date.now() - startedMs} ms)`);
  };

  const body = await readBody(req).catch(() => null);
  if (!body) return; // the client went away mid-upload
  if (body.tooLarge) {
    answer({ status: 413, body: errorBody('request body larger than 1 MiB', 'payload_too_large', config.errorFormat) });
    return;
  }
  entry.body = body.text;

  const fault = ctx.faults.take(req.method, url.pathname);
  entry.fault = fault;
  if (fault?.delay_ms !== undefined && !(await faultDelay(ctx, fault.delay_ms))) {
    entry.dropped = true; // reset or shutdown while waiting
    res.destroy();
    return;
  }
  const retryAfter = fault?.retry_after !== undefined ? { 'Retry-After': fault.retry_after } : {};
  if (!faultProcesses(fault)) {
    answer(statusFaultResult(fault, retryAfter, config.errorFormat));
    return;
  }

  entry.processed = true;
  const result = await processApiRequest(ctx, req, url, body.text, auth);
  if (fault?.drop_after_processing) {
    entry.dropped = true;
    ctx.log(`${req.method} ${url.pathname} -> processed (${result.status}), connection dropped ${requestId}`);
    res.destroy();
    return;
  }
  if (fault?.raw_body !== undefined) {
    answer({ status: fault.status ?? 200, rawBody: fault.raw_body, headers: retryAfter });
    return;
  }
  answer({ ...result, headers: { ...result.headers, ...retryAfter } });
}

async function processApiRequest(ctx, req, url, bodyText, auth) {
  if (req.method === 'OPTIONS') return preflightResult(req);
  try {
    if (!auth.valid) return errorResult(new ApiError(401, auth.message, 'unauthorized'), ctx.config.errorFormat);
    return await ctx.api({ method: req.method, pathname: url.pathname, query: url.searchParams, bodyText });
  } catch (error) {
    return errorResult(error, ctx.config.errorFormat);
  }
}

function statusFaultResult(fault, headers, errorFormat) {
  if ('body' in fault) return { status: fault.status, body: fault.body, headers };
  const [message, code] = defaultFaultError(fault.status);
  return { status: fault.status, body: errorBody(message, code, errorFormat), headers };
}
