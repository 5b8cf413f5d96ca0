// Shared by the dashboard tests: the emulator + proxy + a receiver that
// answers 200, and screenshot helpers.
import http from 'node:http';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnEmulator } from '../emulator/spawn.mjs';
import { API_PREFIX, startDashboardServer } from '../../www/server/server.mjs';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOT_DIR = path.join(REPO, 'artifacts', 'screenshots');
export const README_SCREENSHOT_DIR = path.join(REPO, 'www', 'screenshots');
export const API_KEY = 'sk_test_emulator_key';

/** A receiver that records every request and answers 200, except under /hang (never answers: the attempt times out). */
export async function startOkReceiver() {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url.startsWith('/hang')) return;
      requests.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"received":true}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

/** Emulator (child process, free port, fast retries) behind the dashboard proxy (free port). */
export async function startStack({ emulatorControl = true, onSigningSecret } = {}) {
  const emulator = await spawnEmulator(['--port', '0', '--allow-http-localhost', '--time-scale', '36000', '--quiet']);
  const dashboard = await startDashboardServer({
    port: 0, upstream: emulator.url, apiKey: API_KEY, emulatorControl, onSigningSecret,
  });
  return {
    emulator,
    dashboard,
    apiBase: `${dashboard.url}${API_PREFIX}`,
    control: (route, body) => fetch(`${emulator.url}/_emulator/${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => {
      const json = await r.json();
      if (!r.ok) throw new Error(`emulator ${route}: ${r.status} ${JSON.stringify(json)}`);
      return json;
    }),
    async stop() {
      await dashboard.close();
      await emulator.stop();
    },
  };
}

/**
 * Saves artifacts/screenshots/<name>.png; with UPDATE_SCREENSHOTS=1 also
 * copies it to www/screenshots/ (committed, used by the README).
 */
export async function screenshot(page, name, { readme = false, fullPage = false, toasts = false } = {}) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Confirmation toasts from earlier steps would clutter the picture.
  if (!toasts) await page.evaluate(() => document.getElementById('toasts')?.replaceChildren());
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: 'disabled', caret: 'hide' });
  if (readme && process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir(README_SCREENSHOT_DIR, { recursive: true });
    await copyFile(file, path.join(README_SCREENSHOT_DIR, `${name}.png`));
  }
  return file;
}
