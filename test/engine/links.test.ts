import t, { type Test } from 'tap';
import { ManualClock } from '../../core/clock.js';
import type { EffectMessage, SideEffect, StatusChange } from '../../core/effects/contract.js';
import { startTestApp } from '../helpers/app.js';
import { scriptedCourier, type ScriptedAnswer } from '../helpers/scripted-courier.js';

async function start(t: Test) {
  const answers = new Map<string, ScriptedAnswer>();
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const heard = { plain: [] as EffectMessage[], returns: [] as EffectMessage[] };
  const plain: SideEffect = { name: 'plain', deliver: async (m) => void heard.plain.push(m) };
  const stream: SideEffect = { name: 'stream', returnChanges: true, deliver: async (m) => void heard.returns.push(m) };
  const { app } = await startTestApp(t, { couriers: [scriptedCourier(answers)], sideEffects: [plain, stream], clock });
  const say = (trackingNumber: string, status: string, links?: string[]) =>
    answers.set(trackingNumber, { status, statusAt: clock.now().toISOString(), ...(links ? { links: links.map((n) => ({ trackingNumber: n, relation: 'return' as const })) } : {}) });
  const run = async () => {
    clock.advance(5 * 60_000);
    const result = await app.waybill.engine.runToCompletion('scripted', 'manual');
    while ((await app.waybill.outbox.drain()) > 0);
    return result;
  };
  const get = async (trackingNumber: string) => (await app.inject({ url: `/v1/shipments/scripted/${trackingNumber}` })).json();
  const changes = (messages: EffectMessage[]) => (messages as StatusChange[]).map((m) => `${m.trackingNumber}:${m.to}`);
  await app.inject({ method: 'POST', url: '/v1/shipments', payload: { courier: 'scripted', trackingNumber: 'ORIG-1', orderId: 'ORDER-7', reference: 'REF-7' } });
  return { app, say, run, get, heard, changes };
}

t.test('a return under a new number is tracked for the same order, linked both ways, and its delivery closes the original as rto_delivered', async (t) => {
  const { say, run, get, heard, changes } = await start(t);
  say('ORIG-1', 'moving');
  await run();
  say('ORIG-1', 'returning', ['RET-1']);
  await run();

  const original = await get('ORIG-1');
  t.match(original, { status: 'rto_initiated', links: [{ trackingNumber: 'RET-1', relation: 'return' }], active: true });
  const ret = await get('RET-1');
  t.match(ret, { orderId: 'ORDER-7', reference: 'REF-7', origin: 'return', links: [{ trackingNumber: 'ORIG-1', relation: 'return_of' }], status: 'info_received' }, 'the return is registered for the same order');

  say('RET-1', 'moving');
  await run();
  t.match(await get('RET-1'), { status: 'in_transit' });
  t.match(await get('ORIG-1'), { status: 'rto_initiated', active: true }, 'the original is still returning');

  say('RET-1', 'delivered');
  await run();
  const closed = await get('ORIG-1');
  t.match(closed, { status: 'rto_delivered', active: false, inactiveReason: 'terminal', nextCheckAt: null, rawStatus: 'returning' }, "the raw status stays the courier's own word for the original");
  t.match(closed.history.at(-1), { status: 'rto_delivered', rawStatus: 'return RET-1 delivered', source: 'courier', notes: 'return shipment RET-1 was delivered to the shipper' });

  t.same(changes(heard.plain), ['ORIG-1:in_transit', 'ORIG-1:rto_initiated', 'ORIG-1:rto_delivered'], "an ordinary effect hears the order's story, never the return's own delivered");
  t.same(changes(heard.returns), ['ORIG-1:in_transit', 'ORIG-1:rto_initiated', 'RET-1:in_transit', 'RET-1:delivered', 'ORIG-1:rto_delivered'], 'an effect asking for return changes hears them too');
  t.equal((heard.returns as StatusChange[]).find((m) => m.trackingNumber === 'RET-1')?.returnOf, 'ORIG-1', 'a return change names its original');

  say('ORIG-1', 'returning', ['RET-1']);
  t.match(await run(), { counts: { requests: 0 } }, 'neither shipment is polled any more');
});

t.test('a return already tracked, and already delivered, when the courier links it: linked, and the original is closed in the same check', async (t) => {
  const { app, say, run, get } = await start(t);
  await app.inject({ method: 'POST', url: '/v1/shipments', payload: { courier: 'scripted', trackingNumber: 'RET-2', orderId: 'ORDER-7' } });
  say('RET-2', 'delivered');
  say('ORIG-1', 'moving');
  await run();
  t.match(await get('RET-2'), { status: 'delivered', links: [] });

  say('ORIG-1', 'returning', ['RET-2']);
  await run();
  t.match(await get('RET-2'), { origin: 'api', links: [{ trackingNumber: 'ORIG-1', relation: 'return_of' }] });
  t.match(await get('ORIG-1'), { status: 'rto_delivered', links: [{ trackingNumber: 'RET-2', relation: 'return' }] });
});

t.test("the courier naming the shipment's own number, or the same return twice, adds nothing", async (t) => {
  const { say, run, get } = await start(t);
  say('ORIG-1', 'returning', ['ORIG-1', ' RET-3 ', 'RET-3']);
  await run();
  t.same((await get('ORIG-1')).links, [{ trackingNumber: 'RET-3', relation: 'return' }]);
  say('ORIG-1', 'returning', ['RET-3']);
  await run();
  t.same((await get('ORIG-1')).links, [{ trackingNumber: 'RET-3', relation: 'return' }], 'named again: still one link');
});
