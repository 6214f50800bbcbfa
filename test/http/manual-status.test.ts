import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import type { EffectMessage, SideEffect } from '../../core/effects/contract.js';
import { startSandboxApp } from '../helpers/sandbox.js';

const T0 = '2026-05-01T10:00:00.000Z';
const URL = '/v1/shipments/sandbox/SBX-DELIVERED-1/status';

t.test('a repeated manual status changes nothing; leaving a terminal status is a correction that must say so', async (t) => {
  const delivered: EffectMessage[] = [];
  const recorder: SideEffect = { name: 'recorder', deliver: async (m) => void delivered.push(m) };
  const clock = new ManualClock(T0);
  const { app, register } = await startSandboxApp(t, { clock, sideEffects: [recorder] });
  await register('SBX-DELIVERED-1');
  const put = (payload: Record<string, unknown>) => app.inject({ method: 'PUT', url: URL, payload: { updatedBy: 'ops@shop.example', ...payload } });

  const first = await put({ status: 'out_for_delivery', notes: 'courier called' });
  t.equal(first.statusCode, 200);
  for (let i = 0; i < 10; i++) {
    clock.advance(1000);
    t.equal((await put({ status: 'out_for_delivery' })).statusCode, 200);
  }
  const afterRepeats = (await app.inject({ url: '/v1/shipments/sandbox/SBX-DELIVERED-1' })).json();
  t.same(afterRepeats.history.map((h: { status: string }) => h.status), ['info_received', 'out_for_delivery'], 'ten repeats add no history entry');

  t.match((await put({ status: 'delivered' })).json(), { status: 'delivered', active: false });
  const back = await put({ status: 'in_transit' });
  t.equal(back.statusCode, 409, 'moving a delivered shipment back is refused');
  t.match(back.json(), { error: 'Conflict', message: /is delivered, a terminal status: moving it to in_transit is a correction; send "correction": true/ });
  t.match((await app.inject({ url: '/v1/shipments/sandbox/SBX-DELIVERED-1' })).json(), { status: 'delivered', active: false }, 'and changes nothing');

  const corrected = await put({ status: 'in_transit', correction: true, notes: 'scanned delivered by mistake' });
  t.equal(corrected.statusCode, 200);
  t.match(corrected.json(), { status: 'in_transit', active: true, nextCheckAt: clock.now().toISOString() }, 'tracked again, due now');
  t.match(corrected.json().history.at(-1), { status: 'in_transit', source: 'correction', updatedBy: 'ops@shop.example', notes: 'scanned delivered by mistake' });

  while ((await app.waybill.outbox.drain()) > 0);
  t.same(
    delivered.map((m) => (m.type === 'shipment.status_changed' ? `${m.from}>${m.to}:${m.source}` : m.type)),
    ['info_received>out_for_delivery:manual', 'out_for_delivery>delivered:manual', 'delivered>in_transit:correction'],
    'one effect delivery per real change, the correction named as one',
  );
  t.equal((await app.inject({ method: 'PUT', url: '/v1/shipments/sandbox/NOPE/status', payload: { status: 'lost', updatedBy: 'x' } })).statusCode, 404);
});
