// Headless Chromium for browser tests: the Debian build at /usr/bin/chromium
// driven by playwright-core (Playwright's own browser download is not
// available here). Override the binary with CHROMIUM_PATH.
//
//   const browser = await launchChromium();
//   try {
//     const { result } = await runFixturePage(browser, `${server.url}index.html`);
//   } finally {
//     await browser.close();
//   }
import { existsSync } from 'node:fs';
import { requireTool } from './tools.mjs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/**
 * Launches headless Chromium; Playwright gives it a fresh user data dir.
 * `options` are passed to playwright's chromium.launch (extra `args` are
 * appended to CHROMIUM_ARGS).
 */
export async function launchChromium(options = {}) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH)`);
  }
  const { chromium } = requireTool('playwright-core');
  const { args = [], ...rest } = options;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 60_000,
    ...rest,
    args: [...CHROMIUM_ARGS, ...args],
  });
}

/**
 * Installed in every page before its scripts run: records errors that never
 * reach `pageerror`, such as a module script (or one of its imports) that
 * failed to load, which fires a non-bubbling `error` event on the <script>.
 */
function recordPageErrors() {
  window.__fixtureErrors = [];
  addEventListener(
    'error',
    (event) => {
      const target = event.target;
      const what = target && target !== window && target.src ? `failed to load ${target.src}` : String(event.message ?? event.error);
      window.__fixtureErrors.push(what);
    },
    true,
  );
  addEventListener('unhandledrejection', (event) => {
    window.__fixtureErrors.push(`unhandled rejection: ${event.reason?.stack ?? event.reason}`);
  });
}

/**
 * Opens `url` in a new page and waits until the page sets
 * `window.__fixtureResult` (any JSON-serialisable value computed in the
 * page). Fails, with every error, failed request and console message the
 * page produced, when the page throws, a module or resource fails to load,
 * or no result arrives within `timeoutMs`.
 *
 * Resolves { result, responses, console } where `responses` lists
 * { url, status, contentType } of everything the page fetched.
 */
export async function runFixturePage(browser, url, { timeoutMs = 20_000 } = {}) {
  const page = await browser.newPage();
  const problems = [];
  const consoleMessages = [];
  const responses = [];
  let fail;
  const failed = new Promise((_, reject) => (fail = reject));
  failed.catch(() => {});
  page.on('pageerror', (err) => {
    problems.push(`page error: ${err.stack || `${err.name}: ${err.message}` || String(err)}`);
    fail(new Error('the page threw'));
  });
  page.on('console', (msg) => consoleMessages.push(`[${msg.type()}] ${msg.text()}`));
  page.on('requestfailed', (req) => {
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
    fail(new Error('a request failed'));
  });
  page.on('response', (res) => {
    responses.push({ url: res.url(), status: res.status(), contentType: res.headers()['content-type'] ?? null });
    if (res.status() >= 400) {
      problems.push(`HTTP ${res.status()} for ${res.url()}`);
      fail(new Error('a request got an error status'));
    }
  });
  await page.addInitScript(recordPageErrors);
  try {
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    const done = page.waitForFunction(
      () => window.__fixtureResult !== undefined || (window.__fixtureErrors ?? []).length > 0,
      null,
      { timeout: timeoutMs, polling: 50 },
    );
    await Promise.race([done, failed]);
    const { result, errors } = await page.evaluate(() => ({
      result: window.__fixtureResult,
      errors: window.__fixtureErrors ?? [],
    }));
    if (errors.length) {
      problems.push(...errors.map((e) => `in page: ${e}`));
      throw new Error('the page reported errors');
    }
    if (result === undefined) throw new Error('the page set no window.__fixtureResult');
    return { result, responses, console: consoleMessages };
  } catch (err) {
    const details = [
      ...problems,
      ...consoleMessages.map((m) => `console ${m}`),
      ...responses.map((r) => `response ${r.status} ${r.contentType} ${r.url}`),
    ];
    throw new Error(`${url}: ${err.message}\n  ${details.join('\n  ')}`, { cause: err });
  } finally {
    await page.close().catch(() => {});
  }
}
