import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { defineCourier } from '../../core/courier/plugin.js';
import { startTestApp } from '../helpers/app.js';

/** A push courier whose webhook is `{ id, status, at }` or `{ id, driver: true }`, trusted as it comes. */
const pushCourier = defineCourier(
  {
    name: 'pushy',
    displayName: 'Pushy',
    mode: 'push',
    batchSize: 1,
    quota: { requests: 10, windowSeconds: 1 },
    concurrency: 1,
    schedule: { cron: '0 0 1 1 *', maxPerRun: 1 },
    auth: { kind: 'none' },
    webhook: { credentials: ['signing_key'] },
    endpoints: { baseUrl: 'https://api.pushy.example' },
    statuses: [
      { status: 'picked', to: 'picked_up' },
      { status: 'done', to: 'delivered' },
    ],
  },
  {
    track: async () => [],
    verifyWebhook: () => true,
    parseWebhook(raw) {
      const body = JSON.parse(raw.toString('utf8')) as { id: string; status?: string; at: string; driver?: boolean };
      const driver = body.driver ? { at: body.at, location: { lat: 1, lng: 2 } } : undefined;
      const result = body.status ? { trackingNumber: body.id, found: true as const, status: body.status, statusAt: body.at, events: [{ at: body.at, status: body.status }] } : undefined;
      return [{ trackingNumber: body.id, driver, result }];
    },
  },
);

t.test('a webhook status report is a `webhook` check in the log; a driver position alone is none', async (t) => {
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const { app } = await startTestApp(t, { couriers: [pushCourier], clock, env: { WAYBILL_COURIER_PUSHY_SIGNING_KEY: 'k' } });
  const hook = (body: object) => app.inject({ method: 'POST', url: '/v1/webhooks/pushy', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  t.equal((await hook({ id: 'DEL-1', status: 'picked', at: '2026-05-01T09:59:00Z' })).statusCode, 200);
  clock.advance(60_000);
  await hook({ id: 'DEL-1', driver: true, at: '2026-05-01T10:00:30Z' });
  await hook({ id: 'DEL-1', status: 'picked', at: '2026-05-01T09:59:00Z' });

  const { items, total } = (await app.inject({ url: '/v1/shipments/pushy/DEL-1/checks' })).json();
  t.equal(total, 2, 'two status reports, the position aside');
  t.match(items, [
    { trigger: 'webhook', triggeredBy: 'system', success: true, httpStatus: null, responseTimeMs: null, statusChanged: false, eventsAdded: 0, at: '2026-05-01T10:01:00.000Z' },
    { trigger: 'webhook', triggeredBy: 'system', success: true, previousStatus: 'info_received', newStatus: 'picked_up', statusChanged: true, eventsAdded: 1, runId: null },
  ]);
});
