import { randomBytes } from 'node:crypto';
import { ManualClock } from '../../core/clock.js';
import { startCourierHarness, type Harness } from '../../core/testing/harness.js';
import sandbox, { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';
import { startFerretDB } from './ferretdb.js';
import { startRedis } from './redis.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** The most arrivals in any window [t, t + windowMs) (the worst windows all start at an arrival). */
export function worstWindow(arrivals: readonly number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let worst = 0;
  for (let first = 0, last = 0; first < sorted.length; first++) {
    while (last < sorted.length && sorted[last]! < sorted[first]! + windowMs) last++;
    worst = Math.max(worst, last - first);
  }
  return worst;
}

export interface ClusterRun {
  instances: Harness<SandboxSimulator>[];
  /** Claimed per instance. */
  claimed: number[];
  states: string[];
  /** How many times each registered number was asked about. */
  asked: Map<string, number>;
  worstWindow: number;
  quota: { requests: number; windowMs: number };
}

/**
 * `instances` services on one FerretDB (one database) and, unless `shared` is false, one Redis, against one
 * sandbox simulator that records every request, all at one frozen instant (nothing falls due again, so a
 * second poll of a number could only come from two instances holding it at once); registers `shipments`
 * and runs all at once.
 */
export async function runCluster(
  t: Teardown,
  options: { instances: number; shipments: number; quota: { requests: number; windowMs: number }; shared?: boolean },
): Promise<ClusterRun> {
  const mongo = await startFerretDB();
  t.teardown(() => mongo.stop());
  const redis = options.shared === false ? null : await startRedis();
  if (redis) t.teardown(() => redis.stop());
  const sim = await SandboxSimulator.start({ clientId: 'shared', clientSecret: 'shared-secret-1234' });
  t.teardown(() => sim.close());
  const clock = new ManualClock('2026-06-01T08:00:00.000Z');
  const { quota } = options;
  const env = { WAYBILL_STORE: `${mongo.uri}waybill_${randomBytes(5).toString('hex')}`, ...(redis ? { WAYBILL_REDIS_URL: redis.url } : {}) };
  const instances = await Promise.all(
    Array.from({ length: options.instances }, (_, i) =>
      startCourierHarness(t, {
        plugin: sandbox,
        simulator: sim,
        clock,
        env,
        instanceId: `instance-${i + 1}`,
        credentials: { client_id: 'shared', client_secret: 'shared-secret-1234' },
        options: { quota_requests: String(quota.requests), quota_window_seconds: String(quota.windowMs / 1000), batch_size: '1', concurrency: '2', max_per_run: '100000' },
      }),
    ),
  );
  const numbers = Array.from({ length: options.shipments }, (_, i) => `SBX-DELIVERED-${i}`);
  await instances[0]!.register(numbers);
  const runs = await Promise.all(instances.map((h) => h.run()));
  const track = sim.server.requests.filter((r) => r.path === '/v1/tracking/batch');
  const asked = new Map<string, number>(numbers.map((n) => [n, 0]));
  for (const r of track) for (const n of (r.body as { tracking_numbers: string[] }).tracking_numbers) asked.set(n, (asked.get(n) ?? 0) + 1);
  return {
    instances,
    claimed: runs.map((r) => r.counts.claimed),
    states: runs.map((r) => r.state),
    asked,
    worstWindow: worstWindow(track.map((r) => r.receivedAt), quota.windowMs),
    quota,
  };
}
