// Reading what the fixture Worker recorded (its /__test routes): the handler
// runs per event, the dead letters, the ledger records.
import assert from 'node:assert/strict';
import { sleep, waitFor } from '../../e2e/lib/util.mjs';

/** Calls a /__test route of the fixture Worker at `base`; POSTs `body` when given. */
export async function testApi(base, path, body) {
  const response = await fetch(`${base}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * Every run, once each of `ids` has one that succeeded and nothing has
 * changed for 2 s (so that a late second run would be seen).
 */
export async function settledRuns(base, ids, { timeoutMs = 120_000 } = {}) {
  let runs = await waitFor(`${ids.length} events to be handled`, async () => {
    const all = await testApi(base, '/__test/runs');
    const handled = new Set(all.filter((run) => run.ok === 1).map((run) => run.event_id));
    return ids.every((id) => handled.has(id)) && all;
  }, { timeoutMs, intervalMs: 250 });
  for (;;) {
    await sleep(2000);
    const now = await testApi(base, '/__test/runs');
    if (now.length === runs.length && now.every((run) => run.ended_at !== null)) return now;
    runs = now;
  }
}

/** Runs grouped by event id, in the order they started. */
export function groupRuns(runs) {
  const byEvent = new Map();
  for (const run of [...runs].sort((a, b) => a.started_at - b.started_at)) {
    if (!byEvent.has(run.event_id)) byEvent.set(run.event_id, []);
    byEvent.get(run.event_id).push(run);
  }
  return byEvent;
}

/** Asserts that no run of event `id` started before the previous one ended. */
export function assertNoOverlap(id, runs) {
  for (let i = 1; i < runs.length; i += 1) {
    assert.ok(runs[i].started_at >= runs[i - 1].ended_at, `two runs of ${id} overlapped`);
  }
}
