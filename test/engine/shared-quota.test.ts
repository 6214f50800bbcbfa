import { randomBytes } from 'node:crypto';
import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { startCourierHarness } from '../../core/testing/harness.js';
import sandbox, { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';
import { startFerretDB } from '../helpers/ferretdb.js';
import { startRedis } from '../helpers/redis.js';

const isTrack = (r: { path: string }) => r.path === '/v1/tracking/batch';

/** The most arrivals in any window [t, t + windowMs) (the worst windows all start at an arrival). */
function worstWindow(arrivals: readonly number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let worst = 0;
  for (let first = 0, last = 0; first < sorted.length; first++) {
    while (last < sorted.length && sorted[last]! < sorted[first]! + windowMs) last++;
    worst = Math.max(worst, last - first);
  }
  return worst;
}

t.test('three instances on one MongoDB and one Redis send one quota between them, and check each shipment once', async (t) => {
  const mongo = await startFerretDB();
  t.teardown(() => mongo.stop());
  const redis = await startRedis();
  t.teardown(() => redis.stop());
  const sim = await SandboxSimulator.start({ clientId: 'shared', clientSecret: 'shared-secret-1234' });
  t.teardown(() => sim.close());
  // One instant for all three: nothing falls due again during the runs, so a second poll of a number
  // could only come from two instances holding it at once.
  const clock = new ManualClock('2026-06-01T08:00:00.000Z');
  const quota = { requests: 6, windowMs: 1000 };
  const env = { WAYBILL_STORE: `${mongo.uri}waybill_${randomBytes(5).toString('hex')}`, WAYBILL_REDIS_URL: redis.url };
  const instances = await Promise.all(
    ['a', 'b', 'c'].map((id) =>
      startCourierHarness(t, {
        plugin: sandbox,
        simulator: sim,
        clock,
        env,
        instanceId: `instance-${id}`,
        credentials: { client_id: 'shared', client_secret: 'shared-secret-1234' },
        options: { quota_requests: String(quota.requests), quota_window_seconds: String(quota.windowMs / 1000), batch_size: '1', concurrency: '2', max_per_run: '1000' },
      }),
    ),
  );
  const numbers = Array.from({ length: 36 }, (_, i) => `SBX-DELIVERED-${i}`);
  await instances[0]!.register(numbers);

  const runs = await Promise.all(instances.map((h) => h.run()));
  t.same(runs.map((r) => r.state), ['succeeded', 'succeeded', 'succeeded']);
  t.ok(runs.every((r) => r.counts.claimed > 0), `every instance took part (${runs.map((r) => r.counts.claimed).join(' / ')})`);

  const track = sim.server.requests.filter(isTrack);
  const asked = track.flatMap((r) => (r.body as { tracking_numbers: string[] }).tracking_numbers);
  t.same([...asked].sort(), [...numbers].sort(), 'every shipment was checked, and none twice');
  t.equal(worstWindow(track.map((r) => r.receivedAt), quota.windowMs), quota.requests, 'the three together used the quota to the request and never exceeded it');
  for (const n of numbers) t.not((await instances[1]!.shipment(n)).lastCheckedAt, null);
});
