import t from 'tap';
import type { CourierSimulator, Harness } from '../../core/testing/harness.js';
import { startB2b } from '../../plugins/couriers/delhivery-b2b/testing.js';
import { startB2c } from '../../plugins/couriers/delhivery-b2c/testing.js';
import { startFallback } from '../../plugins/couriers/delhivery-fallback/testing.js';
import { scan } from '../../plugins/couriers/shiprocket/simulator.js';
import { startShiprocket } from '../../plugins/couriers/shiprocket/testing.js';
import { startVelocity } from '../../plugins/couriers/velocity/testing.js';

/**
 * What a user does with a real courier plugin: register shipments over HTTP, start a run over HTTP, wait for
 * it over HTTP and read each shipment back over HTTP. Each courier's simulator speaks its documented API.
 */
async function driveOverHttp(h: Pick<Harness<CourierSimulator>, 'app' | 'courier' | 'lookup'>, shipments: { trackingNumber: string; orderId: string }[]) {
  const { app, courier } = h;
  const registered = await app.inject({ method: 'POST', url: '/v1/shipments', payload: { shipments: shipments.map((s) => ({ courier, ...s })) } });
  if (registered.statusCode !== 201) throw new Error(`registration refused: ${registered.body}`);
  const started = await app.inject({ method: 'POST', url: `/v1/couriers/${courier}/runs` });
  if (started.statusCode !== 202) throw new Error(`run refused: ${started.body}`);
  let run: { state: string; counts: Record<string, number> };
  do {
    await new Promise((resolve) => setTimeout(resolve, 10));
    run = (await app.inject({ method: 'GET', url: `/v1/runs/${started.json().runId}` })).json();
  } while (run.state === 'running');
  const statuses: Record<string, string> = {};
  for (const { trackingNumber } of shipments) statuses[trackingNumber] = (await h.lookup(trackingNumber)).status;
  return { run, statuses };
}

const order = (trackingNumber: string) => ({ trackingNumber, orderId: `SHOP-${trackingNumber}` });

t.test('Delhivery B2C: direction-aware statuses, the pickup-date rule and rebooked references', async (t) => {
  const h = await startB2c(t);
  const script: [string, Parameters<typeof h.sim.setShipment>[1], string][] = [
    ['11001', { status: 'In Transit', statusType: 'UD' }, 'in_transit'],
    ['11002', { status: 'Dispatched', statusType: 'UD' }, 'out_for_delivery'],
    ['11003', { status: 'Delivered', statusType: 'DL', referenceNo: 'shop-11003-c1' }, 'delivered'],
    ['11004', { status: 'In Transit', statusType: 'RT' }, 'rto_in_transit'],
    ['11005', { status: 'RTO', statusType: 'DL' }, 'rto_delivered'],
    ['11006', { status: 'Not Picked', statusType: 'UD' }, 'cancelled'],
    ['11007', { status: 'Manifested', statusType: 'UD' }, 'info_received'],
    ['11008', { status: 'Pending', statusType: 'UD', pickUpDate: null }, 'pending_pickup'],
    ['11009', { status: 'Pending', statusType: 'UD', pickUpDate: '2026-03-08T11:00:00' }, 'in_transit'],
  ];
  for (const [awb, s] of script) h.sim.setShipment(awb, { referenceNo: `SHOP-${awb}`, ...s });
  const { run, statuses } = await driveOverHttp(h, script.map(([awb]) => order(awb)));
  t.match(run, { state: 'succeeded', counts: { claimed: 9, requests: 1, failed: 0, referenceMismatch: 0 } });
  t.same(statuses, Object.fromEntries(script.map(([awb, , expected]) => [awb, expected])));
});

t.test('Delhivery B2B: one LR per request, every status moves the shipment', async (t) => {
  const h = await startB2b(t);
  const script: [string, string, string][] = [
    ['220000001', 'MANIFESTED', 'pending_pickup'],
    ['220000002', 'PICKED_UP', 'in_transit'],
    ['220000003', 'OUT_FOR_DELIVERY', 'out_for_delivery'],
    ['220000004', 'DELIVERED', 'delivered'],
    ['220000005', 'LOST', 'lost'],
  ];
  for (const [lr, status] of script) h.sim.setLr(lr, { status });
  const { run, statuses } = await driveOverHttp(h, script.map(([lr]) => order(lr)));
  t.match(run, { state: 'succeeded', counts: { claimed: 5, failed: 0 } });
  t.equal(h.sim.trackRequests.length, 5, 'one GET per LR');
  t.same(statuses, Object.fromEntries(script.map(([lr, , expected]) => [lr, expected])));
});

t.test('Delhivery fallback: typed and untyped statuses; an invalid waybill stops tracking', async (t) => {
  const h = await startFallback(t);
  const script: [string, { status: string; statusType?: string }, string][] = [
    ['39770000001', { status: 'In Transit', statusType: 'UD' }, 'in_transit'],
    ['39770000002', { status: 'DELIVERED' }, 'delivered'],
    ['39770000003', { status: 'RTO', statusType: 'DL' }, 'rto_delivered'],
  ];
  for (const [awb, s] of script) h.sim.setShipment(awb, s);
  const { run, statuses } = await driveOverHttp(h, [...script.map(([awb]) => order(awb)), order('39770000404')]);
  t.match(run, { state: 'succeeded', counts: { claimed: 4, stopped: 1, failed: 0 } });
  t.same(statuses, { ...Object.fromEntries(script.map(([awb, , expected]) => [awb, expected])), '39770000404': 'info_received' });
  t.match(await h.lookup('39770000404'), { active: false, inactiveReason: 'stopped' });
});

t.test('Shiprocket: current_status, its numeric codes, and the no-change statuses of the source', async (t) => {
  const h = await startShiprocket(t);
  const script: [string, Parameters<typeof h.sim.setShipment>[1], string][] = [
    ['SR0001', { currentStatus: 'Out For Delivery', shipmentStatus: 17, activities: [scan(17, '2026-01-01 09:00:00')] }, 'out_for_delivery'],
    ['SR0002', { currentStatus: 'Delivered', shipmentStatus: 7, activities: [scan(7, '2026-01-01 10:00:00')] }, 'delivered'],
    ['SR0003', { currentStatus: 'RTO Initiated', shipmentStatus: 9, activities: [scan(9, '2026-01-01 10:00:00')] }, 'rto_initiated'],
    ['SR0004', { currentStatus: 'Canceled', shipmentStatus: 8, activities: [scan(8, '2026-01-01 10:00:00')] }, 'cancelled'],
    ['SR0005', { currentStatus: null, shipmentStatus: 18, activities: [scan(18, '2026-01-01 10:00:00', { 'sr-status-label': 'NA' })] }, 'in_transit'],
    ['SR0006', { currentStatus: 'Pickup Scheduled', shipmentStatus: 3, activities: [] }, 'info_received'],
  ];
  for (const [awb, s] of script) h.sim.setShipment(awb, s);
  const { run, statuses } = await driveOverHttp(h, script.map(([awb]) => order(awb)));
  t.match(run, { state: 'succeeded', counts: { claimed: 6, requests: 2, failed: 0, unmapped: 0 } }, 'one login and one batch request');
  t.same(statuses, Object.fromEntries(script.map(([awb, , expected]) => [awb, expected])));
});

t.test('Velocity: shipment_status, falling back to shipment_track[0].current_status', async (t) => {
  const h = await startVelocity(t);
  const script: [string, Parameters<typeof h.sim.setShipment>[1], string][] = [
    ['VE0001', { shipmentStatus: 'out_for_delivery' }, 'out_for_delivery'],
    ['VE0002', { shipmentStatus: 'delivered' }, 'delivered'],
    ['VE0003', { shipmentStatus: 'ndr_raised' }, 'delivery_failed'],
    ['VE0004', { shipmentStatus: 'rto_in_transit' }, 'rto_in_transit'],
    ['VE0005', { shipmentStatus: null, currentStatus: 'lost' }, 'lost'],
  ];
  for (const [awb, s] of script) h.sim.setShipment(awb, s);
  const { run, statuses } = await driveOverHttp(h, script.map(([awb]) => order(awb)));
  t.match(run, { state: 'succeeded', counts: { claimed: 5, failed: 0, unmapped: 0 } });
  t.same(statuses, Object.fromEntries(script.map(([awb, , expected]) => [awb, expected])));
});
