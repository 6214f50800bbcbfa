import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { defineCourier } from '../../core/courier/plugin.js';
import { startCourierHarness } from '../../core/testing/harness.js';
import { SimServer, type SimRequest } from '../../core/testing/sim-server.js';

const ANSWER_MS = 40;

/** A courier whose API answers every batch ANSWER_MS late, one request at a time. */
const slow = defineCourier(
  {
    name: 'slow',
    displayName: 'Slow',
    batchSize: 2,
    quota: { requests: 1000, windowSeconds: 1 },
    concurrency: 1,
    schedule: { cron: '0 0 1 1 *', maxPerRun: 1000 },
    auth: { kind: 'none' },
    endpoints: { baseUrl: 'https://api.slow.example' },
    statuses: [{ status: 'moving', to: 'in_transit' }],
  },
  {
    async track(batch, { http }) {
      await http.post('/track', { numbers: batch.map((s) => s.trackingNumber) });
      return batch.map(({ trackingNumber }) => ({ trackingNumber, found: true, status: 'moving', statusAt: new Date().toISOString(), events: [] }));
    },
  },
);

async function startSlowSimulator() {
  const server = await SimServer.start(async () => {
    await sleep(ANSWER_MS);
    return { json: {} };
  });
  return { server, url: server.url, close: () => server.close() };
}

const askedNumbers = (requests: readonly SimRequest[]) => requests.flatMap((r) => (r.body as { numbers: string[] }).numbers);

t.test('the limiter runs waiting jobs manual first, then retries, then scheduled checks', async (t) => {
  const h = await startCourierHarness(t, { plugin: slow, simulator: startSlowSimulator });
  const limiter = h.app.waybill.registry.get('slow')!.runtime!.limiter;
  const order: string[] = [];
  let release: (() => void) | undefined;
  const held = limiter.schedule(() => new Promise<void>((resolve) => (release = resolve)));
  while (!release) await sleep(1);
  const waiting = [
    limiter.schedule(async () => void order.push('scheduled 1')),
    limiter.schedule(async () => void order.push('retry'), 'retry'),
    limiter.schedule(async () => void order.push('scheduled 2'), 'scheduled'),
    limiter.schedule(async () => void order.push('manual'), 'manual'),
  ];
  await sleep(200); // Bottleneck queues each submission a few ticks later
  release!();
  await Promise.all([held, ...waiting]);
  t.same(order, ['manual', 'retry', 'scheduled 1', 'scheduled 2']);
});

t.test('a manual refresh issued mid-run is asked in the next free slot and answers live before the run ends', async (t) => {
  const h = await startCourierHarness(t, { plugin: slow, simulator: startSlowSimulator });
  const requests = h.sim.server.requests;
  await h.register(Array.from({ length: 40 }, (_, i) => `RUN-${i}`));
  const started = await h.app.inject({ method: 'POST', url: '/v1/couriers/slow/runs' });
  t.equal(started.statusCode, 202);
  const { runId } = started.json() as { runId: string };
  while (requests.length < 3) await sleep(5);
  // Registered after the run's first claims, so the run, claiming the longest due first, would reach it last.
  await h.register(['MANUAL-1']);

  const issuedAfter = requests.length;
  const refreshed = await h.app.inject({ url: '/v1/shipments/slow/MANUAL-1?refresh=true' });
  t.match(refreshed.json(), { source: 'live', status: 'in_transit' });
  t.match((await h.app.inject({ url: `/v1/runs/${runId}` })).json(), { state: 'running' }, 'the run is still going when the refresh answers');

  const manualAt = requests.findIndex((r) => askedNumbers([r]).includes('MANUAL-1'));
  // At most the request in flight when the refresh was issued goes out before it.
  t.ok(manualAt >= issuedAfter - 1 && manualAt <= issuedAfter, `asked as request ${manualAt}, the refresh issued after ${issuedAfter}`);
  while (((await h.app.inject({ url: `/v1/runs/${runId}` })).json() as { state: string }).state === 'running') await sleep(20);
  const after = askedNumbers(requests.slice(manualAt + 1));
  t.ok(after.length >= 30 && after.every((n) => n.startsWith('RUN-')), `the run asks its remaining ${after.length} numbers after it`);
  t.equal(askedNumbers(requests).filter((n) => n === 'MANUAL-1').length, 1, 'asked once');
});

t.test('a bulk refresh keeps at most one check per slot waiting, so a single refresh is not queued behind all of it', async (t) => {
  const h = await startCourierHarness(t, { plugin: slow, simulator: startSlowSimulator });
  const requests = h.sim.server.requests;
  await h.register([...Array.from({ length: 20 }, (_, i) => `BULK-${i}`), 'SINGLE-1']);
  const accepted = await h.app.inject({ method: 'POST', url: '/v1/shipments/refresh', payload: { courier: 'slow', trackingNumbers: Array.from({ length: 20 }, (_, i) => `BULK-${i}`) } });
  t.equal(accepted.statusCode, 202);
  while (requests.length < 3) await sleep(5);

  const issuedAfter = requests.length;
  t.match((await h.app.inject({ url: '/v1/shipments/slow/SINGLE-1?refresh=true' })).json(), { source: 'live' });
  const singleAt = requests.findIndex((r) => askedNumbers([r]).includes('SINGLE-1'));
  // The request in flight and the one bulk check already waiting for the slot go first.
  t.ok(singleAt >= issuedAfter - 1 && singleAt <= issuedAfter + 1, `asked as request ${singleAt}, the refresh issued after ${issuedAfter}`);
  const job = (await h.app.inject({ url: `/v1/refresh-jobs/${(accepted.json() as { id: string }).id}` })).json() as { state: string; done: number };
  t.match(job, { state: 'running' }, 'the bulk refresh is still going');
});
