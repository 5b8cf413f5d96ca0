// Entry for browsers and bundlers (Vite, esbuild, webpack). The
// `new URL(…, import.meta.url)` form is what bundlers recognise to emit the
// .wasm as an asset; the top-level await makes every export usable as soon as
// the import resolves.
import init from './callingbox_webhooks.js';

await init({ module_or_path: new URL('./callingbox_webhooks_bg.wasm', import.meta.url) });

export * from './callingbox_webhooks.js';
export * from './errors.js';
