// The retry schedule: exactly 8 attempts spaced by the jittered
// +1 min ... +24 h schedule, and the per-attempt timeout.
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

test('a failing delivery is exhausted after exactly 8 attempts spaced by the jittered schedule', async (t) => {
  const emu = await startEmulator(['--allow-http-localhost', '--time-scale', String(SCALE)]);
  try {
    // Three endpoints give three independent schedules in the same few seconds.
    const routeOf = new Map();
    for (let i = 0; i < 3; i += 1) {
      const route = receiver.route(always(500));
      routeOf.set((await createEndpoint(emu, route.url)).id, route);
    }
    const deliveries = await emit(emu, 'call.failed');
    assert.equal(deliveries.length, 3);
    const deviations = [];
    for (const { id, endpoint_id: endpointId } of deliveries) {
      const exhausted = await waitForDeliveryStatus(emu, id, 'exhausted');
      assert.equal(exhausted.attempt_count, 8);
      assert.equal(exhausted.next_attempt_at, null);

      // The chosen waits: each within ±20% of the scaled schedule, none after the 8th.
      const { attempts } = (await emu.control('GET', `/_emulator/deliveries/${id}`)).json;
      assert.equal(attempts.length, 8);
      const delays = attempts.map((a) => a.retry_delay_ms);
      assert.equal(delays.at(-1), null);
      delays.slice(0, -1).forEach((delay, i) => {
        const nominal = NOMINAL_GAPS_MS[i];
        assert.ok(delay >= nominal * 0.8 - 1e-9 && delay <= nominal * 1.2 + 1e-9,
          `wait ${i + 1} was ${delay} ms, nominal ${nominal} ms ±20%`);
        deviations.push(Math.abs(delay / nominal - 1));
      });

      // On a machine so loaded that an attempt hit the 1 s timeout, the
      // receiver's clock no longer orders the attempts; the checks above still hold.
      if (attempts.some((a) => a.error?.startsWith('timed out'))) {
        t.diagnostic(`delivery ${id}: an attempt timed out, wire timing not checked`);
        continue;
      }
      assert.equal(exhausted.last_response_status, 500);

      // On the wire: a retry never comes before its wait is over (timers never fire
      // early), and not absurdly late either (loose bound: machines can be busy).
      const { requests } = routeOf.get(endpointId);
      await sleep(200); // room for a (wrong) 9th attempt to show up
      assert.equal(requests.length, 8, 'exactly 8 attempts reach the receiver');
      requests.slice(1).forEach((req, i) => {
        const gap = req.at - requests[i].at;
        assert.ok(gap >= delays[i] - 2, `attempt ${i + 2} came ${gap.toFixed(1)} ms after attempt ${i + 1}, before the ${delays[i].toFixed(1)} ms wait`);
        assert.ok(gap <= delays[i] + 5000, `attempt ${i + 2} came ${gap.toFixed(1)} ms after attempt ${i + 1}`);
      });
    }
    // Jitter: 21 waits all within 3% of nominal would mean there is none.
    assert.ok(deviations.some((d) => d > 0.03), `no jitter seen: ${deviations.map((d) => d.toFixed(3))}`);
  } finally {
    await emu.stop();
  }
});

test('a receiver slower than the timeout (10 s / time-scale, at least 1 s) is a failed attempt', async () => {
  // Scale 10: the timeout is 1 s and the next attempt comes ~6 s later, after this test.
  const emu = await startEmulator(['--allow-http-localhost', '--time-scale', '10']);
  try {
    const route = receiver.route(() => ({ status: 200, delayMs: 3000 }));
    await createEndpoint(emu, route.url);
    const [{ id }] = await emit(emu, 'call.completed');
    const delivery = await waitFor(async () => {
      const d = (await emu.api('GET', `/v1/webhook_deliveries/${id}`)).json;
      return d.attempt_count === 1 && d;
    });
    assert.equal(delivery.status, 'pending');
    assert.equal(delivery.last_response_status, null);
    assert.match(delivery.last_error, /timed out/);
    const [attempt] = (await emu.control('GET', `/_emulator/deliveries/${id}`)).json.attempts;
    assert.ok(attempt.duration_ms >= 990 && attempt.duration_ms < 2900,
      `the attempt was given up after ${attempt.duration_ms} ms, expected ~1000`);
  } finally {
    await emu.stop();
  }
});
