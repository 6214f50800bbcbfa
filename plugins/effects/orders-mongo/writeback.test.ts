import type { Document, UpdateFilter } from 'mongodb';
import t from 'tap';
import { ManualClock } from 'waybill';
import { DelhiveryB2cSimulator } from '../../couriers/delhivery-b2c/index.js';
import { T0, ids, oid, order, poll, sandboxEnv, seedStatuses, startService, startShop } from './testing.js';

const { ferret, shop } = await startShop(t);

const sandboxOrders = (db: string) => ({
  WAYBILL_EFFECT_ORDERS_MONGO_URL: `${ferret.uri}${db}`,
  WAYBILL_EFFECT_ORDERS_MONGO_SELECTORS: JSON.stringify([{ courier: 'sandbox', bookingCourier: 'sandbox', trackingNumberField: 'awb_number' }]),
});

t.test('another writer appends the next status before Waybill reaches it: no consecutive duplicate', async (t) => {
  const clock = new ManualClock(T0);
  const orders = await seedStatuses(shop, 'shop_other_writer');
  await orders.insertOne(order({ order_id: 'ORD-W', awb_number: 'SBX-DELIVERED-201', order_status_map: [oid('pending')] }, clock));
  const { env } = await sandboxEnv(t, clock);
  const { app } = await startService(t, clock, { ...env, ...sandboxOrders('shop_other_writer') });
  await app.ordersMongo.sync();
  const history = async () => ids((await orders.findOne({ order_id: 'ORD-W' }))!.order_status_map);

  const status = async () => (await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-201'))!.status;
  for (let i = 0; i < 5 && (await status()) !== 'in_transit'; i++) await poll(app, clock);
  t.same(await history(), ids([oid('pending'), oid('in transit')]), 'Waybill wrote "in transit" (picked up, then in transit)');
  // The shop's admin marks the order out for delivery before the courier reports it.
  await orders.updateOne({ order_id: 'ORD-W' }, { $set: { order_status: 6 }, $push: { order_status_map: oid('out_for_delivery') as unknown } } as UpdateFilter<Document>);
  for (let i = 0; i < 6; i++) await poll(app, clock);
  t.same(await history(), ids([oid('pending'), oid('in transit'), oid('out_for_delivery'), oid('delivered')]), 'no […, in transit, out_for_delivery, out_for_delivery]');
});

t.test('a failed check still writes the last tracking time, and leaves the courier status as it was', async (t) => {
  const clock = new ManualClock(T0);
  const orders = await seedStatuses(shop, 'shop_failed_check');
  await orders.insertOne(order({ order_id: 'ORD-F', awb_number: 'SBX-DELIVERED-301' }, clock));
  const { env, sim } = await sandboxEnv(t, clock);
  const { app } = await startService(t, clock, { ...env, ...sandboxOrders('shop_failed_check') });
  await app.ordersMongo.sync();
  await poll(app, clock);
  const before = (await orders.findOne({ order_id: 'ORD-F' }))!;
  t.match(before, { courier_status: 'LABEL_CREATED', last_tracking_time: Date });

  sim.server.injectFault({ kind: 'status', status: 503 }, { times: 10, match: (req) => req.path === '/v1/tracking/batch' });
  clock.advance(60 * 60 * 1000);
  await poll(app, clock);
  const shipment = (await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-301'))!;
  t.equal(shipment.consecutiveFailures, 1, 'the check failed');
  const after = (await orders.findOne({ order_id: 'ORD-F' }))!;
  t.equal((after.last_tracking_time as Date).toISOString(), shipment.lastCheckedAt, 'last tracking time is the failed check\'s time');
  t.ok(after.last_tracking_time > before.last_tracking_time);
  t.equal(after.courier_status, 'LABEL_CREATED');
});

t.test('a courier with a status type: the courier status is written as <StatusType>-<Status>', async (t) => {
  const clock = new ManualClock(T0);
  const token = 'b2c-api-token-0123456789';
  const sim = await DelhiveryB2cSimulator.start({ token, now: () => clock.now() });
  t.teardown(() => sim.close());
  const orders = await seedStatuses(shop, 'shop_delhivery');
  await orders.insertOne(order({ order_id: 'ORD-D', awb_number: '1234567890', bookingCourier: 'Delhivery Surface', order_status_map: [oid('pending')] }, clock));
  const { app } = await startService(t, clock, {
    WAYBILL_COURIER_DELHIVERY_B2C_BASE_URL: sim.url,
    WAYBILL_COURIER_DELHIVERY_B2C_TOKEN: token,
    // Same quota per window, a 1 ms window slot: the limiter does not slow the test down.
    WAYBILL_COURIER_DELHIVERY_B2C_QUOTA_WINDOW_SECONDS: '0.75',
    WAYBILL_EFFECT_ORDERS_MONGO_URL: `${ferret.uri}shop_delhivery`,
  });
  t.match(await app.ordersMongo.sync(), { registered: 1 }, 'picked up by the default delhivery-b2c selector');

  sim.setShipment('1234567890', { status: 'In Transit', statusType: 'UD', referenceNo: 'ORD-D' });
  await poll(app, clock, 'delhivery-b2c');
  t.match(await orders.findOne({ order_id: 'ORD-D' }), { courier_status: 'UD-In Transit', order_status: 5 });

  sim.setShipment('1234567890', { status: 'In Transit', statusType: 'RT', referenceNo: 'ORD-D' });
  clock.advance(3 * 60 * 60 * 1000);
  await poll(app, clock, 'delhivery-b2c');
  const returning = (await orders.findOne({ order_id: 'ORD-D' }))!;
  t.match(returning, { courier_status: 'RT-In Transit', order_status: 9 });
  t.same(ids(returning.order_status_map), ids([oid('pending'), oid('in transit'), oid('rto in transit')]));
});
