import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { startTestApp } from '../helpers/app.js';
import { PUSHY_KEY, pushCourier, sign } from '../helpers/pushy-courier.js';

t.test('a webhook status report is a `webhook` check in the log; a driver position alone is none', async (t) => {
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const { app } = await startTestApp(t, { couriers: [pushCourier], clock, env: { WAYBILL_COURIER_PUSHY_SIGNING_KEY: PUSHY_KEY } });
  const hook = (body: object) => {
    const raw = JSON.stringify(body);
    return app.inject({ method: 'POST', url: '/v1/webhooks/pushy', headers: { 'content-type': 'application/json', 'x-signature': sign(raw) }, payload: raw });
  };
  t.equal((await hook({ id: 'DEL-1', status: 'picked', at: '2026-05-01T09:59:00Z' })).statusCode, 200);
  clock.advance(60_000);
  t.equal((await hook({ id: 'DEL-1', driver: { lat: 1, lng: 2 }, at: '2026-05-01T10:00:30Z' })).statusCode, 200, 'the position is accepted');
  await hook({ id: 'DEL-1', status: 'picked', at: '2026-05-01T09:59:00Z' });

  const { items, total } = (await app.inject({ url: '/v1/shipments/pushy/DEL-1/checks' })).json();
  t.equal(total, 2, 'two status reports, the position aside');
  t.match(items, [
    { trigger: 'webhook', triggeredBy: 'system', success: true, httpStatus: null, responseTimeMs: null, statusChanged: false, eventsAdded: 0, at: '2026-05-01T10:01:00.000Z' },
    { trigger: 'webhook', triggeredBy: 'system', success: true, previousStatus: 'info_received', newStatus: 'picked_up', statusChanged: true, eventsAdded: 1, runId: null },
  ]);
});
