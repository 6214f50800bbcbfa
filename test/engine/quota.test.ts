import t from 'tap';
import { startCourierHarness } from '../../core/testing/harness.js';
import sandbox, { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';
import { worstWindow } from '../helpers/cluster.js';

const isTrack = (r: { path: string }) => r.path === '/v1/tracking/batch';

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
