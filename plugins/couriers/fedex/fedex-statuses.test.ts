import t from 'tap';
import { NO_CHANGE, normalizeStatus, StatusMapper, type MappingContext } from 'waybill';
import { DOCUMENTED_STATUSES, FEDEX_STATUSES } from './statuses.js';

/** What each FedEx code must mean, written apart from statuses.ts: [canonical, substatus]. */
const EXPECTED: Record<string, [string, string?]> = {
  AA: ['in_transit'], AC: ['in_transit'], AD: ['out_for_delivery', 'at_delivery'], AF: ['in_transit'], AO: [NO_CHANGE],
  AP: ['pending_pickup', 'at_pickup'], AR: ['in_transit'], AX: ['in_transit', 'at_usps'], CA: ['cancelled'],
  CH: ['in_transit', 'location_changed'], DD: ['in_transit', 'delivery_delayed'], DE: ['delivery_failed', 'delivery_exception'],
  DL: ['delivered'], DP: ['in_transit'], DR: [NO_CHANGE], DS: ['pending_pickup', 'vehicle_dispatched'], DY: ['in_transit', 'delayed'],
  EA: ['in_transit'], ED: ['out_for_delivery'], EO: ['in_transit'], EP: ['pending_pickup', 'enroute_to_pickup'], FD: ['in_transit'],
  HL: ['available_for_pickup', 'hold_at_location'], HP: ['available_for_pickup'], IT: ['in_transit'], IX: ['in_transit'],
  LO: ['in_transit'], OC: ['info_received'], OD: ['out_for_delivery'], OF: ['in_transit'], Ow: ['in_transit'],
  OX: ['in_transit', 'handed_to_usps'], PD: ['pending_pickup', 'pickup_delayed'], PF: ['in_transit'], PL: ['in_transit'],
  PM: ['in_transit'], PU: ['in_transit', 'picked_up'], PX: ['in_transit', 'picked_up'], RR: [NO_CHANGE], RM: [NO_CHANGE],
  RC: [NO_CHANGE], RS: ['rto_initiated', 'return_to_shipper'], RP: ['info_received', 'return_label_emailed'],
  LP: ['cancelled', 'return_label_cancelled'], RG: [NO_CHANGE], RD: ['cancelled', 'return_label_expired'], SE: ['exception'],
  SF: ['in_transit'], SP: [NO_CHANGE], TR: ['in_transit'], CC: ['in_transit', 'cleared_customs'], CD: ['exception', 'clearance_delay'],
  CP: ['in_transit', 'clearance_in_progress'], IN: ['info_received'], RL: ['in_transit', 'running_late'], AE: [NO_CHANGE],
};

const mapper = new StatusMapper('fedex', FEDEX_STATUSES);
const map = (status: string, ctx: Partial<MappingContext> = {}) => mapper.map(status, { now: new Date(), fields: {}, ...ctx });
const mapped = (to: string, substatus?: string) => (to === NO_CHANGE ? { kind: 'no_change' } : { kind: 'mapped', status: to, substatus });

t.test('every documented code maps as expected, alone, and every row is a documented code', async (t) => {
  t.equal(DOCUMENTED_STATUSES.length, Object.keys(EXPECTED).length, 'every documented code has an expectation');
  for (const { status, name } of DOCUMENTED_STATUSES) {
    const [to, substatus] = EXPECTED[status] ?? ['(missing expectation)'];
    t.same(map(status), mapped(to, substatus), `${status} (${name}) → ${to}${substatus ? ` / ${substatus}` : ''}`);
  }
  const documented = new Set(DOCUMENTED_STATUSES.map((s) => normalizeStatus(s.status)));
  for (const row of FEDEX_STATUSES) t.ok(documented.has(normalizeStatus(row.status)), `row ${row.status} is a documented code`);
  t.same(map('ow'), mapped('in_transit'), 'codes are read in any case ("Ow" as FedEx writes it)');
});

t.test('the derived IT is refined by FedEx’s own code of the current status', async (t) => {
  t.same(map('IT', { code: 'OD' }), mapped('out_for_delivery'), 'IT + OD: on the vehicle for delivery');
  t.same(map('IT', { code: 'ED' }), mapped('out_for_delivery'), 'IT + ED: enroute to delivery');
  t.same(map('IT', { code: 'HP' }), mapped('available_for_pickup'), 'IT + HP: ready for recipient pickup');
  t.same(map('IT', { code: 'AR' }), mapped('in_transit'), 'IT + AR: arrived at a FedEx location');
  t.same(map('IT', { code: 'IT' }), mapped('in_transit'));
  t.same(map('RL', { code: 'FD' }), mapped('in_transit', 'running_late'), 'the recorded RL (Running Late) at FD');
});

t.test('a delivery exception: the failed attempt’s reason, or the start of the return to the shipper', async (t) => {
  t.same(map('DE', { code: '08', description: 'Customer not available or business closed' }), mapped('delivery_failed', 'customer_not_available_or_business_closed'));
  t.same(map('DE', { code: 'A47', description: 'FedEx redirected your package to a nearby FedEx location' }), mapped('delivery_failed', 'fedex_redirected_your_package_to_a_nearby_fedex_location'));
  t.same(map('DE', { code: 'DE', description: 'Return tracking number 289570198701' }), mapped('rto_initiated', 'return_to_shipper'), 'the live current status (reason 14)');
  t.same(map('DE', { code: '14', description: 'Unable to deliver shipment, returned to shipper' }), mapped('rto_initiated', 'return_to_shipper'), 'its scan');
  t.same(map('DE', { code: 'DE', description: 'Delivery exception', fields: { returnTrackingNumber: '289570198701' } }), mapped('rto_initiated', 'return_to_shipper'), 'a current DE that names its return number');
  t.same(
    map('DE', { code: '08', description: 'Customer not available or business closed', fields: { returnTrackingNumber: '289570198701' } }),
    mapped('delivery_failed', 'customer_not_available_or_business_closed'),
    'an earlier failed attempt of a returned package stays a failed attempt in the timeline',
  );
  const long = map('DE', { description: 'x'.repeat(200) });
  t.ok(long.kind === 'mapped' && (long.substatus ?? '').length <= 64, 'a long reason is cut to 64 characters');
});
