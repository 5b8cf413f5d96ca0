// Setup shared by the hostile suites: the packed tarball installed into a
// throwaway project (with entry.mjs importing both entries by package name,
// as a user would), and the emulator with one endpoint and one delivery,
// whose real answers the workers' fetch recorder replays.
import { installTarball } from '../../support/tarball.mjs';
import { spawnEmulator } from '../../emulator/spawn.mjs';
import { API_KEY } from './common.mjs';

/** Installs the tarball; resolves { dir, remove() }. */
export async function installPackage(label) {
  return installTarball(label, {
    packageJson: { type: 'module' },
    files: {
      'entry.mjs': "export * as full from 'callingbox-webhooks';\nexport * as verify from 'callingbox-webhooks/verify';\n",
      'full.mjs': "export * from 'callingbox-webhooks';\n",
      'verify.mjs': "export * from 'callingbox-webhooks/verify';\n",
    },
  });
}

async function api(url, method, path, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.text() };
}

/**
 * Starts the emulator and records one real answer per route. Resolves
 * { emulator: { url, endpointId, ids }, canned, stop() }.
 */
export async function startRecordedEmulator() {
  const emu = await spawnEmulator(['--port', '0', '--quiet', '--allow-http-localhost', '--time-scale', '36000']);
  try {
    // Deliveries go to a closed port: they fail fast and stay in the list.
    const create = await api(emu.url, 'POST', '/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/hooks', description: 'hostile corpus' });
    const endpoint = JSON.parse(create.body);
    const events = await fetch(`${emu.url}/_emulator/events`, { method: 'POST', body: JSON.stringify({ type: 'call.completed' }) });
    const { deliveries } = await events.json();
    const deliveryId = deliveries[0].id;
    const spare = JSON.parse((await api(emu.url, 'POST', '/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/spare' })).body);
    const canned = {
      create,
      list: await api(emu.url, 'GET', '/v1/webhook_endpoints'),
      retrieve: await api(emu.url, 'GET', `/v1/webhook_endpoints/${endpoint.id}`),
      update: await api(emu.url, 'PATCH', `/v1/webhook_endpoints/${spare.id}`, { description: 'changed' }),
      rotate: await api(emu.url, 'POST', `/v1/webhook_endpoints/${spare.id}/rotate_secret`),
      deliveries: await api(emu.url, 'GET', '/v1/webhook_deliveries?limit=10'),
      delivery: await api(emu.url, 'GET', `/v1/webhook_deliveries/${deliveryId}`),
      redeliver: await api(emu.url, 'POST', `/v1/webhook_deliveries/${deliveryId}/redeliver`),
      delete: await api(emu.url, 'DELETE', `/v1/webhook_endpoints/${spare.id}`),
    };
    for (const [route, answer] of Object.entries(canned)) {
      if (answer.status >= 300) throw new Error(`recording ${route}: the emulator answered ${answer.status} ${answer.body}`);
    }
    return {
      emulator: { url: emu.url, endpointId: endpoint.id, ids: { endpoint: endpoint.id, delivery: deliveryId } },
      canned,
      stop: () => emu.stop(),
    };
  } catch (error) {
    await emu.stop();
    throw error;
  }
}
