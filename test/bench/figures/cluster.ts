import { runCluster } from '../../helpers/cluster.js';
import { round, stats, type FigureModule } from '../figure.js';
import { Scope } from '../sandbox-bench.js';

interface Side {
  worst: number;
  polledTwice: number;
  unchecked: number;
}

async function measureOnce(shared: boolean, quota: { requests: number; windowMs: number }, shipments: number): Promise<Side> {
  const scope = new Scope();
  try {
    const cluster = await runCluster(scope, { instances: 3, shipments, quota, shared });
    const counts = [...cluster.asked.values()];
    return { worst: cluster.worstWindow, polledTwice: counts.filter((n) => n > 1).length, unchecked: counts.filter((n) => n === 0).length };
  } finally {
    await scope.close();
  }
}

/** Issue 13's three instances: one MongoDB-protocol store, one Redis, one simulator counting every window. */
export const clusterFigure: FigureModule = {
  key: 'cluster',
  title: 'Three instances, one quota',
  async measure({ repetitions, quick, log }) {
    const quota = { requests: 6, windowMs: 1000 };
    const shipments = quick ? 36 : 72;
    const ours: Side[] = [];
    const theirs: Side[] = [];
    for (let r = 0; r < repetitions; r++) {
      ours.push(await measureOnce(true, quota, shipments));
      theirs.push(await measureOnce(false, quota, shipments));
      log(`  cluster: worst window ${ours.at(-1)!.worst} with Redis, ${theirs.at(-1)!.worst} without, of ${quota.requests}`);
    }
    const oursStats = stats(ours.map((s) => s.worst));
    const theirsStats = stats(theirs.map((s) => s.worst));
    const overshoot = Math.max(...ours.map((s) => s.worst - quota.requests), 0);
    const polledTwice = ours.reduce((n, s) => n + s.polledTwice, 0);
    const unchecked = ours.reduce((n, s) => n + s.unchecked, 0);
    return {
      key: 'cluster',
      title: `3 instances on one FerretDB and one Redis, ${quota.requests} requests per ${quota.windowMs / 1000} s, ${shipments} shipments`,
      unit: 'requests in the worst window',
      comparison: 'the same three instances without Redis (each limits its own requests)',
      better: 'lower',
      ours: oursStats,
      theirs: theirsStats,
      ratio: round(theirsStats.median / oursStats.median),
      goal: '0 windows over the quota, 0 shipments polled twice, every shipment checked',
      met: overshoot === 0 && polledTwice === 0 && unchecked === 0,
      repetitions,
      overshoot,
      polledTwice,
      unchecked,
      theirsOvershoot: Math.max(...theirs.map((s) => s.worst - quota.requests), 0),
    };
  },
};
