import t from 'tap';
import { runCluster, worstWindow } from '../helpers/cluster.js';

// `npm run soak` (SOAK=long) runs it over four times the shipments (FerretDB v1 scans for every claim, so more is slow).
const shipments = process.env.SOAK === 'long' ? 150 : 36;

t.test('three instances on one MongoDB and one Redis send one quota between them, and check each shipment once', async (t) => {
  const cluster = await runCluster(t, { instances: 3, shipments, quota: { requests: 6, windowMs: 1000 } });
  t.same(cluster.states, ['succeeded', 'succeeded', 'succeeded']);
  t.ok(cluster.claimed.every((n) => n > 0), `every instance took part (${cluster.claimed.join(' / ')})`);
  t.same([...cluster.asked.values()].filter((n) => n !== 1), [], 'every shipment was checked, and none twice');
  t.equal(cluster.worstWindow, cluster.quota.requests, 'the three together used the quota to the request and never exceeded it');
  for (const n of cluster.asked.keys()) t.not((await cluster.instances[1]!.shipment(n)).lastCheckedAt, null);
});

t.test('the worst-window count sees an overfilled window', async (t) => {
  t.equal(worstWindow([0, 100, 399, 400, 401], 400), 4);
  t.equal(worstWindow([0, 40, 80, 120, 160, 200, 240, 280, 320, 360, 399.9], 400), 11);
});
