import t from 'tap';
import { normalizeStatus, StatusMapper } from 'waybill';
import { LEGACY_EXPECTED } from './expected-mappings.js';
import { LEGACY_DOCUMENTED, LEGACY_STATUSES } from './legacy-statuses.js';
import { LIFECYCLE_STATUSES } from './lifecycle-statuses.js';

t.test('the legacy table has the 80+ statuses the seed speaks of, each with a source and no duplicate', async (t) => {
  t.ok(LEGACY_DOCUMENTED.length >= 80, `${LEGACY_DOCUMENTED.length} statuses`);
  t.ok(LEGACY_DOCUMENTED.every((d) => d.sources.length > 0), 'every status names its source');
  t.equal(new Set(LEGACY_DOCUMENTED.map((d) => normalizeStatus(d.status))).size, LEGACY_DOCUMENTED.length);
  t.same([...LEGACY_EXPECTED.keys()].sort(), LEGACY_DOCUMENTED.map((d) => d.status).sort(), 'expectations cover exactly the table');
});

t.test('the seed key statuses map as the seed says', async (t) => {
  const mapper = new StatusMapper('legacy', LEGACY_STATUSES);
  const seed: [string, string | null][] = [
    ['NDR', 'delivery_failed'], ['MANIFESTED', null], ['PICK_UP_PENDING', null], ['WAITING_PICKUP', null],
    ['PICKED_UP', 'in_transit'], ['IN_TRANSIT', 'in_transit'], ['OFD', 'out_for_delivery'], ['OUT_FOR_DELIVERY', 'out_for_delivery'],
    ['RTO', 'rto_initiated'], ['RETURNED', 'rto_initiated'], ['RTO_IN_TRANSIT', 'rto_in_transit'], ['DELIVERED', 'delivered'],
    ['NOT_PICKED', 'cancelled'], ['LOST', 'lost'],
  ];
  for (const [raw, to] of seed) {
    const m = mapper.map(raw, { now: new Date(), fields: {} });
    t.same(m.kind === 'mapped' ? m.status : m.kind === 'no_change' ? null : 'unmapped', to, `${raw} → ${to ?? 'no change'}`);
  }
});

t.test('the replaced system\'s Status Mapping Reference rows map as it says', async (t) => {
  const mapper = new StatusMapper('legacy', LEGACY_STATUSES);
  // Its canonical names in Waybill's words; its "rto" is "Return-To-Origin initiated".
  const reference: Record<string, string[]> = {
    no_change: ['PICK_UP_PENDING', 'MANIFESTED', 'WAITING_PICKUP', 'PICKUP_QUEUED', 'PICKUP_RESCHEDULED', 'PICK_REQUESTED', 'SHIPMENT_BOOKED'],
    in_transit: [
      'IN_TRANSIT', 'PICKED_UP', 'DISPATCHED', 'RECEIVED_AT_ORIGIN', 'REACHED_AT_DESTINATION', 'BAGGED', 'RECEIVED', 'ADDED_TO_BAG',
      'CONNECTION_ALLOCATED', 'IN_TRANSIT_TO', 'PICKUP_COMPLETE', 'SHIPPED', 'IN_TRANSIT_TO_NEXT_FACILITY',
    ],
    out_for_delivery: ['OFD', 'OUT_FOR_DELIVERY'],
    delivered: ['DELIVERED', 'SHIPMENT_DELIVERED'],
    rto_initiated: ['RTO', 'RETURNED', 'OUT_FOR_RETURN'],
    // Filed under its "rto" too, for want of a "returned" status; they say the return is complete (README).
    rto_delivered: ['RTO_DELIVERED', 'RETURNED_TO_ORIGIN', 'RTO_COMPLETED'],
    rto_in_transit: ['RETURNED_INTRANSIT', 'RTO_IN_TRANSIT', 'RTO_IN_INTRANSIT', 'RTO_OUT_FOR_DELIVERY', 'RTO_OFD'],
    cancelled: ['NOT_PICKED', 'CANCELLED', 'BOOKING_CANCELLED'],
    delivery_failed: ['NDR', 'FAILED_DELIVERY', 'UNDELIVERED'],
    lost: ['LOST', 'MISSING', 'UNTRACEABLE'],
    destroyed: ['DESTROYED', 'DISPOSED_OFF', 'DAMAGED'],
  };
  for (const [to, statuses] of Object.entries(reference)) {
    for (const raw of statuses) {
      const m = mapper.map(raw, { now: new Date(), fields: {} });
      t.equal(m.kind === 'mapped' ? m.status : m.kind, to, `[seedDoc] ${raw} → ${to}`);
    }
  }
});

t.test('lifecycle rows and legacy rows combine without conflicts (the fallback table)', async (t) => {
  t.doesNotThrow(() => new StatusMapper('combined', [...LEGACY_STATUSES, ...LIFECYCLE_STATUSES]));
});
