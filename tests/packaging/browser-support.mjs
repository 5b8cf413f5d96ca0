// Shared by the Chromium fixtures: the page wrapper and the checks on what
// the page fetched.
import assert from 'node:assert/strict';

export function indexHtml({ head = '', script }) {
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>callingbox-webhooks packaging fixture</title>
${head}
</head>
<body>
<script type="module" src="${script}"></script>
</body>
</html>
`;
}

/**
 * The page fetched no .wasm file: the browser entries carry their wasm
 * inlined (base64), so there is no asset a bundler could fail to emit.
 */
export function assertNoWasmFetched(responses) {
  const wasm = responses.filter((r) => /\.wasm(\?|$)/.test(new URL(r.url).pathname));
  assert.deepEqual(wasm.map((r) => r.url), [], 'the page fetched .wasm files');
}

/** Both flavours' wasm, base64, in `code` (a bundle): the wasm magic number `\0asm` is "AGFzbQ" in base64. */
export function assertWasmInlined(code) {
  const inlined = code.match(/["'`]AGFzbQ[A-Za-z0-9+/]{1000,}={0,2}["'`]/g) ?? [];
  assert.equal(inlined.length, 2, `expected the two flavours' wasm inlined as base64 strings, found ${inlined.length}`);
}

/** No wasm-bindgen fallback or deprecation warning, no console error. */
export function assertQuietConsole(messages) {
  const bad = messages.filter((m) => /^\[(error|warning)\]/.test(m) || /application\/wasm|deprecated/i.test(m));
  assert.deepEqual(bad, [], 'the page logged warnings or errors');
}

/** Serves `dir` and launches Chromium: { url, browser, close() } for a fixture's before/after. */
export async function serveToChromium(dir) {
  const { serveStatic } = await import('../support/static-server.mjs');
  const { launchChromium } = await import('../support/chromium.mjs');
  const server = await serveStatic(dir);
  const browser = await launchChromium().catch(async (err) => {
    await server.close();
    throw err;
  });
  return {
    url: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
