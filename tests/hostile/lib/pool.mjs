// Worker threads that each hold one instance of the package. A kind runs in
// one worker; a worker whose instance a kind broke, or that outlived the
// per-kind timeout, is replaced so the next kind starts on a healthy one.
import { Worker } from 'node:worker_threads';

const WORKER = new URL('./worker.mjs', import.meta.url);

const failedInstance = (report) => Boolean(report.timedOut || report.crashed || report.health?.length);

export class Pool {
  constructor(size, workerData) {
    this.workerData = workerData;
    this.idle = [];
    this.waiting = [];
    this.all = new Set();
    this.starting = Array.from({ length: size }, () => this.spawn().then((w) => this.release(w)));
  }

  spawn() {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER, { workerData: this.workerData, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
      this.all.add(worker);
      const onError = (error) => reject(error);
      worker.once('error', onError);
      worker.once('message', (message) => {
        worker.off('error', onError);
        if (message.ready) resolve(worker);
        else reject(new Error(`unexpected first message ${JSON.stringify(message)}`));
      });
    });
  }

  release(worker) {
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  acquire() {
    const worker = this.idle.pop();
    return worker ? Promise.resolve(worker) : new Promise((resolve) => this.waiting.push(resolve));
  }

  async replace(worker) {
    this.all.delete(worker);
    await worker.terminate();
    this.release(await this.spawn());
  }

  /**
   * Runs one kind on a worker that may already have run others. When that
   * leaves the instance broken (or the worker hung or crashed), the worker
   * is replaced and the kind runs again on a fresh one, to tell a kind that
   * breaks an instance on its own from one that only finished off an
   * instance earlier kinds had damaged. Resolves the fresh run's report with
   * `shared` (the first run's) attached, or the first report when healthy.
   */
  async run(kindId, timeoutMs) {
    const first = await this.runOnce(kindId, timeoutMs);
    if (!failedInstance(first) || first.priorKinds === 0) return first;
    const fresh = await this.runOnce(kindId, timeoutMs);
    return { ...fresh, shared: first };
  }

  /** Runs one kind once; resolves its report, or { timedOut, at } / { crashed } (the worker is then replaced). */
  async runOnce(kindId, timeoutMs) {
    const worker = await this.acquire();
    const priorKinds = worker.kindsRun ?? 0;
    worker.kindsRun = priorKinds + 1;
    const report = await runOn(worker, { kindId }, timeoutMs);
    if (failedInstance(report)) await this.replace(worker);
    else this.release(worker);
    return { ...report, priorKinds };
  }

  /**
   * Runs one kind at one call site only, on a worker of its own that is
   * thrown away afterwards: tells which exports break an instance by
   * themselves when a kind broke it (HOSTILE_ISOLATE=1).
   */
  async runIsolated(kindId, siteId, timeoutMs) {
    const worker = await this.spawn();
    try {
      return await runOn(worker, { kindId, only: siteId, probe: true }, timeoutMs);
    } finally {
      this.all.delete(worker);
      await worker.terminate();
    }
  }

  async close() {
    await Promise.allSettled(this.starting);
    await Promise.all([...this.all].map((w) => w.terminate()));
  }
}

/** Posts one job to `worker`; resolves its report, or { timedOut, at } / { crashed }. */
function runOn(worker, job, timeoutMs) {
  let timer;
  let cleanup = () => {};
  let at = 'starting';
  return new Promise((resolve) => {
    const onMessage = (message) => {
      if (message.progress) at = message.progress;
      else resolve(message);
    };
    const onError = (error) => resolve({ kindId: job.kindId, crashed: String(error?.stack ?? error) });
    const onExit = (code) => resolve({ kindId: job.kindId, crashed: `the worker exited with code ${code}` });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    timer = setTimeout(() => resolve({ kindId: job.kindId, timedOut: true, at }), timeoutMs);
    cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.postMessage(job);
  }).finally(() => {
    clearTimeout(timer);
    cleanup();
  });
}
