// The shipped wasm really hashes with sha2's wasm32 simd128 backend (issue
// 14): its compression loads each block with four byte-swapping shuffles
// and adds the round constants four at a time from v128 constants. Both
// fingerprints are absent when the same crate is built with its portable
// backend (`--cfg sha2_256_backend="soft"`: 0 shuffles, no K vector, checked
// when this test was written; see docs/drafts/verify-core.md). Disassembled
// with binaryen's wasm-dis. Needs a built package (make build).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { PKG_DIR, ROOT } from './measure.mjs';

const WASM_DIS = join(ROOT, 'tests/node_modules/.bin/wasm-dis');
const BYTE_SWAP = 'i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12';
// SHA-256's first four round constants (FIPS 180-4, K[0..3]) in one vector.
const FIRST_ROUND_CONSTANTS = 'v128.const i32x4 0x428a2f98 0x71374491 0xb5c0fbcf 0xe9b5dba5';

for (const wasm of ['callingbox_webhooks_verify_bg.wasm', 'callingbox_webhooks_bg.wasm']) {
  test(`${wasm} compresses SHA-256 with sha2's simd128 backend`, () => {
    const text = execFileSync(WASM_DIS, [join(PKG_DIR, wasm)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const count = (needle) => text.split(needle).length - 1;
    assert.equal(count(BYTE_SWAP), 4, 'the simd128 backend loads a block with four byte-swapping shuffles');
    assert.ok(count(FIRST_ROUND_CONSTANTS) >= 1, 'the simd128 backend adds round constants four at a time');
  });
}
