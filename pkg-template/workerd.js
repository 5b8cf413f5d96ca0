// Entry for Cloudflare Workers (the `workerd` condition). Workers refuse to
// compile wasm from bytes at run time, so the .wasm is imported as a module
// (wrangler and miniflare turn it into a WebAssembly.Module) and instantiated
// synchronously. The `#…` specifiers: see node.js.
import wasmModule from '#wasm-module';
import { initSync, Verifier } from '#glue';
import { WebhookVerificationError } from '#errors';
import { bindVerify } from './internal/verify.js';

// The one place this entry initialises the wasm; the verification functions
// (internal/verify.js) are bound to this instance's Verifier.
const wasm = initSync({ module: wasmModule });
bindVerify(new Verifier(), wasm, WebhookVerificationError);

export * from '#api';
export * from '#verification';
export * from '#errors';
