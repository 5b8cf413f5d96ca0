// One cold start, in a fresh process (spawned by cold-start.mjs): time the
// import (or require) of one module, then its first verification, and print
// one JSON line. CommonJS so that it can both require() and import().
'use strict';
const { pathToFileURL } = require('node:url');

async function main() {
  const { kind, target, body, header, secret } = JSON.parse(process.argv[2]);
  const bootMs = performance.now(); // since the process started
  let verify;
  const t0 = performance.now();
  if (kind === 'esm') {
    const m = await import(pathToFileURL(target).href);
    verify = () => m.verifySignature(body, header, secret);
  } else if (kind === 'cjs') {
    const m = require(target);
    verify = () => m.verifySignature(body, header, secret);
  } else if (kind === 'node:crypto') {
    const { createHmac, timingSafeEqual } = require('node:crypto');
    verify = () => {
      const [t, v1] = header.split(',').map((p) => p.slice(p.indexOf('=') + 1));
      const mac = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
      return timingSafeEqual(mac, Buffer.from(v1, 'hex'));
    };
  } else if (kind === '@noble/hashes') {
    const { hmac } = await import('@noble/hashes/hmac.js');
    const { sha256 } = await import('@noble/hashes/sha2.js');
    verify = () => {
      const [t, v1] = header.split(',').map((p) => p.slice(p.indexOf('=') + 1));
      const enc = new TextEncoder();
      const mac = hmac(sha256, enc.encode(secret), enc.encode(`${t}.${body}`));
      return Buffer.from(mac).toString('hex') === v1;
    };
  } else if (kind === 'stripe') {
    const Stripe = require('stripe');
    const stripe = new Stripe('sk_test_bench_not_a_real_key');
    verify = () => stripe.webhooks.signature.verifyHeader(body, header, secret, 300);
  } else {
    throw new Error(`unknown kind ${kind}`);
  }
  const t1 = performance.now();
  const ok = verify();
  const t2 = performance.now();
  process.stdout.write(`${JSON.stringify({ ok: ok === true, bootMs, importMs: t1 - t0, firstVerifyMs: t2 - t1, totalMs: t2 - t0 })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
