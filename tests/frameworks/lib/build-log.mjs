// What a build or a server printed about the package's WebAssembly: nothing.
// The failures issue 17 found all showed up there first: webpack's
// "topLevelAwait" and asyncWebAssembly warnings, "instantiateStreaming
// failed", "failed to fetch Wasm", an unread .wasm asset.
import assert from 'node:assert/strict';

const WASM_NOISE = /wasm|webassembly|top-?level-?await|instantiateStreaming/i;

/** Fails, quoting them, when lines of `text` (a build log, a server's output) mention wasm. */
export function assertNoWasmNoise(text, what) {
  const lines = text.split('\n').filter((line) => WASM_NOISE.test(line));
  assert.deepEqual(lines, [], `${what} mentions wasm:\n${text}`);
}
