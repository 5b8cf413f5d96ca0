// The retry schedule in real (scaled) time: exactly 8 attempts spaced by the
// jittered +1 min ... +24 h schedule, and the per-attempt timeout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  always, createEndpoint, emit, startEmulator, startReceiver, waitFor, waitForDeliveryStatus, sleep,
} from './support.mjs';

// With --time-scale 36000 the 8-attempt schedule (~34.6 h) takes ~3.5 s.
const SCALE = 36000;
const NOMINAL_GAPS_MS = [60e3, 300e3, 1800e3, 7200e3, 18000e3, 36000e3, 86400e3].map((ms) => ms / SCALE);

let receiver;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

test('a failing delivery is exhausted after exactly 8 attempts spaced by the jittered schedule', async () => {
  const emu = await startEmulator(['--allow-http-localhost', '--time-scale', String(SCALE)]);
  try {
    // Three endpoints give three independent schedules to look at in the same few seconds.
    const routes = [receiver.route(always(500)), receiver.route(always(500)), receiver.route(always(500))];
    for (const route of routes) await createEndpoint(emu, route.url);
    const deliveries = await emit(emu, 'call.failed');
    for (const { id } of deliveries) {
      const exhausted = await waitForDeliveryStatus(emu, id, 'exhausted', 10_000);
      assert.equal(exhausted.attempt_count, 8);
      assert.equal(exhausted.next_attempt_at, null);
      assert.equal(exhausted.last_response_status, 500);
    }
    await sleep(200); // room for a (wrong) 9th attempt to show up
    const deviations = [];
    for (const route of routes) {
      assert.equal(route.requests.length, 8, 'exactly 8 attempts');
      const gaps = route.requests.slice(1).map((r, i) => r.at - route.requests[i].at);
      // Gaps under ~100 ms are dominated by scheduling noise; check the long ones.
      for (let i = 3; i < gaps.length; i += 1) {
        const nominal = NOMINAL_GAPS_MS[i];
        assert.ok(gaps[i] >= nominal * 0.8 - 5 && gaps[i] <= nominal * 1.2 + 60,
          `gap ${i + 1} was ${gaps[i].toFixed(1)} ms, nominal ${nominal.toFixed(1)} ms ±20%`);
        deviations.push(Math.abs(gaps[i] / nominal - 1));
      }
      // The gaps also grow: each long gap is longer than the previous one.
      for (let i = 4; i < gaps.length; i += 1) assert.ok(gaps[i] > gaps[i - 1]);
    }
    // Jitter: without it, every long gap would land within ~1% of nominal.
    assert.ok(deviations.some((d) => d > 0.03), `no jitter seen: ${deviations.map((d) => d.toFixed(3))}`);
  } finally {
    await emu.stop();
  }
});

test('a receiver slower than the timeout (10 s / time-scale, at least 1 s) is a failed attempt', async () => {
  // Scale 10: the timeout is 1 s and the next attempt comes ~6 s later, after this test.
  const emu = await startEmulator(['--allow-http-localhost', '--time-scale', '10']);
  try {
    const route = receiver.route(() => ({ status: 200, delayMs: 1500 }));
    await createEndpoint(emu, route.url);
    const started = Date.now();
    const [{ id }] = await emit(emu, 'call.completed');
    const delivery = await waitFor(async () => {
      const d = (await emu.api('GET', `/v1/webhook_deliveries/${id}`)).json;
      return d.attempt_count === 1 && d;
    }, { timeoutMs: 5000 });
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 950 && elapsed < 1450, `timed out after ${elapsed} ms, expected ~1000`);
    assert.equal(delivery.status, 'pending');
    assert.equal(delivery.last_response_status, null);
    assert.match(delivery.last_error, /timed out/);
  } finally {
    await emu.stop();
  }
});
