import t from 'tap';
import { normalizeStatus, StatusMapper, type CanonicalStatus } from 'waybill';
import { SHIPMENT_STATUS_CODES } from './codes.js';
import { DOCUMENTED_STATUSES, SHIPROCKET_STATUSES } from './statuses.js';
import { awbs, startShiprocket } from './testing.js';

type Expected = CanonicalStatus | 'NO_CHANGE';

/** The decisions, written independently of the table so that changing one must be deliberate (README explains each). */
const EXPECTED: Record<Expected, readonly string[]> = {
  NO_CHANGE: [
    'AWB Assigned', 'Label Generated', 'Manifest Generated', 'Shipment Booked', 'New', 'Invoiced', 'Ready To Ship', 'Pending',
    'Cancellation Requested', 'FC Allocated', 'Picklist Generated', 'Ready to Pack', 'Box Packing', 'Packed',
    'FC Manifest Generated', 'Processed at Warehouse', 'Out For Pickup', 'Shipped', 'Pickup Scheduled', 'Pickup Queued',
    'Pickup Rescheduled', 'Pickup Error', 'Pickup Scheduled/Generated', 'Pickup Generated', 'Pickup Booked',
  ],
  info_received: [],
  pending_pickup: [
    'Pickup Exception', 'QC Failed', 'Packed Exception',
    'Handover Exception', 'Searching for Rider', 'Rider Unassigned',
  ],
  driver_assigned: ['Rider Assigned'],
  picked_up: [],
  in_transit: [
    'Picked Up', 'In Transit', 'In-Transit', 'Handover to Courier', 'Reached Warehouse', 'Custom Cleared', 'In Flight',
    'In Transit Overseas', 'Connection Aligned', 'Reached Overseas Warehouse', 'Custom Cleared Overseas', 'Reached at Destination Hub',
    'Reached-at-Destination Hub', 'Reached Destination Hub', 'Reached at Destination', 'In Transit-At Destination Hub',
    'REACHED_DEST_CITY', 'RECEIVED_AT_ORIGIN', 'IN_TRANSIT_TO_NEXT_FACILITY', 'DISPATCHED',
  ],
  out_for_delivery: ['Out For Delivery', 'Rider Reached at Drop'],
  exception: ['Delayed', 'Misrouted', 'Partial Delivered'],
  delivery_failed: [
    'Undelivered', 'Undelivered 1st Attempt', 'Undelivered 2nd Attempt', 'Undelivered 3rd Attempt', 'Undelivered Attempt Failure',
    'Issue Related to the Recipient', 'NDR', 'FAILED_DELIVERY',
  ],
  available_for_pickup: [],
  delivered: ['Delivered', 'Fulfilled', 'Self Fulfilled'],
  rto_initiated: ['RTO', 'RTO Initiated', 'RTO Lock'],
  rto_in_transit: [
    'RTO In Transit', 'RTO In Intransit', 'RTO OFD', 'RTO NDR', 'Reached Back at Seller City', 'RTO Rejected', 'RTO_OUT_FOR_DELIVERY',
  ],
  rto_delivered: ['RTO Delivered', 'RTO Acknowledged'],
  cancelled: ['Canceled', 'Cancelled', 'Cancelled Before Dispatched', 'Not Picked', 'CANCELED_BY_SELLER'],
  lost: ['Lost', 'Untraceable', 'MISSING'],
  destroyed: ['Destroyed', 'Disposed Off', 'Disposed Of', 'Damaged'],
  unknown: [],
};

const expectedByNormalized = new Map<string, Expected>();
for (const [to, statuses] of Object.entries(EXPECTED) as [Expected, readonly string[]][]) {
  for (const status of statuses) expectedByNormalized.set(normalizeStatus(status), to);
}
const expectedFor = (raw: string): Expected | undefined => expectedByNormalized.get(normalizeStatus(raw));

/** What the seed's Shiprocket table says, in its own spelling (canonical names translated per the brief). */
const SEED: Record<string, Expected> = {
  SHIPPED: 'NO_CHANGE', PENDING: 'NO_CHANGE', OUT_FOR_PICKUP: 'NO_CHANGE', IN_TRANSIT: 'in_transit', PICKED_UP: 'in_transit',
  OUT_FOR_DELIVERY: 'out_for_delivery', DELIVERED: 'delivered', RTO: 'rto_initiated', RTO_INITIATED: 'rto_initiated',
  RTO_IN_TRANSIT: 'rto_in_transit', RTO_OFD: 'rto_in_transit', CANCELLED: 'cancelled', NOT_PICKED: 'cancelled', LOST: 'lost',
  UNTRACEABLE: 'lost', DESTROYED: 'destroyed', DISPOSED_OFF: 'destroyed',
};

/**
 * The old system's own "Status Mapping Reference" for Shiprocket, every row, in its spelling. Its "rto" is
 * "Return-To-Origin initiated"; RTO_DELIVERED, filed there too, says the return is complete (README).
 */
const SEED_DOC: Record<string, Expected> = {
  SHIPPED: 'NO_CHANGE', PICKUP_RESCHEDULED: 'NO_CHANGE', OUT_FOR_PICKUP: 'NO_CHANGE', PENDING: 'NO_CHANGE', PICKUP_ERROR: 'NO_CHANGE',
  AWB_ASSIGNED: 'NO_CHANGE', LABEL_GENERATED: 'NO_CHANGE', PICKUP_SCHEDULED: 'NO_CHANGE', PICKUP_QUEUED: 'NO_CHANGE',
  IN_TRANSIT: 'in_transit', PICKED_UP: 'in_transit', REACHED_DEST_CITY: 'in_transit', REACHED_AT_DESTINATION: 'in_transit',
  RECEIVED_AT_ORIGIN: 'in_transit', IN_TRANSIT_TO_NEXT_FACILITY: 'in_transit', DISPATCHED: 'in_transit',
  OUT_FOR_DELIVERY: 'out_for_delivery', DELIVERED: 'delivered', NDR: 'delivery_failed', FAILED_DELIVERY: 'delivery_failed',
  RTO: 'rto_initiated', RTO_INITIATED: 'rto_initiated', RTO_DELIVERED: 'rto_delivered', RTO_IN_TRANSIT: 'rto_in_transit',
  RTO_OFD: 'rto_in_transit', RTO_OUT_FOR_DELIVERY: 'rto_in_transit', CANCELLED: 'cancelled', NOT_PICKED: 'cancelled',
  CANCELED_BY_SELLER: 'cancelled', LOST: 'lost', UNTRACEABLE: 'lost', MISSING: 'lost', DESTROYED: 'destroyed', DISPOSED_OFF: 'destroyed',
};

const mapper = new StatusMapper('shiprocket', SHIPROCKET_STATUSES);
const mapped = (raw: string): Expected | 'UNMAPPED' => {
  const m = mapper.map(raw, { now: new Date(), fields: {} });
  return m.kind === 'mapped' ? m.status : m.kind === 'no_change' ? 'NO_CHANGE' : 'UNMAPPED';
};

t.test('every documented status has a row, mapped as decided', async (t) => {
  t.ok(DOCUMENTED_STATUSES.length >= 100, `${DOCUMENTED_STATUSES.length} documented statuses`);
  for (const { status } of DOCUMENTED_STATUSES) {
    t.ok(mapper.covers(status), `"${status}" has a row`);
    t.equal(mapped(status), expectedFor(status) ?? 'no decision in this test', status);
  }
});

t.test('the seed mapping is kept where the seed speaks', async (t) => {
  for (const [status, to] of Object.entries(SEED)) t.equal(mapped(status), to, `[seed] ${status}`);
});

t.test('every row of the old system\'s Status Mapping Reference is kept, and each is a documented status', async (t) => {
  const documented = new Set(DOCUMENTED_STATUSES.map((d) => normalizeStatus(d.status)));
  for (const [status, to] of Object.entries(SEED_DOC)) {
    t.equal(mapped(status), to, `[seedDoc] ${status}`);
    t.ok(documented.has(status), `${status} is in DOCUMENTED_STATUSES`);
  }
});

t.test('every numeric code has a label, and the table knows the label', async (t) => {
  t.equal(Object.keys(SHIPMENT_STATUS_CODES).length, 64);
  for (const label of Object.values(SHIPMENT_STATUS_CODES)) t.not(mapped(label), 'UNMAPPED', label);
  t.same(SHIPMENT_STATUS_CODES[38], 'Reached at Destination Hub', 'the doc examples number 38 like this, not 27');
  t.same(SHIPMENT_STATUS_CODES[46], 'RTO In Transit');
});

t.test('no row without a documented status, and no catch-all', async (t) => {
  const documented = new Set(DOCUMENTED_STATUSES.map((d) => normalizeStatus(d.status)));
  for (const row of SHIPROCKET_STATUSES) {
    t.ok(documented.has(normalizeStatus(row.status)), `row "${row.status}" is documented`);
    t.equal(row.when, undefined);
  }
  t.equal(mapped('Teleported'), 'UNMAPPED');
});

t.test('through the engine: each documented text status, and each numeric code without text', async (t) => {
  const h = await startShiprocket(t);
  const texts = DOCUMENTED_STATUSES.map((d) => d.status);
  const codes = Object.keys(SHIPMENT_STATUS_CODES).map(Number);
  const textAwbs = awbs('TXT', texts.length);
  const codeAwbs = awbs('COD', codes.length);
  texts.forEach((status, i) => h.sim.setShipment(textAwbs[i]!, { currentStatus: status }));
  codes.forEach((code, i) => h.sim.setShipment(codeAwbs[i]!, { currentStatus: null, shipmentStatus: code }));
  await h.register([...textAwbs, ...codeAwbs]);
  const run = await h.run();
  t.match(run.counts, { claimed: texts.length + codes.length, unmapped: 0, notFound: 0, failed: 0 });
  t.equal(run.counts.requests, Math.ceil((texts.length + codes.length) / 50) + 1, 'batches of 50, plus one login');

  const check = async (awb: string, raw: string, label: string) => {
    const s = await h.shipment(awb);
    const want = expectedFor(raw);
    t.equal(s.status, want === 'NO_CHANGE' ? 'info_received' : want, label);
    t.equal(s.rawStatus, raw, `${label}: raw status kept`);
  };
  for (const [i, status] of texts.entries()) await check(textAwbs[i]!, status, `text "${status}"`);
  for (const [i, code] of codes.entries()) await check(codeAwbs[i]!, SHIPMENT_STATUS_CODES[code]!, `code ${code}`);
});
