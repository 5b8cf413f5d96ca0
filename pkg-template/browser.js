// The portable entry: browsers, web workers, and every bundler (webpack for
// the browser and for Node through the `webpack` condition, Rollup, esbuild,
// Parcel, Vite), also when it wraps modules in CommonJS. The .wasm is inlined
// (base64, in a module of its own) and compiled synchronously, so there is no
// top-level await and no asset for a bundler to emit or forget. The `#…`
// specifiers: see node.js; #wasm-base64 is the flavour's inlined .wasm.
import wasmBase64 from '#wasm-base64';
import { initSync, Verifier } from '#glue';
import { WebhookVerificationError } from '#errors';
import { bindVerify } from './internal/verify.js';

// The one place this entry initialises the wasm; the verification functions
// (internal/verify.js) are bound to this instance's Verifier.
const wasm = initSync({ module: decodeBase64(wasmBase64) });
bindVerify(new Verifier(), wasm, WebhookVerificationError);

/** The bytes of a base64 string (`Uint8Array.fromBase64` where the runtime has it). */
function decodeBase64(base64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(base64);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export * from '#api';
export * from '#verification';
export * from '#errors';
