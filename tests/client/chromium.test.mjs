// The client scenarios (scenarios.mjs) in headless Chromium: browser.html
// imports pkg/browser.js from a static server and calls the emulator across
// origins (the emulator answers CORS). Each scenario becomes one node:test
// test here, with the page's verdict.
//
//   make build && node --test tests/client/chromium.test.mjs
import { after, test } from 'node:test';
import { launchChromium } from '../support/chromium.mjs';
import { serveStatic } from '../support/static-server.mjs';
import { REPO } from '../support/tools.mjs';
import { spawnEmulator } from '../emulator/spawn.mjs';

const emulator = await spawnEmulator(['--port', '0', '--allow-http-localhost', '--time-scale', '3600']);
const site = await serveStatic(REPO);
const browser = await launchChromium();
after(async () => {
  await browser.close();
  await site.close();
  await emulator.stop();
});

const page = await browser.newPage();
const pageErrors = [];
page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}\n${error.stack}`));
const url = `${site.url}tests/client/browser.html?emulator=${encodeURIComponent(emulator.url)}`;
await page.goto(url, { waitUntil: 'load' });
let results;
try {
  await page.waitForFunction(() => window.__clientResults !== undefined || undefined, null, { timeout: 240_000, polling: 250 });
  results = await page.evaluate(() => window.__clientResults);
} catch (error) {
  results = { results: [{ name: 'the scenarios ran in the page', ok: false, error: `${error.message}\n${pageErrors.join('\n')}` }] };
}

for (const result of results.results) {
  test(`in Chromium: ${result.name}`, () => {
    if (!result.ok) throw new Error(result.error);
  });
}
test('the page threw nothing outside the scenarios', () => {
  if (pageErrors.length) throw new Error(pageErrors.join('\n'));
});
