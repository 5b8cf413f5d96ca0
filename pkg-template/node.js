// Entry for Node.js and Bun (Deno has deno.js): `import` gets this file as node.js,
// `require` as node.cjs (the same template built as CommonJS). It reads the
// .wasm beside it and compiles it synchronously, so loading needs no
// top-level await. The file is named by `new URL('./…_bg.wasm',
// import.meta.url)`, which Turbopack and Vercel's file tracing follow to ship
// the .wasm; webpack rewrites that expression into an object `fs` refuses,
// so webpack (`webpack` condition) gets browser.js, whose wasm is inlined.
//
// The `#…` specifiers are resolved by .ci/assemble-pkg.mjs for each flavour:
// #glue is wasm-bindgen's generated module, #api its public exports,
// #verification the functions of internal/verify.js, #errors the shared
// error classes, #wasm-file the URL of the flavour's .wasm (and its file
// name).
//
// `readFileSync` is imported statically: Next.js's file tracing follows that
// import to ship the .wasm beside this module in `output: 'standalone'`
// (read through `process.getBuiltinModule`, it was left out and a client
// component's server render failed). It costs Node's ESM loader about 2 ms
// and Deno its Node compatibility layer (docs/decisions.md).
import { readFileSync } from 'node:fs';
import wasmFile, { wasmFileName } from '#wasm-file';
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
    return readFileSync(wasmFile);
  } catch (cause) {
    // Turbopack, when it renders a client component on the server, turns
    // `new URL('./….wasm', import.meta.url)` into the browser asset's public
    // path ("/_next/static/media/….wasm"), which is no file. It still traces
    // the .wasm beside this module (and ships it in .next/standalone): read
    // that one. String() keeps bundlers from rewriting this URL as well.
    if (wasmFile.protocol !== 'file:') {
      try {
        return readFileSync(new URL(wasmFileName, String(import.meta.url)));
      } catch {
        // Report the first failure below.
      }
    }
    throw unreadableWasm(
      wasmFile,
      'If you bundled the package for Node, mark callingbox-webhooks as external (or copy the .wasm next to the bundle).',
      cause,
    );
  }
}

export * from '#api';
export * from '#verification';
export * from '#errors';
