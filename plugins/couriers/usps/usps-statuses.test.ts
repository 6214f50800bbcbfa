import t from 'tap';
import { StatusMapper, type Mapping } from 'waybill';
import { RETURN_STARTED_AT } from './predicates.js';
import { USPS_STATUSES } from './statuses.js';

const mapper = new StatusMapper('usps', USPS_STATUSES);
const NOW = new Date('2026-05-01T14:00:00.000Z');
const RETURN_STARTED = '2026-04-28T12:00:00.000Z';

/** The current status: category, `status` text, newest scan code, and whether a return scan came first. */
function current(category: string, text: string, code?: string, returned = false): string {
  return label(mapper.map(category, { now: NOW, description: text, code, fields: returned ? { [RETURN_STARTED_AT]: RETURN_STARTED } : {} }));
}

/** One scan: its code and words, at its own time, in a history whose return (if any) started at RETURN_STARTED. */
function scan(code: string, words: string, at: string, returned = true): string {
  return label(mapper.map(code, { now: new Date(at), description: words, code, fields: returned ? { [RETURN_STARTED_AT]: RETURN_STARTED } : {} }));
}

const label = (m: Mapping) => (m.kind === 'mapped' ? (m.substatus ? `${m.status}/${m.substatus}` : m.status) : m.kind);

t.test('a return delivered to its sender is rto_delivered, whatever words USPS uses', async (t) => {
  t.equal(current('Delivered', 'Delivered, To Original Sender', '01'), 'rto_delivered');
  t.equal(current('Delivered', 'Delivered, To Sender', '01'), 'rto_delivered');
  t.equal(current('Delivered', 'Return to Sender', '01'), 'rto_delivered', 'category Delivered with "Return to Sender"');
  t.equal(current('Delivered', 'Returned to Sender', undefined), 'rto_delivered');
  t.equal(current('Delivered', 'Delivered, In/At Mailbox', '01', true), 'rto_delivered', 'plain words, but after a return scan: the sender\'s mailbox');
  t.equal(current('Delivered', 'Delivered, In/At Mailbox', '01'), 'delivered/in_at_mailbox', 'the same words without a return: the addressee');
});

t.test('deliveries to the addressee say where', async (t) => {
  t.equal(current('Delivered', 'Delivered, Parcel Locker', '01'), 'delivered/parcel_locker');
  t.equal(current('Delivered', 'Delivered, Front Door/Porch', '01'), 'delivered/front_door_porch');
  t.equal(current('Delivered', 'Delivered', '01'), 'delivered');
  t.equal(current('Delivered', 'Delivered, Individual Picked Up at Post Office', '43'), 'delivered/picked_up');
});

t.test('attempts: notice left and its reason, by words or by code', async (t) => {
  t.equal(current('Delivery Attempt', 'Notice Left (No Authorized Recipient Available)', '56'), 'delivery_failed/no_authorized_recipient');
  t.equal(current('Delivery Attempt', 'Notice Left (Receptacle Blocked)', '53'), 'delivery_failed/receptacle_blocked');
  t.equal(current('Delivery Attempt', 'Notice Left', '02'), 'delivery_failed/notice_left');
  t.equal(current('Delivery Attempt', 'Delivery Attempted - No Access to Delivery Location', '30'), 'delivery_failed/no_access');
  t.equal(current('Delivery Attempt', 'Attempted', '54'), 'delivery_failed/receptacle_full', 'vague words: the code says why');
  t.equal(current('Delivery Attempt', 'Something new'), 'delivery_failed/attempted');
  t.equal(current('Delivery Attempt: Action Needed', 'Notice Left (Receptacle Full/Item Oversized)', '54'), 'delivery_failed/receptacle_full', "usps.com's category spelling");
  t.equal(current('Alert', 'Refused', '04'), 'delivery_failed/refused');
  t.equal(current('Alert', 'Undeliverable as Addressed', '05'), 'delivery_failed/undeliverable_as_addressed');
});

t.test('waiting at the Post Office', async (t) => {
  t.equal(current('Available for Pickup', 'Available for Pickup', '16'), 'available_for_pickup');
  t.equal(current('Alert', 'Held at Post Office, At Customer Request', '16'), 'available_for_pickup/held_at_post_office');
  t.equal(current('Delivery Attempt', 'Available for Pickup', '16'), 'available_for_pickup', 'an attempt that left it at the Post Office');
});

t.test('label created and pre-shipment are info_received; acceptance is picked_up; the network is in_transit', async (t) => {
  t.equal(current('Pre-Shipment', 'Shipping Label Created, USPS Awaiting Item', 'GX'), 'info_received');
  t.equal(current('Pre-Shipment', 'Pre-Shipment Info Sent to USPS', 'MA'), 'info_received');
  t.equal(current('Accepted', 'USPS in possession of item', '03'), 'picked_up');
  t.equal(current('In Transit', 'In Transit to Next Facility', 'TL'), 'in_transit');
  t.equal(current('In-Transit', 'Arrived at USPS Regional Facility', 'A1'), 'in_transit', 'USPS also spells it In-Transit');
  t.equal(current('In Transit', 'In Transit, Arriving Late'), 'in_transit/arriving_late');
  t.equal(current('In Transit', 'Forwarded', '06'), 'in_transit/forwarded');
  t.equal(current('Out for Delivery', 'Out for Delivery', 'OF'), 'out_for_delivery');
});

t.test('the start of a return and the way back', async (t) => {
  t.equal(current('Alert', 'Unclaimed/Being Returned to Sender', '27', true), 'rto_initiated/unclaimed');
  t.equal(current('Alert', 'Moved, Left no Address', '23', true), 'rto_initiated/moved_left_no_address');
  t.equal(current('Alert', 'Addressee Unknown', undefined, true), 'rto_initiated/addressee_unknown', 'the reason in words, without a code');
  t.equal(current('Return to Sender', 'Return to Sender', '09', true), 'rto_initiated/return_to_sender');
  t.equal(current('In Transit', 'In Transit to Next Facility', 'TL', true), 'rto_in_transit', 'moving again, after the return scan');
  t.equal(current('Out for Delivery', 'Out for Delivery', 'OF', true), 'rto_in_transit', 'out for delivery to the sender');
});

t.test('alerts without a more precise meaning are exceptions naming what happened; dead mail is lost', async (t) => {
  t.equal(current('Alert', 'Delivery Exception, Animal Interference'), 'exception/delivery_exception_animal_interference');
  t.equal(current('Alert', 'Damaged'), 'exception/damaged');
  t.equal(current('Alert', 'Dead Letter', '11'), 'lost/dead_letter');
});

t.test('each scan reads as of its own time: before the return it is the forward journey, after it the way back', async (t) => {
  t.equal(scan('OF', 'Out for Delivery', '2026-04-20T13:00:00.000Z'), 'out_for_delivery', 'the first attempt, before the return');
  t.equal(scan('56', 'Notice Left (No Authorized Recipient Available)', '2026-04-20T18:00:00.000Z'), 'delivery_failed/no_authorized_recipient');
  t.equal(scan('27', 'Unclaimed/Being Returned to Sender', RETURN_STARTED), 'rto_initiated/unclaimed');
  t.equal(scan('TL', 'In Transit to Next Facility', '2026-04-29T08:00:00.000Z'), 'rto_in_transit');
  t.equal(scan('01', 'Delivered, To Original Sender', '2026-04-30T15:00:00.000Z'), 'rto_delivered');
  t.equal(scan('01', 'Delivered, In/At Mailbox', '2026-04-30T15:00:00.000Z'), 'rto_delivered');
  t.equal(scan('01', 'Delivered, In/At Mailbox', '2026-04-30T15:00:00.000Z', false), 'delivered/in_at_mailbox');
  t.equal(scan('DX', 'Delivery Status Not Updated', '2026-04-30T15:00:00.000Z', false), 'no_change');
  t.equal(scan('ZZ', 'A code nobody documented', '2026-04-30T15:00:00.000Z', false), 'unmapped', 'an unknown code is never guessed');
});

t.test('an unknown category is unmapped, never guessed', async (t) => {
  t.equal(current('Teleported', 'Beamed up'), 'unmapped');
});
