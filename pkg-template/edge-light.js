// Entry for Vercel's Edge Runtime and Next.js edge routes (the `edge-light`
// condition), which forbid compiling wasm from bytes: the .wasm is imported
// with the `?module` suffix Next.js documents, which both of its bundlers
// (webpack and Turbopack) turn into a WebAssembly.Module. The `#…`
// specifiers: see node.js.
import wasmModule from '#wasm-module?module';
import { initSync, Verifier } from '#glue';
import { WebhookVerificationError } from '#errors';
import { bindVerify } from './internal/verify.js';

// The one place this entry initialises the wasm; the verification functions
// (internal/verify.js) are bound to this instance's Verifier.
const wasm = initSync({ module: sameRealmModule(wasmModule) });
bindVerify(new Verifier(), wasm, WebhookVerificationError);

/**
 * The Edge Runtime runs route code in its own realm but makes the `?module`
 * import in the host's, so `module instanceof WebAssembly.Module` is false
 * and wasm-bindgen's initSync would try to compile it as bytes (which fails:
 * "Argument 0 must be a buffer source"). A module of another realm is given
 * this realm's prototype: the engine instantiates it by its internal type,
 * which is the same in every realm.
 */
function sameRealmModule(module) {
  if (!(module instanceof WebAssembly.Module) && Object.prototype.toString.call(module) === '[object WebAssembly.Module]') {
    Object.setPrototypeOf(module, WebAssembly.Module.prototype);
  }
  return module;
}

export * from '#api';
export * from '#verification';
export * from '#errors';
