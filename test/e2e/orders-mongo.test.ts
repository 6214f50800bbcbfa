import type { Collection, Document } from 'mongodb';
import t, { type Test } from 'tap';
import { ManualClock } from '../../core/clock.js';
import type { StatusChange } from '../../core/effects/contract.js';
import { ORDERS_EFFECT_NAME, ORDERS_ORIGIN } from '../../plugins/effects/orders-mongo/index.js';
import { DAY, PRIMARY, T0, ids, oid, order, poll, sandboxEnv, seedStatuses, startService, startShop, trackedShipments } from '../../plugins/effects/orders-mongo/testing.js';

const { ferret, shop } = await startShop(t);

/** What an operator sets to plug the shop in (the rest are defaults). */
const ordersEnv = (db: string): Record<string, string> => ({
  WAYBILL_EFFECT_ORDERS_MONGO_URL: `${ferret.uri}${db}`,
  WAYBILL_EFFECT_ORDERS_MONGO_STATUS_IDS: '4,5,6,7,8,9',
  WAYBILL_EFFECT_ORDERS_MONGO_SELECTORS: JSON.stringify([{ courier: 'sandbox', bookingCourier: 'sandbox', trackingNumberField: 'awb_number', requireAbsent: ['delhivery_lr_number'], sourceIn: PRIMARY }]),
});

async function seedShop(db: string, clock: ManualClock): Promise<Collection<Document>> {
  const orders = await seedStatuses(shop, db);
  await orders.insertMany([
    order({ order_id: 'ORD-1', awb_number: 'SBX-DELIVERED-001', order_status_map: [oid('pending')], tracking_timestamps: {} }, clock),
    order({ order_id: 'ORD-2', awb_number: 'SBX-RETURNED-002', source: 'Retailer' }, clock),
    // Written by the previous tracker: its history already ends with "in transit".
    order({ order_id: 'ORD-3', awb_number: 'SBX-DELIVERED-003', order_status: 5, order_status_map: [oid('pending'), oid('in transit')], tracking_timestamps: null }, clock),
    order({ _id: 'string-id-4', order_id: 4, awb_number: ' SBX-LOST-004 ', bookingCourier: 'SANDBOX' }, clock),
    // None of these may be tracked.
    order({ order_id: 'NO-STATUS', awb_number: 'SBX-DELIVERED-101', order_status: 2 }, clock),
    order({ order_id: 'NO-OLD', awb_number: 'SBX-DELIVERED-102', isBooked: { timestamp: new Date(clock.now().getTime() - 40 * DAY) } }, clock),
    order({ order_id: 'NO-EMPTY-AWB', awb_number: '' }, clock),
    order({ order_id: 'NO-AWB' }, clock),
    order({ order_id: 'NO-COURIER', awb_number: 'SBX-DELIVERED-105', bookingCourier: 'Delhivery' }, clock),
    order({ order_id: 'NO-SOURCE', awb_number: 'SBX-DELIVERED-106', source: 'amazon' }, clock),
    order({ order_id: 'NO-B2B', awb_number: 'SBX-DELIVERED-107', delhivery_lr_number: 'LR-1' }, clock),
  ]);
  return orders;
}

const noConsecutiveDuplicates = (values: unknown) => ids(values).every((v, i, all) => i === 0 || v !== all[i - 1]);

async function scenario(t: Test, db: string, store: Record<string, string>, storeKind: string) {
  const clock = new ManualClock(T0);
  const orders = await seedShop(db, clock);
  const { env } = await sandboxEnv(t, clock);
  const { app } = await startService(t, clock, { ...env, ...store, ...ordersEnv(db) });
  t.equal(app.waybill.store.kind, storeKind);
  const byOrder = async (orderId: string | number) => (await orders.findOne({ order_id: orderId }))!;

  const first = await app.ordersMongo.sync();
  t.match(first, { matched: 4, registered: 4, refreshed: 0, untracked: 0, unsupportedIds: 0 });
  t.same(first.skippedSelectors, []);
  const registered = await trackedShipments(app);
  t.same(registered.map((s) => s.trackingNumber).sort(), ['SBX-DELIVERED-001', 'SBX-DELIVERED-003', 'SBX-LOST-004', 'SBX-RETURNED-002']);
  const one = registered.find((s) => s.trackingNumber === 'SBX-DELIVERED-001')!;
  t.match(one, { courier: 'sandbox', orderId: 'ORD-1', origin: ORDERS_ORIGIN, active: true });
  t.equal((one.metadata.ordersMongo as { id: string }).id, String((await byOrder('ORD-1'))._id), 'the order document _id is kept for write-back');
  t.equal(registered.find((s) => s.trackingNumber === 'SBX-LOST-004')?.orderId, '4', 'a numeric order id becomes a string; the number is trimmed');
  t.match(await app.ordersMongo.sync(), { registered: 0, refreshed: 0, untracked: 0 }, 'a second sync changes nothing');

  const seenTimestamps = new Map<string, string>();
  for (let i = 0; i < 9; i++) {
    await poll(app, clock);
    for (const doc of await orders.find({ tracking_timestamps: { $type: 'object' } }).toArray()) {
      for (const [key, at] of Object.entries(doc.tracking_timestamps as Record<string, Date>)) {
        const id = `${doc.order_id}:${key}`;
        t.equal(at.toISOString(), seenTimestamps.get(id) ?? at.toISOString(), `${id} is never overwritten`);
        seenTimestamps.set(id, at.toISOString());
      }
    }
  }
  t.match(await app.waybill.store.outbox.counts(), { pending: 0, dead: 0 }, 'every write-back was delivered');

  const delivered = await byOrder('ORD-1');
  const lastCheck = (await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-001'))!;
  t.match(delivered, { order_status: 10, courier_status: 'DELIVERED' });
  t.equal((delivered.last_tracking_time as Date).toISOString(), lastCheck.lastCheckedAt, 'last tracking time is the last check');
  t.same(ids(delivered.order_status_map), ids([oid('pending'), oid('in transit'), oid('out_for_delivery'), oid('delivered')]));
  t.same(Object.keys(delivered.tracking_timestamps).sort(), ['delivered', 'in_transit', 'out_for_delivery']);
  t.notOk('waybill_last_status' in delivered, 'no copy of the last status is kept beside the history');

  const returned = await byOrder('ORD-2');
  t.match(returned, { order_status: 8, courier_status: 'RETURNED_TO_SENDER' });
  t.same(ids(returned.order_status_map), ids(['in transit', 'out_for_delivery', 'ndr', 'rto', 'rto in transit', 'rto'].map(oid)));
  t.same(Object.keys(returned.tracking_timestamps).sort(), ['in_transit', 'ndr', 'out_for_delivery', 'rto', 'rto_in_transit']);
  t.ok(returned.tracking_timestamps.rto < returned.tracking_timestamps.rto_in_transit, 'rto keeps the time it was first reached');

  const legacy = await byOrder('ORD-3');
  t.same(ids(legacy.order_status_map), ids([oid('pending'), oid('in transit'), oid('out_for_delivery'), oid('delivered')]), 'no duplicate after a history written by another system');
  t.match(legacy, { order_status: 10, tracking_timestamps: { in_transit: Date } });
  t.match(await orders.findOne({ _id: 'string-id-4' } as Document), { order_status: 11, courier_status: 'LOST', order_status_map: [oid('in transit'), oid('lost')] });
  for (const doc of [delivered, returned, legacy]) t.ok(noConsecutiveDuplicates(doc.order_status_map), `${doc.order_id}: no consecutive duplicates`);
  t.equal(await orders.countDocuments({ order_id: /^NO-/, last_tracking_time: { $exists: true } }), 0, 'orders that do not match are never written');

  // Redelivering a change, or delivering an older one late, changes nothing.
  const effect = app.waybill.effects.get(ORDERS_EFFECT_NAME)!;
  const change: StatusChange = {
    type: 'shipment.status_changed', shipmentId: lastCheck.id, courier: 'sandbox', trackingNumber: lastCheck.trackingNumber, orderId: 'ORD-1',
    reference: null, metadata: lastCheck.metadata, registeredAt: lastCheck.createdAt, returnOf: null, from: 'out_for_delivery', to: 'delivered', fromSubstatus: null, substatus: null, rawStatus: 'DELIVERED',
    at: lastCheck.statusFirstSeen.delivered!, source: 'courier', updatedBy: null,
  };
  const ctx = { log: app.log, attempt: 1, dedupKey: 'test' };
  await effect.deliver(change, ctx);
  await effect.deliver({ ...change, from: 'in_transit', to: 'out_for_delivery', at: new Date(Date.parse(change.at) - 60_000).toISOString() }, ctx);
  t.same(await byOrder('ORD-1'), delivered, 'a redelivered or late older change leaves the order as it was');

  // An order that stops matching is untracked; matching again tracks it again; a new tracking number replaces the old.
  await orders.insertOne(order({ order_id: 'ORD-5', awb_number: 'SBX-DELIVERED-005' }, clock));
  t.match(await app.ordersMongo.sync(), { registered: 1, untracked: 0 });
  await orders.updateOne({ order_id: 'ORD-5' }, { $set: { order_status: 2 } });
  t.match(await app.ordersMongo.sync(), { registered: 0, untracked: 1 });
  t.match(await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-005'), { active: false, inactiveReason: 'untracked' });
  await orders.updateOne({ order_id: 'ORD-5' }, { $set: { order_status: 4 } });
  t.match(await app.ordersMongo.sync(), { refreshed: 1, settled: 1, untracked: 0 }, 'tracked again; the returned order (status rto, still tracked by the shop) is settled');
  t.match(await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-005'), { active: true });
  await orders.updateOne({ order_id: 'ORD-5' }, { $set: { awb_number: 'SBX-DELIVERED-006' } });
  t.match(await app.ordersMongo.sync(), { registered: 1, untracked: 1 });
  t.match(await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-005'), { active: false, inactiveReason: 'untracked' });
}

t.test('orders collection → shipments → write-back, on the SQLite store', (t) => scenario(t, 'shop_sqlite', {}, 'sqlite'));

t.test('the same with Waybill\'s store on the same FerretDB (WAYBILL_STORE=mongodb://…)', (t) =>
  scenario(t, 'shop_mongo', { WAYBILL_STORE: `${ferret.uri}waybill_store` }, 'mongodb'),
);

t.test('with the schedule on, the sync runs once at start', async (t) => {
  const clock = new ManualClock(T0);
  await seedShop('shop_scheduled', clock);
  const { env } = await sandboxEnv(t, clock);
  // Only the orders sync may run at start here (delhivery-fallback needs no credentials, so it is enabled).
  const noCourierRuns = { WAYBILL_COURIER_SANDBOX_RUN_ON_START: 'false', WAYBILL_COURIER_DELHIVERY_FALLBACK_RUN_ON_START: 'false' };
  const { app } = await startService(t, clock, { ...env, ...ordersEnv('shop_scheduled'), ...noCourierRuns, WAYBILL_EFFECT_ORDERS_MONGO_CRON: '0 0 1 1 *' }, true);
  for (let i = 0; i < 100 && !app.ordersMongo.lastReport(); i++) await new Promise((r) => setTimeout(r, 50));
  t.match(app.ordersMongo.lastReport(), { registered: 4 });
});

t.test('configuration from WAYBILL_EFFECT_ORDERS_MONGO_* variables', async (t) => {
  const url = 'mongodb://shop:pa55-w0rd@127.0.0.1:1/shopdb?authSource=admin';
  const clock = new ManualClock(T0);
  const off = await startService(t, clock, {});
  t.notOk(off.app.hasDecorator('ordersMongo'), 'not wanted without WAYBILL_EFFECT_ORDERS_MONGO_URL');
  t.ok(off.logs.some((l) => l.includes('effect orders-mongo off: not configured: set WAYBILL_EFFECT_ORDERS_MONGO_URL')), 'and the log says what turns it on');

  const { app, logs } = await startService(t, clock, {
    WAYBILL_EFFECT_ORDERS_MONGO_URL: url,
    WAYBILL_EFFECT_ORDERS_MONGO_STATUS_IDS: '4, 5',
    WAYBILL_EFFECT_ORDERS_MONGO_FIELDS: '{"orderId":"orderNo"}',
  });
  const config = app.ordersMongo.config;
  t.match(config, { database: 'shopdb', ordersCollection: 'orders', bufferDays: 31, statusIds: [4, 5], cron: '*/8 * * * *', fields: { orderId: 'orderNo', statusHistory: 'order_status_map' } });
  t.same(config.selectors.map((s) => s.courier), ['delhivery-b2c', 'delhivery-b2b', 'shiprocket', 'velocity', 'delhivery-fallback']);
  t.equal(config.statusNames.rto_in_transit, 'rto in transit');
  t.ok(logs.some((l) => l.includes('shop:***@127.0.0.1:1/shopdb')), 'the URL is logged without its password');
  t.notOk(logs.some((l) => l.includes('pa55-w0rd')), 'the password is never logged');

  const bad: [Record<string, string>, RegExp][] = [
    [{ WAYBILL_EFFECT_ORDERS_MONGO_BUFFER_DAYS: 'soon' }, /^WAYBILL_EFFECT_ORDERS_MONGO_BUFFER_DAYS: expected a number/],
    [{ WAYBILL_EFFECT_ORDERS_MONGO_STATUS_IDS: '4,x' }, /^WAYBILL_EFFECT_ORDERS_MONGO_STATUS_IDS: /],
    [{ WAYBILL_EFFECT_ORDERS_MONGO_STATUS_IDS: '4,5.5' }, /WAYBILL_EFFECT_ORDERS_MONGO_STATUS_IDS \(statusIds\/1\) must be integer/],
    [{ WAYBILL_EFFECT_ORDERS_MONGO_SELECTORS: '{"courier":1}' }, /^WAYBILL_EFFECT_ORDERS_MONGO_SELECTORS: expected a JSON array/],
    [{ WAYBILL_EFFECT_ORDERS_MONGO_SELECTORS: '[{"courier":"x"}]' }, /WAYBILL_EFFECT_ORDERS_MONGO_SELECTORS \(selectors\/0\) must have required properties trackingNumberField/],
    [{ WAYBILL_EFFECT_ORDERS_MONGO_SELECTORS: '[{"courier":"x","trackingNumberField":"awb","bookingCourier":"("}]' }, /WAYBILL_EFFECT_ORDERS_MONGO_SELECTORS \(selectors\/0\/bookingCourier\): invalid regular expression/],
    [{ WAYBILL_EFFECT_ORDERS_MONGO_CRON: 'every day' }, /WAYBILL_EFFECT_ORDERS_MONGO_CRON \(cron\): invalid cron/],
    [{ WAYBILL_EFFECT_ORDERS_MONGO_STATUS_NAMES: '{"shipped":"x"}' }, /WAYBILL_EFFECT_ORDERS_MONGO_STATUS_NAMES \(statusNames\/shipped\)/],
    [{ WAYBILL_EFFECT_ORDERS_MONGO_URL: 'postgres://shop:pa55-w0rd@h/db' }, /WAYBILL_EFFECT_ORDERS_MONGO_URL \(url\)/],
    [{ WAYBILL_EFFECT_ORDERS_MONGO_URL: 'mongodb://shop:pa55-w0rd@h/' }, /WAYBILL_EFFECT_ORDERS_MONGO_DATABASE \(database\): no database/],
  ];
  for (const [env, message] of bad) {
    const error = (await t.rejects(startService(t, clock, { WAYBILL_EFFECT_ORDERS_MONGO_URL: url, ...env }))) as Error;
    t.match(error.message, message);
    t.notMatch(error.message, /pa55-w0rd/, 'the password never appears in an error');
  }
});
