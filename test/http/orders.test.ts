import t, { type Test } from 'tap';
import { ManualClock } from '../../core/clock.js';
import { rollUp } from '../../core/shipment/rollup.js';
import { startTestApp } from '../helpers/app.js';
import { scriptedCourier, type ScriptedAnswer } from '../helpers/scripted-courier.js';

async function start(t: Test) {
  const answers = new Map<string, ScriptedAnswer>();
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const { app } = await startTestApp(t, { couriers: [scriptedCourier(answers)], clock });
  const say = (status: string, ...numbers: string[]) => numbers.forEach((n) => answers.set(n, { status, statusAt: clock.now().toISOString() }));
  const run = async () => {
    clock.advance(5 * 60_000);
    await app.waybill.engine.runToCompletion('scripted', 'manual');
  };
  const order = async (orderId: string) => app.inject({ url: `/v1/orders/${orderId}` });
  /** The order's roll-up and each shipment's, as `status/substatus`. */
  const rollups = async (orderId: string) => {
    const body = (await order(orderId)).json();
    const label = (x: { status: string | null; substatus: string | null }) => `${x.status}${x.substatus ? `/${x.substatus}` : ''}`;
    return { order: label(body), shipments: body.shipments.map(label) };
  };
  return { app, clock, say, run, order, rollups };
}

t.test('an order of two shipments, one of three packages, reads back with the right roll-up at every step', async (t) => {
  const { app, say, run, rollups, order } = await start(t);
  const registered = await app.inject({
    method: 'POST',
    url: '/v1/orders',
    payload: { orderId: 'ORD-100', shipments: [{ courier: 'scripted', trackingNumber: 'M-1', packages: ['P-2', 'P-3'] }, { courier: 'scripted', trackingNumber: 'S-1' }] },
  });
  t.equal(registered.statusCode, 201);
  const body = registered.json();
  t.same(body.shipments.map((s: { trackingNumber: string; packages: { trackingNumber: string; master: string | null }[] }) => [s.trackingNumber, s.packages.map((p) => `${p.trackingNumber}<${p.master}`)]), [
    ['M-1', ['M-1<null', 'P-2<M-1', 'P-3<M-1']],
    ['S-1', ['S-1<null']],
  ]);
  t.same(await rollups('ORD-100'), { order: 'info_received', shipments: ['info_received', 'info_received'] }, 'registered');

  say('moving', 'M-1', 'P-2', 'P-3', 'S-1');
  await run();
  t.same(await rollups('ORD-100'), { order: 'in_transit', shipments: ['in_transit', 'in_transit'] }, 'all moving');

  say('delivered', 'M-1');
  say('out', 'P-2');
  await run();
  t.same(await rollups('ORD-100'), { order: 'in_transit/partially_delivered', shipments: ['in_transit/partially_delivered', 'in_transit'] }, 'one package delivered');

  say('delivered', 'P-2', 'P-3');
  await run();
  t.same(await rollups('ORD-100'), { order: 'in_transit/partially_delivered', shipments: ['delivered', 'in_transit'] }, 'the multi-package shipment delivered, the other not');

  say('out', 'S-1');
  await run();
  t.same(await rollups('ORD-100'), { order: 'out_for_delivery/partially_delivered', shipments: ['delivered', 'out_for_delivery'] });

  say('delivered', 'S-1');
  await run();
  t.same(await rollups('ORD-100'), { order: 'delivered', shipments: ['delivered', 'delivered'] }, 'everything delivered');

  const packages = (await order('ORD-100')).json().shipments[0].packages;
  t.same(packages.map((p: { status: string }) => p.status), ['delivered', 'delivered', 'delivered'], "each package's own status is shown");
});

t.test('an unknown order is 404 ORDER_NOT_FOUND; an awaited shipment answers NO_AWB until its number is registered', async (t) => {
  const { app, clock, order } = await start(t);
  const missing = await order('NOPE-1');
  t.equal(missing.statusCode, 404);
  t.match(missing.json(), { code: 'ORDER_NOT_FOUND', message: /Order not found/ });

  const announced = await app.inject({ method: 'POST', url: '/v1/orders', payload: { orderId: 'ORD-200', shipments: [{ courier: 'scripted', reference: 'box 1' }] } });
  t.equal(announced.statusCode, 201);
  const awaited = (await order('ORD-200')).json();
  t.match(awaited, { orderId: 'ORD-200', status: null, code: 'NO_AWB', message: 'Shipment not initiated for this order yet' });
  t.match(awaited.shipments, [{ courier: 'scripted', trackingNumber: null, status: null, code: 'NO_AWB', packages: [] }]);

  clock.advance(60_000);
  await app.inject({ method: 'POST', url: '/v1/shipments', payload: { courier: 'scripted', trackingNumber: 'AWB-9', orderId: 'ORD-200' } });
  const shipped = (await order('ORD-200')).json();
  t.match(shipped, { status: 'info_received', shipments: [{ trackingNumber: 'AWB-9' }] });
  t.equal(shipped.shipments.length, 1, 'the awaited shipment is superseded by the one registered after it');
  t.notOk('code' in shipped);

  // A second shipment of the same order announced after the first one exists is awaited on its own.
  clock.advance(60_000);
  await app.inject({ method: 'POST', url: '/v1/orders', payload: { orderId: 'ORD-200', shipments: [{ courier: 'scripted' }] } });
  t.match((await order('ORD-200')).json().shipments, [{ trackingNumber: 'AWB-9' }, { trackingNumber: null, code: 'NO_AWB' }]);
});

t.test('registration refuses packages that name their own master, an unknown courier, and packages of an awaited shipment', async (t) => {
  const { app } = await start(t);
  const own = await app.inject({ method: 'POST', url: '/v1/shipments', payload: { courier: 'scripted', trackingNumber: 'M-1', packages: ['M-1'] } });
  t.equal(own.statusCode, 400);
  t.match(own.json().message, 'body/packages: the master number M-1 is listed among its own packages');
  const unknown = await app.inject({ method: 'POST', url: '/v1/orders', payload: { orderId: 'O', shipments: [{ courier: 'nosuch', trackingNumber: 'X1' }] } });
  t.match(unknown.json(), { statusCode: 400, message: /body\/shipments\/0\/courier: unknown courier "nosuch"/ });
  const early = await app.inject({ method: 'POST', url: '/v1/orders', payload: { orderId: 'O', shipments: [{ courier: 'scripted', packages: ['P1'] }] } });
  t.match(early.json(), { statusCode: 400, message: /body\/shipments\/0\/packages: a shipment without a tracking number has no packages yet/ });
  const twice = await app.inject({ method: 'POST', url: '/v1/shipments', payload: { courier: 'scripted', trackingNumber: 'M-2', packages: ['P1', 'P1'] } });
  t.equal(twice.statusCode, 400, 'a package listed twice');
  t.equal((await app.inject({ url: '/v1/orders/O' })).statusCode, 404, 'nothing was registered');

  const single = await app.inject({ method: 'POST', url: '/v1/shipments', payload: { courier: 'scripted', trackingNumber: 'M-3', orderId: 'O-3', packages: ['P-4'] } });
  t.match(single.json(), { trackingNumber: 'M-3', created: true, packages: [{ trackingNumber: 'P-4', created: true }] });
});

t.test('roll-up rules', async (t) => {
  const p = (status: Parameters<typeof rollUp>[0][number]['status'], substatus: string | null = null) => ({ status, substatus });
  t.equal(rollUp([]), null);
  t.same(rollUp([p('delivered'), p('delivered')]), p('delivered'));
  t.same(rollUp([p('delivery_failed', 'address'), p('delivery_failed', 'address')]), p('delivery_failed', 'address'), 'a shared substatus is kept');
  t.same(rollUp([p('delivery_failed', 'address'), p('delivery_failed', 'refused')]), p('delivery_failed'), 'different substatuses are not');
  t.same(rollUp([p('delivered'), p('in_transit'), p('out_for_delivery')]), p('in_transit', 'partially_delivered'), 'the earliest of those still moving');
  t.same(rollUp([p('delivered'), p('lost')]), p('delivered', 'partially_delivered'), 'delivered in part, the rest ended otherwise');
  t.same(rollUp([p('in_transit'), p('rto_initiated')]), p('in_transit'), 'forward before return');
  t.same(rollUp([p('in_transit'), p('cancelled')]), p('in_transit'), 'an ended part does not hide one still moving');
  t.same(rollUp([p('cancelled'), p('lost')]), p('cancelled'), 'all ended, none delivered: the earliest in the canonical list');
});
