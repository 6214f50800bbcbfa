import t from 'tap';
import { ManualClock } from 'waybill';
import { T0, order, poll, sandboxEnv, seedStatuses, startService, startShop, trackedShipments } from './testing.js';

const { ferret, shop } = await startShop(t);
const HOUR = 60 * 60 * 1000;

t.test('oldest tracked first: with a per-run cap, never-tracked orders and then the longest-untracked are checked first', async (t) => {
  const clock = new ManualClock(T0);
  const orders = await seedStatuses(shop, 'shop_order');
  const trackedAgo = (hours: number) => new Date(clock.now().getTime() - hours * HOUR);
  await orders.insertMany([
    order({ order_id: 'RECENT', awb_number: 'SBX-DELIVERED-501', last_tracking_time: trackedAgo(1) }, clock),
    order({ order_id: 'NEVER-1', awb_number: 'SBX-DELIVERED-502' }, clock),
    order({ order_id: 'OLDEST', awb_number: 'SBX-DELIVERED-503', last_tracking_time: trackedAgo(30) }, clock),
    order({ order_id: 'NEWEST', awb_number: 'SBX-DELIVERED-504', last_tracking_time: trackedAgo(0.1) }, clock),
    order({ order_id: 'NEVER-2', awb_number: 'SBX-DELIVERED-505', last_tracking_time: null }, clock),
    order({ order_id: 'OLD', awb_number: 'SBX-DELIVERED-506', last_tracking_time: trackedAgo(20) }, clock),
  ]);
  const { env } = await sandboxEnv(t, clock);
  const { app } = await startService(t, clock, {
    ...env,
    WAYBILL_COURIER_SANDBOX_MAX_PER_RUN: '3',
    WAYBILL_EFFECT_ORDERS_MONGO_URL: `${ferret.uri}shop_order`,
    WAYBILL_EFFECT_ORDERS_MONGO_SELECTORS: JSON.stringify([{ courier: 'sandbox', bookingCourier: 'sandbox', trackingNumberField: 'awb_number' }]),
  });
  t.match(await app.ordersMongo.sync(), { registered: 6 });
  await poll(app, clock);
  const checked = (await trackedShipments(app)).filter((s) => s.lastCheckedAt !== null).map((s) => s.orderId);
  t.equal(checked.length, 3, 'the run stopped at its cap');
  t.same(checked.sort(), ['NEVER-1', 'NEVER-2', 'OLDEST'], 'the three checked are the never-tracked and the oldest-tracked');
});
