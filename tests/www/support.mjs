// Shared by the dashboard tests: the emulator + proxy, a receiver that
// answers 200, the page helpers (ready, axe, layout), and the screenshot
// comparison against the committed baselines in www/screenshots/.
import http from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnEmulator } from '../emulator/spawn.mjs';
import { API_PREFIX, startDashboardServer } from '../../www/server/server.mjs';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = path.join(REPO, 'artifacts', 'screenshots');
export const BASELINES = path.join(REPO, 'www', 'screenshots');
export const API_KEY = 'sk_test_emulator_key';
const requireFromWww = createRequire(path.join(REPO, 'www', 'package.json'));

/** A receiver that records every request and answers 200, except under /hang (never answers) and /fail (500). */
export async function startOkReceiver() {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url.startsWith('/hang')) return;
      requests.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const fail = req.url.startsWith('/fail');
      res.writeHead(fail ? 500 : 200, { 'content-type': 'application/json' });
      res.end(fail ? '{"error":"boom"}' : '{"received":true}');
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

/**
 * Emulator (child process, free port) behind the dashboard proxy (free port).
 * `emulatorArgs` replace the default fast schedule; `apiKey: null` starts a
 * proxy without a key; `upstream` points the proxy elsewhere.
 */
export async function startStack({
  emulatorControl = true, onSigningSecret, emulatorArgs = ['--time-scale', '36000'], apiKey = API_KEY, upstream,
} = {}) {
  const emulator = await spawnEmulator(['--port', '0', '--allow-http-localhost', '--quiet', ...emulatorArgs]);
  const dashboard = await startDashboardServer({
    port: 0, upstream: upstream ?? emulator.url, apiKey: apiKey ?? undefined, emulatorControl, onSigningSecret,
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

/** Opens the dashboard at `hash` and waits until the portal element has loaded the package. */
export async function openDashboard(page, url, hash = '') {
  await page.goto(`${url}/${hash}`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('callingbox-webhooks-portal[data-ready="true"]');
}

/** Runs axe-core (injected; evaluate is not subject to the page's CSP); resolves the serious and critical violations. */
export async function axeViolations(page) {
  const source = readFileSync(requireFromWww.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Whether the document scrolls sideways, and which visible elements stick out of the viewport. */
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.position === 'fixed') continue;
        let scroller = el.parentElement;
        let clipped = false;
        while (scroller) {
          const s = getComputedStyle(scroller);
          if (/(auto|scroll|hidden|clip)/.test(s.overflowX)) { clipped = true; break; }
          scroller = scroller.parentElement;
        }
        if (!clipped && (box.right > width + 1 || box.left < -1)) out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} (${Math.round(box.left)}..${Math.round(box.right)})`);
      }
    };
    walk(document);
    return { scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 10) };
  });
}

// ---- screenshots ----------------------------------------------------------------

let imageTools;
async function tools() {
  if (!imageTools) {
    const { PNG } = requireFromWww('pngjs');
    const pixelmatch = (await import(requireFromWww.resolve('pixelmatch'))).default;
    imageTools = { PNG, pixelmatch };
  }
  return imageTools;
}

/** Share of pixels that may differ (after pixelmatch's anti-aliasing detection) before a comparison fails. */
export const MAX_DIFF_RATIO = 0.002;

/**
 * Compares a screenshot with its committed baseline www/screenshots/<name>.png.
 * pixelmatch ignores anti-aliased pixels (font rendering noise) and colour
 * differences under its threshold; what is left may be at most
 * MAX_DIFF_RATIO of the image. UPDATE_SCREENSHOTS=1 writes the baselines
 * instead. Every screenshot and each diff also lands in artifacts/screenshots/.
 * Resolves { ratio, diffPath } or throws with the ratio and the diff's path.
 * @param {Buffer} png
 */
export async function compareWithBaseline(png, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, `${name}.png`), png);
  const baselinePath = path.join(BASELINES, `${name}.png`);
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(BASELINES, { recursive: true });
    writeFileSync(baselinePath, png);
    return { ratio: 0, updated: true };
  }
  if (!existsSync(baselinePath)) throw new Error(`no baseline ${baselinePath}: run the suite once with UPDATE_SCREENSHOTS=1 and commit it`);
  const { PNG, pixelmatch } = await tools();
  const actual = PNG.sync.read(png);
  const expected = PNG.sync.read(readFileSync(baselinePath));
  if (actual.width !== expected.width || actual.height !== expected.height) {
    throw new Error(`${name}: the screenshot is ${actual.width}x${actual.height}, the baseline ${expected.width}x${expected.height}`);
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const different = pixelmatch(actual.data, expected.data, diff.data, actual.width, actual.height, { threshold: 0.15, includeAA: false });
  const ratio = different / (actual.width * actual.height);
  const diffPath = path.join(ARTIFACTS, `${name}.diff.png`);
  if (ratio > MAX_DIFF_RATIO) {
    writeFileSync(diffPath, PNG.sync.write(diff));
    throw new Error(`${name}: ${(ratio * 100).toFixed(3)} % of the pixels differ from ${baselinePath} (allowed ${(MAX_DIFF_RATIO * 100).toFixed(2)} %); see ${diffPath}`);
  }
  return { ratio, diffPath: null };
}

/** Saves artifacts/screenshots/<name>.png (not compared: screens whose data is not fixed). */
export async function screenshot(page, name, { readme = false, fullPage = false } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: 'disabled', caret: 'hide' });
  if (readme && process.env.UPDATE_SCREENSHOTS === '1') writeFileSync(path.join(BASELINES, `${name}.png`), readFileSync(file));
  return file;
}
