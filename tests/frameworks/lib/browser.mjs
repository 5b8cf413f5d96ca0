// Client-side fixtures (an app bundled for the browser, a Next.js client
// component) check deliveries inside real Chromium. The test hands a page
// three deliveries through its URL fragment (never sent to a server), as
// `#` + encodeURIComponent(JSON.stringify({ secret, deliveries })); the
// page's own code verifies each with the bundled package and sets
// `window.__fixtureResult` to what a receiver would answer for each:
// { status: 200, id, type } or { status: 400, error: code } (or to
// { verdicts, mainEntry }, mainEntry being the main entry's
// verifySignature of each).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { launchChromium, runFixturePage } from '../../support/chromium.mjs';
import { callCompletedEvent, SECRET } from './deliveries.mjs';

/**
 * A signed, a tampered (another body under the same signature) and an
 * unsigned delivery, signed with the installed package's `signPayload`.
 * Returns { fragment, expected }: the URL fragment for the page and the
 * verdicts the page must report.
 */
export function deliveriesForPage(signPayload, secret = SECRET) {
  const event = callCompletedEvent();
  const body = JSON.stringify(event);
  const signature = signPayload(body, secret);
  const tampered = JSON.stringify({ ...event, id: randomUUID() });
  const unsigned = JSON.stringify({ ...event, id: randomUUID() });
  const deliveries = [{ body, signature }, { body: tampered, signature }, { body: unsigned }];
  return {
    fragment: `#${encodeURIComponent(JSON.stringify({ secret, deliveries }))}`,
    expected: [
      { status: 200, id: event.id, type: 'call.completed' },
      { status: 400, error: 'no_matching_signature' },
      { status: 400, error: 'missing_header' },
    ],
  };
}

/**
 * Opens `url` + the deliveries' fragment in `browser` and checks the page's
 * verdicts: 200 for the signed delivery, 400 `no_matching_signature` for the
 * tampered one, 400 `missing_header` for the unsigned one. The page must
 * throw nothing, fetch no .wasm (the browser entries carry it inlined) and
 * log no warning or error. Resolves the page's { result, responses, console }.
 */
export async function assertPageVerdicts(browser, url, signPayload) {
  const { fragment, expected } = deliveriesForPage(signPayload);
  const page = await runFixturePage(browser, `${url}${fragment}`);
  // A page that also loads the main entry reports { verdicts, mainEntry }:
  // that entry's verifySignature for each delivery.
  const { verdicts, mainEntry } = Array.isArray(page.result) ? { verdicts: page.result } : page.result;
  assert.deepEqual(verdicts, expected, `the verdicts the page at ${url} reported`);
  if (mainEntry !== undefined) assert.deepEqual(mainEntry, [true, false, false], `the main entry's verifySignature in the page at ${url}`);
  const wasm = page.responses.filter((r) => /\.wasm(\?|$)/.test(new URL(r.url).pathname));
  assert.deepEqual(wasm.map((r) => r.url), [], 'the page fetched a .wasm file');
  const noisy = page.console.filter((m) => /^\[(error|warning)\]/.test(m) || /wasm|deprecated/i.test(m));
  assert.deepEqual(noisy, [], 'the page logged warnings or errors');
  return page;
}

/** Launches Chromium before the tests of the enclosing file or describe(); `browser` is set by then. */
export function useChromium() {
  const state = {};
  before(async () => {
    state.browser = await launchChromium();
  });
  after(() => state.browser?.close());
  return state;
}
