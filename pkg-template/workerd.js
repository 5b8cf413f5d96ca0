// Entry for Cloudflare Workers (workerd). Workers refuse to compile wasm from
// bytes at run time, so the .wasm is imported as a module (wrangler and
// miniflare turn it into a WebAssembly.Module) and instantiated synchronously.
import wasmModule from './callingbox_webhooks_bg.wasm';
import { initSync } from './callingbox_webhooks.js';

initSync({ module: wasmModule });

export * from './callingbox_webhooks.js';
export * from './errors.js';
