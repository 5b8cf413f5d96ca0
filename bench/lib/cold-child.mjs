// One cold start as an ES module application sees it (spawned by
// cold-start.mjs in Node, Deno or Bun): the runtime has loaded this ESM
// script already, as it loads any ESM app, before the package is imported.
// Times the import of one module, then its first verification, and prints
// one JSON line. (cold-child.cjs does the same for require().)
const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const { kind, target, body, header, secret } = JSON.parse(args[0]);
const bootMs = performance.now(); // since the process started
const t0 = performance.now();
const m = await import(kind === 'esm' ? new URL(`file://${target}`).href : target);
const t1 = performance.now();
const ok = typeof m.verifySignature === 'function' ? m.verifySignature(body, header, secret) : kind === 'empty';
const t2 = performance.now();
console.log(JSON.stringify({ ok: ok === true, bootMs, importMs: t1 - t0, firstVerifyMs: t2 - t1, totalMs: t2 - t0 }));
