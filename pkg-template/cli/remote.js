// Talking to an emulator that runs elsewhere (another terminal's `listen` or
// `emulator`) over plain HTTP: is one there, and its API and control routes.

/** The emulator address for a port on this machine. */
export const emulatorUrl = (port) => `http://127.0.0.1:${port}`;

/**
 * Whether a CallingBox emulator answers at `baseUrl`: 'emulator', 'nothing'
 * (connection refused) or 'other' (something else has the port).
 */
export async function probeEmulator(baseUrl) {
  try {
    const res = await fetch(`${baseUrl}/_emulator/health`, { signal: AbortSignal.timeout(2000) });
    const body = await res.json().catch(() => null);
    return res.ok && body?.ok === true ? 'emulator' : 'other';
  } catch (error) {
    return error.cause?.code === 'ECONNREFUSED' ? 'nothing' : 'other';
  }
}

/**
 * One JSON request to the emulator. Resolves {status, body}; a refused
 * connection becomes an Error that says how to start an emulator.
 * `apiKey` goes only into the Authorization header, never into a message.
 */
export async function emulatorRequest(baseUrl, method, path, { apiKey, body } = {}) {
  const headers = {};
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    if (error.cause?.code === 'ECONNREFUSED') {
      throw new Error(
        `no CallingBox emulator answers at ${baseUrl}: start one with \`npx callingbox-webhooks listen --forward-to <url>\` ` +
          '(or `npx callingbox-webhooks emulator`), pass its --port, or send straight to your receiver with --to <url> --secret <whsec_...>',
      );
    }
    throw new Error(`cannot reach the emulator at ${baseUrl}: ${error.cause?.message ?? error.message}`);
  }
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, text };
}

/** The message of an emulator error answer (either error form). */
export const errorMessage = (answer) => {
  const error = answer.body?.error;
  return typeof error === 'string' ? error : error?.message ?? `HTTP ${answer.status}`;
};
