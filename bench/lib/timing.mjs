// Interleaved timing: every case runs once per round, rounds repeat, and a
// case's figure is the median over rounds of its batch's ns/op. Interleaving
// spreads slow phases of the machine (another build, a GC, a frequency
// change) over all cases instead of letting one case absorb them.
//
// Each case gets its own timing loop compiled from its own source text, so
// that V8 keeps one call site per case (no megamorphic sharing between
// contenders). Async cases (WebCrypto) await every call: that is the latency
// a request handler pays.
const AsyncFunction = (async () => {}).constructor;

function makeLoop(c, index) {
  const tag = `case ${index}: ${c.peer} ${c.input} ${c.size}`.replace(/\*\//g, '');
  const body = `/* ${tag} */ let ok = 0; for (let i = 0; i < n; i++) if (${c.async ? 'await ' : ''}fn()) ok++; return ok;`;
  return c.async ? new AsyncFunction('fn', 'n', body) : new Function('fn', 'n', body);
}

// Wall-clock ns of one batch; the batch's process CPU time (user + system,
// all threads) goes to c.lastCpuNs.
async function timeBatch(c, n) {
  // A case whose inputs other cases disturb puts them back first (untimed).
  c.setup?.();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const ok = await c.loop(c.fn, n);
  const ns = Number(process.hrtime.bigint() - start);
  const used = process.cpuUsage(cpu);
  c.lastCpuNs = (used.user + used.system) * 1000;
  if (ok !== n) throw new Error(`${c.peer} (${c.input}, ${c.size} B) failed ${n - ok} of ${n} verifications while timed`);
  return ns;
}

function seededShuffle(items, seed) {
  const out = items.slice();
  let state = seed * 2654435761 + 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Times `cases` ({ peer, input, size, fn, async?, setup? }) in interleaved
 * rounds; `setup`, when given, runs untimed before each batch.
 * Adds to each case: n (calls per batch), samples (ns/op per round, by
 * `clock`), wallSamples and cpuSamples (both clocks), nsPerOp (median), p25,
 * p75, opsPerSec, cpuShare (CPU time ÷ wall time over all its batches: below
 * 1 when other processes took the CPU away, above 1 when helper threads
 * worked too).
 *
 * clock 'wall' (default) times batches by the wall clock; 'cpu' by this
 * process's CPU time, which a busy machine disturbs less (it still counts
 * what our own helper threads do, such as WebCrypto's thread pool).
 */
export async function runInterleaved(cases, { rounds, batchMs, warmupMs, clock = 'wall', progress = () => {} }) {
  cases.forEach((c, i) => {
    c.loop = makeLoop(c, i);
  });
  // Warm-up and calibration: grow the batch until it takes ~batchMs, then
  // keep running it until the case has had warmupMs (so that V8 has tiered
  // up both the JS and the wasm).
  for (const [i, c] of cases.entries()) {
    let n = 1;
    let spent = 0;
    let ns = await timeBatch(c, n);
    spent += ns;
    while (ns < batchMs * 1e6 * 0.5) {
      n = Math.max(n + 1, Math.min(n * 4, Math.ceil((n * batchMs * 1e6) / Math.max(ns, 1))));
      ns = await timeBatch(c, n);
      spent += ns;
    }
    c.n = Math.max(1, Math.round((n * batchMs * 1e6) / ns));
    while (spent < warmupMs * 1e6) spent += await timeBatch(c, c.n);
    // Recalibrate once warm: tiered-up code is faster than the first batches.
    c.n = Math.max(1, Math.round((c.n * batchMs * 1e6) / (await timeBatch(c, c.n))));
    c.wallSamples = [];
    c.cpuSamples = [];
    progress({ phase: 'warm-up', done: i + 1, total: cases.length });
  }
  for (let round = 0; round < rounds; round++) {
    if (globalThis.gc) globalThis.gc();
    for (const c of seededShuffle(cases, round + 1)) {
      c.wallSamples.push((await timeBatch(c, c.n)) / c.n);
      c.cpuSamples.push(c.lastCpuNs / c.n);
    }
    progress({ phase: 'rounds', done: round + 1, total: rounds });
  }
  for (const c of cases) {
    c.samples = clock === 'cpu' ? c.cpuSamples : c.wallSamples;
    c.cpuShare = c.cpuSamples.reduce((a, b) => a + b, 0) / c.wallSamples.reduce((a, b) => a + b, 0);
    const sorted = c.samples.slice().sort((a, b) => a - b);
    c.nsPerOp = quantile(sorted, 0.5);
    c.p25 = quantile(sorted, 0.25);
    c.p75 = quantile(sorted, 0.75);
    c.opsPerSec = 1e9 / c.nsPerOp;
  }
  return cases;
}
