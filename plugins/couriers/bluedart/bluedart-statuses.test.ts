import t from 'tap';
import { DOCUMENTED_STATUSES } from './index.js';
import { startBlueDart, waybills } from './testing.js';

/**
 * What each documented raw status must become (`status` or `status/substatus`), written out by hand so
 * the table is checked against a reading of Blue Dart's words, not against itself. Keys: `TYPE|Status`;
 * a status documented without a type is asked under UD, the type of Blue Dart's forward journey.
 */
const EXPECTED: Record<string, string> = {
  'PU|Online shipment booked': 'info_received',
  'UD|SHIPMENT PICKED UP': 'picked_up',
  'UD|SHIPMENT ARRIVED': 'in_transit',
  'UD|SHIPMENT ARRIVED AT HUB': 'in_transit',
  'UD|SHIPMENT FURTHER CONNECTED': 'in_transit',
  'UD|PAPER WORK INSCAN': 'in_transit',
  'UD|Shipment Inscan': 'in_transit',
  'UD|Shipment Outscan': 'in_transit',
  'UD|SHIPMENT OUTSCANNED TO NETWORK': 'in_transit',
  'UD|PLASTIC BAG - AUTO TALLY': 'in_transit',
  'UD|Canvas Bag Consolidated Scan': 'in_transit',
  'UD|SHIPMENT OUT FOR DELIVERY': 'out_for_delivery',
  'UD|DELIVERY SCHEDULED FOR NEXT WORKING DAY': 'in_transit/delivery_next_working_day',
  'UD|HOLIDAY, DELIVERY ON NEXT BUSINESS DAY': 'in_transit/delivery_next_working_day',
  'UD|NECESSARY CHARGES PENDING FROM CONSIGNEE': 'delivery_failed/charges_pending',
  'UD|NEED DEPARTMENT NAME/EXTENTION NUMBER': 'delivery_failed/incomplete_address',
  'UD|UNDELIVERED SHIPMENT HELD AT LOCATION': 'delivery_failed/held_at_location',
  'DL|SHIPMENT DELIVERED': 'delivered',
  "RT|RETURNED TO ORIGIN AT SHIPPER'S REQUEST": 'rto_initiated',
  'RT|SHIPMENT ARRIVED': 'rto_in_transit',
  'RT|SHIPMENT ARRIVED AT HUB': 'rto_in_transit',
  'RT|SHIPMENT FURTHER CONNECTED': 'rto_in_transit',
  'RT|SHIPMENT IN TRANSIT': 'rto_in_transit',
  'RT|SHIPMENT OUT FOR DELIVERY': 'rto_in_transit/out_for_delivery_to_shipper',
  'RT|SHIPMENT DELIVERED': 'rto_delivered',
  'UD|PICKUP HAS BEEN REGISTERED': 'pending_pickup',
  'UD|AUTO PICKUP REGISTERED': 'pending_pickup',
  'UD|PICKUP EMPLOYEE IS OUT TO P/U SHIPMENT': 'pending_pickup/out_for_pickup',
  'UD|PICKUP NOT ATTEMPTED, ADDRESS INCOMPLETE': 'pending_pickup/pickup_address_incomplete',
  'UD|PICKUP CANCELLED BY CALL': 'cancelled/pickup_cancelled',
  'UD|SHIPMENT IN TRANSIT': 'in_transit',
  'UD|In Transit. Await delivery information': 'in_transit',
  'UD|CLUBBED CANVAS BAG SCAN': 'in_transit',
  'UD|CANVAS BAG RECEIVED AS OVERAGE': 'in_transit',
  'UD|LOAD/VEHICLE ARRIVAL AT TRANSIT HUB': 'in_transit',
  'UD|LOAD/VEHICLE ARRIVED AT DELIVERY LOC': 'in_transit',
  'UD|UD SHIPMENT RECEIVED FOR FURTHER PROCESS': 'in_transit',
  'UD|SHIPMENT REDIRECTED ON SAME AWB': 'in_transit/redirected',
  'UD|SHIPMENT RETURNED': 'in_transit',
  'UD|DELIVERY ON NEXT BUSINESS DAY': 'in_transit/delivery_next_working_day',
  'UD|DELIVERY SCHEDULED THROUGH APPOINTMENT': 'in_transit/delivery_by_appointment',
  'UD|OUT FOR DELIVERY,  DETAILS AWAITED': 'out_for_delivery',
  'UD|NETWORK DELAY, WILL IMPACT DELIVERY': 'exception/network_delay',
  'UD|NETWORK DELAY, WILL IMPACT TIMELY DELIVERY': 'exception/network_delay',
  'UD|NETWORK ISSUES': 'exception/network_delay',
  'UD|NETWORK ISSUE, WILL IMPACT DELIVERY': 'exception/network_delay',
  'UD|DELAY CAUSED BEYOND OUR CONTROL': 'exception/delayed',
  'UD|DELAY CAUSED BEYOND CONTROL': 'exception/delayed',
  'UD|DELIVERY DELAYED': 'exception/delayed',
  'UD|MISROUTED-DELIVERY DELAYED': 'exception/misrouted',
  'UD|WRONG PINCODE, WILL IMPACT DELIVERY': 'exception/wrong_pincode',
  'UD|OUT OF DELIVERY AREA': 'exception/out_of_delivery_area',
  'UD|LOAD ON HOLD;SPACE CONSTRAINT IN NET VEH': 'exception/capacity_hold',
  'UD|LOAD ON HOLD;SPACE CONSTRAINT-COMML FLT': 'exception/capacity_hold',
  'UD|ON HOLD;SPACE CONSTRAINT AT DELVRY LOC': 'exception/capacity_hold',
  'UD|ON HOLD FOR REGULATORY PAPERWORK': 'exception/regulatory_hold',
  'UD|SHIPMENT MANIFESTED - NOT RECEIVED': 'exception/manifested_not_received',
  'UD|SHIPMENT MISPLACED': 'exception/misplaced',
  'UD|Rejected AWB Inscanned': 'exception/rejected_awb',
  'UD|CONTACT CUSTOMER SERVICE': 'exception/contact_customer_service',
  'UD|UNDELIVERED RETURN/REDIRECT INITIATED': 'exception/return_or_redirect_initiated',
  'UD|CONSIGNEE REFUSED TO ACCEPT': 'delivery_failed/refused',
  'UD|REFUSAL CONFIRMATION CODE VERIFIED': 'delivery_failed/refused',
  'UD|BULK ORDER, REFUSED BY CONSIGNEE': 'delivery_failed/refused',
  'UD|CONSIGNEE REFUSED TO PAY NECESSARY CHARGES': 'delivery_failed/charges_refused',
  'UD|CNEE REFUSED ID/OTP NOT SHARED-INCORRECT': 'delivery_failed/otp_not_shared',
  'UD|CONSIGNEE NOT AVAILABLE': 'delivery_failed/consignee_unavailable',
  'UD|CONSIGNEE OUT OF STATION': 'delivery_failed/consignee_out_of_station',
  "UD|CONSIGNEE'S ADDRESS INCORRECT/INCORRECT": 'delivery_failed/incorrect_address',
  "UD|CONSIGNEE'S ADDRESS UNLOCATABLE/LANDMARK NEEDED": 'delivery_failed/address_unlocatable',
  'UD|NO SUCH CONSIGNEE AT THE GIVEN ADDRESS': 'delivery_failed/no_such_consignee',
  "UD|C'NEE SHIFTED FROM THE GIVEN ADDRESS": 'delivery_failed/consignee_moved',
  'UD|CONSIGNEE ADD IS EDUCATIONAL INSTITUTION': 'delivery_failed/institution_address',
  'UD|DELIVERY ATTEMPTED-PREMISES CLOSED': 'delivery_failed/premises_closed',
  'UD|OFFICE CLOSED; UNABLE TO DELIVER': 'delivery_failed/premises_closed',
  'UD|PROHIBITED AREA-ENTRY RESTRICTED FOR DELIVERY': 'delivery_failed/restricted_area',
  'UD|CUSTOMER REQUESTED FUTURE DELIVERY: HAL': 'delivery_failed/future_delivery_requested',
  'UD|CONSIGNEE HAS GIVEN BDE HAL ADDRESS': 'available_for_pickup/hold_at_location',
  'UD|SHIPPER INSTRUCTED TO RTO THE SHIPMENT': 'rto_initiated',
  'UD|RTO PROCESS COMPLETED, READY TO DESPATCH': 'rto_initiated',
  'UD|REDIRECTED ON SAME AWB TO SHIPPER': 'rto_initiated',
  'UD|RTO at Origin outscan for Delivery': 'rto_in_transit/out_for_delivery_to_shipper',
  'UD|RETURN TO SHIPPER': 'rto_delivered',
  'UD|DELIVERED BACK TO SHIPPER': 'rto_delivered',
  'UD|SHIPMENT RETURNED BACK TO SHIPPER': 'rto_delivered',
  'UD|SHIPMENT DESTROYED': 'destroyed',
};

const asked = DOCUMENTED_STATUSES.map((d) => (typeof d === 'string' ? { status: d, type: 'UD' } : { status: d.status, type: d.type ?? 'UD' }));

t.test('every documented status maps as written out, through the engine and the store', async (t) => {
  t.same(asked.map((d) => `${d.type}|${d.status}`).sort(), Object.keys(EXPECTED).sort(), 'the expectations cover exactly the documented statuses');
  const { sim, register, run, lookup } = await startBlueDart(t);
  const numbers = waybills(asked.length);
  asked.forEach((d, i) => sim.setShipment(numbers[i]!, { status: d.status, statusType: d.type, at: '2026-05-01T10:00' }));
  await register(numbers);
  t.match(await run(), { state: 'succeeded', counts: { unmapped: 0, failed: 0 } });
  for (const [i, d] of asked.entries()) {
    const s = await lookup(numbers[i]!);
    const [status, substatus = null] = EXPECTED[`${d.type}|${d.status}`]!.split('/');
    t.same([s.status, s.substatus], [status, substatus], `${d.type} ${d.status} → ${status}${substatus ? `/${substatus}` : ''}`);
    t.equal(s.rawStatus, `${d.type}-${d.status}`, 'the raw status is kept with its type');
  }
});

t.test('direction: the same scan is the forward journey under UD and the return under RT', async (t) => {
  const { sim, register, run, lookup, later } = await startBlueDart(t);
  const [forward, back] = waybills(2);
  sim.setShipment(forward!, { status: 'SHIPMENT OUT FOR DELIVERY', statusType: 'UD', at: '2026-05-01T09:00' });
  sim.setShipment(back!, { status: 'SHIPMENT OUT FOR DELIVERY', statusType: 'RT', at: '2026-05-01T09:00' });
  await register([forward!, back!]);
  await run();
  t.equal((await lookup(forward!)).status, 'out_for_delivery');
  t.match(await lookup(back!), { status: 'rto_in_transit', substatus: 'out_for_delivery_to_shipper' });
  // A return on the same waybill: its delivery scans say DL, yet the parcel went back to the shipper.
  sim.setShipment(back!, {
    status: 'SHIPMENT DELIVERED',
    statusType: 'DL',
    scans: [
      { scan: 'SHIPMENT OUT FOR DELIVERY', type: 'RT', code: '002', at: '2026-05-01T09:00' },
      { scan: 'SHIPMENT DELIVERED', type: 'DL', code: '000', at: '2026-05-01T12:40' },
    ],
  });
  later();
  await run();
  const returned = await lookup(back!);
  t.equal(returned.status, 'rto_delivered', 'DL after a return scan is the shipper taking it back');
  t.same(
    returned.events.map((e: { status: string; canonicalStatus: string | null }) => `${e.status} → ${e.canonicalStatus}`),
    ['SHIPMENT OUT FOR DELIVERY → rto_in_transit', 'SHIPMENT DELIVERED → rto_delivered'],
    'each scan read through the table with its own ScanType',
  );
});

t.test('a second failed attempt with another reason is a change of its own; times are IST', async (t) => {
  const { sim, register, run, lookup, later } = await startBlueDart(t);
  const [awb] = waybills(1);
  sim.setShipment(awb!, { status: 'CONSIGNEE NOT AVAILABLE', statusType: 'UD', scans: [{ scan: 'CONSIGNEE NOT AVAILABLE', code: '011', group: 'T', at: '2026-05-01T10:15' }] });
  await register([awb!]);
  await run();
  later();
  sim.setShipment(awb!, {
    status: "CONSIGNEE'S ADDRESS INCORRECT/INCORRECT",
    statusType: 'UD',
    scans: [
      { scan: 'CONSIGNEE NOT AVAILABLE', code: '011', group: 'T', at: '2026-05-01T10:15' },
      { scan: "CONSIGNEE'S ADDRESS INCORRECT/INCORRECT", code: '018', group: 'T', at: '2026-05-01T14:05' },
    ],
  });
  await run();
  const s = await lookup(awb!);
  t.match(s, { status: 'delivery_failed', substatus: 'incorrect_address' });
  t.same(
    s.history.map((h: { status: string; substatus: string | null }) => `${h.status}/${h.substatus}`),
    ['info_received/null', 'delivery_failed/consignee_unavailable', 'delivery_failed/incorrect_address'],
  );
  t.equal(s.statusFirstSeen.delivery_failed, '2026-05-01T04:45:00.000Z', '10:15 IST');
  t.equal(s.events.length, 2, 'the first scan, seen twice, is stored once');
});
