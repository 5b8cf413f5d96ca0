// The dashboard's backend: one HTTP server on 127.0.0.1 that
//   - serves the dashboard (www/) at /, and the built package (pkg/) at /pkg/;
//   - proxies /api/callingbox/v1/webhook_endpoints… and …/webhook_deliveries…
//     to the CallingBox API (or the emulator), adding `Authorization: Bearer sk_…`
//     on the way out. The key lives only in this process: the page never sees it;
//   - in emulator mode, also forwards POST /api/emulator/calls and /events to the
//     emulator's control routes so the dashboard can simulate a call.
//
// Programmatic: startDashboardServer(options) -> { url, port, close }.
// Command line (the key comes from the environment, never from a flag, so it
// does not show up in `ps`):
//   CALLINGBOX_API_KEY=sk_live_… node www/server/server.mjs --port 5173 --upstream https://api.callingbox.io
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const WWW_DIR = path.resolve(HERE, '..');
export const PKG_DIR = path.resolve(HERE, '../../pkg');
export const API_PREFIX = '/api/callingbox';
const EMULATOR_PREFIX = '/api/emulator';
const BODY_LIMIT = 1024 * 1024;

// Only the webhook resources go through: the proxy is not an open door to
// every route the key can reach.
const API_ROUTES = /^\/v1\/(webhook_endpoints|webhook_deliveries)(\/[A-Za-z0-9_-]+(\/(rotate_secret|redeliver))?)?$/;
const EMULATOR_ROUTES = new Set(['POST /calls', 'POST /events']);
// The emulator's record of one delivery (attempt history and payload), which
// the portal shows, labelled, when connected to the emulator.
const EMULATOR_DELIVERY = /^\/deliveries\/[A-Za-z0-9_-]+$/;

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

// Request headers never forwarded upstream: hop-by-hop, the browser's
// identity and credentials, and whatever the proxy sets itself.
const DROP_REQUEST_HEADERS = new Set([
  'host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer',
  'content-length', 'authorization', 'cookie', 'origin', 'referer', 'accept-encoding',
  'proxy-authorization', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto',
]);
const DROP_RESPONSE_HEADERS = new Set([
  'connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length', 'set-cookie',
  'access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers',
  'access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age', 'vary',
]);

// The page may talk to its own proxy, to another proxy the user types in, or
// (with a visible warning) straight to an API: connect-src cannot be narrower.
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  'connect-src \'self\' https: http://127.0.0.1:* http://localhost:*',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * @param {object} options
 * @param {string} options.upstream base URL of the CallingBox API or the emulator (no trailing /v1)
 * @param {string} [options.apiKey] the sk_ key added to every proxied request
 * @param {number} [options.port=0] 0 picks a free port
 * @param {boolean} [options.emulatorControl=false] forward /api/emulator/{calls,events} to the upstream's control routes
 * @param {string[]} [options.allowedOrigins=[]] other origins (a dashboard served elsewhere) allowed to call the proxy
 * @param {string} [options.wwwDir] @param {string} [options.pkgDir]
 * @param {(endpoint: {id: string, url: string, signing_secret: string}) => void} [options.onSigningSecret]
 *   called with each secret create or rotate returns (the demo hands it to its local receiver)
 * @param {(line: string) => void} [options.log] never receives keys or secrets
 */
export async function startDashboardServer(options) {
  const config = {
    upstream: String(options.upstream ?? '').replace(/\/+$/, ''),
    apiKey: options.apiKey ?? null,
    emulatorControl: options.emulatorControl ?? false,
    allowedOrigins: new Set(options.allowedOrigins ?? []),
    wwwDir: options.wwwDir ?? WWW_DIR,
    pkgDir: options.pkgDir ?? PKG_DIR,
    onSigningSecret: options.onSigningSecret ?? null,
    log: options.log ?? (() => {}),
  };
  if (!/^https?:\/\/[^/]+/.test(config.upstream)) throw new Error('upstream must be an http(s):// URL');
  if (config.apiKey !== null && !/^[\x21-\x7e]+$/.test(config.apiKey)) throw new Error('apiKey must be visible ASCII');

  const state = { port: 0 };
  const server = http.createServer((req, res) => {
    handle(config, state, req, res).catch((error) => {
      config.log(`proxy: internal error: ${error.message}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal proxy error' });
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  state.port = server.address().port;
  let closing;
  return {
    url: `http://127.0.0.1:${state.port}`,
    port: state.port,
    close: () => {
      closing ??= new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

async function handle(config, state, req, res) {
  const url = parseTarget(req.url);
  if (!url) return sendJson(res, 400, { error: 'malformed request target' });

  // DNS rebinding: a page on evil.example resolving to 127.0.0.1 would send
  // its own Host. Only the loopback names of this very port are served.
  const ownOrigins = [`http://127.0.0.1:${state.port}`, `http://localhost:${state.port}`, `http://[::1]:${state.port}`];
  if (!ownOrigins.includes(`http://${req.headers.host ?? ''}`)) {
    return sendJson(res, 421, { error: `unexpected Host header; open the dashboard at http://127.0.0.1:${state.port}` });
  }

  const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
  const isEmulator = url.pathname.startsWith(`${EMULATOR_PREFIX}/`);
  const isInfo = url.pathname === '/api/info';
  if (isApi || isEmulator || isInfo) {
    // Cross-site requests (CSRF from another tab) are refused; a dashboard
    // served elsewhere must be listed in allowedOrigins.
    const origin = req.headers.origin;
    const crossOrigin = origin !== undefined && origin !== 'null' && !ownOrigins.includes(origin);
    const allowedCross = crossOrigin && config.allowedOrigins.has(origin);
    if ((crossOrigin && !allowedCross) || origin === 'null'
      || (req.headers['sec-fetch-site'] === 'cross-site' && !allowedCross)) {
      return sendJson(res, 403, { error: 'cross-origin request refused by the dashboard proxy' });
    }
    if (allowedCross) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'x-request-id, retry-after');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE',
          'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Content-Type',
          'Access-Control-Max-Age': '600',
        });
        return res.end();
      }
    }
    res.setHeader('Cache-Control', 'no-store');
    if (isInfo) return sendInfo(config, req, res);
    if (isEmulator) return forwardEmulator(config, req, res, url);
    return forwardApi(config, req, res, url);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendJson(res, 405, { error: 'method not allowed' });
  }
  return serveStatic(config, req, res, url);
}

function parseTarget(raw) {
  if (!raw.startsWith('/')) return null;
  try {
    return new URL(raw, 'http://127.0.0.1');
  } catch {
    return null;
  }
}

function sendInfo(config, req, res) {
  if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
  // What the page may know: where requests go and whether a key is set, never the key.
  return sendJson(res, 200, {
    api_base_path: API_PREFIX,
    upstream: config.upstream,
    mode: config.emulatorControl ? 'emulator' : 'api',
    key_configured: config.apiKey !== null,
    emulator_control: config.emulatorControl,
  });
}

async function forwardApi(config, req, res, url) {
  const rest = url.pathname.slice(API_PREFIX.length);
  if (!API_ROUTES.test(rest)) {
    return sendJson(res, 404, { error: `the dashboard proxy does not forward ${req.method} ${rest || '/'}` });
  }
  if (req.headers.authorization !== undefined) {
    // The proxy holds the key. A page sending one means a key reached the
    // browser: refuse loudly instead of quietly replacing it.
    return sendJson(res, 400, {
      error: 'requests to the dashboard proxy must not carry an Authorization header: the proxy adds the key itself',
    });
  }
  if (!config.apiKey) {
    // The proxy's own errors carry no x-request-id (every CallingBox answer
    // does): the portal tells them apart by that and says whose problem it is.
    return sendJson(res, 500, { error: 'The dashboard proxy has no API key: set CALLINGBOX_API_KEY where it runs.' });
  }
  const body = await readBody(req);
  if (body === null) return undefined;
  if (body === false) return sendJson(res, 413, { error: 'request body larger than 1 MiB' });

  const headers = forwardableHeaders(req.headers);
  headers.authorization = `Bearer ${config.apiKey}`;
  const target = `${config.upstream}${rest}${url.search}`;
  const started = Date.now();
  const upstream = await fetchUpstream(target, req.method, headers, body);
  if (upstream.error) {
    config.log(`proxy: ${req.method} ${rest} -> upstream unreachable (${upstream.error})`);
    return sendJson(res, 502, { error: `The dashboard proxy could not reach ${config.upstream} (${upstream.error}).` });
  }
  const { response, text } = upstream;
  config.log(`proxy: ${req.method} ${rest}${url.search} -> ${response.status} ${response.headers.get('x-request-id') ?? ''} (${Date.now() - started} ms)`);
  if (config.onSigningSecret && response.ok && req.method === 'POST'
    && (rest === '/v1/webhook_endpoints' || rest.endsWith('/rotate_secret'))) {
    try {
      const endpoint = JSON.parse(text);
      if (typeof endpoint?.signing_secret === 'string') config.onSigningSecret(endpoint);
    } catch { /* not JSON: nothing to hand over */ }
  }
  return relay(res, response, text);
}

async function forwardEmulator(config, req, res, url) {
  const rest = url.pathname.slice(EMULATOR_PREFIX.length);
  const allowed = EMULATOR_ROUTES.has(`${req.method} ${rest}`) || (req.method === 'GET' && EMULATOR_DELIVERY.test(rest));
  if (!config.emulatorControl || !allowed) {
    return sendJson(res, 404, { error: 'emulator controls are available only when the proxy runs against the emulator' });
  }
  const body = await readBody(req);
  if (body === null) return undefined;
  if (body === false) return sendJson(res, 413, { error: 'request body larger than 1 MiB' });
  const upstream = await fetchUpstream(`${config.upstream}/_emulator${rest}`, req.method, { 'content-type': 'application/json' }, body);
  if (upstream.error) return sendJson(res, 502, { error: `the dashboard proxy could not reach the emulator: ${upstream.error}` });
  return relay(res, upstream.response, upstream.text);
}

async function fetchUpstream(target, method, headers, body) {
  try {
    const response = await fetch(target, {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' || body.length === 0 ? undefined : body,
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    });
    return { response, text: Buffer.from(await response.arrayBuffer()) };
  } catch (error) {
    return { error: error.cause?.code ?? error.name ?? 'network error' };
  }
}

function relay(res, response, text) {
  const headers = {};
  for (const [name, value] of response.headers) {
    if (!DROP_RESPONSE_HEADERS.has(name)) headers[name] = value;
  }
  headers['cache-control'] = 'no-store';
  headers['content-length'] = String(text.length);
  if (res.getHeader('access-control-allow-origin')) {
    headers['access-control-allow-origin'] = res.getHeader('access-control-allow-origin');
  }
  res.writeHead(response.status, headers);
  res.end(text);
}

function forwardableHeaders(incoming) {
  const headers = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (DROP_REQUEST_HEADERS.has(name) || name.startsWith('sec-')) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Resolves a Buffer, false when over the limit, null when the client went away. */
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    let ended = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
      else if (size > 8 * BODY_LIMIT) req.destroy();
    });
    req.on('end', () => {
      ended = true;
      resolve(size > BODY_LIMIT ? false : Buffer.concat(chunks));
    });
    req.on('close', () => { if (!ended) resolve(null); });
    req.on('error', () => {});
  });
}

async function serveStatic(config, req, res, url) {
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return sendText(res, 400, 'bad path');
  }
  let root = config.wwwDir;
  let rel = pathname;
  if (pathname === '/pkg' || pathname.startsWith('/pkg/')) {
    root = config.pkgDir;
    rel = pathname.slice('/pkg'.length);
  }
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const segments = rel.split('/').filter(Boolean);
  // No dotfiles, no traversal, and never the server's own sources or installed modules.
  if (segments.some((s) => s.startsWith('.') || s.includes('\\') || s.includes('\0'))
    || (root === config.wwwDir && ['server', 'node_modules', 'package.json', 'package-lock.json'].includes(segments[0]))) {
    return sendText(res, 404, 'not found');
  }
  const file = path.join(root, ...segments);
  if (!file.startsWith(root + path.sep)) return sendText(res, 404, 'not found');
  let info;
  try {
    info = await stat(file);
  } catch {
    return sendText(res, 404, 'not found');
  }
  if (!info.isFile()) return sendText(res, 404, 'not found');
  const body = await readFile(file);
  res.writeHead(200, {
    'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'content-length': String(body.length),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': CSP,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return undefined;
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

// ---- command line -------------------------------------------------------

const USAGE = `Usage: CALLINGBOX_API_KEY=sk_... node www/server/server.mjs [--port 5173] [--upstream URL] [--emulator-control] [--allow-origin ORIGIN]...

  --port N              port on 127.0.0.1 (default 5173; 0 picks a free one)
  --upstream URL        the API to forward to (default CALLINGBOX_BASE_URL or https://api.callingbox.io)
  --emulator-control    the upstream is the emulator: let the dashboard simulate calls
  --allow-origin ORIGIN also accept API requests from a dashboard served at ORIGIN

The API key is read from CALLINGBOX_API_KEY only (never a flag: it would show in ps).`;

async function main(argv) {
  const options = { port: 5173, upstream: process.env.CALLINGBOX_BASE_URL || 'https://api.callingbox.io', allowedOrigins: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help') return console.log(USAGE);
    if (arg === '--emulator-control') options.emulatorControl = true;
    else if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--upstream') options.upstream = argv[++i];
    else if (arg === '--allow-origin') options.allowedOrigins.push(argv[++i]);
    else {
      console.error(`unknown flag ${arg}\n\n${USAGE}`);
      process.exitCode = 2;
      return undefined;
    }
  }
  const apiKey = process.env.CALLINGBOX_API_KEY;
  if (!apiKey) console.error('warning: CALLINGBOX_API_KEY is not set; API requests will fail until it is');
  const server = await startDashboardServer({ ...options, apiKey, log: (line) => console.log(line) });
  console.log(`CallingBox dashboard on ${server.url} (proxy ${server.url}${API_PREFIX} -> ${options.upstream})`);
  const stop = () => server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
