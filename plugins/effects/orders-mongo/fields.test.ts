import { ObjectId, type Document } from 'mongodb';
import t from 'tap';
import { ManualClock } from 'waybill';
import { DAY, STATUS_IDS, T0, poll, sandboxEnv, startService, startShop, trackedShipments } from './testing.js';

const { ferret, shop } = await startShop(t);

/** Every order field under a name of the shop's own choosing. */
const FIELDS = {
  orderId: 'ref.number',
  orderStatus: 'state.code',
  bookedAt: 'booking.at',
  bookingCourier: 'booking.carrier',
  source: 'channel',
  lastTrackingTime: 'tracking.checkedAt',
  courierStatus: 'tracking.carrierStatus',
  trackingTimestamps: 'tracking.firstSeen',
  statusHistory: 'state.history',
  lastStatusAt: 'tracking.statusWrittenAt',
};
const DEFAULT_NAMES = ['order_id', 'order_status', 'last_tracking_time', 'courier_status', 'tracking_timestamps', 'order_status_map', 'waybill_last_status_at'];
/** What the history holds here: the status document's `meta.key`. */
const key = (name: string) => `k-${name}`;

t.test('non-default field names, status lookup fields and sourceNotIn, through source and write-back', async (t) => {
  const clock = new ManualClock(T0);
  const db = shop.db('shop_custom_fields');
  // The shop's statuses in their own collection and shape; no `status` collection exists here.
  await db.collection('order_statuses').insertMany(Object.entries(STATUS_IDS).map(([name, num]) => ({ _id: new ObjectId(), label: name, num, meta: { key: key(name) } })));
  const orders = db.collection('orders');
  const booked = (days: number) => new Date(clock.now().getTime() - days * DAY);
  const customOrder = (number: string, fields: Document) => ({
    ref: { number }, state: { code: 4 }, booking: { at: booked(2), carrier: 'Sandbox Express' }, ...fields,
  });
  await orders.insertMany([
    customOrder('C-1', { shipping: { awb: 'SBX-DELIVERED-401' }, channel: 'shopify', state: { code: 4, history: [key('pending')] } }),
    customOrder('C-2', { shipping: { awb: 'SBX-LOST-402' } }),
    // None of these may be tracked.
    customOrder('X-AMAZON', { shipping: { awb: 'SBX-DELIVERED-403' }, channel: 'amazon' }),
    customOrder('X-OLD', { shipping: { awb: 'SBX-DELIVERED-404' }, booking: { at: booked(40), carrier: 'Sandbox Express' } }),
    customOrder('X-STATUS', { shipping: { awb: 'SBX-DELIVERED-405' }, state: { code: 2 } }),
    customOrder('X-COURIER', { shipping: { awb: 'SBX-DELIVERED-406' }, booking: { at: booked(2), carrier: 'Delhivery' } }),
    customOrder('X-LR', { shipping: { awb: 'SBX-DELIVERED-407', lr: 'LR-9' } }),
    // Would match under the default field names only.
    { ref: { number: 'X-DEFAULTS' }, shipping: { awb: 'SBX-DELIVERED-408' }, order_status: 4, isBooked: { timestamp: booked(2) }, bookingCourier: 'Sandbox', source: 'shopify' },
  ]);

  const { env } = await sandboxEnv(t, clock);
  const { app } = await startService(t, clock, {
    ...env,
    WAYBILL_EFFECT_ORDERS_MONGO_URL: `${ferret.uri}shop_custom_fields`,
    WAYBILL_EFFECT_ORDERS_MONGO_STATUS_IDS: '4,5,6,7,8,9',
    WAYBILL_EFFECT_ORDERS_MONGO_FIELDS: JSON.stringify(FIELDS),
    WAYBILL_EFFECT_ORDERS_MONGO_STATUS_COLLECTION: 'order_statuses',
    WAYBILL_EFFECT_ORDERS_MONGO_STATUS_NAME_FIELD: 'label',
    WAYBILL_EFFECT_ORDERS_MONGO_STATUS_ID_FIELD: 'num',
    WAYBILL_EFFECT_ORDERS_MONGO_STATUS_HISTORY_VALUE_FIELD: 'meta.key',
    WAYBILL_EFFECT_ORDERS_MONGO_SELECTORS: JSON.stringify([
      { courier: 'sandbox', bookingCourier: 'sandbox', trackingNumberField: 'shipping.awb', requireAbsent: ['shipping.lr'], sourceNotIn: ['amazon', 'flipkart'] },
    ]),
  });

  t.match(await app.ordersMongo.sync(), { matched: 2, registered: 2 });
  const shipments = await trackedShipments(app);
  t.same(shipments.map((s) => `${s.orderId}:${s.trackingNumber}`).sort(), ['C-1:SBX-DELIVERED-401', 'C-2:SBX-LOST-402'], 'order id read from ref.number; an order without a source passes sourceNotIn');

  for (let i = 0; i < 7; i++) await poll(app, clock);
  t.match(await app.waybill.store.outbox.counts(), { pending: 0, dead: 0 }, 'every write-back was delivered');

  const delivered = (await orders.findOne({ 'ref.number': 'C-1' }))!;
  const lastCheck = (await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-401'))!;
  t.match(delivered, { state: { code: 10 }, tracking: { carrierStatus: 'DELIVERED', statusWrittenAt: Date } });
  t.same(delivered.state.history, ['pending', 'in transit', 'out_for_delivery', 'delivered'].map(key), 'the history holds meta.key values');
  t.equal((delivered.tracking.checkedAt as Date).toISOString(), lastCheck.lastCheckedAt);
  t.same(Object.keys(delivered.tracking.firstSeen).sort(), ['delivered', 'in_transit', 'out_for_delivery']);
  t.same(DEFAULT_NAMES.filter((name) => name in delivered), [], 'nothing is written under a default name');

  t.match(await orders.findOne({ 'ref.number': 'C-2' }), { state: { code: 11, history: ['in transit', 'lost'].map(key) }, tracking: { carrierStatus: 'LOST' } });
  t.equal(await orders.countDocuments({ 'ref.number': /^X-/, tracking: { $exists: true } }), 0, 'orders that do not match are never written');
});
