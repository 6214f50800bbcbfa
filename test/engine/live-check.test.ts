import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { defineCourier } from '../../core/courier/plugin.js';
import { startTestApp } from '../helpers/app.js';

const LEASE_MS = 5_000;

/**
 * A courier whose every answer takes `answerMs` of the app's clock: concurrent live checks queue in its
 * limiter (one request at a time), so the later ones wait many answers long.
 */
async function start(t: Parameters<typeof startTestApp>[0], answerMs: number) {
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const plugin = defineCourier(
    {
      name: 'queued',
      displayName: 'Queued',
      batchSize: 1,
      quota: { requests: 1000, windowSeconds: 1 },
      concurrency: 1,
      schedule: { cron: '0 0 1 1 *', maxPerRun: 10 },
      auth: { kind: 'none' },
      endpoints: { baseUrl: 'https://api.queued.example' },
      statuses: [{ status: 'moving', to: 'in_transit' }],
    },
    {
      async track(batch) {
        clock.advance(answerMs);
        return batch.map(({ trackingNumber }) => ({ trackingNumber, found: true, status: 'moving', statusAt: clock.now().toISOString(), events: [] }));
      },
    },
  );
  const h = await startTestApp(t, { couriers: [plugin], clock, env: { WAYBILL_LEASE_SECONDS: String(LEASE_MS / 1000) } });
  const numbers = Array.from({ length: 30 }, (_, i) => `Q${i}`);
  await h.app.waybill.store.shipments.register(numbers.map((trackingNumber) => ({ courier: 'queued', trackingNumber })), clock.now());
  const refreshAll = () => Promise.all(numbers.map(async (n) => (await h.app.inject({ url: `/v1/shipments/queued/${n}?refresh=true` })).json() as { trackingNumber: string; source: string; status: string; lastCheckedAt: string | null; liveError?: string }));
  const stored = (n: string) => h.app.waybill.store.shipments.get('queued', n);
  return { refreshAll, stored };
}

t.test('30 concurrent refreshes queued behind one another: each answered live is the answer stored', async (t) => {
  const { refreshAll, stored } = await start(t, LEASE_MS / 4);
  const answers = await refreshAll();
  for (const answer of answers) {
    const saved = await stored(answer.trackingNumber);
    t.match(answer, { source: 'live', status: 'in_transit' }, `${answer.trackingNumber}: live`);
    t.equal(answer.lastCheckedAt, saved?.lastCheckedAt?.toString() ?? null, `${answer.trackingNumber}: the stored check`);
    t.equal(saved?.status, 'in_transit');
  }
});

t.test('a courier answer that cannot be stored any more is not answered as live', async (t) => {
  const { refreshAll, stored } = await start(t, LEASE_MS * 2);
  for (const answer of await refreshAll()) {
    t.match(answer, { source: 'cache', status: 'info_received', liveError: /not stored: the lease on the shipment ran out/ }, `${answer.trackingNumber}: says so`);
    t.equal((await stored(answer.trackingNumber))?.status, 'info_received');
  }
});
