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

/** The page fetched both .wasm files over http, each as application/wasm. */
export function assertWasmServed(responses, names = ['callingbox_webhooks_bg', 'callingbox_webhooks_verify_bg']) {
  const wasm = responses.filter((r) => /\.wasm(\?|$)/.test(r.url));
  for (const name of names) {
    const hit = wasm.find((r) => new URL(r.url).pathname.split('/').pop().startsWith(name));
    assert.ok(hit, `the page never fetched ${name}*.wasm; it fetched ${responses.map((r) => r.url).join(', ')}`);
    assert.equal(hit.status, 200);
    assert.equal(hit.contentType, 'application/wasm');
  }
}

/** No wasm-bindgen fallback or deprecation warning, no console error. */
export function assertQuietConsole(messages) {
  const bad = messages.filter((m) => /^\[(error|warning)\]/.test(m) || /application\/wasm|deprecated/i.test(m));
  assert.deepEqual(bad, [], 'the page logged warnings or errors');
}
