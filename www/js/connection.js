// Where the dashboard's requests go, and the package client built for it.
//
// Proxy mode (the default): baseUrl is a backend route that adds the sk_ key
// server-side; the client is built without a key, so it sends no
// Authorization header. Direct mode: the user typed a key; the client needs
// dangerouslyAllowBrowser, and a warning banner stays up while it is in use.
// The key is kept in memory only.

const STORAGE_KEY = 'callingbox-dashboard.proxyUrl';
export const DEFAULT_PROXY_PATH = '/api/callingbox';

export function defaultProxyUrl() {
  return new URL(DEFAULT_PROXY_PATH, window.location.origin).href;
}

const listeners = new Set();

export const connection = {
  /** 'proxy' | 'direct' */
  mode: 'proxy',
  proxyUrl: defaultProxyUrl(),
  directUrl: 'https://api.callingbox.io',
  /** Only set in direct mode, never stored. */
  apiKey: null,
  /** What the demo proxy says about itself (GET /api/info), or null. */
  info: null,
  client: null,
  pkg: null,
  get baseUrl() {
    return this.mode === 'proxy' ? this.proxyUrl : this.directUrl;
  },
  /** For error messages: "the proxy at …" or "the API at …". */
  get via() {
    return this.mode === 'proxy' ? `the proxy at ${this.proxyUrl}` : `the API at ${this.directUrl}`;
  },
  /** True when http:// loopback receivers make sense (the emulator, or a local API). */
  get allowsLocalReceivers() {
    if (this.mode === 'proxy') return this.info?.mode === 'emulator';
    return isLoopback(this.directUrl);
  },
  get isOwnProxy() {
    return this.mode === 'proxy' && this.proxyUrl === defaultProxyUrl();
  },
};

export function onConnectionChange(listener) {
  listeners.add(listener);
}

export function isLoopback(url) {
  try {
    const { hostname } = new URL(url);
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

/** Builds the package client for the current settings; throws the package's ValidationError. */
function buildClient(pkg) {
  const common = { baseUrl: connection.baseUrl, maxRetries: 1, timeoutMs: 20_000 };
  if (connection.mode === 'proxy') return new pkg.CallingBox(common);
  return new pkg.CallingBox({ ...common, apiKey: connection.apiKey, dangerouslyAllowBrowser: true });
}

export function initConnection(pkg) {
  connection.pkg = pkg;
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (saved) connection.proxyUrl = saved;
  connection.client = buildClient(pkg);
}

/**
 * Switches to new settings. Returns the client; throws (ValidationError) and
 * leaves the old settings in place when the package refuses them.
 */
export async function applyConnection({ mode, proxyUrl, directUrl, apiKey }) {
  const previous = { ...connection };
  Object.assign(connection, { mode, proxyUrl: proxyUrl ?? connection.proxyUrl, directUrl: directUrl ?? connection.directUrl });
  connection.apiKey = mode === 'direct' ? apiKey : null;
  try {
    connection.client = buildClient(connection.pkg);
  } catch (error) {
    Object.assign(connection, {
      mode: previous.mode, proxyUrl: previous.proxyUrl, directUrl: previous.directUrl, apiKey: previous.apiKey,
    });
    throw error;
  }
  if (mode === 'proxy') {
    if (connection.proxyUrl === defaultProxyUrl()) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, connection.proxyUrl);
  }
  await loadInfo();
  for (const listener of listeners) listener();
  return connection.client;
}

/** Asks the demo proxy what it forwards to. Only our own proxy is asked. */
export async function loadInfo() {
  connection.info = null;
  if (!connection.isOwnProxy) return null;
  try {
    const response = await fetch(new URL('/api/info', window.location.origin), { headers: { accept: 'application/json' } });
    if (response.ok) connection.info = await response.json();
  } catch {
    // Not our demo proxy: no info, no emulator controls.
  }
  return connection.info;
}

export function notifyConnectionChange() {
  for (const listener of listeners) listener();
}

/** The list calls answer `{data: [...]}` (older servers: a bare array); the client may pass either through. */
export function listOf(result) {
  if (Array.isArray(result)) return result;
  if (Array.isArray(result?.data)) return result.data;
  return [];
}
