// Where the time of one verifySignature goes: the same call taken apart in
// layers, each timed like the contenders (interleaved rounds), from the
// physical floor up to the whole function.
//
//   compression           sha2's SHA-256 compression alone, per 64-byte block
//   bare keyed HMAC       a cached keyed HMAC over `t.` + a body already in
//                         wasm memory (bench/reference: the same crates,
//                         build settings and wasm-opt pass, nothing around them)
//   wasm verify           the package's Verifier.verify with header and body
//                         already in its scratch area: header parsing, hex
//                         decoding, the clock, the MAC, the comparison
//   + header copy         the header encoded into the scratch area first
//   + body copy           the body too (TextEncoder.encodeInto for strings,
//                         a TypedArray set for bytes)
//   verifySignature       the whole export: arguments read and checked,
//                         the secret's slot looked up, Date.now(), the above
//
// The inner layers share one scratch area, so each of their cases puts its
// inputs in place (`setup`) before each timed batch.
//
// The package's wasm and glue are the ones `make build` produced
// (build/verify), driven through pkg-template/internal/verify.js exactly as
// the entries do; the Verifier's methods are called directly for the inner
// layers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ENCODER = new TextEncoder();

/** Instantiates bench/reference's wasm (built by bench/run.sh), or null if missing. */
function reference(root) {
  const file = join(root, 'target/bench-reference/wasm32-unknown-unknown/release/callingbox_webhooks_bench_reference.opt.wasm');
  try {
    return new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file))).exports;
  } catch {
    return null;
  }
}

/**
 * The breakdown's cases for each delivery (string and bytes), plus the
 * compression per block. `secret` is the delivery's signing secret.
 */
export async function breakdownCases(root, deliveries, secret) {
  const glue = await import(pathToFileURL(join(root, 'build/verify/callingbox_webhooks_verify.js')).href);
  const wasm = glue.initSync({ module: readFileSync(join(root, 'build/verify/callingbox_webhooks_verify_bg.wasm')) });
  const { WebhookVerificationError } = await import(pathToFileURL(join(root, 'pkg-template/errors.js')).href);
  const api = await import(pathToFileURL(join(root, 'pkg-template/internal/verify.js')).href);
  api.bindVerify(new glue.Verifier(), wasm, WebhookVerificationError);
  // A Verifier of its own, on the same wasm instance, for the inner layers.
  const v = new glue.Verifier();
  const memory = Object.values(wasm).find((x) => x instanceof WebAssembly.Memory);
  // Views made once (this wasm instance's memory does not grow while the
  // breakdown runs): the harness adds no allocation of its own per call.
  const scratchView = new Uint8Array(memory.buffer, v.scratch(), v.headerCapacity() + v.chunkCapacity());
  const headerView = scratchView.subarray(0, v.headerCapacity());
  const chunkView = scratchView.subarray(v.headerCapacity());
  const headerRegion = () => headerView;
  const chunkRegion = () => chunkView;
  const { written: secretLength } = ENCODER.encodeInto(secret, chunkRegion());
  if (v.setKey(0, secretLength) !== 0) throw new Error('breakdown: setKey failed');

  const ref = reference(root);
  if (ref) {
    new Uint8Array(ref.memory.buffer, ref.buffer(), secretLength).set(ENCODER.encode(secret));
    ref.key(secretLength);
  }
  const now = () => Math.floor(Date.now() / 1000);
  const cases = [];
  if (ref) {
    const blocks = 1024;
    cases.push({ peer: 'compression (per 64-byte block)', input: 'bytes', size: 0, perOp: blocks, fn: () => (ref.compress(blocks), true) });
  }
  for (const d of deliveries) {
    const body = d.bytes;
    if (body.length > v.chunkCapacity()) continue; // the layers below hold the body in one chunk
    if (ref) {
      new Uint8Array(ref.memory.buffer, ref.buffer(), body.length).set(body);
      // The reference signs `1713268860.` + body; the layers above sign `<now>.`: same length.
      cases.push({ peer: 'bare keyed HMAC', input: 'bytes', size: d.size, fn: () => (ref.mac(body.length), true) });
    }
    // Inner layers share one scratch area: each case writes what it needs.
    const header = d.header;
    const headerBytes = ENCODER.encode(header);
    const prepare = () => {
      headerRegion().set(headerBytes);
      chunkRegion().set(body);
    };
    cases.push({ peer: 'wasm verify (inputs in place)', input: 'bytes', size: d.size, setup: prepare, fn: () => v.verify(0, headerBytes.length, body.length, now(), 300) === 0 });
    cases.push({
      peer: '+ header copy',
      input: 'bytes',
      size: d.size,
      setup: prepare,
      fn: () => v.verify(0, ENCODER.encodeInto(header, headerRegion()).written, body.length, now(), 300) === 0,
    });
    for (const [input, payload] of [
      ['string', d.body],
      ['bytes', d.bytes],
    ]) {
      cases.push({
        peer: '+ body copy',
        input,
        size: d.size,
        fn:
          input === 'string'
            ? () => {
                const h = ENCODER.encodeInto(header, headerRegion()).written;
                return v.verify(0, h, ENCODER.encodeInto(payload, chunkRegion()).written, now(), 300) === 0;
              }
            : () => {
                const h = ENCODER.encodeInto(header, headerRegion()).written;
                chunkRegion().set(payload);
                return v.verify(0, h, payload.length, now(), 300) === 0;
              },
      });
      cases.push({ peer: 'verifySignature', input, size: d.size, fn: () => api.verifySignature(payload, header, secret) });
    }
  }
  return cases;
}
