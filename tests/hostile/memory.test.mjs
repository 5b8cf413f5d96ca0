// Verification memory is bounded whatever the body size (issue 15): after the
// first verification (1 KiB), verifying, constructing or signing a large
// body (bytes, an ASCII string, a string of 2- and 3-byte characters) leaves
// the package's wasm memory at most 2 MiB above its size then. The size here
// is small enough for `make test` (HOSTILE_MEMORY_MIB, default 32); the soak
// (`make soak`) runs the same check at 256 MiB and 1 GiB and prints it.
//
//   node --test tests/hostile/memory.test.mjs          (after `make build`)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { MiB, importWithMemory, processMemory } from './lib/wasm-memory.mjs';
import { installPackage } from './lib/fixture.mjs';
import { largeBodies, verifyLarge } from './lib/large-bodies.mjs';

const SIZE_MIB = Number(process.env.HOSTILE_MEMORY_MIB ?? 32);
const ALLOWED_GROWTH = 2 * MiB;

let project;
before(async () => {
  project = await installPackage('hostile-memory');
});
after(() => project?.remove());

for (const entry of ['full', 'verify']) {
  test(`${entry}: verifying, constructing and signing ${SIZE_MIB} MiB bodies (bytes, ASCII and multi-byte strings) keeps wasm memory within 2 MiB of its size after the first verification`, async (t) => {
    const { module: pkg, memory } = await importWithMemory(entry, pathToFileURL(join(project.dir, `${entry}.mjs`)).href);
    const rows = [];
    const first = verifyLarge(pkg, largeBodies(1 / 1024).bytes, 'verifySignature');
    assert.ok(first.ok, 'the first (1 KiB) verification');
    const baseline = memory();
    for (const [form, body] of Object.entries(largeBodies(SIZE_MIB))) {
      for (const operation of ['verifySignature', 'constructEvent', 'signPayload']) {
        const result = verifyLarge(pkg, body, operation);
        rows.push({ form, operation, ok: result.ok, ms: result.ms, wasm: memory(), ...processMemory() });
      }
    }
    for (const row of rows) {
      t.diagnostic(`${row.operation}(${row.form}): ${row.ok ? 'correct' : 'WRONG'} in ${row.ms} ms; wasm ${(row.wasm / MiB).toFixed(1)} MiB (first: ${(baseline / MiB).toFixed(1)}), rss ${(row.rss / MiB).toFixed(0)} MiB`);
    }
    const wrong = rows.filter((r) => !r.ok).map((r) => `${r.operation}(${r.form})`);
    assert.deepEqual(wrong, [], 'every large body verifies, constructs and signs correctly');
    const over = rows.filter((r) => r.wasm > baseline + ALLOWED_GROWTH).map((r) => `${r.operation}(${r.form}): ${((r.wasm - baseline) / MiB).toFixed(1)} MiB above`);
    assert.deepEqual(over, [], `wasm memory after the first verification was ${(baseline / MiB).toFixed(1)} MiB`);
  });
}
