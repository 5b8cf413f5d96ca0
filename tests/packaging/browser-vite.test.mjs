// Chromium, Vite 7: a production build (`vite build` of a tiny app that
// imports the package by name, served statically from dist/) and the dev
// server, both with no configuration. Vite resolves the "browser" condition;
// the browser entries carry their wasm inlined, so there is no asset to emit
// and dependency pre-bundling (which moves modules into .vite/deps/) works
// as it does for any package.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium, runFixturePage } from '../support/chromium.mjs';
import { serveStatic } from '../support/static-server.mjs';
import { installTarball } from '../support/tarball.mjs';
import { importTool } from '../support/tools.mjs';
import { assertNoWasmFetched, assertQuietConsole, assertWasmInlined, indexHtml } from './browser-support.mjs';
import { checkBoth, fixtureFiles } from './expect.mjs';

let project;
let server;
let browser;
let dist;
let vite;

before(async () => {
  project = await installTarball('browser-vite', { packageJson: { type: 'module' }, files: await fixtureFiles('browser-app.mjs') });
  writeFileSync(join(project.dir, 'index.html'), indexHtml({ script: '/browser-app.mjs' }));
  vite = await importTool('vite');
  dist = join(project.dir, 'dist');
  await vite.build({
    root: project.dir,
    configFile: false,
    logLevel: 'silent',
    build: { outDir: dist, emptyOutDir: true },
  });
  server = await serveStatic(dist);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  project?.remove();
});

test('a Vite 7 build inlines the package\'s wasm and takes no Node or workerd entry', () => {
  const assets = readdirSync(join(dist, 'assets'));
  const js = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(dist, 'assets', f), 'utf8')).join('\n');
  assert.deepEqual(assets.filter((f) => f.endsWith('.wasm')), [], 'a .wasm asset was emitted');
  assertWasmInlined(js);
  assert.doesNotMatch(js, /["']node:fs["']/, 'the browser build pulled in the Node entry');
  assert.doesNotMatch(js, /from\s*["'][^"']*\.wasm["']/, 'the browser build pulled in the workerd entry (a static .wasm import)');
});

test('a Vite 7 build runs in Chromium and verifies signatures it signed', async () => {
  const { result, responses, console: messages } = await runFixturePage(browser, `${server.url}index.html`);
  checkBoth(result, 'Chromium (Vite)');
  assertNoWasmFetched(responses);
  assertQuietConsole(messages);
});

test('the Vite 7 dev server serves the package to Chromium with dependency pre-bundling on (the default)', async () => {
  // Vite in middleware mode on our own server (a free port), HMR included.
  const httpServer = http.createServer();
  const devServer = await vite.createServer({
    root: project.dir,
    configFile: false,
    logLevel: 'silent',
    appType: 'spa',
    cacheDir: join(project.dir, 'node_modules/.vite-dev'),
    server: { middlewareMode: true, hmr: { server: httpServer } },
  });
  try {
    httpServer.on('request', devServer.middlewares);
    await new Promise((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(0, '127.0.0.1', resolve);
    });
    const url = `http://127.0.0.1:${httpServer.address().port}/`;
    const { result, console: messages } = await runFixturePage(browser, url);
    checkBoth(result, 'Chromium (Vite dev server)');
    assertQuietConsole(messages.filter((m) => !m.startsWith('[debug] [vite]')));
  } finally {
    await devServer.close();
    httpServer.closeAllConnections();
    await new Promise((resolve) => httpServer.close(resolve));
  }
});
