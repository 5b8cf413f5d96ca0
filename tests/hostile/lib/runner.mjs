// Runs one kind of hostile value at every call site, in this thread's
// instances of the package, and says what every export answered.
import { describe } from './common.mjs';
import { judgeClient, judgeVerification } from './judge.mjs';

export const VERIFY_ITERATIONS = Number(process.env.HOSTILE_ITERATIONS ?? 10_000);
/** Client calls per export: more than the ~3,600 exceptions that broke an instance before issue 15. */
export const CLIENT_ITERATIONS = Number(process.env.HOSTILE_CLIENT_ITERATIONS ?? 4_000);
/** Accepted client calls per slot: those make a (recorded) request each; a few prove the point. */
const ACCEPTED_PER_SLOT = 20;

/** Per-site tally: calls, answers by class, violations by slot and category (count and first example). */
class Tally {
  constructor(site) {
    this.site = site.id;
    this.calls = 0;
    this.answers = {};
    this.violations = new Map();
  }
  answer(outcome) {
    this.calls++;
    const key = outcome.threw || outcome.settled === 'rejected'
      ? errorKey(outcome.error)
      : 'answered';
    this.answers[key] = (this.answers[key] ?? 0) + 1;
  }
  violation(slot, found) {
    const key = `${slot}\u0000${found.category}`;
    const entry = this.violations.get(key);
    if (entry) entry.count++;
    else this.violations.set(key, { slot, category: found.category, count: 1, example: found.detail });
  }
  toJSON() {
    return { site: this.site, calls: this.calls, answers: this.answers, violations: [...this.violations.values()] };
  }
}

function errorKey(error) {
  if (error === null || (typeof error !== 'object' && typeof error !== 'function')) return `thrown ${typeof error}`;
  try {
    return error.code ? `${error.name}(${error.code})` : String(error.name);
  } catch {
    return 'unnameable';
  }
}

/**
 * An object where an options or params object goes stands for the
 * documented fields it has: read as properties (`value.now`, prototype
 * getters included) or as own enumerable properties (what JSON.stringify
 * sees); either reading is accepted. So a Uint8Array means `{}` and a Proxy
 * of a Request `{ headers, signal }` or `{}`. It may also be refused. One
 * whose fields cannot be read either way must be refused.
 * slot.fields: the documented names (null: any own key, for headers).
 */
function normalize(slot, kase) {
  const isObject = kase.value !== null && typeof kase.value === 'object';
  if (slot.type !== 'object' || !isObject || 'means' in kase || kase.anyAnswer) return kase;
  const readings = [];
  try {
    const named = {};
    for (const field of slot.fields ?? Object.keys(kase.value)) if (kase.value[field] !== undefined) named[field] = kase.value[field];
    readings.push(named);
  } catch { /* unreadable this way */ }
  try {
    const own = Object.fromEntries(Object.entries(kase.value).filter(([key]) => !slot.fields || slot.fields.includes(key)));
    readings.push(own);
  } catch { /* unreadable this way */ }
  if (readings.length === 0) return kase;
  return { ...kase, means: readings[0], alternatives: readings.slice(1), mayReject: true };
}

/** The documented values a case stands for: its `means` and any alternative reading. */
const meanings = (kase) => [kase.means, ...(kase.alternatives ?? [])];

/** The expectations for a case in a slot of a verification site (one per meaning). */
function verificationExpectations(site, slot, kase) {
  if (kase.anyAnswer) return [{ any: true }];
  const extra = slot.alsoRight ? [{ ...slot.alsoRight(kase.means), mayReject: true, codes: kase.codes }] : [];
  if (!('means' in kase)) return [{ refuse: true }, ...extra];
  return meanings(kase).map((means) => {
    const expected = slot.expect ? slot.expect(means) : site.expect(slot.build(means, means));
    return { ...expected, mayReject: Boolean(kase.mayReject), codes: kase.codes };
  }).concat(extra);
}

/** The first violation when every expectation is violated; undefined when one is met. */
function judgeAgainst(expectations, judge) {
  let first;
  for (const expected of expectations) {
    const found = judge(expected);
    if (!found) return undefined;
    first ??= found;
  }
  return first;
}

/** Longest an async call may take before it counts as hung (a broken instance can leave promises unsettled). */
const CALL_TIMEOUT_MS = 10_000;
const HUNG = Symbol('hung');

// One timer for every call instead of one per call (a per-call setTimeout
// was a tenth of the corpus's time): it ends the call in flight once it is
// older than CALL_TIMEOUT_MS.
let inFlight = null;
setInterval(() => {
  if (inFlight && performance.now() - inFlight.started > CALL_TIMEOUT_MS) inFlight.hang(HUNG);
}, 1000).unref();

/** Awaits `call()`; resolves { settled: 'resolved', value } | { settled: 'rejected', error } | { settled: 'hung' }. */
async function settle(call) {
  let hang;
  const hung = new Promise((resolve) => { hang = resolve; });
  inFlight = { started: performance.now(), hang };
  try {
    const value = await Promise.race([call(), hung]);
    return value === HUNG ? { settled: 'hung' } : { settled: 'resolved', value };
  } catch (error) {
    return { settled: 'rejected', error };
  } finally {
    inFlight = null;
  }
}

const hungViolation = { category: 'hang', detail: `a call did not settle within ${CALL_TIMEOUT_MS / 1000} s; the rest of this export was skipped` };

/** Runs `kind` at one verification site; `env` gives reenter() and friends. */
async function runVerification(kind, site, pkg, env, tally) {
  const iterations = site.async
    ? kind.iterations?.client ?? CLIENT_ITERATIONS
    : kind.iterations?.verify ?? VERIFY_ITERATIONS;
  const prepare = (slot) => {
    const kase = normalize(slot, kind.make({ ...slot, family: 'verify' }, env));
    return { slot, kase, args: slot.build(kase.value, kase.means), expected: verificationExpectations(site, slot, kase) };
  };
  const prepared = site.slots.map(prepare);
  for (let i = 0; i < iterations; i++) {
    let entry = prepared[i % prepared.length];
    if (kind.fresh || entry.slot.fresh) entry = prepared[i % prepared.length] = prepare(entry.slot);
    let outcome;
    if (site.async) {
      const settled = await settle(() => site.call(entry.args));
      if (settled.settled === 'hung') {
        tally.violation(entry.slot.name, hungViolation);
        return;
      }
      outcome = settled.settled === 'resolved' ? { value: settled.value } : { threw: true, error: settled.error };
      if (consumed(entry.args[0])) entry.args = entry.slot.build(entry.kase.value, entry.kase.means);
    } else {
      try {
        outcome = { value: site.call(entry.args) };
      } catch (error) {
        outcome = { threw: true, error };
      }
    }
    tally.answer(outcome);
    const found = judgeAgainst(entry.expected, (expected) => judgeVerification(site, entry.slot, expected, outcome, pkg));
    if (found) tally.violation(entry.slot.name, found);
    for (const failure of env.drainReentry()) tally.violation(entry.slot.name, { category: 'reentrant-call-failed', detail: failure });
  }
}

function consumed(request) {
  try {
    return request instanceof Request && request.bodyUsed;
  } catch {
    return true;
  }
}

/** Runs `kind` at one client call site. */
async function runClient(kind, site, pkg, env, tally, recorder) {
  const iterations = kind.iterations?.client ?? CLIENT_ITERATIONS;
  const record = async (call) => {
    recorder.reset();
    const outcome = await settle(call);
    outcome.attempts = recorder.attempts;
    outcome.refusedByFetch = recorder.refusedByFetch;
    outcome.requests = recorder.signature();
    outcome.errorName = outcome.error?.name;
    return outcome;
  };

  let prepared;
  if (kind.receiver) {
    if (!site.receivers) return; // not a method: there is no receiver to make hostile
    const slot = site.slots[0];
    prepared = site.receivers().map((receiver, i) => ({
      slot: { ...slot, name: `this (${['freed object', 'undefined', 'plain object'][i]})` },
      args: slot.build(slot.base),
      receiver,
      expected: { refuse: true },
      accepted: 0,
    }));
  } else {
    prepared = [];
    for (const slot of site.slots) {
      const kase = normalize(slot, kind.make(slot, env));
      const args = slot.build(kase.value);
      const expected = kase.anyAnswer ? { any: true } : 'means' in kase ? { mayReject: Boolean(kase.mayReject) } : { refuse: true };
      const references = [];
      if ('means' in kase && !kase.anyAnswer) {
        for (const means of meanings(kase)) references.push(await record(() => site.call(slot.build(means))));
      }
      if (references.some((r) => r.settled === 'hung')) {
        tally.violation(slot.name, hungViolation);
        return;
      }
      prepared.push({ slot, kase, args, expected, references, accepted: 0 });
    }
  }
  let live = prepared;
  for (let i = 0; i < iterations && live.length > 0; i++) {
    const entry = live[i % live.length];
    if (kind.fresh) {
      entry.kase = normalize(entry.slot, kind.make(entry.slot, env));
      entry.args = entry.slot.build(entry.kase.value);
    }
    const outcome = await record(() => site.call(entry.args, entry.receiver));
    if (outcome.settled === 'hung') {
      tally.violation(entry.slot.name, hungViolation);
      return;
    }
    tally.answer(outcome);
    const found = entry.references?.length
      ? judgeAgainst(entry.references, (reference) => judgeClient(entry.expected, outcome, reference, pkg))
      : judgeClient(entry.expected, outcome, undefined, pkg);
    if (found) tally.violation(entry.slot.name, found);
    for (const failure of env.drainReentry()) tally.violation(entry.slot.name, { category: 'reentrant-call-failed', detail: failure });
    if (outcome.settled === 'resolved' && ++entry.accepted >= ACCEPTED_PER_SLOT) live = live.filter((e) => e !== entry);
  }
}

/**
 * Runs `kind` at every site of every entry. `entries` is a list of
 * { name, pkg, sites, env, recorder }. Resolves a list of site tallies.
 */
export async function runKind(kind, entries, progress = () => {}) {
  const tallies = [];
  for (const { pkg, sites, env, recorder } of entries) {
    for (const site of sites) {
      const tally = new Tally(site);
      progress(site.id);
      const started = performance.now();
      try {
        if (site.family === 'verify') await runVerification(kind, site, pkg, env, tally);
        else await runClient(kind, site, pkg, env, tally, recorder);
      } catch (error) {
        // The harness itself (building a value, a reference call) failed: say so, never hide it.
        tally.violation('(harness)', { category: 'harness', detail: `the corpus could not set this export up: ${describe(error)}` });
      }
      if (tally.calls > 0 || tally.violations.size > 0) tallies.push({ ...tally.toJSON(), ms: Math.round(performance.now() - started) });
    }
  }
  return tallies;
}
