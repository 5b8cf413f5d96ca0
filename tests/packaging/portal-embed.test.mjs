// The portal element (`callingbox-webhooks/portal`) embedded from the packed
// tarball, the way users embed it, and exercised in Chromium against the
// emulator behind the dashboard proxy (which adds the key):
//   - a plain HTML page that loads it from node_modules with a <script>, and
//     talks to a proxy on another origin (listed with allowedOrigins);
//   - a React 19 app built with Vite 7 that imports it by name, served by
//     the proxy itself, with routing="memory".
// Also: its TypeScript declarations, its size, and that none of it is in
// the main or verify entries.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from '../support/chromium.mjs';
import { run } from '../support/exec.mjs';
import { serveStatic } from '../support/static-server.mjs';
import { installTarball } from '../support/tarball.mjs';
import { bin, importTool } from '../support/tools.mjs';
import { startDashboardServer } from '../../www/server/server.mjs';
import { API_KEY, startOkReceiver, startStack } from '../www/support.mjs';

const FIXTURES = new URL('./fixtures/portal/', import.meta.url);
const fixture = (name) => readFileSync(new URL(name, FIXTURES), 'utf8');
const P = 'callingbox-webhooks-portal';

let project;
let stack;
let receiver;
let browser;
let seeded;

before(async () => {
  [project, stack, receiver, browser] = await Promise.all([
    installTarball('portal-embed', { packageJson: { type: 'module' } }),
    startStack({ emulatorControl: false }),
    startOkReceiver(),
    launchChromium(),
  ]);
  // React for the Vite app: the versions www/package-lock.json pins, from npm's cache when `make setup` filled it.
  const www = JSON.parse(readFileSync(new URL('../../www/package.json', import.meta.url), 'utf8')).devDependencies;
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier', '--prefer-offline',
    `react@${www.react}`, `react-dom@${www['react-dom']}`], { cwd: project.dir, timeoutMs: 180_000, env: { npm_config_loglevel: 'error' } });
  const endpoint = await fetch(`${stack.apiBase}/v1/webhook_endpoints`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${receiver.url}/hooks/embedded`, description: 'Embedded endpoint' }),
  }).then((r) => r.json());
  const fired = await stack.control('events', { type: 'call.completed' });
  seeded = { endpoint, delivery: fired.deliveries[0].id };
});

after(async () => {
  await browser?.close();
  await receiver?.close();
  await stack?.stop();
  project?.remove();
});

/** Opens `url`, records requests and problems; resolves { page, requests, problems }. */
async function open(url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  const problems = [];
  page.on('request', (request) => requests.push(request.allHeaders().then((headers) => ({ url: request.url(), headers, body: request.postData() ?? '' }))));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  await page.goto(url);
  await page.waitForSelector(`${P}[data-ready="true"]`, { timeout: 20_000 });
  return { page, requests, problems };
}

async function assertNoKeyInRequests(requests) {
  const all = await Promise.all(requests);
  assert.ok(all.some((r) => r.url.includes('/api/callingbox/v1/')), 'the portal called the proxy');
  for (const r of all) {
    assert.equal(r.headers.authorization, undefined, `${r.url} carries no Authorization`);
    assert.doesNotMatch(JSON.stringify(r), /sk_/, `${r.url} carries no sk_ key`);
  }
}

describe('a plain HTML page', () => {
  let page;
  let requests;
  let problems;
  let pageServer;
  let proxy;

  before(async () => {
    pageServer = await serveStatic(project.dir);
    const pageOrigin = pageServer.url.replace(/\/$/, '');
    proxy = await startDashboardServer({ port: 0, upstream: stack.emulator.url, apiKey: API_KEY, allowedOrigins: [pageOrigin] });
    writeFileSync(join(project.dir, 'plain.html'), fixture('plain.html').replace('__PROXY__', proxy.url));
    ({ page, requests, problems } = await open(`${pageServer.url}plain.html`));
  });
  after(async () => {
    await page?.close();
    await proxy?.close();
    await pageServer?.close();
  });

  test('loads the element from node_modules with a script tag and lists the endpoints through a proxy on another origin', async () => {
    await page.locator(`${P} tr[data-endpoint-id]`, { hasText: 'Embedded endpoint' }).waitFor();
    assert.equal(await page.locator(`${P} #status`).getAttribute('data-kind'), 'ok');
    const fetched = (await Promise.all(requests)).map((r) => r.url);
    assert.ok(fetched.some((u) => u.startsWith(`${proxy.url}/api/callingbox/v1/webhook_endpoints`)), 'API calls went to the proxy origin');
    assert.ok(fetched.some((u) => u.includes('/node_modules/callingbox-webhooks/callingbox_webhooks_bg.wasm')), 'the wasm came from the package');
  });

  test('is styled by the page through a custom property and a ::part', async () => {
    const primary = page.locator(`${P} #endpoint-add`);
    assert.equal(await primary.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(200, 0, 100)');
    const tab = page.locator(`${P} a[data-nav="deliveries"]`);
    assert.equal(await tab.evaluate((el) => getComputedStyle(el).textTransform), 'uppercase');
  });

  test('opens a delivery at its own URL (hash routing), says the API has no payload or attempt history, and verifies a signature in wasm in the playground', async () => {
    await page.locator(`${P} a[data-nav="deliveries"]`).click();
    await page.locator(`${P} tr[data-delivery-id="${seeded.delivery}"]`).locator('a.row-link').click();
    await page.locator(`${P} #schedule-summary`).waitFor();
    assert.equal(new URL(page.url()).hash, `#/deliveries/${seeded.delivery}`);
    // Not connected to the emulator: the page says what the API does not give, and invents nothing.
    assert.match(await page.locator(`${P} #no-history`).innerText(), /returns neither the event’s payload nor a history of each attempt/);
    assert.equal(await page.locator(`${P} .payload`).count(), 0);
    await page.locator(`${P} a[data-nav="playground"]`).click();
    await page.getByRole('button', { name: 'Fill in a signed sample' }).click();
    await page.getByRole('button', { name: 'Verify signature' }).click();
    await page.locator(`${P} .verdict-box[data-verdict="valid"]`).waitFor();
  });

  test('sends no key and logs no error', async () => {
    await assertNoKeyInRequests(requests);
    assert.deepEqual(problems, []);
  });
});

describe('a React app built with Vite', () => {
  let dist;
  let server;
  let page;
  let requests;
  let problems;

  before(async () => {
    mkdirSync(join(project.dir, 'src'), { recursive: true });
    writeFileSync(join(project.dir, 'index.html'), fixture('react-index.html'));
    writeFileSync(join(project.dir, 'src', 'main.jsx'), fixture('main.jsx'));
    const vite = await importTool('vite');
    dist = join(project.dir, 'dist');
    await vite.build({
      root: project.dir,
      configFile: false,
      logLevel: 'silent',
      esbuild: { jsx: 'automatic' },
      build: { outDir: dist, emptyOutDir: true },
    });
    // Served by the dashboard proxy itself (its CSP included), same origin as the API.
    server = await startDashboardServer({ port: 0, upstream: stack.emulator.url, apiKey: API_KEY, wwwDir: dist });
    ({ page, requests, problems } = await open(`${server.url}/`));
  });
  after(async () => {
    await page?.close();
    await server?.close();
  });

  test('renders inside the React tree and reports its status to React through an event', async () => {
    await page.locator(`${P} tr[data-endpoint-id]`, { hasText: 'Embedded endpoint' }).waitFor();
    await page.locator('#react-status', { hasText: 'Portal status: Connected from React' }).waitFor();
    assert.equal(await page.locator('h1').innerText(), 'React admin');
  });

  test('keeps its route in memory, leaving the app\'s URL alone', async () => {
    const before = page.url();
    await page.locator(`${P} a[data-nav="deliveries"]`).click();
    await page.locator(`${P} tr[data-delivery-id="${seeded.delivery}"]`).locator('td[data-label="Status"]').click();
    await page.locator(`${P} #schedule-summary`).waitFor();
    await page.locator('#react-route', { hasText: `#/deliveries/${seeded.delivery}` }).waitFor();
    assert.equal(page.url(), before, 'the page URL did not change');
    assert.equal(await page.locator(P).evaluate((el) => el.route), `#/deliveries/${seeded.delivery}`);
    await page.locator(P).evaluate((el) => { el.route = '#/playground'; });
    await page.locator(`${P} #pg-form`).waitFor();
  });

  test('the build carries the package\'s wasm inlined in a chunk of its own, with no .wasm file to serve', () => {
    const assets = readdirSync(join(dist, 'assets'));
    assert.ok(!assets.some((f) => f.endsWith('.wasm')), assets.join(', '));
    // "AGFzbQ" is the base64 of the wasm magic number "\0asm".
    const withWasm = assets.filter((f) => f.endsWith('.js') && readFileSync(join(dist, 'assets', f), 'utf8').includes('"AGFzbQ'));
    assert.equal(withWasm.length, 1, assets.join(', '));
  });

  test('sends no key and logs no error', async () => {
    await assertNoKeyInRequests(requests);
    assert.deepEqual(problems, []);
  });
});

describe('the package', () => {
  test('its TypeScript declarations type the element, its events and its client property', async () => {
    const dir = join(project.dir, 'types');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'usage.ts'), fixture('usage.ts'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom'], types: [],
      },
      files: ['usage.ts'],
    }));
    await run(bin('tsc'), ['-p', dir], { cwd: dir, timeoutMs: 120_000 });
  });

  test('none of the portal is in the main or verify entries, and its size is reported', (t) => {
    const dir = join(project.packageDir, 'portal');
    const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
    const raw = files.reduce((sum, f) => sum + readFileSync(join(dir, f)).length, 0);
    const gzip = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
    t.diagnostic(`portal/: ${files.length} modules, ${(raw / 1024).toFixed(1)} KiB, ${(gzip / 1024).toFixed(1)} KiB gzip (each file gzipped at level 9, added up); it loads the main browser entry and its wasm on top`);
    for (const entry of ['browser.js', 'node.js', 'node.cjs', 'workerd.js', 'verify-browser.js', 'verify-node.js', 'verify-node.cjs', 'verify-workerd.js']) {
      const text = readFileSync(join(project.packageDir, entry), 'utf8');
      assert.doesNotMatch(text, /callingbox-webhooks-portal|portal\//, `${entry} contains nothing of the portal`);
    }
  });
});
