// The wasm-bindgen tests (tests/*.rs and the library's own) in headless
// Chromium, one test binary at a time: `make test`'s wasm-chrome suite.
//
// Not `wasm-pack test --headless --chrome`: its page now and then never got
// past "Loading scripts..." (wasm-pack issue 783), up to four times in a row
// for one binary on an idle machine. Watching the page's requests showed
// why: the test runner's little HTTP server (tiny-http) sometimes never
// answers one of the module requests the page makes in parallel (always the
// verify crate's errors.js snippet here), 4 page loads in 10. So each binary
// is served by wasm-bindgen-test-runner in its interactive mode
// (`NO_HEADLESS=1`: it runs wasm-bindgen and serves the page that runs the
// tests), and Chromium, driven through playwright-core as in the other
// browser suites, gets every response through a route that asks the server
// one request at a time: 16 page loads in 16, each about 1.7 s. The page
// writes the report the runner would print, ending in `test result: ok. N
// passed; ...`, which this script prints for the suite's counter.
//
//   node tests/wasm_support/chromium-runner.mjs        (cargo builds the tests first)
import { execFileSync, spawn } from 'node:child_process';
import { freePort } from '../e2e/lib/util.mjs';
import { launchChromium } from '../support/chromium.mjs';

const TARGET = 'wasm32-unknown-unknown';
const PAGE_TIMEOUT_MS = 120_000;
const RESULT = /test result: (ok|FAILED)\. (\d+) passed; (\d+) failed/;
const FAILURE = /^test \S+ \.\.\. FAIL/;

/** The test binaries cargo built for wasm32 (`cargo test --no-run`). */
function testBinaries() {
  const messages = execFileSync('cargo', ['test', '--quiet', '--target', TARGET, '--no-run', '--message-format=json'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return messages
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))
    .filter((message) => message.reason === 'compiler-artifact' && message.profile?.test && message.executable)
    .map((message) => message.executable);
}

/**
 * Serves one test binary's page: resolves { url } once it is served, or
 * { noTests: true } when the binary has no test, and gives `stop()`.
 */
async function serve(binary) {
  const port = await freePort();
  const runner = spawn('wasm-bindgen-test-runner', [binary], {
    env: { ...process.env, NO_HEADLESS: '1', WASM_BINDGEN_USE_BROWSER: '1', WASM_BINDGEN_TEST_ADDRESS: `127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () => runner.kill('SIGKILL');
  const ready = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      if (/no tests to run!/.test(output)) resolve({ noTests: true });
      const served = output.match(/available at (http:\/\/\S+)/);
      if (served) resolve({ url: served[1] });
    };
    runner.stdout.on('data', onData);
    runner.stderr.on('data', onData);
    runner.once('exit', (code) => (/no tests to run!/.test(output) ? resolve({ noTests: true }) : reject(new Error(`wasm-bindgen-test-runner exited (${code}) before serving ${binary}:\n${output}`))));
  });
  return { ready, stop };
}

/** Runs the tests of one page; resolves the report text it wrote. */
async function runPage(browser, url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  // One request at a time (see the top of this file).
  let previous = Promise.resolve();
  await page.route('**/*', (route) => {
    previous = previous.then(async () => {
      try {
        await route.fulfill({ response: await route.fetch() });
      } catch (error) {
        problems.push(`request failed: ${route.request().url()} (${error.message})`);
        await route.abort().catch(() => {});
      }
    });
  });
  try {
    // Not until `load`: the page's module script runs every test before that fires.
    await page.goto(url, { waitUntil: 'commit' });
    const shows = (pattern, timeout) =>
      page.waitForFunction((source) => new RegExp(source, 'm').test(document.getElementById('output')?.textContent ?? ''), pattern.source, { timeout });
    // A test that panics may leave the page without its closing line: after
    // the first failure, the report gets a few seconds to finish.
    await shows(new RegExp(`${RESULT.source}|${FAILURE.source}`), PAGE_TIMEOUT_MS);
    await shows(RESULT, 5_000).catch(() => {});
    const report = await page.evaluate(() => document.getElementById('output')?.textContent ?? '');
    return RESULT.test(report) ? report : `${report}\n(the page stopped after a failure: no test result line)`;
  } catch (error) {
    const text = await page.evaluate(() => document.getElementById('output')?.textContent ?? '').catch(() => '');
    throw new Error(`${url}: no test result within ${PAGE_TIMEOUT_MS / 1000} s (${error.message})\n${problems.join('\n')}\nthe page said:\n${text}`);
  } finally {
    await page.close();
  }
}

const binaries = testBinaries();
if (binaries.length === 0) throw new Error('cargo built no wasm32 test binary');
const browser = await launchChromium();
let failed = false;
try {
  for (const binary of binaries) {
    console.log(`     Running ${binary.slice(binary.indexOf('target/'))}`);
    const { ready, stop } = await serve(binary);
    try {
      const served = await ready;
      if (served.noTests) {
        console.log('no tests to run!');
        continue;
      }
      const report = await runPage(browser, served.url);
      console.log(report.trim());
      if (RESULT.exec(report)?.[1] !== 'ok') failed = true;
    } finally {
      stop();
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
