// Entry for Node.js, Deno and Bun (ESM). Reads the .wasm beside this file and
// compiles it synchronously, so importing needs no top-level await.
import { readFileSync } from 'node:fs';
import { initSync } from './callingbox_webhooks.js';

initSync({ module: readFileSync(new URL('./callingbox_webhooks_bg.wasm', import.meta.url)) });

export * from './callingbox_webhooks.js';
export * from './errors.js';
