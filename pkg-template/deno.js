// Entry for Deno (the `deno` condition, which Deno's npm resolution puts
// before `node`): node.js without node:fs. It reads the .wasm beside it
// with `Deno.readFileSync` (the same `--allow-read` as node:fs needs): in
// Deno, importing node:fs starts its Node compatibility layer, which took
// about 40 ms of a cold start of about 45 ms (docs/decisions.md). The `#…`
// specifiers: see node.js.
import wasmFile from '#wasm-file';
import { initSync, Verifier } from '#glue';
import { WebhookVerificationError } from '#errors';
import { bindVerify } from './internal/verify.js';
import { unreadableWasm } from './internal/unreadable-wasm.js';

// The one place this entry initialises the wasm; the verification functions
// (internal/verify.js) are bound to this instance's Verifier.
const wasm = initSync({ module: readWasm() });
bindVerify(new Verifier(), wasm, WebhookVerificationError);

function readWasm() {
  try {
    return /** @type {any} */ (globalThis).Deno.readFileSync(wasmFile);
  } catch (cause) {
    throw unreadableWasm(wasmFile, 'Run Deno with --allow-read=node_modules (or wherever the package is).', cause);
  }
}

export * from '#api';
export * from '#verification';
export * from '#errors';
