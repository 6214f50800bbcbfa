import t from 'tap';
import type { FastifyInstance } from 'fastify';
import bluedart from '../../plugins/couriers/bluedart/index.js';
import delhiveryB2c from '../../plugins/couriers/delhivery-b2c/index.js';
import fedex from '../../plugins/couriers/fedex/index.js';
import sandbox from '../../plugins/couriers/sandbox/index.js';
import usps from '../../plugins/couriers/usps/index.js';
import { startTestApp } from '../helpers/app.js';

const OAUTH = (name: string) => ({ [`WAYBILL_COURIER_${name}_CLIENT_ID`]: 'id', [`WAYBILL_COURIER_${name}_CLIENT_SECRET`]: 'secret' });
/** Sandbox, FedEx, USPS and Blue Dart enabled; Delhivery B2C disabled (no token). */
const ENABLED = { ...OAUTH('SANDBOX'), ...OAUTH('FEDEX'), ...OAUTH('USPS'), WAYBILL_COURIER_BLUEDART_LOGIN_ID: 'login', WAYBILL_COURIER_BLUEDART_LICENCE_KEY: 'licence' };
const COURIERS = [sandbox, fedex, usps, bluedart, delhiveryB2c];

const post = (app: FastifyInstance, payload: object) => app.inject({ method: 'POST', url: '/v1/shipments', payload });

t.test('without a courier, the courier is detected from the tracking number among the enabled couriers', async (t) => {
  const { app } = await startTestApp(t, { couriers: COURIERS, env: ENABLED });
  for (const [trackingNumber, courier] of [
    ['SBX-DELIVERED-7', 'sandbox'],
    ['123456789012', 'fedex'],
    ['123456789012345', 'fedex'],
    ['12345678901', 'bluedart'],
    ['EC123456789US', 'usps'],
    ['940010000000000000001', 'usps'], // 21 digits: 20 and 22 are FedEx lengths too
  ] as const) {
    const res = await post(app, { trackingNumber, orderId: `O-${trackingNumber}` });
    t.equal(res.statusCode, 201, trackingNumber);
    t.match(res.json(), { courier, trackingNumber, created: true, courierDetected: true }, `${trackingNumber} is ${courier}'s format`);
    t.ok(await app.waybill.store.shipments.get(courier, trackingNumber), `${trackingNumber} is tracked for ${courier}`);
  }
  const named = await post(app, { courier: 'fedex', trackingNumber: 'NOT-A-FEDEX-FORMAT' });
  t.equal(named.statusCode, 201, 'a named courier is taken as named, whatever the format');
  t.notOk('courierDetected' in named.json());

  const ambiguous = await post(app, { trackingNumber: '12345678901234567890' });
  t.equal(ambiguous.statusCode, 400);
  t.same(ambiguous.json(), {
    statusCode: 400,
    error: 'Bad Request',
    code: 'COURIER_NOT_DETECTED',
    message: 'body/trackingNumber: "12345678901234567890" matches the formats of several enabled couriers (fedex, usps): name the courier',
    candidates: ['fedex', 'usps'],
  }, '20 digits are FedEx and USPS alike');
  t.match((await post(app, { trackingNumber: 'ZZ-1' })).json(), { code: 'COURIER_NOT_DETECTED', candidates: [], message: /matches no enabled courier's format/ });

  const batch = await post(app, { shipments: [{ trackingNumber: 'SBX-LOST-7' }, { courier: 'sandbox', trackingNumber: 'SBX-LOST-8' }] });
  t.match(batch.json(), { shipments: [{ courier: 'sandbox', courierDetected: true }, { courier: 'sandbox' }] });
  t.notOk('courierDetected' in batch.json().shipments[1]);
  const refused = await post(app, { shipments: [{ trackingNumber: 'SBX-LOST-9' }, { trackingNumber: 'ZZ-2' }] });
  t.match(refused.json(), { statusCode: 400, code: 'COURIER_NOT_DETECTED', message: /^body\/shipments\/1\/trackingNumber: "ZZ-2"/ });
  t.equal(await app.waybill.store.shipments.get('sandbox', 'SBX-LOST-9'), null, 'nothing of a refused batch is written');
});

t.test('a courier that is disabled is no candidate; enabled, its any-digits AWBs make digits ambiguous', async (t) => {
  const { app: without } = await startTestApp(t, { couriers: COURIERS, env: ENABLED });
  t.match((await post(without, { trackingNumber: '123456789012' })).json(), { courier: 'fedex' }, 'Delhivery disabled: 12 digits are FedEx');
  const { app } = await startTestApp(t, { couriers: COURIERS, env: { ...ENABLED, WAYBILL_COURIER_DELHIVERY_B2C_TOKEN: 'token' } });
  t.match((await post(app, { trackingNumber: '123456789012' })).json(), { code: 'COURIER_NOT_DETECTED', candidates: ['fedex', 'delhivery-b2c'] });
  t.match((await post(app, { trackingNumber: 'SBX-RETRY-1' })).json(), { courier: 'sandbox', courierDetected: true }, 'a format no other courier shares is still detected');
});

t.test('registering for a disabled courier is accepted with a warning', async (t) => {
  const { app } = await startTestApp(t, { couriers: COURIERS, env: ENABLED });
  const res = await post(app, { courier: 'delhivery-b2c', trackingNumber: '1091188857722' });
  t.equal(res.statusCode, 201);
  t.match(res.json(), { courier: 'delhivery-b2c', created: true, warnings: [/^courier delhivery-b2c is disabled \(missing credentials: WAYBILL_COURIER_DELHIVERY_B2C_TOKEN\): the shipment is stored, but not tracked until the courier is enabled$/] });
  t.notOk('warnings' in (await post(app, { courier: 'sandbox', trackingNumber: 'SBX-1' })).json(), 'none for an enabled courier');
});

t.test('a known number registered for another order is refused with 409 unless the request says update', async (t) => {
  const { app } = await startTestApp(t, { couriers: COURIERS, env: ENABLED });
  const orderOf = async (trackingNumber: string) => (await app.waybill.store.shipments.get('sandbox', trackingNumber))?.orderId;
  t.equal((await post(app, { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1', orderId: 'A-1' })).statusCode, 201);
  t.match((await post(app, { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1', orderId: 'A-1', reference: 'r' })).json(), { created: false }, 'the same order again is fine');
  t.match((await post(app, { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1' })).json(), { created: false }, 'so is no order id');

  const conflict = await post(app, { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1', orderId: 'B-2' });
  t.equal(conflict.statusCode, 409);
  t.same(conflict.json(), {
    statusCode: 409,
    error: 'Conflict',
    code: 'ORDER_ID_CONFLICT',
    message: 'sandbox SBX-DELIVERED-1 is tracked for order A-1, not B-2; send "update": true to move it to the new order',
  });
  t.equal(await orderOf('SBX-DELIVERED-1'), 'A-1', 'the stored order id stays');

  const batch = await post(app, { shipments: [{ courier: 'sandbox', trackingNumber: 'SBX-NEW-1', orderId: 'C-3' }, { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1', orderId: 'C-3' }] });
  t.equal(batch.statusCode, 409);
  t.equal(await app.waybill.store.shipments.get('sandbox', 'SBX-NEW-1'), null, 'nothing of the batch is written');

  const order = await app.inject({ method: 'POST', url: '/v1/orders', payload: { orderId: 'D-4', shipments: [{ courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1' }] } });
  t.match(order.json(), { statusCode: 409, code: 'ORDER_ID_CONFLICT' }, 'POST /v1/orders refuses it too');

  const moved = await post(app, { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1', orderId: 'B-2', update: true });
  t.equal(moved.statusCode, 201);
  t.equal(await orderOf('SBX-DELIVERED-1'), 'B-2', 'update: true moves it');
});
