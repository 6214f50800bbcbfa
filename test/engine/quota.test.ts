import t from 'tap';
import { startCourierHarness } from '../../core/testing/harness.js';
import sandbox, { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';

const isTrack = (r: { path: string }) => r.path === '/v1/tracking/batch';

/** The most arrivals in any window [t, t + windowMs) that starts at an arrival (the worst windows all do). */
function worstWindow(arrivals: readonly number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let worst = 0;
  for (let first = 0, last = 0; first < sorted.length; first++) {
    while (last < sorted.length && sorted[last]! < sorted[first]! + windowMs) last++;
    worst = Math.max(worst, last - first);
  }
  return worst;
}

t.test('no window of the declared length holds more requests than the quota, counted where the courier counts', async (t) => {
  // 4 per 500 ms: the old spacing limiter (125 ms between slot starts) overfilled such windows whenever a
  // timer fired late or a token fetch delayed one send; a quota this small keeps the engine ahead of it.
  const quota = { requests: 4, windowMs: 500 };
  const h = await startCourierHarness(t, {
    plugin: sandbox,
    simulator: () => SandboxSimulator.start({ clientId: 'q', clientSecret: 'quota-secret-123' }),
    credentials: { client_id: 'q', client_secret: 'quota-secret-123' },
    options: { quota_requests: String(quota.requests), quota_window_seconds: String(quota.windowMs / 1000), batch_size: '2', concurrency: '4', max_per_run: '100' },
  });
  await h.register(Array.from({ length: 40 }, (_, i) => `SBX-DELIVERED-${i}`));
  const run = await h.run();
  t.match(run, { state: 'succeeded', counts: { claimed: 40 } });
  const arrivals = h.requests(isTrack).map((r) => r.receivedAt);
  t.equal(arrivals.length, 20);
  t.equal(worstWindow(arrivals, quota.windowMs), quota.requests, `${JSON.stringify(arrivals.map((a) => Math.round(a - arrivals[0]!)))}: ` + 'the quota is used to the request, and never exceeded');
});

t.test('the worst-window count sees an overfilled window', async (t) => {
  t.equal(worstWindow([0, 100, 399, 400, 401], 400), 4);
  t.equal(worstWindow([0, 40, 80, 120, 160, 200, 240, 280, 320, 360, 399.9], 400), 11);
});
